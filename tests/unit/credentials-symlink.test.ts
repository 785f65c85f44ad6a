/**
 * `--config` (or PIPECAT_CONFIG_PATH) may name a symlink, or simply the wrong file. The app follows
 * a link, as the CLI does, but narrows a file's mode only once it has parsed as a credentials file
 * holding a token: run as root with a wrong path, it must never make a system file root-only.
 */
import { chmod, lstat, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CredentialsStore, DEFAULT_API_HOST } from '../../main/core/credentials/index.js';
import { main } from '../../main/headless/cli.js';
import { copyFixture, tempFileForEachTest } from './credentials-helpers.js';

const posixOnly = process.platform === 'win32' ? it.skip : it;
const modeOf = async (p: string): Promise<number> => (await stat(p)).mode & 0o777;

let dir: string;
let link: string;
tempFileForEachTest((temp) => ({ dir, file: link } = temp));

async function linkTo(name: string, text: string | undefined, mode = 0o644): Promise<string> {
  const target = path.join(dir, name);
  if (text === undefined) await copyFixture('oauth-login.toml', target);
  else await writeFile(target, text);
  await chmod(target, mode);
  await symlink(target, link);
  return target;
}

describe('a credentials path that is a symlink', () => {
  posixOnly('to a 0644 file that is not TOML: refused, and the file keeps its mode', async () => {
    const target = await linkTo('passwd', 'root:x:0:0:root:/root:/bin/bash\n');
    const store = new CredentialsStore({ path: link, apiHost: DEFAULT_API_HOST });
    await expect(store.read()).rejects.toMatchObject({ code: 'credentials_unparseable' });
    expect(await modeOf(target)).toBe(0o644);
  });

  posixOnly('to a 0644 file that is not TOML, through pipecat-tray status --config', async () => {
    const target = await linkTo('hosts', '127.0.0.1 localhost\n');
    const lines: string[] = [];
    const output = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };
    const code = await main(['status', '--config', link, '--api-host', 'https://api.example'], {}, output);
    expect(code).toBe(1);
    expect(lines.join('\n')).toContain('is not valid TOML');
    expect(await modeOf(target)).toBe(0o644);
  });

  posixOnly('to a 0644 TOML file without credentials: read, and its mode left alone', async () => {
    const target = await linkTo('registries.conf', 'unqualified-search-registries = ["docker.io"]\n');
    await expect(new CredentialsStore({ path: link, apiHost: DEFAULT_API_HOST }).read()).resolves.toBe(
      undefined,
    );
    expect(await modeOf(target)).toBe(0o644);
  });

  posixOnly('to a 0644 credentials file: read through the link, the file narrowed to 0600', async () => {
    const target = await linkTo('real.toml', undefined);
    const credentials = await new CredentialsStore({ path: link, apiHost: DEFAULT_API_HOST }).read();
    expect(credentials?.token).toBeTruthy();
    expect(await modeOf(target)).toBe(0o600);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
  });

  it('written through: the link stays a link and its target gets the new credentials', async () => {
    const target = await linkTo('real.toml', undefined, 0o600);
    const store = new CredentialsStore({ path: link, apiHost: DEFAULT_API_HOST });
    await store.write({ token: 'NEW', refreshToken: 'R', tokenExpiresAt: 1 });
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(target, 'utf8')).toContain('token = "NEW"');
  });
});
