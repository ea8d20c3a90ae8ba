import type { ServiceConfig } from './config.ts';
import { confirmEmail, confirmPage, subscribeEmail } from './email-flow.ts';
import { listSubscribers } from './list-api.ts';
import { exportData, managePage, saveChoice, unsubscribe, unsubscribePage } from './manage.ts';
import { page, readForm } from './pages.ts';
import { registerWebhook, verifyWebhook } from './webhook-flow.ts';

/**
 * The subscription service's routes: web-standard requests in, responses out, so it runs in a
 * Cloudflare Worker (worker.ts) and under any other runtime with `fetch`.
 */
type Handler = (request: Request, url: URL, config: ServiceConfig) => Promise<Response>;

const ROUTES: Readonly<Record<string, Handler>> = {
  'POST /subscribe': async (request, _url, config) => {
    const form = await readForm(request);
    return form?.has('webhook_url') === true
      ? registerWebhook(request, form, config)
      : subscribeEmail(request, form, config);
  },
  // Someone who opens the service's own address lands on the site's subscribe page.
  'GET /': toSubscribePage,
  'GET /subscribe': toSubscribePage,
  'GET /confirm': (_request, url, config) => confirmPage(url, config),
  'POST /confirm': (request, _url, config) => confirmEmail(request, config),
  'POST /webhooks/verify': (request, _url, config) => verifyWebhook(request, config),
  'GET /manage': (_request, url, config) => managePage(url, config),
  'POST /manage': (request, _url, config) => saveChoice(request, config),
  'POST /manage/export': (request, _url, config) => exportData(request, config),
  'GET /unsubscribe': (_request, url, config) => unsubscribePage(url, config),
  'POST /unsubscribe': unsubscribe,
  'GET /v1/subscribers': listSubscribers,
};

function toSubscribePage(_request: Request, _url: URL, config: ServiceConfig): Promise<Response> {
  const target = new URL('subscribe/', config.siteUrl.replace(/\/?$/, '/')).href;
  return Promise.resolve(
    new Response(null, { status: 303, headers: { Location: target, 'Cache-Control': 'no-store' } }),
  );
}

export async function handleRequest(request: Request, config: ServiceConfig): Promise<Response> {
  const url = new URL(request.url);
  const handler = ROUTES[`${request.method} ${url.pathname}`];
  try {
    if (handler === undefined) {
      return page(config, 404, 'Not found', '<p>There is nothing at this address.</p>');
    }
    return await handler(request, url, config);
  } catch (error) {
    // One line, no addresses: the error's name comes from our own code or D1.
    console.error(`Statusmark subscriptions: ${error instanceof Error ? error.name : 'Error'}`);
    return page(config, 500, 'Something went wrong', '<p>Please try again in a minute.</p>');
  }
}
