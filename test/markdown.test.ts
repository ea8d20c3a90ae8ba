import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../src/markdown/render.ts';

describe('Markdown messages', () => {
  it('renders Markdown to HTML and to plain text with paragraphs kept', () => {
    const rendered = renderMarkdown(
      'We **rolled back** the [gateway](https://example.com).\n\n- one\n- two',
    );
    expect(rendered.html).toMatchInlineSnapshot(`
      "<p>We <strong>rolled back</strong> the <a href="https://example.com">gateway</a>.</p>
      <ul>
      <li>one</li>
      <li>two</li>
      </ul>"
    `);
    expect(rendered.text).toMatchInlineSnapshot(`
      "We rolled back the gateway.

      one
      two"
    `);
  });

  it('drops raw HTML, scripts and event handlers', () => {
    const rendered = renderMarkdown(
      'Hi <script>alert(1)</script><img src=x onerror=alert(1)> <b>bold</b>',
    );
    expect(rendered.html).not.toMatch(/script|onerror|<img|<b>/);
    expect(rendered.html).toMatchInlineSnapshot(`"<p>Hi alert(1) bold</p>"`);
  });

  it('removes javascript: and data: links but keeps web and mail links', () => {
    const rendered = renderMarkdown(
      '[a](javascript:alert(1)) [b](data:text/html,x) [c](https://ok.example) [d](mailto:ops@example.com)',
    );
    expect(rendered.html).not.toMatch(/javascript:|data:/);
    expect(rendered.html).toContain('href="https://ok.example"');
    expect(rendered.html).toContain('href="mailto:ops@example.com"');
  });
});
