import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readSecret, SecretEntryCancelled } from '../../main/headless/read-secret.js';

const PROMPT = 'Personal access token';

/**
 * Where the prompt goes, recorded; `isTTY` as the user's terminal (stderr) would say. `prompted`
 * settles once the prompt is on screen: on a terminal the prompt drops keys typed before that,
 * as a user cannot type into a prompt they have not seen.
 */
function screen(
  isTTY: boolean,
): Writable & { isTTY: boolean; columns: number; shown: string; prompted: Promise<void> } {
  let prompted: () => void = () => undefined;
  const sink = Object.assign(
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        sink.shown += String(chunk);
        if (sink.shown.includes(PROMPT)) prompted();
        done();
      },
    }),
    { isTTY, columns: 80, shown: '', prompted: new Promise<void>((resolve) => (prompted = resolve)) },
  );
  return sink;
}

/** A stand-in terminal: a PassThrough that says it is a TTY and records raw-mode switches. */
function fakeTty(): PassThrough & { isTTY: boolean; rawModes: boolean[]; setRawMode(mode: boolean): void } {
  const input = Object.assign(new PassThrough(), {
    isTTY: true,
    rawModes: [] as boolean[],
    setRawMode(mode: boolean) {
      input.rawModes.push(mode);
    },
  });
  return input;
}

describe('readSecret on a terminal', () => {
  it('prompts, masks each character as *, never shows the token, and restores the terminal', async () => {
    const input = fakeTty();
    const output = screen(true);
    const secret = readSecret(input, output, PROMPT);
    await output.prompted;
    input.write('pcc_pat_ab');
    input.write('\u007fc\r');
    await expect(secret).resolves.toBe('pcc_pat_ac');
    expect(output.shown).toContain(PROMPT);
    expect(output.shown).toContain('*'.repeat(10));
    expect(output.shown).not.toContain('pcc_pat');
    expect(input.rawModes[0]).toBe(true);
    expect(input.rawModes.at(-1)).toBe(false);
    expect(input.isPaused()).toBe(true);
  });

  it('has no key that reveals the token', async () => {
    const input = fakeTty();
    const output = screen(true);
    const secret = readSecret(input, output, PROMPT);
    await output.prompted;
    input.write('pcc_pat_visible\u0014\r');
    await secret;
    expect(output.shown).not.toContain('visible');
    expect(output.shown).not.toMatch(/toggle/i);
  });

  it('keeps arrow keys and bracketed-paste markers out of the secret', async () => {
    const input = fakeTty();
    const output = screen(true);
    const secret = readSecret(input, output, PROMPT);
    await output.prompted;
    input.write('\u001b[200~pcc_pat_x\u001b[201~\u001bOA\u001b[B\r');
    await expect(secret).resolves.toBe('pcc_pat_x');
  });

  it('rejects with SecretEntryCancelled on Ctrl-C and restores the terminal', async () => {
    const input = fakeTty();
    const output = screen(true);
    const secret = readSecret(input, output, PROMPT);
    await output.prompted;
    input.write('pcc_\u0003');
    await expect(secret).rejects.toBeInstanceOf(SecretEntryCancelled);
    expect(input.rawModes.at(-1)).toBe(false);
  });

  it('rejects with SecretEntryCancelled on Ctrl-D on an empty line', async () => {
    const input = fakeTty();
    const output = screen(true);
    const secret = readSecret(input, output, PROMPT);
    await output.prompted;
    input.write('\u0004');
    await expect(secret).rejects.toBeInstanceOf(SecretEntryCancelled);
  });
});

describe('readSecret from a pipe', () => {
  it('returns the first line without its line ending, ignores the rest, and prompts nothing', async () => {
    const input = new PassThrough();
    const output = screen(false);
    const line = readSecret(input, output, PROMPT);
    input.write('pcc_pat_');
    input.write('abc\r\nsecond line\n');
    await expect(line).resolves.toBe('pcc_pat_abc');
    expect(output.shown).toBe('');
    expect(input.isPaused()).toBe(true);
    expect(input.listenerCount('data')).toBe(0);
  });

  it('takes a last line without a newline at the end of the stream', async () => {
    const input = new PassThrough();
    const line = readSecret(input, screen(false), PROMPT);
    input.end('pcc_pat_xyz');
    await expect(line).resolves.toBe('pcc_pat_xyz');
  });

  it('gives an empty string for an empty stream', async () => {
    const input = new PassThrough();
    const line = readSecret(input, screen(false), PROMPT);
    input.end();
    await expect(line).resolves.toBe('');
  });

  it('refuses endless input without a newline', async () => {
    const input = new PassThrough();
    const line = readSecret(input, screen(false), PROMPT);
    input.write('x'.repeat(20_000));
    await expect(line).rejects.toMatchObject({ code: 'pat_too_long' });
  });
});
