import { toText } from 'hast-util-to-text';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { escapeHtml } from '../render/html-text.ts';
import { visibleText } from './limits.ts';
import { cachedRender } from './render-cache.ts';

/** Markdown written by a responder, rendered once for every output that shows it. */
export interface RenderedMarkdown {
  /** As written; all that JSON writes of it. */
  readonly markdown: string;
  /** Safe HTML: raw HTML in the source is dropped and only http(s)/mailto links survive. */
  readonly html: string;
  /** Plain text with paragraphs separated by blank lines, for feeds, chat and email; never empty. */
  readonly text: string;
  readonly toJSON: () => { readonly markdown: string };
}

// remark-rehype drops raw HTML unless told otherwise; rehype-sanitize (GitHub's schema) then
// removes anything left that could run script, such as `javascript:` URLs.
const toHast = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeSanitize);
const toHtml = unified().use(rehypeStringify);

/**
 * Markdown, rendered on first use and then kept: `validate` and the notifier's planning never
 * read the HTML, and rendering is most of the cost of loading a large history.
 *
 * Validation bounds what reaches here (src/markdown/limits.ts), so rendering is not expected to
 * fail; if the pipeline throws all the same, or renders to no text (a message of raw HTML,
 * which is dropped), the words of the source are published as plain, escaped text instead,
 * so every output still has something true to show.
 */
export function renderMarkdown(markdown: string): RenderedMarkdown {
  let rendered: { html: string; text: string } | undefined;
  const render = () => {
    rendered ??= cachedRender(markdown, renderSafely);
    return rendered;
  };
  return {
    markdown,
    get html() {
      return render().html;
    },
    get text() {
      return render().text;
    },
    // As JSON (a page's cache key, say), Markdown is its source: the HTML and text follow from
    // it and the pipeline, which is code, and writing them would render what no page asked for.
    toJSON: () => ({ markdown }),
  };
}

function renderSafely(markdown: string): { html: string; text: string } {
  try {
    const tree = toHast.runSync(toHast.parse(markdown));
    const text = toText(tree).trim();
    if (text !== '') return { html: toHtml.stringify(tree), text };
  } catch {
    // Falls through to the plain text below.
  }
  const text = visibleText(markdown) || markdown.trim();
  return { html: `<p>${escapeHtml(text)}</p>`, text };
}
