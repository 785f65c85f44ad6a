import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCredentialsFile } from '../../main/core/doctor/credentials-file.js';

const API = 'https://api.pipecat.daily.co';
const SECRET = 'doctor-unit-secret-token';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'doctor-credentials-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string, mode = 0o600): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, text);
  await chmod(p, mode);
  return p;
}

const byId = async (p: string, platform: NodeJS.Platform = 'linux') =>
  new Map((await checkCredentialsFile({ path: p, apiHost: API, platform })).map((r) => [r.id, r]));

describe('checkCredentialsFile', () => {
  it('is ok when the file does not exist yet', async () => {
    const results = await checkCredentialsFile({ path: path.join(dir, 'absent.toml'), apiHost: API });
    expect(results).toEqual([expect.objectContaining({ id: 'credentials-file', verdict: 'ok' })]);
  });

  it('is ok for a private file with credentials', async () => {
    const results = await byId(await file('good.toml', `token = "${SECRET}"\n`));
    expect(results.get('credentials-file')?.verdict).toBe('ok');
    expect(results.get('credentials-file')?.detail).toContain('holds credentials for this API');
    expect(results.get('credentials-mode')).toMatchObject({
      verdict: 'ok',
      detail: '0600: only you can read it.',
    });
  });

  it('fails a file group or others can read, without repairing it', async () => {
    const p = await file('open.toml', `token = "${SECRET}"\n`, 0o644);
    const results = await byId(p);
    expect(results.get('credentials-mode')).toMatchObject({
      verdict: 'fail',
      fix: `Run "chmod 600 ${p}" (the CLI and pipecat-tray also narrow it on their next read).`,
    });
    expect((await stat(p)).mode & 0o777).toBe(0o644);
    expect((await byId(p, 'win32')).get('credentials-mode')?.verdict).toBe('ok');
  });

  it('fails a file that is not TOML, with the store message and without quoting the file', async () => {
    const results = await byId(await file('broken.toml', `token = "${SECRET}\n`));
    const verdict = results.get('credentials-file');
    expect(verdict?.verdict).toBe('fail');
    expect(verdict?.detail).toMatch(/is not valid TOML \(line 1/);
    expect(JSON.stringify(verdict)).not.toContain(SECRET);
  });

  it('fails a credential key of the wrong type', async () => {
    const results = await byId(await file('typed.toml', 'token = 5\n'));
    expect(results.get('credentials-file')?.verdict).toBe('fail');
  });

  it('fails a folder in place of the file', async () => {
    const p = path.join(dir, 'folder.toml');
    await mkdir(p);
    const results = await byId(p);
    expect(results.get('credentials-file')).toMatchObject({
      verdict: 'fail',
      detail: `Cannot read ${p}: it is a folder, not a file.`,
    });
  });

  it('fails an unreadable file', async (context) => {
    if (process.getuid?.() === 0) context.skip();
    const p = await file('locked.toml', `token = "${SECRET}"\n`, 0o000);
    const results = await byId(p);
    expect(results.get('credentials-file')).toMatchObject({
      verdict: 'fail',
      detail: `Cannot read ${p}: permission denied.`,
    });
  });
});
