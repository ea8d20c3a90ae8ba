import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { renderOpenApi } from '../src/render/openapi.ts';
import { jsonText } from '../src/render/json-text.ts';
import { loadSiteConfig } from '../src/content/site-config-fs.ts';
import { PROJECT } from './helpers/build-site.ts';

/** /v1/openapi.json through Redocly's linter, with its recommended rules, as API tools read it. */
describe('the OpenAPI description', () => {
  it('passes redocly lint (recommended) without an error or a warning', async () => {
    const config = await loadSiteConfig(PROJECT);
    const problems = await lintFromString({
      source: jsonText(renderOpenApi(config)),
      absoluteRef: 'openapi.json',
      config: await createConfig({
        extends: ['recommended'],
        // The licence of a status page's data is its team's to state, not Statusmark's.
        rules: { 'info-license': 'off' },
      }),
    });
    expect(
      problems.map(
        (problem) =>
          `${problem.severity} ${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer ?? ''}`,
      ),
    ).toEqual([]);
  });
});
