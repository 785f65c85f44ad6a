/**
 * `pipecat-tray daemon` follows the CLI's own edits of the credentials file within a second (the
 * requirement, so it is also each wait's timeout): every CLI fixture written over the file the
 * way the CLI writes, the file deleted, a personal access token stored. `pipecat-tray status`
 * agrees each time, and the daemon never rewrites a file it had no reason to, even one holding
 * fake tokens the API rejects.
 *
 * The first test plays a user whose CLI is pointed at the sandbox (PIPECAT_API_HOST names
 * it, for the daemon and `status` too): only then does the app take credentials the CLI wrote at
 * the top level for this host (`mayProbeTopLevel`), as CLI 1.4.0's `use-pat` does below.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccountStatus } from '../main/core/status/account-status.js';
import type { Sandbox } from '../sandbox/index.js';
import {
  countLeakedSecrets,
  fixtureForHost,
  parseSnapshot,
  statusOf,
  writeLikeTheCli,
} from './support/daemon.js';
import { daemonSuite } from './support/daemon-suite.js';
import { loadWithPythonTomllib } from './support/python-toml.js';

const FIXTURES = path.resolve(import.meta.dirname, '../tests/fixtures/cli');
/** The requirement: the daemon reflects a change of the file within a second. */
const WITHIN_A_SECOND = { timeoutMs: 1_000 };

const suite = daemonSuite('daemon-edits');
const { daemonOn, transcripts } = suite;
let sandbox: Sandbox;
let dir: string;
let fixtures: Array<{ name: string; text: string }>;

beforeAll(async () => {
  ({ sandbox, dir } = suite);
  const names = (await readdir(FIXTURES)).filter((name) => name.endsWith('.toml')).sort();
  fixtures = await Promise.all(
    names.map(async (name) => ({ name, text: await readFile(path.join(FIXTURES, name), 'utf8') })),
  );
});

/** The environment of a user whose CLI is pointed at the sandbox. */
function cliPointedAtTheSandbox(): Record<string, string> {
  return { PIPECAT_API_HOST: sandbox.apiHost };
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('pipecat-tray daemon: the CLI edits the file', () => {
  it('reflects each fixture, a deletion and a personal access token within a second, rewriting nothing', async () => {
    const configPath = path.join(dir, 'edits', 'pipecatcloud.toml');
    const host = escape(sandbox.apiHost);
    const env = cliPointedAtTheSandbox();
    const daemon = await daemonOn(configPath, { env });
    await daemon.waitForLog(new RegExp(`^signed out of ${host}$`));
    const refreshesBefore = sandbox.counters.tokenRequests['refresh_token'] ?? 0;
    // Far from due: these are fake tokens, which the daemon must never try to refresh.
    const farFuture = Math.floor(Date.now() / 1000) + 30 * 86_400 + 0.25;

    /** Applies one edit, waits for the daemon's line (within a second), checks status and bytes. */
    const edit = async (
      label: string,
      change: () => Promise<string | undefined>,
      line: RegExp,
      status: Partial<AccountStatus> & { exitCode: number },
    ): Promise<void> => {
      const mark = daemon.mark();
      const written = await change();
      await expect(
        daemon.waitForLog(line, { since: mark, ...WITHIN_A_SECOND }),
        label,
      ).resolves.toBeDefined();
      const { exitCode, ...fields } = status;
      const reported = await statusOf(sandbox, configPath, env);
      transcripts.push(reported.transcript);
      expect({ ...reported.status, exitCode: reported.code }, label).toMatchObject({ ...fields, exitCode });
      if (!fields.authMethod) expect(reported.status.authMethod, label).toBeUndefined();
      // The status run gave the daemon ample time to do anything else it had in mind: it did not.
      if (written !== undefined) expect((await readFile(configPath, 'utf8')) === written, label).toBe(true);
    };
    const write = (text: string) => async (): Promise<string> => {
      await writeLikeTheCli(configPath, text);
      return text;
    };

    const pats: string[] = [];
    for (const fixture of fixtures) {
      const text = fixtureForHost(fixture.text, sandbox.apiHost, farFuture);
      const credentials = parseSnapshot(text).credentialsOf(sandbox.apiHost);
      expect(credentials, fixture.name).toBeDefined();
      const org = credentials?.org ?? '';
      if (credentials?.token.startsWith('pcc_pat_')) {
        pats.push(fixture.name);
        await edit(
          `${fixture.name} for the sandbox`,
          write(text),
          new RegExp(
            `^session expired for ${host}: sign in again \\(Pipecat Cloud no longer accepts this personal access token\\.\\)$`,
          ),
          { exitCode: 1, signedIn: false, authMethod: 'pat', org, tokenState: 'rejected' },
        );
        continue;
      }
      await edit(
        `${fixture.name} for the sandbox`,
        write(text),
        new RegExp(`^signed in as unknown user · ${escape(org)} \\(${escape(org)}\\) with OAuth$`),
        { exitCode: 0, signedIn: true, authMethod: 'oauth', org, tokenState: 'rejected' },
      );
      // Parsed by Python too, so the fixture as adapted here is a file the CLI could have written.
      await expect(loadWithPythonTomllib(configPath)).resolves.toBeDefined();
      // The same fixture as the CLI wrote it for its default host: nothing there for this host.
      await edit(`${fixture.name} as it is`, write(fixture.text), new RegExp(`^signed out of ${host}$`), {
        exitCode: 1,
        signedIn: false,
      });
    }
    expect(pats).toEqual(['pat.toml']);

    const withPat = /^signed in as dev@example\.com · Acme Inc\. \(acme\) with a personal access token$/;
    const patStatus = {
      exitCode: 0,
      signedIn: true,
      authMethod: 'pat',
      email: 'dev@example.com',
      org: 'acme',
      tokenState: 'valid',
    } as const;
    const deleted = async (): Promise<undefined> => {
      await rm(configPath);
      return undefined;
    };
    const signedOut = new RegExp(`^signed out of ${host}$`);
    const pat = sandbox.mintPat();
    const patLines = `token = "${pat}"\nrefresh_token = ""\ntoken_expires_at = 0\norg = "acme"\n`;
    // `use-pat` of a CLI with the per-host layout.
    await edit(
      'a personal access token for this host',
      write(`[acme]\n\n[environments."${sandbox.apiHost}"]\n${patLines}`),
      withPat,
      patStatus,
    );
    await edit('the file deleted (the CLI logs out)', deleted, signedOut, { exitCode: 1, signedIn: false });
    // `use-pat` of CLI 1.4.0 pointed at this host: the top level, whatever the host.
    await edit(
      'a personal access token at the top level',
      write(`${patLines}\n[acme]\n`),
      withPat,
      patStatus,
    );
    await edit('the file deleted again', deleted, signedOut, { exitCode: 1, signedIn: false });
    await expect(readFile(configPath)).rejects.toMatchObject({ code: 'ENOENT' });

    // Not one refresh of a fake token was tried, and nothing went wrong on the daemon's side.
    expect(sandbox.counters.tokenRequests['refresh_token'] ?? 0).toBe(refreshesBefore);
    expect(daemon.linesMatching(/^(needs attention|refresh failed|refreshed|cannot use)/)).toEqual([]);
    expect(await daemon.stop('SIGTERM')).toBe(0);
  });

  it('a fake token that is due is tried once, refused, and only its credentials leave the file', async () => {
    const configPath = path.join(dir, 'due', 'pipecatcloud.toml');
    const daemon = await daemonOn(configPath);
    await daemon.waitForLog(/^signed out of /);
    const fixture = fixtures.find((candidate) => candidate.name === 'org-with-keys.toml');
    expect(fixture).toBeDefined();
    const text = fixtureForHost(fixture?.text ?? '', sandbox.apiHost, Date.now() / 1000 - 60);
    const logStart = sandbox.requestLog.length;
    await writeLikeTheCli(configPath, text);
    const before = await loadWithPythonTomllib(configPath);

    await daemon.waitForLog(/^the refresh token was refused: the session is over, sign in again$/);
    await daemon.waitForLog(/^session expired for /);
    const tokenRequests = sandbox.requestLog.slice(logStart).filter((entry) => entry.path === '/oidc/token');
    expect(tokenRequests.map((entry) => entry.status)).toEqual([400]);

    const after = await loadWithPythonTomllib(configPath);
    for (const org of ['test-org', 'second-org']) expect(after[org]).toEqual(before[org]);
    const environments = after['environments'] as Record<string, Record<string, unknown>> | undefined;
    const hostTable = environments?.[sandbox.apiHost];
    expect(Object.keys(hostTable ?? {})).toEqual(['org']);
    expect(hostTable?.['org']).toEqual({ type: 'str', value: 'test-org' });
    expect(Object.keys(after).sort()).toEqual(['environments', 'second-org', 'test-org']);
    expect(await daemon.stop('SIGTERM')).toBe(0);
  });

  it('printed no secret', () => {
    const secrets = countLeakedSecrets(sandbox, transcripts);
    expect(secrets.known).toBeGreaterThan(0);
    expect(secrets.leaked, 'a secret appeared in the output').toBe(0);
  });
});
