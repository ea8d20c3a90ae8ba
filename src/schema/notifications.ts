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

const webhookTarget = z.strictObject({
  channel: z.literal('webhook'),
  ...common,
  /** Holds the receiver's URL. */
  url_env: envName,
  /** Holds the signing secret, `whsec_` + base64 (the Standard Webhooks format). */
  secret_env: envName,
});

const chatTarget = (channel: 'slack' | 'discord' | 'teams') =>
  z.strictObject({
    channel: z.literal(channel),
    ...common,
    /** Holds the incoming webhook URL (it carries a token: keep it in a secret). */
    url_env: envName,
  });

const emailTarget = z.strictObject({
  channel: z.literal('email'),
  ...common,
  /** Holds the SMTP server as a URL: `smtps://user:password@smtp.example.com:465`. */
  smtp_env: envName,
  /** Holds the From address, e.g. `Acme Status <status@acme.example>`. */
  from_env: envName,
  /**
   * Holds the subscribers, one per line: an address, then optionally the component ids it
   * follows (`ana@example.com api dashboard`). Or an `https://` URL that returns that list,
   * fetched with the bearer token in `subscribers_token_env` when given.
   */
  subscribers_env: envName,
  subscribers_token_env: envName.optional(),
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
      context.issues.push({
        code: 'custom',
        input: context.value,
        path: [],
        message: 'needs exactly one of `issue` and `discussion`',
        params: {
          fix: 'Add `issue: <number>` or `discussion: <number>`: where the updates are posted.',
        },
      });
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
