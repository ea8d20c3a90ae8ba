import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HtmlValidate } from 'html-validate';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildSite, copyExample } from './helpers/build-site.ts';

/** `/subscribe/` with the subscription service configured: a form that works without script. */
describe('the subscribe page with a subscription service', () => {
  it('posts a plain form to the service, with every component to choose from', async () => {
    const example = await copyExample();
    onTestFinished(example.cleanup);
    const config = path.join(example.root, 'statusmark.yml');
    await writeFile(
      config,
      `${await readFile(config, 'utf8')}subscriptions:\n  url: https://subscribe.tidewater.example\n`,
    );
    const build = await buildSite(example.root, '2026-11-23T12:00:00Z');
    onTestFinished(build.cleanup);
    expect(build.code, build.output).toBe(0);
    const html = await readFile(path.join(build.outDir, 'subscribe', 'index.html'), 'utf8');
    expect(html).toContain(
      '<form method="post" action="https://subscribe.tidewater.example/subscribe" class="subscribe-form">',
    );
    expect(html).toMatch(/<input id="subscribe-email" name="email" type="email" required/);
    expect(
      [...html.matchAll(/name="components\[\]" value="([^"]+)"/g)].map((match) => match[1]),
    ).toHaveLength(13);
    expect(html).not.toContain('<script');
    const report = await new HtmlValidate({
      extends: ['html-validate:recommended'],
    }).validateString(html);
    expect(
      report.results.flatMap((result) => result.messages.map((m) => `${m.ruleId}: ${m.message}`)),
    ).toEqual([]);
  });
});
