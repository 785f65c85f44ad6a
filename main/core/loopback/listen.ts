import type { Server } from 'node:http';
import { UserFacingError } from '../errors.js';
import { LOOPBACK_HOST } from './constants.js';

function listenOnce(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port, host: LOOPBACK_HOST, exclusive: true });
  });
}

/** Binds 127.0.0.1 on the first free port of the list; a busy port shows up as EADDRINUSE on 'error'. */
export async function listenOnFirstFreePort(server: Server, ports: readonly number[]): Promise<number> {
  for (const port of ports) {
    try {
      await listenOnce(server, port);
      return port;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') continue;
      throw new UserFacingError(
        `Could not listen on ${LOOPBACK_HOST}:${port} for the sign-in callback (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}).`,
        'loopback_listen_failed',
        { cause: error },
      );
    }
  }
  const first = ports[0];
  const last = ports[ports.length - 1];
  throw new UserFacingError(
    `Ports ${first}-${last} on ${LOOPBACK_HOST} are all in use, so the browser cannot hand the sign-in back: close the program holding them (maybe another sign-in) and try again.`,
    'loopback_ports_busy',
  );
}
