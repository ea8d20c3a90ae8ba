/**
 * Text from content files shown inside GitHub Markdown (pull request and issue comments). The
 * text comes from a pull request, so it must not format, link, or mention anyone: Markdown
 * punctuation is escaped, and `@name` / `#123` are broken with a zero-width space, because
 * GitHub notifies people and cross-links issues named in a bot's comment.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      // An entity such as `&#64;` would render as the character it names: `&` stays literal.
      .replaceAll('&', '&amp;')
      .replace(/[\\`*_{}[\]()<>#+\-.!|~]/g, (character) => `\\${character}`)
      .replace(/@(?=\w)/g, '@\u200b')
      .replace(/\r?\n+/g, ' ')
  );
}

/** The first `limit` characters of plain text, cut at a word, with an ellipsis when cut. */
export function excerpt(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= limit) return flat;
  const cut = flat.slice(0, limit - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > limit / 2 ? cut.slice(0, space) : cut}…`;
}
