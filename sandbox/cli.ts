import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

import { startSandbox } from './sandbox.js';
import { removeSandboxState, sandboxStatePath, writeSandboxState } from './state-file.js';
import type { Sandbox } from './types.js';

/** `npm run sandbox`: a local Pipecat Cloud for trying the app and the CLI by hand. */

const DEFAULT_PORT = 8443;

const USAGE = `Usage: npm run sandbox -- [--port N] [--dir DIR] [--access-token-ttl SECONDS] [--auto-consent]

  --port N                 listen on 127.0.0.1:N (default ${DEFAULT_PORT}; 0 picks a free port)
  --dir DIR                write ca.pem there (default: pipecat-tray-sandbox/ beside the state file)
  --access-token-ttl S     access-token lifetime in seconds (default 86400)
  --auto-consent           approve the consent step without showing it`;

function positiveInteger(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}`);
  return value;
}

function banner(sandbox: Sandbox, statePath: string): string {
  return `Pipecat Cloud sandbox running (pid ${process.pid}).

  API host:   ${sandbox.apiHost}
  Issuer:     ${sandbox.issuer}
  Client id:  ${sandbox.clientId}
  CA file:    ${sandbox.caFile}
  State file: ${statePath}

  Test account: ${sandbox.account.email} / ${sandbox.account.password} (userId ${sandbox.account.userId})
  Organizations: ${sandbox.accounts[0]?.organizations.map((org) => org.name).join(', ') ?? ''}

Sign in with the terminal command (from this checkout, in another terminal):
  npx pipecat-tray login --sandbox
  npx pipecat-tray status --sandbox
Or with the tray app:
  npm start -- --sandbox
Use the Pipecat Cloud CLI against it:
  PIPECAT_API_HOST=${sandbox.apiHost} SSL_CERT_FILE=${sandbox.caFile} pipecat cloud auth login

Ctrl-C (or SIGTERM) stops it.`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      dir: { type: 'string' },
      'access-token-ttl': { type: 'string' },
      'auto-consent': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const statePath = sandboxStatePath();
  const sandbox = await startSandbox({
    port: positiveInteger('--port', values.port, DEFAULT_PORT, 0),
    // A stable path, so NODE_EXTRA_CA_CERTS / SSL_CERT_FILE survive a restart of the sandbox.
    dir: values.dir ?? join(dirname(statePath), 'pipecat-tray-sandbox'),
    accessTokenTtlSeconds: positiveInteger('--access-token-ttl', values['access-token-ttl'], 86_400, 1),
  });
  sandbox.knobs.autoConsent = values['auto-consent'];
  await writeSandboxState({ apiHost: sandbox.apiHost, caFile: sandbox.caFile, pid: process.pid }, statePath);
  console.log(banner(sandbox, statePath));

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox.`);
    void Promise.all([removeSandboxState(process.pid, statePath), sandbox.close()]).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`sandbox: could not stop cleanly: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const { code, message } = error as NodeJS.ErrnoException;
  console.error(
    code === 'EADDRINUSE' ? `sandbox: the port is in use (try --port 0).` : `sandbox: ${message}`,
  );
  if (code !== 'EADDRINUSE') console.error(USAGE);
  process.exit(1);
});
