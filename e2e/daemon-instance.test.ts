/**
 * One `pipecat-tray daemon` per credentials file and host: a second one says so and leaves, signals
 * stop it cleanly and free the file for the next one, a killed one does not block its successor,
 * and a file that does not parse is reported and waited out, never overwritten.
 */
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { instanceLockPath, readLockOwner } from '../main/core/lock/index.js';
import type { Sandbox } from '../sandbox/index.js';
import {
  countLeakedSecrets,
  credentialsIn,
  signInOverHttp,
  usersStatusFor,
  writeLikeTheCli,
} from './support/daemon.js';
import { daemonSuite } from './support/daemon-suite.js';
import { runTrayCli } from './support/tray-cli.js';

const SIGNED_IN = /^signed in as dev@example\.com · Acme Inc\. \(acme\) with OAuth$/;

const suite = daemonSuite('daemon-instance', { accessTokenTtlSeconds: 3 });
// Every daemon's output lands in `transcripts` when the suite kills it after its test.
const { daemonOn, transcripts } = suite;
let sandbox: Sandbox;
let dir: string;

beforeAll(() => {
  ({ sandbox, dir } = suite);
});

const lockPath = (configPath: string): string => instanceLockPath(configPath, sandbox.apiHost);
const holderPid = async (configPath: string): Promise<number | undefined> =>
  (await readLockOwner(lockPath(configPath)))?.pid;
const exists = (file: string): Promise<boolean> =>
  access(file).then(
    () => true,
    () => false,
  );

describe('pipecat-tray daemon: one per file', () => {
  it('a second daemon on the same file and host says so and exits non-zero', async () => {
    const configPath = path.join(dir, 'second', 'pipecatcloud.toml');
    const first = await daemonOn(configPath);
    await first.waitForLog(/^signed out of /);

    const second = await daemonOn(configPath, { waitUntilStarted: false });
    const result = await second.exited;
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `A pipecat-tray daemon (pid ${first.pid}) is already keeping ${configPath} fresh for ${sandbox.apiHost}.`,
    );
    expect(second.linesMatching(/daemon started/)).toEqual([]);

    // The first one carries on: it still follows the file.
    await writeLikeTheCli(
      configPath,
      `[environments."${sandbox.apiHost}"]\ntoken = "${sandbox.mintPat()}"\nrefresh_token = ""\ntoken_expires_at = 0\n`,
    );
    await first.waitForLog(
      /^signed in as dev@example\.com · Acme Inc\. \(acme\) with a personal access token$/,
    );
    expect(await first.stop('SIGTERM')).toBe(0);
  });

  it('SIGTERM and SIGINT stop it cleanly and free the file for the next daemon at once', async () => {
    const configPath = path.join(dir, 'signals', 'pipecatcloud.toml');
    const first = await daemonOn(configPath);
    await first.waitForLog(/^signed out of /);
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.linesMatching(/^daemon stopped \(SIGTERM\)$/)).toHaveLength(1);
    expect(await exists(lockPath(configPath))).toBe(false);

    // startDaemon waits for "daemon started": it would fail if the lock were still held.
    const next = await daemonOn(configPath);
    await next.waitForLog(/^signed out of /);
    expect(await next.stop('SIGINT')).toBe(0);
    expect(next.linesMatching(/^daemon stopped \(SIGINT\)$/)).toHaveLength(1);
    expect(await exists(lockPath(configPath))).toBe(false);
  });

  it('a daemon killed with SIGKILL does not block the next one', async () => {
    const configPath = path.join(dir, 'killed', 'pipecatcloud.toml');
    const killed = await daemonOn(configPath);
    await killed.waitForLog(/^signed out of /);
    expect(await killed.stop('SIGKILL')).toBe(137);
    // It left its lock behind, still fresh: only the pid recorded inside tells it is gone.
    expect(await holderPid(configPath)).toBe(killed.pid);

    const next = await daemonOn(configPath);
    expect(next.pid).not.toBe(killed.pid);
    await next.waitForLog(/^signed out of /);
    expect(await holderPid(configPath)).toBe(next.pid);
    expect(await next.stop('SIGTERM')).toBe(0);
  });
});

describe('pipecat-tray daemon: a file that does not parse', () => {
  it('is reported and waited out, never overwritten, and the daemon recovers once it is fixed', async () => {
    const configPath = path.join(dir, 'unparseable', 'pipecatcloud.toml');
    await signInOverHttp(sandbox, configPath);
    const daemon = await daemonOn(configPath);
    await daemon.waitForLog(SIGNED_IN);
    // Right after a refresh the next one is ~1.5 s away: the file is ours to break meanwhile.
    await daemon.waitForLog(/^refreshed the access token/);
    const good = await readFile(configPath, 'utf8');
    const refreshesBefore = sandbox.counters.tokenRequests['refresh_token'] ?? 0;

    // Half a file, as an editor saving it might leave: the last string is cut open.
    const broken = good.slice(0, good.lastIndexOf('"'));
    const brokenAt = daemon.mark();
    await writeLikeTheCli(configPath, broken);
    const reported = await daemon.waitForLog(/^needs attention: .* is not valid TOML/, { since: brokenAt });
    expect(reported.text).toContain(configPath);
    // The session fell due while the file was broken: the refresher looked, and left it alone.
    await daemon.waitForLog(/^cannot use the credentials file right now; waiting for it to be fixed$/, {
      since: brokenAt,
    });
    // `status` says what is wrong too. It also takes a while, ample for a loop to show itself.
    const status = await runTrayCli(['status', '--api-host', sandbox.apiHost, '--config', configPath], {
      env: { NODE_EXTRA_CA_CERTS: sandbox.caFile },
    });
    transcripts.push(status.stdout, status.stderr);
    expect(status.code).toBe(1);
    expect(status.stderr).toContain(`${configPath} is not valid TOML`);
    // Waiting means waiting: the broken file was looked at once, not again and again.
    expect(daemon.linesMatching(/^cannot use the credentials file/, brokenAt)).toHaveLength(1);
    expect(daemon.linesMatching(/^needs attention/, brokenAt)).toHaveLength(1);
    expect((await readFile(configPath, 'utf8')) === broken, 'the broken file is as it was').toBe(true);
    expect(sandbox.counters.tokenRequests['refresh_token'] ?? 0).toBe(refreshesBefore);

    const fixedAt = daemon.mark();
    await writeLikeTheCli(configPath, good);
    await daemon.waitForLog(SIGNED_IN, { since: fixedAt });
    await daemon.waitForLog(/^refreshed the access token/, { since: fixedAt });
    expect(daemon.linesMatching(/^cannot use the credentials file/, brokenAt)).toHaveLength(1);

    const current = await credentialsIn(configPath, sandbox.apiHost);
    expect(await usersStatusFor(sandbox, current?.token ?? '')).toBe(200);
    expect(sandbox.counters.grantsRevoked).toBe(0);
    expect(await daemon.stop('SIGTERM')).toBe(0);
  });

  it('printed no secret', () => {
    const secrets = countLeakedSecrets(sandbox, transcripts);
    expect(secrets.known).toBeGreaterThan(0);
    expect(secrets.leaked, 'a secret appeared in the daemon output').toBe(0);
  });
});
