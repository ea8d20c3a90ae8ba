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
    // The email form and the webhook form, each with all 13 components to choose from.
    expect([...html.matchAll(/name="components\[\]" value="([^"]+)"/g)]).toHaveLength(26);
    expect(html).toMatch(/<input id="subscribe-webhook" name="webhook_url" type="url" required/);
    expect(html).not.toContain('<script');
    const report = await new HtmlValidate({
      extends: ['html-validate:recommended'],
    }).validateString(html);
    expect(
      report.results.flatMap((result) => result.messages.map((m) => `${m.ruleId}: ${m.message}`)),
    ).toEqual([]);
  });

  it('loads Turnstile only when the service asks for it', async () => {
    const example = await copyExample();
    onTestFinished(example.cleanup);
    const config = path.join(example.root, 'statusmark.yml');
    await writeFile(
      config,
      `${await readFile(config, 'utf8')}subscriptions:\n  url: https://subscribe.tidewater.example\n  turnstile_site_key: 0x4AAAAAAAexample\n`,
    );
    const build = await buildSite(example.root, '2026-11-23T12:00:00Z');
    onTestFinished(build.cleanup);
    expect(build.code, build.output).toBe(0);
    const html = await readFile(path.join(build.outDir, 'subscribe', 'index.html'), 'utf8');
    expect(html).toContain('<div class="cf-turnstile" data-sitekey="0x4AAAAAAAexample"></div>');
    expect(html).toContain('src="https://challenges.cloudflare.com/turnstile/v0/api.js"');
  });
});

describe('the subscribe page without a subscription service', () => {
  it('explains the feeds, and how to watch the GitHub issue that gets every update', async () => {
    const example = await copyExample();
    onTestFinished(example.cleanup);
    const config = path.join(example.root, 'statusmark.yml');
    await writeFile(
      config,
      `${await readFile(config, 'utf8')}repository: tidewater/status\nnotifications:\n  targets:\n    - id: announcements\n      channel: github\n      issue: 42\n`,
    );
    const build = await buildSite(example.root, '2026-11-23T12:00:00Z');
    onTestFinished(build.cleanup);
    expect(build.code, build.output).toBe(0);
    const html = await readFile(path.join(build.outDir, 'subscribe', 'index.html'), 'utf8');
    expect(html).not.toContain('<form');
    const text = html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    expect(text).toContain(
      'Every update is also posted as a comment on issue #42. Open it on GitHub and choose Subscribe (or Watch) there: GitHub then emails you each comment, and you stop the mails there too.',
    );
    expect(html).toContain('href="https://github.com/tidewater/status/issues/42"');
  });
});
