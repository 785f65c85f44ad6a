import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MAX_LINE_LENGTH, readLines } from '../../main/headless/read-lines.js';

describe('readLines', () => {
  it('hands over each line without its ending, and a last one without a newline', async () => {
    const input = new PassThrough();
    const lines: string[] = [];
    const done = readLines(input, (line) => lines.push(line), new AbortController().signal);
    input.write('one\r\ntw');
    input.write('o\nthree');
    input.end();
    await done;
    expect(lines).toEqual(['one', 'two', 'three']);
  });

  it('stops at once when the signal aborts, even mid-chunk, and pauses the stream', async () => {
    const input = new PassThrough();
    const stop = new AbortController();
    const lines: string[] = [];
    const done = readLines(
      input,
      (line) => {
        lines.push(line);
        if (line === 'stop') stop.abort();
      },
      stop.signal,
    );
    input.write('a\nstop\nnever\n');
    await done;
    expect(lines).toEqual(['a', 'stop']);
    expect(input.isPaused()).toBe(true);
    expect(input.listenerCount('data')).toBe(0);
  });

  it('cuts a line that never ends at MAX_LINE_LENGTH and skips its rest', async () => {
    const input = new PassThrough();
    const lengths: number[] = [];
    const done = readLines(input, (line) => lengths.push(line.length), new AbortController().signal);
    input.write('x'.repeat(MAX_LINE_LENGTH + 10));
    input.write('y'.repeat(100));
    input.write('\nshort\n');
    input.end();
    await done;
    expect(lengths).toEqual([MAX_LINE_LENGTH, 5]);
  });
});
