import { joinBase } from './format.ts';

/**
 * The `_headers` file Netlify and Cloudflare Pages read. Extension-less API files are JSON
 * (hosts guess from the extension); Astro's hashed assets never change; machine-readable outputs
 * may be read by dashboards on other origins. GitHub Pages ignores this file (docs/hosting.md).
 * Both hosts merge every matching rule, so no catch-all sets Cache-Control: their default for
 * pages (revalidate every time) is what a status page needs.
 */
export function renderHostHeaders(base: string): string {
  const at = (path: string) => joinBase(base, path);
  const rules: [string, string[]][] = [
    [at('_astro/*'), ['Cache-Control: public, max-age=31536000, immutable']],
    [
      at('v1/*'),
      ['Content-Type: application/json; charset=utf-8', 'Access-Control-Allow-Origin: *'],
    ],
    [at('api/v2/*'), ['Access-Control-Allow-Origin: *']],
    [at('*.json'), ['Access-Control-Allow-Origin: *']],
    [at('*.xml'), ['Access-Control-Allow-Origin: *']],
    [at('*.ics'), ['Content-Type: text/calendar; charset=utf-8', 'Access-Control-Allow-Origin: *']],
    // Badges and the widget script are embedded in other sites' pages.
    [at('*.svg'), ['Access-Control-Allow-Origin: *']],
    [at('*.js'), ['Access-Control-Allow-Origin: *']],
  ];
  return `${rules.map(([path, headers]) => [path, ...headers.map((header) => `  ${header}`)].join('\n')).join('\n')}\n`;
}
