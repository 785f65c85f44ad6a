/**
 * Two Pipecat Cloud environments in one credentials file, one daemon for each: both sessions
 * rotate independently, the first host (signed in while the top level was free) is mirrored to the
 * top level for CLI 1.4.0, the second lives only in its own table, and Python's tomllib reads
 * every version of the file the daemons leave.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../sandbox/index.js';
import {
  countLeakedSecrets,
  signInOverHttp,
  snapshotOf,
  usersStatusFor,
  type Daemon,
} from './support/daemon.js';
import { daemonSuite } from './support/daemon-suite.js';
import { loadWithPythonTomllib } from './support/python-toml.js';

const ROTATIONS = 3;
const SIGNED_IN = /^signed in as dev@example\.com · Acme Inc\. \(acme\) with OAuth$/;

const suite = daemonSuite('daemon-environments', { accessTokenTtlSeconds: 3 }, 2);
let first: Sandbox;
let second: Sandbox;
let dir: string;

beforeAll(() => {
  [first, second] = suite.sandboxes as [Sandbox, Sandbox];
  ({ dir } = suite);
});

describe('pipecat-tray daemon: two environments in one file', () => {
  it('keeps both fresh independently, mirroring only the host that found the top level free', async () => {
    const configPath = path.join(dir, 'two-hosts', 'pipecatcloud.toml');
    await signInOverHttp(first, configPath);
    await signInOverHttp(second, configPath);
    const start = await snapshotOf(configPath);
    const firstAtStart = start.credentialsOf(first.apiHost);
    const secondAtStart = start.credentialsOf(second.apiHost);
    expect(firstAtStart && secondAtStart).toBeTruthy();
    expect(start.topLevel()?.token === firstAtStart?.token, 'the top level mirrors the first host').toBe(
      true,
    );

    // One daemon per host: the second is not refused because the first holds the same file.
    const firstDaemon = await suite.daemonOn(configPath, { sandbox: first });
    const secondDaemon = await suite.daemonOn(configPath, { sandbox: second });
    await Promise.all([firstDaemon.waitForLog(SIGNED_IN), secondDaemon.waitForLog(SIGNED_IN)]);

    let snapshots = 0;
    const keepsRotating = async (sandbox: Sandbox, daemon: Daemon, mirrored: boolean): Promise<void> => {
      const seen = [(mirrored ? firstAtStart : secondAtStart)?.refreshToken ?? ''];
      for (let rotation = 1; rotation <= ROTATIONS; rotation += 1) {
        await daemon.waitForLog(/^refreshed the access token/);
        const snapshot = await snapshotOf(configPath);
        const own = snapshot.credentialsOf(sandbox.apiHost);
        const top = snapshot.topLevel();
        expect(own?.refreshToken).toBeTruthy();
        expect(seen.includes(own?.refreshToken ?? ''), `${sandbox.apiHost} reused a refresh token`).toBe(
          false,
        );
        seen.push(own?.refreshToken ?? '');
        expect(await usersStatusFor(sandbox, own?.token ?? '')).toBe(200);
        const isTopLevel = top?.token === own?.token && top?.refreshToken === own?.refreshToken;
        expect(isTopLevel, `${sandbox.apiHost} at the top level`).toBe(mirrored);
        // Each version the daemons leave must load in Python's tomllib (the CLI's parsers' kin).
        snapshots += 1;
        const copy = path.join(dir, `snapshot-${snapshots}.toml`);
        await writeFile(copy, snapshot.text, { mode: 0o600 });
        const toml = await loadWithPythonTomllib(copy);
        expect(Object.keys(toml['environments'] ?? {}).sort()).toEqual(
          [first.apiHost, second.apiHost].sort(),
        );
      }
    };
    await Promise.all([keepsRotating(first, firstDaemon, true), keepsRotating(second, secondDaemon, false)]);

    const end = await snapshotOf(configPath);
    expect(end.topLevel()?.token === end.credentialsOf(first.apiHost)?.token).toBe(true);
    expect(end.topLevel()?.token === end.credentialsOf(second.apiHost)?.token).toBe(false);
    for (const sandbox of [first, second]) {
      expect(sandbox.counters.grantsRevoked).toBe(0);
      expect(sandbox.counters.tokenRequests['refresh_token']).toBeGreaterThanOrEqual(ROTATIONS);
    }
    for (const daemon of [firstDaemon, secondDaemon]) {
      expect(daemon.linesMatching(/^(signed out|session expired|needs attention|refresh failed)/)).toEqual(
        [],
      );
      expect(await daemon.stop('SIGTERM')).toBe(0);
    }

    const transcripts = [firstDaemon, secondDaemon].flatMap((daemon) => Object.values(daemon.output()));
    for (const sandbox of [first, second]) {
      const secrets = countLeakedSecrets(sandbox, transcripts);
      expect(secrets.known).toBeGreaterThan(0);
      expect(secrets.leaked, 'a secret appeared in the daemon output').toBe(0);
    }
  });
});
