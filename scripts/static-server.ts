// Serves a built site on loopback under its base path, as a static host would: `/base/x/`
// serves `x/index.html`, unknown paths get `404.html` with status 404. Used by the browser tests
// and the screenshot script.
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ics': 'text/calendar; charset=utf-8',
};

export interface StaticSite {
  /** e.g. `http://127.0.0.1:4567/status/` */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * `typeOf` names the Content-Type of each file; by default by its extension, with the site's
 * extension-less API documents as JSON. Tests of hostile content pass a host's worst guess.
 */
export async function serveStatic(
  root: string,
  base = '/',
  typeOf: (file: string) => string = defaultType,
  /** Headers sent with every file, e.g. the `Access-Control-Allow-Origin: *` of GitHub Pages. */
  headers: Readonly<Record<string, string>> = {},
): Promise<StaticSite> {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  const server: Server = createServer((request, response) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
      const inside = `${pathname}/`.startsWith(prefix) ? pathname.slice(prefix.length - 1) : null;
      const file = inside === null ? null : await resolveFile(root, inside);
      if (file === null) {
        response.writeHead(404, { 'Content-Type': TYPES['.html'] });
        response.end(await readFile(path.join(root, '404.html')).catch(() => 'Not found'));
        return;
      }
      response.writeHead(200, { ...headers, 'Content-Type': typeOf(file) });
      response.end(await readFile(file));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The server has no port.');
  return {
    url: `http://127.0.0.1:${address.port}${prefix}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

function defaultType(file: string): string {
  // The site's only extension-less files are API documents (`/v1/…/incidents/<id>`).
  if (path.extname(file) === '') return 'application/json';
  return TYPES[path.extname(file)] ?? 'application/octet-stream';
}

async function resolveFile(root: string, pathname: string): Promise<string | null> {
  const candidate = path.join(root, path.normalize(pathname));
  if (!candidate.startsWith(root)) return null;
  for (const file of [candidate, path.join(candidate, 'index.html')]) {
    const info = await stat(file).catch(() => null);
    if (info?.isFile()) return file;
  }
  return null;
}
