import { describe, expect, it } from 'vitest';
import { notificationsSchema } from '../src/schema/notifications.ts';
import { resolveTargets, TargetSetupError } from '../src/notify/targets.ts';

const config = notificationsSchema.parse({
  targets: [
    {
      id: 'customers',
      channel: 'email',
      smtp_env: 'T_SMTP',
      from_env: 'T_FROM',
      subscribers_env: 'T_LIST',
      subscribers_token_env: 'T_LIST_TOKEN',
    },
  ],
});
const base = {
  T_SMTP: 'smtp://127.0.0.1:25',
  T_FROM: 'status@example.com',
  STATUSMARK_LEDGER_KEY: 'k',
};

describe('email subscribers', () => {
  it('are read from a private URL with its token, and known by opaque ids only', async () => {
    const asked: [string, string | undefined][] = [];
    const [target] = await resolveTargets(
      config,
      { ...base, T_LIST: 'https://lists.example.com/status.txt', T_LIST_TOKEN: 'listtoken' },
      {
        fetchText: (url, token) => {
          asked.push([url, token]);
          return Promise.resolve('ana@example.com api\nANA@example.com\nbo@example.com\n');
        },
      },
    );
    expect(asked).toEqual([['https://lists.example.com/status.txt', 'listtoken']]);
    expect(target?.recipients).toEqual([
      { id: expect.stringMatching(/^[0-9a-f]{20}$/) as string, components: ['api'] },
      { id: expect.stringMatching(/^[0-9a-f]{20}$/) as string, components: null },
    ]);
    expect(JSON.stringify(target)).toBe('{"id":"customers","channel":"email"}');
    expect(String(target)).toBe('customers (email)');
  });

  it('explain a missing secret by its name and a bad line by its number, never by value', async () => {
    await expect(resolveTargets(config, { ...base, T_LIST_TOKEN: 'x' })).rejects.toThrow(
      'The environment variable T_LIST (for the email target "customers") is not set. Add it as a repository secret and pass it to the notify step in env:.',
    );
    const error = await resolveTargets(config, {
      ...base,
      T_LIST: 'ana@example.com\nbo-at-example.com\n',
      T_LIST_TOKEN: 'x',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TargetSetupError);
    expect((error as Error).message).toBe(
      'Line 2 of the subscriber list of "customers" does not start with an email address.',
    );
  });

  it('refuses two targets with one id, and a GitHub target without a number', () => {
    const issues = (targets: unknown[]) =>
      notificationsSchema
        .safeParse({ targets })
        .error?.issues.map((issue) => [issue.path.join('.'), issue.message]);
    expect(issues([{ id: 'a', channel: 'github' }])).toEqual([
      ['targets.0', 'needs exactly one of `issue` and `discussion`'],
    ]);
    expect(
      issues([
        { id: 'a', channel: 'slack', url_env: 'A' },
        { id: 'a', channel: 'github', issue: 1 },
      ]),
    ).toEqual([['targets.1.id', 'is the id of an earlier target']]);
  });
});
