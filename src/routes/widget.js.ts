import type { APIRoute } from 'astro';
// The widget is plain JavaScript, served as written: it runs on other sites' pages.
import source from '../widget/status-widget.js?raw';

export const GET: APIRoute = () =>
  new Response(source, { headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
