// @ts-check
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { loadSiteConfigForBuild } from './src/content/site-config-fs.ts';
import { contentRoot } from './src/content/root.ts';
import { statusmark } from './src/integration.ts';

// The content comes from STATUSMARK_ROOT (default: this directory), so the same generator
// builds any team's status page; its statusmark.yml gives the public URL and base path.
const root = contentRoot();
const site = await loadSiteConfigForBuild(root);

export default defineConfig({
  site: site.url,
  base: site.base,
  trailingSlash: 'ignore',
  output: 'static',
  integrations: [statusmark(root, site.base), sitemap()],
  build: { format: 'directory' },
});
