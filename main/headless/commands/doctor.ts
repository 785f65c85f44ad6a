import { execFile } from 'node:child_process';
import {
  checkBrowserOpener,
  checkCredentialsFile,
  checkEnvironmentToken,
  checkNetwork,
  checkPorts,
  checkTraySupport,
  doctorExitCode,
  findPortOwners,
  formatDoctor,
  isExecutable,
  probeLoopbackPort,
  runChecks,
  type RunCommand,
} from '../../core/doctor/index.js';
import { terminalJson } from '../../core/display-text.js';
import { browserCommands } from '../browser-opener.js';
import type { CommandContext } from '../context.js';

const runWithTimeout: RunCommand = (file, args) =>
  new Promise((resolve) => {
    execFile(file, [...args], { timeout: 3_000 }, (error, stdout) => resolve(error ? undefined : stdout));
  });

/** `pipecat-tray doctor [--json]`: exit 0 when nothing failed (warnings allowed), 1 otherwise. */
export async function doctorCommand(
  ctx: CommandContext,
  options: { json: boolean; env: NodeJS.ProcessEnv },
): Promise<number> {
  const { env } = options;
  const platform = process.platform;
  const executable = (command: string): Promise<boolean> => isExecutable(command, env);
  const results = await runChecks([
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
      run: () => checkCredentialsFile({ path: ctx.configPath, apiHost: ctx.apiHost }),
    },
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
  ]);
  if (options.json) ctx.output.out(terminalJson({ ok: doctorExitCode(results) === 0, checks: results }));
  else for (const line of formatDoctor(results)) ctx.output.out(line);
  return doctorExitCode(results);
}
