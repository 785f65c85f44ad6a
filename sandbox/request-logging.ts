import type { IncomingMessage, ServerResponse } from 'node:http';

import type { RequestLog } from './request-log.js';

/**
 * Logs the request the moment its status line is written, so a client that has seen the
 * response can rely on the entry being there. Only method, path and status: never the query
 * (codes, tokens), bodies or headers.
 */
export function logWhenAnswered(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  log: RequestLog,
): void {
  const time = Date.now();
  let logged = false;
  const record = (status: number): void => {
    if (logged) return;
    logged = true;
    log.record({ method: req.method ?? 'GET', path, status, time });
  };
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((statusCode: number, ...rest: unknown[]) => {
    record(statusCode);
    return writeHead(statusCode, ...rest);
  }) as ServerResponse['writeHead'];
  res.once('close', () => record(res.headersSent ? res.statusCode : 0));
}
