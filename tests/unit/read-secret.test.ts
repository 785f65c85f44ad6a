import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  MaskedLineEditor,
  readLine,
  readSecret,
  SecretEntryCancelled,
} from '../../main/headless/read-secret.js';

describe('MaskedLineEditor', () => {
  it('echoes one * per character and submits on Enter', () => {
    const editor = new MaskedLineEditor();
    expect(editor.feed('pcc')).toEqual({ kind: 'editing', echo: '***' });
    expect(editor.feed('_pat\r')).toEqual({ kind: 'submit', echo: '****' });
    expect(editor.value).toBe('pcc_pat');
  });

  it('erases with Backspace (DEL or BS) and Ctrl-U, and not past the start', () => {
    const editor = new MaskedLineEditor();
    editor.feed('abc');
    expect(editor.feed('\u007f')).toEqual({ kind: 'editing', echo: '\b \b' });
    expect(editor.feed('\b')).toEqual({ kind: 'editing', echo: '\b \b' });
    expect(editor.value).toBe('a');
    expect(editor.feed('\u007f\u007f')).toEqual({ kind: 'editing', echo: '\b \b' });
    editor.feed('xyz');
    expect(editor.feed('\u0015')).toEqual({ kind: 'editing', echo: '\b \b'.repeat(3) });
    expect(editor.value).toBe('');
  });

  it('cancels on Ctrl-C, and on Ctrl-D only when nothing was typed', () => {
    expect(new MaskedLineEditor().feed('ab\u0003').kind).toBe('cancel');
    expect(new MaskedLineEditor().feed('\u0004').kind).toBe('cancel');
    const editor = new MaskedLineEditor();
    expect(editor.feed('a\u0004b').kind).toBe('editing');
    expect(editor.value).toBe('ab');
  });

  it('keeps arrow keys, bracketed-paste markers and other controls out of the secret', () => {
    const editor = new MaskedLineEditor();
    const result = editor.feed('\u001b[200~pcc_pat_x\u001b[201~\u001b[D\u001bOA\t\n');
    expect(result.kind).toBe('submit');
    expect(editor.value).toBe('pcc_pat_x');
    expect(result.echo).toBe('*'.repeat(9));
  });
});

function pipe(): PassThrough {
  return new PassThrough();
}

describe('readLine', () => {
  it('returns the first line without its line ending and ignores the rest', async () => {
    const input = pipe();
    const line = readLine(input);
    input.write('pcc_pat_');
    input.write('abc\r\nsecond line\n');
    await expect(line).resolves.toBe('pcc_pat_abc');
    expect(input.isPaused()).toBe(true);
    expect(input.listenerCount('data')).toBe(0);
  });

  it('takes a last line without a newline at the end of the stream', async () => {
    const input = pipe();
    const line = readLine(input);
    input.end('pcc_pat_xyz');
    await expect(line).resolves.toBe('pcc_pat_xyz');
  });

  it('gives an empty string for an empty stream', async () => {
    const input = pipe();
    const line = readLine(input);
    input.end();
    await expect(line).resolves.toBe('');
  });

  it('refuses endless input without a newline', async () => {
    const input = pipe();
    const line = readLine(input);
    input.write('x'.repeat(20_000));
    await expect(line).rejects.toMatchObject({ code: 'pat_too_long' });
  });
});

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
  it('prompts, masks, and restores the terminal', async () => {
    const input = fakeTty();
    let shown = '';
    const secret = readSecret(input, { write: (text: string) => (shown += text) }, 'Token: ');
    input.write('pcc_pat_ab');
    input.write('\u007fc\r');
    await expect(secret).resolves.toBe('pcc_pat_ac');
    expect(shown).toBe(`Token: ${'*'.repeat(10)}\b \b*\n`);
    expect(input.rawModes).toEqual([true, false]);
    expect(input.isPaused()).toBe(true);
  });

  it('rejects with SecretEntryCancelled on Ctrl-C and restores the terminal', async () => {
    const input = fakeTty();
    const secret = readSecret(input, { write: () => true }, 'Token: ');
    input.write('pcc_\u0003');
    await expect(secret).rejects.toBeInstanceOf(SecretEntryCancelled);
    expect(input.rawModes).toEqual([true, false]);
  });

  it('reads a plain line without prompting when stdin is not a terminal', async () => {
    const input = pipe();
    let shown = '';
    const secret = readSecret(input, { write: (text: string) => (shown += text) }, 'Token: ');
    input.end('pcc_pat_piped\n');
    await expect(secret).resolves.toBe('pcc_pat_piped');
    expect(shown).toBe('');
  });
});
