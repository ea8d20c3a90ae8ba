import { z } from 'zod';
import { idSchema } from './common.ts';

/**
 * Who is notified when an update is merged: `notifications` in `statusmark.yml`. The file is
 * public, so it names only the environment variables that hold each URL, secret and address
 * list; their values come from the repository's secrets and never enter the repository.
 */

export const CHANNELS = ['webhook', 'slack', 'discord', 'teams', 'email', 'github'] as const;
export type Channel = (typeof CHANNELS)[number];

/** An environment variable's name, e.g. `STATUSMARK_SLACK_URL`. */
const envName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'is not an environment variable name (e.g. STATUSMARK_SLACK_URL)')
  .meta({ description: 'The name of an environment variable (a repository secret).' });

const common = {
  /** The target's id: it names the target in logs, the ledger and `forecast`, e.g. `ops-slack`. */
  id: idSchema.meta({ description: 'The target id, e.g. `ops-slack`.' }),
  /** Only updates of incidents affecting one of these components; all components when left out. */
  components: z
    .array(idSchema)
    .min(1)
    .optional()
    .meta({ description: 'Component ids this target follows; all when left out.' }),
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
      .regex(/^[\w.-]+(\/[\w.-]+)*$/)
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
