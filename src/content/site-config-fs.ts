import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SiteConfig } from '../schema/site.ts';
import { failBuild } from './fail-build.ts';
import { ContentError } from './load.ts';
import { parseSiteConfig, SITE_CONFIG_FILE } from './parse-site-config.ts';

/** Reads only `statusmark.yml`, for astro.config.mjs, which needs the URL and base path first. */
export async function loadSiteConfig(root: string): Promise<SiteConfig> {
  let bytes: Uint8Array | null = null;
  try {
    bytes = await readFile(path.join(root, SITE_CONFIG_FILE));
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
  const { config, problems } = parseSiteConfig(
    bytes === null ? null : { path: SITE_CONFIG_FILE, bytes },
  );
  if (!config) throw new ContentError(problems);
  return config;
}

/** For astro.config.mjs: the site config, or the build stops with its problems. */
export async function loadSiteConfigForBuild(root: string): Promise<SiteConfig> {
  try {
    return await loadSiteConfig(root);
  } catch (error) {
    if (error instanceof ContentError) failBuild(error.problems);
    throw error;
  }
}
