import { createServer } from 'node:net';
import { LOOPBACK_HOST, LOOPBACK_PORTS } from '../loopback/constants.js';
import type { CheckResult } from './types.js';

/** Whether `port` on the loopback address cannot be bound right now (and why, when not "in use"). */
export type PortProber = (port: number) => Promise<'free' | 'busy' | 'refused'>;

export const probeLoopbackPort: PortProber = (port) =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'EADDRINUSE' ? 'busy' : 'refused'),
    );
    server.listen({ host: LOOPBACK_HOST, port, exclusive: true }, () => server.close(() => resolve('free')));
  });

export interface PortsCheckInput {
  probe: PortProber;
  /** "name (pid N)" per busy port, where the OS tells; absent ports are reported as unknown. */
  owners: (ports: readonly number[]) => Promise<Map<number, string>>;
  ports?: readonly number[];
}

/** Sign-in listens on the first free port of 8400-8404: some busy is a warning, all busy a failure. */
export async function checkPorts(input: PortsCheckInput): Promise<CheckResult> {
  const ports = input.ports ?? LOOPBACK_PORTS;
  const states = await Promise.all(ports.map(async (port) => ({ port, state: await input.probe(port) })));
  const taken = states.filter((s) => s.state !== 'free');
  const base = { id: 'ports', title: 'Sign-in ports' };
  const range = `${ports[0]}-${ports[ports.length - 1]}`;
  if (taken.length === 0) return { ...base, verdict: 'ok', detail: `${LOOPBACK_HOST}:${range} are free.` };
  const owners = await input.owners(taken.map((t) => t.port)).catch(() => new Map<number, string>());
  const list = taken
    .map(
      (t) =>
        `${t.port} (${t.state === 'busy' ? `held by ${owners.get(t.port) ?? 'unknown'}` : 'not allowed'})`,
    )
    .join(', ');
  const all = taken.length === ports.length;
  return {
    ...base,
    verdict: all ? 'fail' : 'warn',
    detail: all
      ? `Every sign-in port is busy: ${list}; sign-in cannot start.`
      : `Busy: ${list}; sign-in uses the first free one of ${range}.`,
    fix: `Stop the program${taken.length > 1 ? 's' : ''} holding ${all ? 'these ports' : 'them'} (often an earlier sign-in still waiting).`,
  };
}
