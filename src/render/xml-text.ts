/**
 * The text-safety layer of every XML output (RSS, Atom): all text goes through `xmlText`,
 * never into CDATA (which a `]]>` in the text would close). Characters XML 1.0 forbids are
 * dropped (validation refuses them in content; this covers anything else), and every character
 * outside ASCII is written as a character reference, so a feed reads the same whatever charset a
 * host announces for it (many serve `.xml` as `text/xml` without one, which means us-ascii).
 */

// eslint-disable-next-line no-control-regex -- the control characters XML 1.0 forbids
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/gu;

export function xmlText(text: string): string {
  let out = '';
  for (const char of text.replace(FORBIDDEN, '')) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '&') out += '&amp;';
    else if (char === '<') out += '&lt;';
    else if (char === '>') out += '&gt;';
    else if (char === '"') out += '&quot;';
    else if (code > 0x7e) out += `&#x${code.toString(16).toUpperCase()};`;
    else out += char;
  }
  return out;
}

/** `<name a="…">text</name>`, or `<name a="…"/>` without text; names and keys are ours. */
export function xmlElement(
  name: string,
  text: string | null,
  attributes: Readonly<Record<string, string>> = {},
): string {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${xmlText(value)}"`)
    .join('');
  return text === null ? `<${name}${attrs}/>` : `<${name}${attrs}>${xmlText(text)}</${name}>`;
}
