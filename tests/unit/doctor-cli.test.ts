import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkCliCommands,
  cliCredentialsPath,
  type CliCheckInput,
  type CliCommandName,
  type ProbeOutcome,
} from '../../main/core/doctor/cli-commands.js';

const HOME = '/home/ada';
const DEFAULT_FILE = '/home/ada/.config/pipecatcloud/pipecatcloud.toml';
const BIN = '/home/ada/.local/bin';

const exited = (stdout: string, code = 0): ProbeOutcome => ({ kind: 'exited', code, stdout });
const PIPECAT = exited('ᓚᘏᗢ Pipecat CLI Version: 1.3.0\n');
const CLOUD = exited('ᓚᘏᗢ Pipecat Cloud Client Version: 1.4.0\n');
const PCC = exited('ᓚᘏᗢ Pipecat Cloud Client Version: 0.7.2\n');

/** A machine: which commands PATH has, and what each invocation (`file args`) answers. */
function machine(
  onPath: Partial<Record<CliCommandName, string>>,
  answers: Record<string, ProbeOutcome>,
  overrides: Partial<CliCheckInput> = {},
): { input: CliCheckInput; probed: string[] } {
  const probed: string[] = [];
  const input: CliCheckInput = {
    appConfigPath: DEFAULT_FILE,
    env: {},
    homedir: HOME,
    cwd: '/work',
    sandbox: false,
    findOnPath: async (name) => onPath[name],
    probe: async (file, args) => {
      const call = [file, ...args].join(' ');
      probed.push(call);
      return answers[call] ?? { kind: 'not-started', reason: 'ENOENT' };
    },
    sameFile: async (a, b) => path.resolve(a) === path.resolve(b),
    ...overrides,
  };
  return { input, probed };
}

const everything = {
  [`${BIN}/pipecat --version`]: PIPECAT,
  [`${BIN}/pipecat cloud --version`]: CLOUD,
  [`${BIN}/pc --version`]: PIPECAT,
  [`${BIN}/pc cloud --version`]: CLOUD,
  '/opt/old/bin/pcc --version': PCC,
};
const allThree = { pipecat: `${BIN}/pipecat`, pc: `${BIN}/pc`, pcc: '/opt/old/bin/pcc' };

describe('cliCredentialsPath', () => {
  it('follows PIPECAT_CONFIG_PATH when set and non-empty, else the home default', () => {
    expect(cliCredentialsPath({}, HOME, '/work')).toBe(DEFAULT_FILE);
    expect(cliCredentialsPath({ PIPECAT_CONFIG_PATH: '' }, HOME, '/work')).toBe(DEFAULT_FILE);
    expect(cliCredentialsPath({ PIPECAT_CONFIG_PATH: '/etc/p.toml' }, HOME, '/work')).toBe('/etc/p.toml');
    expect(cliCredentialsPath({ PIPECAT_CONFIG_PATH: 'p.toml' }, HOME, '/work')).toBe('/work/p.toml');
  });
});

describe('checkCliCommands', () => {
  it('says how to install the CLI when none of pipecat, pc, pcc is on PATH', async () => {
    const { input, probed } = machine({}, {});
    const results = await checkCliCommands(input);
    expect(results).toEqual([
      {
        id: 'cli',
        title: 'Pipecat Cloud CLI',
        verdict: 'warn',
        detail:
          'None of pipecat, pc or pcc is on PATH: there is no Pipecat Cloud CLI here for this app to keep signed in.',
        fix: 'Install it with "pip install pipecat-ai-cli", then sign in with "pipecat cloud auth login" (or "pipecat-tray login").',
      },
    ]);
    expect(probed).toEqual([]);
  });

  it('reports each command, its versions and that it reads the app’s file', async () => {
    const { input } = machine(allThree, everything);
    const results = await checkCliCommands(input);
    expect(results).toEqual([
      {
        id: 'cli-pipecat',
        title: 'pipecat command',
        verdict: 'ok',
        detail: `${BIN}/pipecat: pipecat-ai-cli 1.3.0 with pipecatcloud 1.4.0; "pipecat cloud" reads ${DEFAULT_FILE}, the file this app keeps fresh.`,
        cli: {
          command: 'pipecat',
          path: `${BIN}/pipecat`,
          pipecatAiCliVersion: '1.3.0',
          pipecatcloudVersion: '1.4.0',
          credentialsFile: DEFAULT_FILE,
          sameFileAsApp: true,
        },
      },
      {
        id: 'cli-pc',
        title: 'pc command',
        verdict: 'ok',
        detail: `${BIN}/pc: pipecat-ai-cli 1.3.0 with pipecatcloud 1.4.0; "pc cloud" reads ${DEFAULT_FILE}, the file this app keeps fresh.`,
        cli: {
          command: 'pc',
          path: `${BIN}/pc`,
          pipecatAiCliVersion: '1.3.0',
          pipecatcloudVersion: '1.4.0',
          credentialsFile: DEFAULT_FILE,
          sameFileAsApp: true,
        },
      },
      {
        id: 'cli-pcc',
        title: 'pcc command',
        verdict: 'ok',
        detail: `/opt/old/bin/pcc: pipecatcloud 0.7.2, from before "pipecat cloud"; "pcc" reads ${DEFAULT_FILE}, the file this app keeps fresh.`,
        cli: {
          command: 'pcc',
          path: '/opt/old/bin/pcc',
          pipecatcloudVersion: '0.7.2',
          credentialsFile: DEFAULT_FILE,
          sameFileAsApp: true,
        },
      },
    ]);
  });

  it('follows PIPECAT_CONFIG_PATH the way the CLI does', async () => {
    const { input } = machine({ pipecat: `${BIN}/pipecat` }, everything, {
      env: { PIPECAT_CONFIG_PATH: '/srv/p.toml' },
      appConfigPath: '/srv/p.toml',
    });
    const [result, ...rest] = await checkCliCommands(input);
    expect(result?.cli).toMatchObject({ credentialsFile: '/srv/p.toml', sameFileAsApp: true });
    expect(rest).toEqual([]);
  });

  it('warns once, with the fix, when the app was given another file with --config', async () => {
    const { input } = machine(allThree, everything, { appConfigPath: '/tmp/other.toml' });
    const results = await checkCliCommands(input);
    expect(results.map((r) => [r.id, r.verdict, r.cli?.sameFileAsApp])).toEqual([
      ['cli-pipecat', 'ok', false],
      ['cli-pc', 'ok', false],
      ['cli-pcc', 'ok', false],
      ['cli-credentials-file', 'warn', undefined],
    ]);
    expect(results[0]?.detail).toContain(`"pipecat cloud" reads ${DEFAULT_FILE}, not this app's file.`);
    expect(results[3]).toEqual({
      id: 'cli-credentials-file',
      title: 'CLI credentials file',
      verdict: 'warn',
      detail: `"pipecat cloud", "pc cloud" and "pcc" read ${DEFAULT_FILE}, but this app uses /tmp/other.toml: the CLI does not see what the app signs in and refreshes.`,
      fix: `Give both one file: drop --config (both then use ${DEFAULT_FILE}), or export PIPECAT_CONFIG_PATH="/tmp/other.toml" where you run the CLI, e.g. in your shell profile.`,
    });
  });

  it('accepts another file with --sandbox, which keeps its own on purpose', async () => {
    const { input } = machine({ pipecat: `${BIN}/pipecat` }, everything, {
      appConfigPath: `${HOME}/.config/pipecat-tray/sandbox/pipecatcloud.toml`,
      sandbox: true,
    });
    const results = await checkCliCommands(input);
    expect(results.map((r) => r.verdict)).toEqual(['ok', 'ok']);
    expect(results[1]?.detail).toBe(
      `"pipecat cloud" reads ${DEFAULT_FILE}; --sandbox keeps its own file on purpose.`,
    );
  });

  it('asks another program called pc nothing but --version, and still says the CLI is missing', async () => {
    const { input, probed } = machine({ pc: '/usr/bin/pc' }, { '/usr/bin/pc --version': exited('pc 2.1\n') });
    const results = await checkCliCommands(input);
    expect(probed).toEqual(['/usr/bin/pc --version']);
    expect(results).toEqual([
      {
        id: 'cli-pc',
        title: 'pc command',
        verdict: 'ok',
        detail: '/usr/bin/pc is another program, not the Pipecat CLI.',
        cli: { command: 'pc', path: '/usr/bin/pc' },
      },
      expect.objectContaining({
        id: 'cli',
        verdict: 'warn',
        detail: 'No working Pipecat Cloud CLI (pipecat, pc or pcc) is on PATH.',
        fix: expect.stringContaining('pip install pipecat-ai-cli'),
      }),
    ]);
    expect(JSON.stringify(results)).not.toContain('2.1');
  });

  it('reports a CLI that does not answer in time, or fails, without hanging', async () => {
    const { input } = machine(
      { pipecat: `${BIN}/pipecat`, pcc: '/opt/old/bin/pcc' },
      {
        [`${BIN}/pipecat --version`]: { kind: 'timed-out', afterMs: 10_000 },
        '/opt/old/bin/pcc --version': exited('Traceback (most recent call last):\n', 1),
      },
    );
    const results = await checkCliCommands(input);
    expect(results.map((r) => [r.id, r.verdict, r.detail])).toEqual([
      ['cli-pipecat', 'warn', `${BIN}/pipecat: "pipecat --version" did not answer within 10 s.`],
      ['cli-pcc', 'warn', '/opt/old/bin/pcc: "pcc --version" failed with exit code 1.'],
      ['cli', 'warn', 'No working Pipecat Cloud CLI (pipecat, pc or pcc) is on PATH.'],
    ]);
    expect(results[0]?.fix).toBe(
      'Run "pipecat --version" yourself to see what is wrong; "pip install --upgrade pipecat-ai-cli" installs a working "pipecat cloud".',
    );
  });

  it('reports pipecat-ai-cli whose "pipecat cloud" does not work', async () => {
    const { input } = machine(
      { pipecat: `${BIN}/pipecat` },
      {
        [`${BIN}/pipecat --version`]: PIPECAT,
        [`${BIN}/pipecat cloud --version`]: exited("Error: No such command 'cloud'.", 2),
      },
    );
    const [result] = await checkCliCommands(input);
    expect(result).toMatchObject({
      id: 'cli-pipecat',
      verdict: 'warn',
      detail: `${BIN}/pipecat: pipecat-ai-cli 1.3.0, but "pipecat cloud" failed with exit code 2.`,
      fix: expect.stringContaining('Run "pipecat cloud --version" yourself'),
      cli: { command: 'pipecat', path: `${BIN}/pipecat`, pipecatAiCliVersion: '1.3.0' },
    });
  });

  it('says when a command could not be started at all', async () => {
    const { input } = machine({ pcc: '/opt/old/bin/pcc' }, {});
    const [result] = await checkCliCommands(input);
    expect(result?.detail).toBe('/opt/old/bin/pcc: "pcc --version" could not be run (ENOENT).');
  });
});
