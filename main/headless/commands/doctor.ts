import { execFile } from 'node:child_process';
import { homedir } from 'node:os';
import {
  checkBrowserOpener,
  checkCliCommands,
  checkCredentialsFile,
  checkEnvironmentToken,
  checkNetwork,
  checkPorts,
  checkTraySupport,
  createProbe,
  doctorExitCode,
  findOnPath,
  findPortOwners,
  formatDoctor,
  isExecutable,
  probeLoopbackPort,
  runChecks,
  sameFile,
  signInMethodCheck,
  type RunCommand,
} from '../../core/doctor/index.js';
import { terminalJson } from '../../shared/display-text.js';
import { browserCommands } from '../browser-opener.js';
import type { CommandContext } from '../context.js';

const runWithTimeout: RunCommand = (file, args) =>
  new Promise((resolve) => {
    execFile(file, [...args], { timeout: 3_000 }, (error, stdout) => resolve(error ? undefined : stdout));
  });

type DoctorOptions = { json: boolean; env: NodeJS.ProcessEnv; sandbox: boolean };
type Check = Parameters<typeof runChecks>[0][number];

/** The order a person reads them in: from this machine outwards, then what the app sees. */
const ORDER = ['ports', 'credentials-file', 'api', 'cli', 'env-token', 'browser', 'tray', 'sign-in-method'];

/** `pipecat-tray doctor [--json]`: exit 0 when nothing failed (warnings allowed), 1 otherwise. */
export async function doctorCommand(ctx: CommandContext, options: DoctorOptions): Promise<number> {
  const checks = [...machineChecks(ctx, options), ...connectionChecks(ctx, options)];
  const results = await runChecks(checks.sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id)));
  if (options.json) ctx.output.out(terminalJson({ ok: doctorExitCode(results) === 0, checks: results }));
  else for (const line of formatDoctor(results)) ctx.output.out(line);
  return doctorExitCode(results);
}

/** This machine: the sign-in ports, the file, the environment, the browser, the tray and how to sign in. */
function machineChecks(ctx: CommandContext, { env }: DoctorOptions): Check[] {
  const platform = process.platform;
  const executable = (command: string): Promise<boolean> => isExecutable(command, env);
  return [
    {
      id: 'ports',
      title: 'Sign-in ports',
      run: () =>
        checkPorts({
          probe: probeLoopbackPort,
          owners: async (ports) => (platform === 'linux' ? findPortOwners(ports) : new Map()),
        }),
    },
    {
      id: 'credentials-file',
      title: 'Credentials file',
      run: () =>
        checkCredentialsFile({ path: ctx.configPath, apiHost: ctx.apiHost, cliApiHost: ctx.cliApiHost }),
    },
    { id: 'env-token', title: 'PIPECAT_TOKEN', run: async () => checkEnvironmentToken(env) },
    {
      id: 'browser',
      title: 'Browser opener',
      run: () =>
        checkBrowserOpener({
          commands: browserCommands('https://example.invalid/', env, platform),
          isExecutable: executable,
        }),
    },
    {
      id: 'tray',
      title: 'Tray support',
      run: () => checkTraySupport({ env, platform, isExecutable: executable, run: runWithTimeout }),
    },
    signInMethodCheck({ ...ctx, env, platform }),
  ];
}

/** What the app talks to: the API and identity provider, and the CLI beside it. */
function connectionChecks(ctx: CommandContext, options: DoctorOptions): Check[] {
  const { env } = options;
  return [
    {
      id: 'api',
      title: 'Pipecat Cloud API',
      run: () =>
        checkNetwork({
          apiHost: ctx.apiHost,
          fetch: ctx.fetch,
          env,
          allowInsecureLoopback: ctx.allowInsecureLoopback,
          now: () => Date.now(),
        }),
    },
    {
      id: 'cli',
      title: 'Pipecat Cloud CLI',
      run: () =>
        checkCliCommands({
          appConfigPath: ctx.configPath,
          env,
          homedir: homedir(),
          cwd: process.cwd(),
          sandbox: options.sandbox,
          findOnPath: (name) => findOnPath(name, env, process.platform),
          probe: createProbe(env),
          sameFile,
        }),
    },
  ];
}
