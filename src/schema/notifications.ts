import { z } from 'zod';
import { idSchema, patternError } from './common.ts';

/**
 * Who is notified when an update is merged: `notifications` in `statusmark.yml`. The file is
 * public, so it names only the environment variables that hold each URL, secret and address
 * list; their values come from the repository's secrets and never enter the repository.
 */

export const CHANNELS = ['webhook', 'slack', 'discord', 'teams', 'email', 'github'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * An environment variable's name, e.g. `STATUSMARK_SLACK_URL`. The file is public: a value that
 * is the secret itself (a URL, a token) is refused, and errors never repeat what was written.
 */
const envName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]{0,63}$/, {
    ...patternError(
      'is not the name of an environment variable',
      'Write the name of the repository secret that holds the value, e.g. STATUSMARK_SLACK_URL, and put the value itself in that secret, never in this file.',
    ),
    // One problem per key: a value that is no name at all need not also look like a token.
    abort: true,
  })
  .refine(
    (name) => !looksLikeToken(name),
    patternError(
      'looks like a secret value rather than the name of an environment variable',
      "Put the value in a repository secret, write the secret's name here (e.g. STATUSMARK_SLACK_URL), and rotate the value if this file was ever pushed.",
    ),
  )
  .meta({ description: 'The name of an environment variable (a repository secret).' });

/** Tokens are long runs of letters and digits; names are words joined by underscores. */
function looksLikeToken(name: string): boolean {
  return name.split('_').some((part) => part.length >= 16 && /\d/.test(part));
}

const common = {
  /** The target's id: it names the target in logs, the ledger and `forecast`, e.g. `ops-slack`. */
  id: idSchema.meta({ description: 'The target id, e.g. `ops-slack`.' }),
  /** Only updates of incidents affecting one of these components; all components when left out. */
  components: z
    .array(idSchema)
    .min(1)
    .optional()
    .meta({ description: 'Component ids this target follows; all when left out.' }),
  /**
   * What happens to a message whose outcome is unknown (it timed out, or the run stopped while
   * sending it): `at-least-once` sends it once more, so it may arrive twice; `at-most-once`
   * never sends it again, so it may never arrive. Either way it is reported. Webhook and GitHub
   * receivers drop repeats, so for them a resend is always safe.
   */
  delivery: z.enum(['at-least-once', 'at-most-once']).default('at-least-once').meta({
    description:
      'For a message whose outcome is unknown: `at-least-once` (default) sends it once more, `at-most-once` never does.',
  }),
};

/**
 * Reads the confirmed subscribers of the subscription service (`subscriptions.url` in this
 * file) with the service's API token: visitors who subscribed themselves.
 */
const serviceTokenEnv = envName.optional().meta({
  description:
    'Holds the API token of the subscription service: its confirmed subscribers are notified too.',
});

/** A custom issue on a target: `message` says what is wrong, `fix` how to put it right. */
function targetIssue(
  context: { value: object; issues: unknown[] },
  message: string,
  fix: string,
  path: string[] = [],
): void {
  (context.issues as object[]).push({
    code: 'custom',
    input: context.value,
    path,
    message,
    params: { fix },
  });
}

const webhookTarget = z
  .strictObject({
    channel: z.literal('webhook'),
    ...common,
    /** Holds the receiver's URL. */
    url_env: envName.optional(),
    /** Holds the signing secret, `whsec_` + base64 (the Standard Webhooks format). */
    secret_env: envName.optional(),
    /** Or: the webhooks visitors registered with the subscription service, each with its secret. */
    service_token_env: serviceTokenEnv,
  })
  .check((context) => {
    const { url_env, secret_env, service_token_env } = context.value;
    const own = url_env !== undefined || secret_env !== undefined;
    if (own && service_token_env !== undefined) {
      targetIssue(
        context,
        'has both a receiver of its own (`url_env`) and the subscription service (`service_token_env`)',
        'Make them two targets: one with `url_env` and `secret_env`, one with `service_token_env`.',
      );
    } else if (!own && service_token_env === undefined) {
      targetIssue(
        context,
        'needs `url_env` and `secret_env`, or `service_token_env`',
        "Name the secrets that hold the receiver's URL and signing secret, or the subscription service's API token for the webhooks visitors registered.",
      );
    } else if (own && (url_env === undefined || secret_env === undefined)) {
      targetIssue(
        context,
        `needs \`${url_env === undefined ? 'url_env' : 'secret_env'}\` too`,
        'A webhook target names both the secret with its URL and the one with its signing secret.',
      );
    }
  });

const chatTarget = (channel: 'slack' | 'discord' | 'teams') =>
  z.strictObject({
    channel: z.literal(channel),
    ...common,
    /** Holds the incoming webhook URL (it carries a token: keep it in a secret). */
    url_env: envName,
  });

const emailTarget = z
  .strictObject({
    channel: z.literal('email'),
    ...common,
    /** Holds the SMTP server as a URL: `smtps://user:password@smtp.example.com:465`. */
    smtp_env: envName.optional(),
    /**
     * Or: holds the API key of an HTTP email API with batch sending (Resend's API), which
     * reaches long lists far faster than SMTP from a CI runner.
     */
    email_api_env: envName.optional(),
    /** The email API's address; a provider speaking Resend's API, or a stand-in for tests. */
    email_api_url: z
      .url({ protocol: /^https?$/ })
      .default('https://api.resend.com')
      .meta({ description: "The email API's base URL (Resend's API)." }),
    /** Holds the From address, e.g. `Acme Status <status@acme.example>`. */
    from_env: envName,
    /**
     * Holds the subscribers, one per line: an address, then optionally the component ids it
     * follows (`ana@example.com api dashboard`). Or an `https://` URL that returns that list,
     * fetched with the bearer token in `subscribers_token_env` when given.
     */
    subscribers_env: envName.optional(),
    subscribers_token_env: envName.optional(),
    service_token_env: serviceTokenEnv,
  })
  .check((context) => {
    const { smtp_env, email_api_env, subscribers_env, service_token_env } = context.value;
    if ((smtp_env === undefined) === (email_api_env === undefined)) {
      targetIssue(
        context,
        'needs exactly one of `smtp_env` and `email_api_env`',
        'Name the secret with the SMTP server URL (`smtp_env`) or the one with the email API key (`email_api_env`): how the mails are sent.',
      );
    }
    if (subscribers_env === undefined && service_token_env === undefined) {
      targetIssue(
        context,
        'needs `subscribers_env`, `service_token_env` or both',
        "Name the secret with the list of addresses, or the subscription service's API token: who the mails go to.",
      );
    }
  });

const githubTarget = z
  .strictObject({
    channel: z.literal('github'),
    ...common,
    /** The issue whose watchers are notified: each update becomes a comment on it. */
    issue: z.int().positive().optional().meta({ description: 'The issue number to comment on.' }),
    /** Or a discussion (e.g. in an Announcements category) to comment on. */
    discussion: z
      .int()
      .positive()
      .optional()
      .meta({ description: 'The discussion number to comment on.' }),
  })
  .check((context) => {
    if ((context.value.issue === undefined) === (context.value.discussion === undefined)) {
      targetIssue(
        context,
        'needs exactly one of `issue` and `discussion`',
        'Add `issue: <number>` or `discussion: <number>`: where the updates are posted.',
      );
    }
  });

export const targetSchema = z.discriminatedUnion('channel', [
  webhookTarget,
  chatTarget('slack'),
  chatTarget('discord'),
  chatTarget('teams'),
  emailTarget,
  githubTarget,
]);

export type TargetConfig = z.output<typeof targetSchema>;

export const notificationsSchema = z
  .strictObject({
    /** The branch that records what was delivered (created on the first run). */
    ledger_branch: z
      .string()
      .regex(
        /^[\w.-]+(\/[\w.-]+)*$/,
        patternError(
          'is not a branch name',
          'Use letters, digits, ".", "_", "-" and "/", e.g. `statusmark-ledger`.',
        ),
      )
      .default('statusmark-ledger')
      .meta({ description: 'The branch recording what was delivered.' }),
    /** Environment variable with the key that turns subscriber addresses into ledger ids. */
    ledger_key_env: envName.default('STATUSMARK_LEDGER_KEY'),
    targets: z
      .array(targetSchema)
      .default([])
      .check((context) => {
        const seen = new Set<string>();
        context.value.forEach((target, index) => {
          if (seen.has(target.id)) {
            context.issues.push({
              code: 'custom',
              input: target.id,
              path: [index, 'id'],
              message: 'is the id of an earlier target',
              params: { fix: 'Give each target its own id: it keys the ledger.' },
            });
          }
          seen.add(target.id);
        });
      })
      .meta({ description: 'Who is notified.' }),
  })
  .meta({ description: 'Subscriber notifications: targets, and where deliveries are recorded.' });

export type NotificationsConfig = z.output<typeof notificationsSchema>;
