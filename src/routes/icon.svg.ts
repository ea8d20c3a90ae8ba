import type { APIRoute } from 'astro';
import { getSite } from '../data/snapshot.ts';
import { escapeHtml } from '../render/html-text.ts';

/**
 * The site's icon: a rounded square in the brand colour with a pulse line. Every page links it,
 * so browsers do not ask for a /favicon.ico that a base path or a plain host may not have.
 */
export const GET: APIRoute = async () => {
  const { config } = (await getSite()).snapshot.content;
  const colour = escapeHtml(config.accent_color ?? '#0b5cad');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="${colour}"/><path d="M5 17h6l3-7 4 13 3-6h6" fill="none" stroke="#fff" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/></svg>\n`;
  return new Response(svg, { headers: { 'Content-Type': 'image/svg+xml' } });
};
