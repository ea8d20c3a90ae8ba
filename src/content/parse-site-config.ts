import { siteConfigSchema, type SiteConfig } from '../schema/site.ts';
import type { Problem } from './problems.ts';
import { decodeText, type SourceFile } from './source-file.ts';
import { validateYaml } from './validate-yaml.ts';
import { parseYamlSource } from './yaml-source.ts';

export const SITE_CONFIG_FILE = 'statusmark.yml';

/** Parses `statusmark.yml`. */
export function parseSiteConfig(file: SourceFile | null): {
  config?: SiteConfig;
  problems: Problem[];
} {
  if (file === null) {
    return {
      problems: [
        {
          file: SITE_CONFIG_FILE,
          line: 1,
          column: 1,
          message: 'The site config statusmark.yml is missing.',
          fix: 'Create statusmark.yml at the root of the content with at least name, url and organization_id.',
        },
      ],
    };
  }
  const text = decodeText(file);
  if (typeof text !== 'string') return { problems: [text] };
  const result = validateYaml(siteConfigSchema, parseYamlSource(file.path, text));
  if ('problems' in result) return { problems: result.problems };
  return { config: normaliseBase(result.value), problems: [] };
}

/** `/status/` and `/status` mean the same; one form keeps URL joins simple everywhere. */
function normaliseBase(config: SiteConfig): SiteConfig {
  const trimmed = config.base.replace(/\/+$/, '');
  return { ...config, base: trimmed === '' ? '/' : trimmed };
}
