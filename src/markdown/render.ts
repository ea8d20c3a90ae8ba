import { toText } from 'hast-util-to-text';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

/** Markdown written by a responder, rendered once for every output that shows it. */
export interface RenderedMarkdown {
  /** As written. */
  readonly markdown: string;
  /** Safe HTML: raw HTML in the source is dropped and only http(s)/mailto links survive. */
  readonly html: string;
  /** Plain text with paragraphs separated by blank lines, for feeds, chat and email. */
  readonly text: string;
}

// remark-rehype drops raw HTML unless told otherwise; rehype-sanitize (GitHub's schema) then
// removes anything left that could run script, such as `javascript:` URLs.
const toHast = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeSanitize);
const toHtml = unified().use(rehypeStringify);

/**
 * Markdown, rendered on first use and then kept: `validate` and the notifier's planning never
 * read the HTML, and rendering is most of the cost of loading a large history.
 */
export function renderMarkdown(markdown: string): RenderedMarkdown {
  let rendered: { html: string; text: string } | undefined;
  const render = () => {
    if (!rendered) {
      const tree = toHast.runSync(toHast.parse(markdown));
      rendered = { html: toHtml.stringify(tree), text: toText(tree).trim() };
    }
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
  };
}
