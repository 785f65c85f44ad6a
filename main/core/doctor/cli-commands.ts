import path from 'node:path';
import { defaultCredentialsPath } from '../credentials/paths.js';
import type { CheckResult, CliFacts } from './types.js';

/**
 * The commands that run the Pipecat Cloud CLI: `pipecat` and `pc` (pipecat-ai-cli, which mounts
 * pipecatcloud 1.0+ as `pipecat cloud`), and `pcc` (pipecatcloud 0.7.2 and earlier).
 */
export const CLI_COMMANDS = ['pipecat', 'pc', 'pcc'] as const;
export type CliCommandName = (typeof CLI_COMMANDS)[number];

export type ProbeOutcome =
  | { kind: 'exited'; code: number; stdout: string }
  | { kind: 'timed-out'; afterMs: number }
  | { kind: 'not-started'; reason: string };

/** Runs `file args` with a bounded wait and the CLI's credentials file out of its reach. */
export type Probe = (file: string, args: readonly string[]) => Promise<ProbeOutcome>;

export interface CliCheckInput {
  /** The file this app reads and writes (after --config, --sandbox, PIPECAT_CONFIG_PATH). */
  appConfigPath: string;
  /** The environment the CLI would run in: this shell's. */
  env: NodeJS.ProcessEnv;
  homedir: string;
  cwd: string;
  /** `--sandbox` keeps its own file on purpose. */
  sandbox: boolean;
  /** The path the shell would run for `name`, or undefined. */
  findOnPath: (name: CliCommandName) => Promise<string | undefined>;
  probe: Probe;
  /** Whether two paths name one file (symlinks included). */
  sameFile: (a: string, b: string) => Promise<boolean>;
}

const INSTALL_FIX =
  'Install it with "pip install pipecat-ai-cli", then sign in with "pipecat cloud auth login" (or "pipecat-tray login").';

/**
 * The file both CLI generations read: PIPECAT_CONFIG_PATH when set and non-empty, else
 * `~/.config/pipecatcloud/pipecatcloud.toml` (pipecatcloud's `cli/config.py`), relative to the
 * directory it runs in.
 */
export function cliCredentialsPath(env: NodeJS.ProcessEnv, homedir: string, cwd: string): string {
  return path.resolve(cwd, defaultCredentialsPath(env, homedir));
}

/**
 * Each of pipecat, pc and pcc on PATH: where, which version, and the file it reads; then one
 * verdict on whether that is the app's file (all of them follow the same rule, so one fix).
 */
export async function checkCliCommands(input: CliCheckInput): Promise<CheckResult[]> {
  const found = await Promise.all(
    CLI_COMMANDS.map(async (command) => ({ command, file: await input.findOnPath(command) })),
  );
  const identified = await Promise.all(
    found.flatMap(({ command, file }) =>
      file ? [identify(command, file, input.probe).then((identity) => ({ command, file, identity }))] : [],
    ),
  );
  const cliFile = cliCredentialsPath(input.env, input.homedir, input.cwd);
  const same = await input.sameFile(cliFile, input.appConfigPath);
  const results = identified.map(({ command, file, identity }) =>
    commandResult(command, file, identity, { cliFile, same }),
  );
  const working = identified.filter(({ identity }) => identity.kind === 'pipecat');
  if (working.length === 0) return [...results, notInstalled(found.every(({ file }) => !file))];
  if (same) return results;
  return [
    ...results,
    fileMismatch(
      working.map(({ command }) => invocation(command)),
      cliFile,
      input,
    ),
  ];
}

function identify(command: CliCommandName, file: string, probe: Probe): Promise<Identity> {
  return command === 'pcc' ? identifyPcc(file, probe) : identifyPipecat(command, file, probe);
}

/** What users type to reach Pipecat Cloud through `command`. */
function invocation(command: CliCommandName): string {
  return command === 'pcc' ? '"pcc"' : `"${command} cloud"`;
}

function commandResult(
  command: CliCommandName,
  file: string,
  identity: Identity,
  reads: { cliFile: string; same: boolean },
): CheckResult {
  const base = { id: `cli-${command}`, title: `${command} command` };
  const facts: CliFacts = { command, path: file };
  if (identity.kind === 'other')
    return { ...base, verdict: 'ok', detail: `${file} is another program, not the Pipecat CLI.`, cli: facts };
  if (identity.kind === 'broken') {
    return {
      ...base,
      verdict: 'warn',
      detail: `${file}: ${identity.why}`,
      fix: `Run "${identity.tried}" yourself to see what is wrong; "pip install --upgrade pipecat-ai-cli" installs a working "pipecat cloud".`,
      cli: { ...facts, ...identity.versions },
    };
  }
  const whose = reads.same ? 'the file this app keeps fresh' : "not this app's file";
  return {
    ...base,
    verdict: 'ok',
    detail: `${file}: ${identity.label}; ${invocation(command)} reads ${reads.cliFile}, ${whose}.`,
    cli: { ...facts, ...identity.versions, credentialsFile: reads.cliFile, sameFileAsApp: reads.same },
  };
}

function notInstalled(noneOnPath: boolean): CheckResult {
  return {
    id: 'cli',
    title: 'Pipecat Cloud CLI',
    verdict: 'warn',
    detail: noneOnPath
      ? 'None of pipecat, pc or pcc is on PATH: there is no Pipecat Cloud CLI here for this app to keep signed in.'
      : 'No working Pipecat Cloud CLI (pipecat, pc or pcc) is on PATH.',
    fix: INSTALL_FIX,
  };
}

function fileMismatch(commands: readonly string[], cliFile: string, input: CliCheckInput): CheckResult {
  const base = { id: 'cli-credentials-file', title: 'CLI credentials file' };
  const who = `${listed(commands)} read${commands.length === 1 ? 's' : ''} ${cliFile}`;
  if (input.sandbox)
    return { ...base, verdict: 'ok', detail: `${who}; --sandbox keeps its own file on purpose.` };
  return {
    ...base,
    verdict: 'warn',
    detail: `${who}, but this app uses ${input.appConfigPath}: the CLI does not see what the app signs in and refreshes.`,
    fix: `Give both one file: drop --config (both then use ${cliFile}), or export PIPECAT_CONFIG_PATH="${input.appConfigPath}" where you run the CLI, e.g. in your shell profile.`,
  };
}

function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

type Versions = Pick<CliFacts, 'pipecatAiCliVersion' | 'pipecatcloudVersion'>;

type Identity =
  | { kind: 'pipecat'; label: string; versions: Versions }
  | { kind: 'other' }
  | { kind: 'broken'; why: string; tried: string; versions: Versions };

const VERSION = '([0-9][0-9A-Za-z.+-]*)';
const PIPECAT_CLI_VERSION = new RegExp(`Pipecat CLI Version: ${VERSION}`);
const CLOUD_CLIENT_VERSION = new RegExp(`Pipecat Cloud Client Version: ${VERSION}`);

/** `pipecat --version` names pipecat-ai-cli; `pipecat cloud --version` the pipecatcloud it mounts. */
async function identifyPipecat(name: CliCommandName, file: string, probe: Probe): Promise<Identity> {
  const own = await probe(file, ['--version']);
  const cliVersion = versionIn(own, PIPECAT_CLI_VERSION);
  // Only the Pipecat CLI is asked more: an unknown `pc` might do anything with `cloud`.
  if (!cliVersion) return unidentified(own, `${name} --version`);
  const versions: Versions = { pipecatAiCliVersion: cliVersion };
  const cloud = await probe(file, ['cloud', '--version']);
  const cloudVersion = versionIn(cloud, CLOUD_CLIENT_VERSION);
  if (!cloudVersion) {
    return {
      kind: 'broken',
      why: `pipecat-ai-cli ${cliVersion}, but "${name} cloud" ${failure(cloud)}.`,
      tried: `${name} cloud --version`,
      versions,
    };
  }
  return {
    kind: 'pipecat',
    label: `pipecat-ai-cli ${cliVersion} with pipecatcloud ${cloudVersion}`,
    versions: { ...versions, pipecatcloudVersion: cloudVersion },
  };
}

/** `pcc --version` names pipecatcloud, whose releases up to 0.7.2 install `pcc`. */
async function identifyPcc(file: string, probe: Probe): Promise<Identity> {
  const outcome = await probe(file, ['--version']);
  const version = versionIn(outcome, CLOUD_CLIENT_VERSION);
  if (!version) return unidentified(outcome, 'pcc --version');
  return {
    kind: 'pipecat',
    label: `pipecatcloud ${version}, from before "pipecat cloud"`,
    versions: { pipecatcloudVersion: version },
  };
}

function versionIn(outcome: ProbeOutcome, pattern: RegExp): string | undefined {
  if (outcome.kind !== 'exited' || outcome.code !== 0) return undefined;
  return pattern.exec(outcome.stdout)?.[1];
}

/** A program that answered its --version without naming Pipecat is someone else's `pc`. */
function unidentified(outcome: ProbeOutcome, tried: string): Identity {
  if (outcome.kind === 'exited' && outcome.code === 0) return { kind: 'other' };
  return { kind: 'broken', why: `"${tried}" ${failure(outcome)}.`, tried, versions: {} };
}

function failure(outcome: ProbeOutcome): string {
  switch (outcome.kind) {
    case 'timed-out':
      return `did not answer within ${Math.round(outcome.afterMs / 1000)} s`;
    case 'not-started':
      return `could not be run (${outcome.reason})`;
    case 'exited':
      return outcome.code === 0 ? 'did not name its version' : `failed with exit code ${outcome.code}`;
  }
}
