/**
 * The text-safety layer of every JSON file the site publishes. JSON has no markup, but a host
 * may serve a file as HTML (GitHub Pages and nginx guess the type from the extension, and
 * some browsers sniff), so `<`, `>` and `&` are written as `\u003c`, `\u003e` and `\u0026`:
 * the same JSON to every parser, and no tag for a browser to find. U+2028 and U+2029 are
 * escaped too, for readers that evaluate JSON as script.
 */
export function jsonText(value: unknown, indent = 2): string {
  return `${JSON.stringify(value, null, indent).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}
