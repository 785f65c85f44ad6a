/**
 * The privacy rule for top-level credentials, end to end. CLI 1.4.0 keeps one set of credentials,
 * at the top level of the file, for whatever host it is pointed at; the app keeps a non-default
 * host (the sandbox) in `[environments."<host>"]`. To learn whether the CLI took over its session
 * (a login, `use-pat`, a refresh), the app may show a top-level token that is not its table's copy
 * to that host (`GET /v1/users`), but only when the CLI is pointed at that very host: the app's
 * environment has PIPECAT_API_HOST naming it (`mayProbeTopLevel`), and the CLI then sends that
 * token there on every command anyway.
 *
 * Here the top level holds someone else's credentials: a live personal access token of another
 * sandbox (as the CLI's `auth use-pat` pointed at that host writes it), then a production-like OAuth
 * session that is due for a refresh. `pipecat-tray login`, the daemon and `status` for the sandbox
 * run without PIPECAT_API_HOST, and the sandbox never receives a request bearing either token
 * (`sandbox.timesPresented`, a count: no secret is logged or printed).
 *
 * The other side: with PIPECAT_API_HOST naming the sandbox, a top level the CLI wrote for it is
 * taken. The last test shows it for a PAT; e2e/race-cli.test.ts ("the thawed daemon adopts that
 * token", "a new daemon takes its token") and e2e/real-cli-daemon.test.ts ("adopts a token the CLI
 * refreshed while the daemon was frozen") show it for a session the CLI refreshed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { completeLoginOverHttp, startSandbox, type Sandbox } from '../sandbox/index.js';
import {
  countLeakedSecrets,
  maskSecrets,
  snapshotOf,
  startDaemon,
  statusOf,
  usersStatusFor,
  writeLikeTheCli,
  type Daemon,
} from './support/daemon.js';
import { startTrayCli } from './support/tray-cli.js';

const AUTHORIZE_URL = /^ {2}(https:\/\/\S+)$/m;
const OAUTH = /^signed in as dev@example\.com · Acme Inc\. \(acme\) with OAuth$/;
const OAUTH_SECOND_ORG = /^signed in as dev@example\.com · Second Org \(second-org\) with OAuth$/;
const PAT = /^signed in as dev@example\.com · Acme Inc\. \(acme\) with a personal access token$/;

/** The sandbox the app is signed in to (not the default host). */
let sandbox: Sandbox;
/** Another host, whose credentials the CLI keeps at the top level. */
let elsewhere: Sandbox;
let dir: string;
let configPath: string;
const daemons: Daemon[] = [];
const transcripts: string[] = [];

beforeAll(async () => {
  [sandbox, elsewhere] = await Promise.all([startSandbox(), startSandbox()]);
  dir = await mkdtemp(path.join(tmpdir(), 'pipecat-tray-top-level-privacy-'));
  configPath = path.join(dir, 'pcc', 'pipecatcloud.toml');
});

afterEach(async () => {
  for (const daemon of daemons.splice(0)) {
    await daemon.stop('SIGKILL');
    transcripts.push(...Object.values(daemon.output()));
  }
});

afterAll(async () => {
  await Promise.all([sandbox?.close(), elsewhere?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The app's environment: the sandbox CA, plus `extra` (PIPECAT_API_HOST when the test says so). */
function appEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, NODE_EXTRA_CA_CERTS: sandbox.caFile };
}

async function daemonFor(extra: Record<string, string> = {}): Promise<Daemon> {
  const daemon = await startDaemon({ apiHost: sandbox.apiHost, configPath, env: appEnv(extra) });
  daemons.push(daemon);
  return daemon;
}

/** The top-level lines of the file (before its first table), compared, never printed. */
async function topLevelText(): Promise<string> {
  const text = await readFile(configPath, 'utf8');
  const firstTable = text.search(/^\[/m);
  return firstTable === -1 ? text : text.slice(0, firstTable);
}

/** The top-level credentials as the CLI writes them (`update_user_config`), keeping the rest. */
async function cliWritesTopLevel(lines: string, tables: string): Promise<void> {
  await writeLikeTheCli(configPath, `${lines}\n${tables}`);
}

/** The app's own tables as they are in the file now (everything from the first table on). */
async function tablesNow(): Promise<string> {
  const text = await readFile(configPath, 'utf8');
  const firstTable = text.search(/^\[/m);
  return firstTable === -1 ? '' : text.slice(firstTable);
}

/** What proves a token was never shown to the sandbox: no request bore it, none was refused. */
function expectNeverShown(label: string, ...tokens: string[]): void {
  for (const [n, token] of tokens.entries()) {
    expect(sandbox.timesPresented(token), `${label}: the sandbox received top-level token #${n + 1}`).toBe(0);
  }
  const refused = sandbox.requestLog.filter((entry) => entry.path === '/v1/users' && entry.status === 401);
  expect(refused.length, `${label}: GET /v1/users refused a token`).toBe(0);
}

describe('top-level credentials of someone else stay away from a non-default host', () => {
  let foreignPat: string;
  let productionToken: string;

  it('`pipecat-tray login`, the daemon and `status` without PIPECAT_API_HOST never send them', async () => {
    // The CLI's `auth use-pat` pointed at the other host: its PAT at the top level, live there.
    foreignPat = elsewhere.mintPat();
    expect(await usersStatusFor(elsewhere, foreignPat)).toBe(200);
    await cliWritesTopLevel(
      `token = "${foreignPat}"\nrefresh_token = ""\ntoken_expires_at = 0\norg = "acme"\n`,
      '[acme]\n',
    );
    const foreignTop = await topLevelText();

    const login = startTrayCli(
      ['login', '--no-browser', '--api-host', sandbox.apiHost, '--config', configPath],
      { env: appEnv() },
    );
    const [, url = ''] = await login.stdoutMatch(AUTHORIZE_URL);
    const callback = await completeLoginOverHttp(url, sandbox.account, { ca: sandbox.caPem });
    await (await fetch(callback)).text();
    const signedIn = await login.process.result;
    transcripts.push(signedIn.stdout, signedIn.stderr);
    expect(signedIn.code, maskSecrets(signedIn.stderr)).toBe(0);
    // The sign-in went to the table only: the top level is not free, nor the sandbox's copy.
    expect((await topLevelText()) === foreignTop, 'the top level changed').toBe(true);
    const own = (await snapshotOf(configPath)).credentialsOf(sandbox.apiHost);
    expect(own?.token.startsWith('pcc_pat_')).toBe(false);
    expectNeverShown('after the sign-in', foreignPat);

    const daemon = await daemonFor();
    await daemon.waitForLog(OAUTH);
    const status = await statusOf(sandbox, configPath, {});
    transcripts.push(status.transcript);
    expect({ ...status.status, exitCode: status.code }).toMatchObject({
      exitCode: 0,
      signedIn: true,
      authMethod: 'oauth',
      email: 'dev@example.com',
      org: 'acme',
      tokenState: 'valid',
    });
    expectNeverShown('with the daemon running', foreignPat);

    // The CLI, pointed at production, logs in there: an OAuth session due for a refresh at the top
    // level. (The sandbox table's org changes in the same write, so the daemon's log line proves
    // it read this version of the file; the CLI itself never touches the table.)
    productionToken = `prod-${randomBytes(24).toString('base64url')}`;
    const productionRefresh = `prod-refresh-${randomBytes(24).toString('base64url')}`;
    const due = Date.now() / 1000 - 60;
    const refreshesBefore = sandbox.counters.tokenRequests['refresh_token'] ?? 0;
    const mark = daemon.mark();
    await cliWritesTopLevel(
      `token = "${productionToken}"\nrefresh_token = "${productionRefresh}"\n` +
        `token_expires_at = ${due}\norg = "prod-org"\n`,
      `[prod-org]\n\n${(await tablesNow()).replace(/^org = "acme"$/m, 'org = "second-org"')}`,
    );
    await daemon.waitForLog(OAUTH_SECOND_ORG, { since: mark });
    const again = await statusOf(sandbox, configPath, {});
    transcripts.push(again.transcript);
    expect({ ...again.status, exitCode: again.code }).toMatchObject({
      exitCode: 0,
      signedIn: true,
      authMethod: 'oauth',
      org: 'second-org',
      tokenState: 'valid',
    });
    expectNeverShown('after the production login', foreignPat, productionToken);
    // Nor was the production session refreshed here, and nobody rewrote its top level.
    expect(sandbox.counters.tokenRequests['refresh_token'] ?? 0).toBe(refreshesBefore);
    const top = (await snapshotOf(configPath)).topLevel();
    expect(top?.token === productionToken && top.refreshToken === productionRefresh).toBe(true);
    expect(daemon.linesMatching(/^(took the newer token|refreshed|needs attention|refresh failed)/)).toEqual(
      [],
    );
    expect(await daemon.stop('SIGTERM')).toBe(0);
  });

  it('with PIPECAT_API_HOST naming the sandbox, a top level the CLI wrote for it is taken', async () => {
    // The CLI's `auth use-pat` pointed at the sandbox: its PAT replaces the production top level.
    const pat = sandbox.mintPat();
    // (The table's org goes back to acme too, so both daemons below say the same org.)
    const tables = (await tablesNow()).replace(/^org = "second-org"$/m, 'org = "acme"');
    await cliWritesTopLevel(
      `token = "${pat}"\nrefresh_token = ""\ntoken_expires_at = 0\norg = "acme"\n`,
      tables,
    );

    // Not knowing where the CLI points, the app keeps its table and shows the top level to no one.
    const unaware = await daemonFor();
    await unaware.waitForLog(OAUTH);
    expect(await unaware.stop('SIGTERM')).toBe(0);
    expect(sandbox.timesPresented(pat), 'the top-level PAT was shown without PIPECAT_API_HOST').toBe(0);

    // Told (as the CLI's own environment says), it asks the sandbox, which accepts it: taken.
    const cliHere = { PIPECAT_API_HOST: sandbox.apiHost };
    const aware = await daemonFor(cliHere);
    await aware.waitForLog(PAT);
    const status = await statusOf(sandbox, configPath, cliHere);
    transcripts.push(status.transcript);
    expect({ ...status.status, exitCode: status.code }).toMatchObject({
      exitCode: 0,
      signedIn: true,
      authMethod: 'pat',
      email: 'dev@example.com',
      org: 'acme',
    });
    expect(sandbox.timesPresented(pat)).toBeGreaterThan(0);
    // Someone else's tokens, from the first test, were still never shown to it.
    expectNeverShown('at the end', foreignPat, productionToken);
    expect(await aware.stop('SIGTERM')).toBe(0);
  });

  it('printed no secret', () => {
    for (const host of [sandbox, elsewhere]) {
      const secrets = countLeakedSecrets(host, transcripts);
      expect(secrets.known).toBeGreaterThan(0);
      expect(secrets.leaked, 'a secret appeared in the output').toBe(0);
    }
    expect(transcripts.some((text) => text.includes(productionToken))).toBe(false);
  });
});
