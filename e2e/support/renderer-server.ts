import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build` puts the windows' files. */
export const RENDERER_DIST = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../dist/renderer',
);

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export interface RendererServer {
  /** `http://127.0.0.1:PORT/` */
  readonly origin: string;
  url(page: 'account' | 'pat'): string;
  close(): Promise<void>;
}

/**
 * Serves dist/renderer on 127.0.0.1 as Electron's `loadFile` would hand it over: the files as
 * built, nothing added (the CSP is the page's own meta tag), no directory listing, nothing else.
 */
export async function serveRenderer(root: string = RENDERER_DIST): Promise<RendererServer> {
  const server: Server = createServer((request, response) => {
    const name = path.posix.basename(new URL(request.url ?? '/', 'http://x').pathname);
    const type = TYPES[path.extname(name)];
    if (request.method !== 'GET' || type === undefined) {
      response.writeHead(404).end();
      return;
    }
    readFile(path.join(root, name)).then(
      (body) => response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the renderer server has no port');
  const origin = `http://127.0.0.1:${address.port}/`;
  return {
    origin,
    url: (page) => `${origin}${page}.html`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
