import { z } from 'zod';
import { idSchema, patternError, singleLine } from './common.ts';
import { notificationsSchema } from './notifications.ts';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A link shown in the site's header, e.g. to the product or to support. */
const linkSchema = z.strictObject({
  /** The text of the link. */
  label: z.string().trim().min(1).max(60),
  /** Where it goes: an absolute URL. */
  url: z.url({ protocol: /^https?$/ }),
});

const githubName = z
  .string()
  .regex(
    /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/,
    patternError(
      'is not a GitHub user or team name',
      'Write the name without "@": letters, digits and dashes, e.g. `alice` or `sre`.',
    ),
  );

/** Labels and reviewers for the pull requests Statusmark opens for alerting tools and issue forms. */
const pullRequestsSchema = z
  .strictObject({
    /** Labels added to each pull request; GitHub creates a label the first time it is used. */
    labels: z
      .array(z.string().trim().min(1).max(50))
      .default(['incident'])
      .meta({ description: 'Labels added to each pull request Statusmark opens.' }),
    /** GitHub users asked to review, e.g. the on-call lead. */
    reviewers: z
      .array(githubName)
      .default([])
      .meta({ description: 'GitHub users asked to review.' }),
    /** Teams of the repository's organization asked to review, by slug, e.g. `sre`. */
    team_reviewers: z
      .array(githubName)
      .default([])
      .meta({ description: 'Team slugs asked to review, e.g. `sre`.' }),
  })
  .meta({ description: 'Labels and reviewers for pull requests opened by automation.' });

/** The site config: `statusmark.yml` at the root of the content repository. */
export const siteConfigSchema = z
  .strictObject({
    /** The name in the page title and header, e.g. "Acme Status". */
    name: singleLine(100).meta({ description: 'The name in the title and header.' }),
    /** One sentence under the name, also used in feeds and social cards. */
    description: z
      .string()
      .trim()
      .max(300)
      .default('')
      .meta({ description: 'One sentence under the name.' }),
    /** The public URL of the site, without the base path, e.g. `https://status.example.com`. */
    url: z
      .url({ protocol: /^https?$/ })
      .meta({ description: 'The public URL, e.g. `https://status.example.com`.' }),
    /** A path prefix when the site is not served from the root, e.g. `/status`. */
    base: z
      .string()
      .regex(
        /^(\/[\w.-]+)*\/?$/,
        patternError(
          'is not a path prefix',
          'Write the path the site is served under, starting with "/", e.g. `/status` (or `/` for the root); letters, digits, ".", "_" and "-" between the slashes.',
        ),
      )
      .default('/')
      .meta({ description: 'Path prefix when not served from the root, e.g. `/status`.' }),
    /** The organization id used in the native API's URLs: `/v1/organizations/<id>/incidents`. */
    organization_id: idSchema.meta({ description: 'Used in `/v1/organizations/<id>/…` API URLs.' }),
    /** The IANA time zone days and times are shown in, e.g. `UTC` or `Europe/Berlin`. */
    time_zone: z
      .string()
      .default('UTC')
      .refine(
        isTimeZone,
        patternError(
          'is not an IANA time zone',
          'Use a name from the IANA time zone database, e.g. UTC, Europe/Berlin or America/New_York.',
        ),
      )
      .meta({ description: 'IANA time zone for days and times, e.g. `UTC`, `Europe/Berlin`.' }),
    /** A logo image: a path under `public/` or an absolute URL. */
    logo: z
      .string()
      .trim()
      .min(1)
      .optional()
      .meta({ description: 'A path under public/ or a URL.' }),
    /**
     * The brand colour, `#rrggbb`: the header rule, and links in light mode (dark mode keeps its
     * own link colour for contrast). Choose one with 4.5:1 contrast on white. Status colours stay fixed.
     */
    accent_color: z
      .string()
      .regex(
        /^#[0-9a-fA-F]{6}$/,
        patternError(
          'is not a colour of the form #rrggbb',
          'Write six hexadecimal digits after "#", e.g. `#0b6bcb`.',
        ),
      )
      .optional()
      .meta({ description: 'Brand colour for the header and links, e.g. `#0b6bcb`.' }),
    /** Links shown in the header. */
    links: z.array(linkSchema).default([]).meta({ description: 'Links shown in the header.' }),
    /** How pull requests opened by automation (dispatch, issue forms) are labelled and routed. */
    pull_requests: pullRequestsSchema.default({
      labels: ['incident'],
      reviewers: [],
      team_reviewers: [],
    }),
    /** The GitHub repository of this page, `owner/name`: for links to its issues and discussions. */
    repository: z
      .string()
      .regex(
        /^[\w.-]{1,39}\/[\w.-]{1,100}$/,
        patternError(
          'is not a GitHub repository',
          'Write the owner and the name, e.g. `acme/status`.',
        ),
      )
      .optional()
      .meta({ description: 'The GitHub repository, `owner/name`, for links to its issues.' }),
    /** Subscriber notifications on merge (see docs/notifications.md). */
    notifications: notificationsSchema.prefault({}),
    /**
     * The optional subscription service (a Cloudflare Worker, src/subscriptions/): with its
     * address, `/subscribe/` shows a form visitors subscribe with.
     */
    subscriptions: z
      .strictObject({
        /** The service's public address, e.g. `https://subscribe.acme.example/`. */
        url: z
          .url({ protocol: /^https?$/ })
          .refine(
            (url) =>
              url.startsWith('https://') || /^http:\/\/(localhost|127\.0\.0\.1)(:|\/|$)/.test(url),
            patternError(
              'must be an https address',
              'Write the https address of the subscription service, e.g. https://subscribe.acme.example/ (plain http only for localhost).',
            ),
          )
          .meta({ description: 'The public https address of the subscription service.' }),
        /** Cloudflare Turnstile's site key, when the service checks the form with Turnstile. */
        turnstile_site_key: z
          .string()
          .regex(
            /^[\w-]{1,100}$/,
            patternError(
              'is not a Turnstile site key',
              'Copy the site key from the Turnstile dashboard.',
            ),
          )
          .optional()
          .meta({ description: 'The Turnstile site key, when the service requires Turnstile.' }),
      })
      .optional()
      .meta({ description: 'The optional subscription service, for a form on /subscribe/.' }),
  })
  .check((context) => {
    // The service's subscribers are read from the address the site's form posts to.
    if (context.value.subscriptions !== undefined) return;
    context.value.notifications.targets.forEach((target, index) => {
      if (!('service_token_env' in target) || target.service_token_env === undefined) return;
      context.issues.push({
        code: 'custom',
        input: target.service_token_env,
        path: ['notifications', 'targets', index, 'service_token_env'],
        message: 'reads the subscription service, but `subscriptions.url` is not set',
        params: {
          fix: 'Add `subscriptions:` with `url: https://…`, the address of your subscription service (see docs/subscriptions.md), or remove `service_token_env`.',
        },
      });
    });
  })
  .meta({ title: 'Statusmark site config' });

export type SiteConfig = z.output<typeof siteConfigSchema>;
