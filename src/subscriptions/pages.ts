import { escapeHtml } from '../render/html-text.ts';

/**
 * The service's pages: plain HTML forms that work without JavaScript, each linking back to the
 * status page. Nothing here is cached, sent as a referrer, or allowed to run a script.
 */

export interface PageSite {
  readonly siteUrl: string;
  readonly siteName: string;
  readonly components: readonly { readonly id: string; readonly name: string }[];
}

export function page(site: PageSite, status: number, title: string, body: string): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark"><meta name="robots" content="noindex"><title>${escapeHtml(title)} · ${escapeHtml(site.siteName)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}<p><a href="${escapeHtml(site.siteUrl)}">Back to ${escapeHtml(site.siteName)}</a></p></main></body></html>
`;
  return new Response(html, {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy':
        "default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    },
  });
}

/** A hidden field carrying a signed token through a form. */
export function tokenField(token: string): string {
  return `<input type="hidden" name="token" value="${escapeHtml(token)}">`;
}

/** The component checkboxes; none ticked means every component, as on the site's form. */
export function componentChoices(site: PageSite, chosen: readonly string[] | null): string {
  const boxes = site.components
    .map(
      (component) =>
        `<label><input type="checkbox" name="components[]" value="${escapeHtml(component.id)}"${chosen?.includes(component.id) ? ' checked' : ''}> ${escapeHtml(component.name)}</label><br>`,
    )
    .join('');
  return `<fieldset><legend>Components (none chosen: all of them)</legend>${boxes}</fieldset>`;
}

/** What a form chose: known component ids, or null for all (none ticked, or every one). */
export function chosenComponents(site: PageSite, form: URLSearchParams): string[] | null {
  const known = new Set(site.components.map((component) => component.id));
  // `components[]` is the site's form (a checkbox group), `components` a hand-written one.
  const chosen = [
    ...new Set([...form.getAll('components[]'), ...form.getAll('components')]),
  ].filter((id) => known.has(id));
  return chosen.length === 0 || chosen.length === known.size ? null : chosen;
}

const MAX_FORM_BYTES = 16 * 1024;

/** The posted form, or null when it is larger than any form of ours. */
export async function readForm(request: Request): Promise<URLSearchParams | null> {
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > MAX_FORM_BYTES) return null;
  const text = await request.text();
  return text.length > MAX_FORM_BYTES ? null : new URLSearchParams(text);
}

export const REFUSED =
  '<p>This link has expired, was used already, or is not one of ours. Subscribe again from the status page: the mail you get has a fresh link.</p>';
