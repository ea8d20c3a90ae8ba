// @ts-check
import { defineConfig } from 'astro/config';
import { loadSiteConfig } from './src/content/site-config-fs.ts';
import { contentRoot } from './src/content/root.ts';

// The site's public URL and base path come from the content repository's statusmark.yml, so
// the same generator builds any team's status page (see `STATUSMARK_ROOT` in the README).
const site = await loadSiteConfig(contentRoot());

export default defineConfig({
  site: site.url,
  base: site.base,
  trailingSlash: 'ignore',
  output: 'static',
});
