import { describe, expect, it } from 'vitest';
import { randomId, signToken, verifyToken } from '../src/subscriptions/tokens.ts';
import { normaliseWebhookUrl } from '../src/subscriptions/webhook-flow.ts';

const SECRET = 'a-test-secret-of-the-subscription-service';
const NOW = Date.parse('2026-12-01T12:00:00Z');
const payload = {
  purpose: 'confirm' as const,
  subject: 'sub_1',
  expires: NOW + 3_600_000,
  nonce: randomId(),
};

describe('signed subscription tokens', () => {
  it('carry their payload when signed with the secret, for their purpose, before they expire', async () => {
    const token = await signToken(SECRET, payload);
    expect(await verifyToken(SECRET, token, 'confirm', NOW)).toEqual({ ok: true, payload });
  });

  it('are refused when forged, altered, expired, for another purpose or malformed', async () => {
    const token = await signToken(SECRET, payload);
    const [body = '', signature = ''] = token.split('.');
    const other = await signToken('another-secret', payload);
    const altered = `${btoa(JSON.stringify({ ...payload, subject: 'sub_2' })).replace(/=+$/, '')}.${signature}`;
    const reasons = await Promise.all(
      [
        verifyToken(SECRET, other, 'confirm', NOW),
        verifyToken(SECRET, altered, 'confirm', NOW),
        verifyToken(SECRET, token, 'confirm', payload.expires),
        verifyToken(SECRET, token, 'unsubscribe', NOW),
        verifyToken(SECRET, `${body}.${signature}.x`, 'confirm', NOW),
        verifyToken(SECRET, 'not a token', 'confirm', NOW),
        verifyToken(SECRET, 'x'.repeat(5000), 'confirm', NOW),
      ].map(async (check) => {
        const result = await check;
        return result.ok ? 'ok' : result.reason;
      }),
    );
    expect(reasons).toEqual([
      'forged',
      'forged',
      'expired',
      'wrong-purpose',
      'malformed',
      'malformed',
      'malformed',
    ]);
  });

  it('differ for the same subscriber', async () => {
    const a = await signToken(SECRET, { ...payload, nonce: randomId() });
    const b = await signToken(SECRET, { ...payload, nonce: randomId() });
    expect(a).not.toBe(b);
  });
});

describe('webhook URLs a visitor may register', () => {
  it('are https on a public host name, without credentials; loopback only when testing', () => {
    const refused = [
      'http://hooks.example.com/status',
      'https://127.0.0.1/hook',
      'https://[::1]/hook',
      'https://10.0.0.7/hook',
      'https://localhost/hook',
      'https://printer.local/hook',
      'https://user:secret@hooks.example.com/',
      'javascript:alert(1)',
      `https://hooks.example.com/${'a'.repeat(2100)}`,
    ];
    expect(refused.map((url) => normaliseWebhookUrl(url, false))).toEqual(refused.map(() => null));
    expect(normaliseWebhookUrl(' https://hooks.example.com/status#part ', false)).toBe(
      'https://hooks.example.com/status',
    );
    expect(normaliseWebhookUrl('http://127.0.0.1:8080/hook', true)).toBe(
      'http://127.0.0.1:8080/hook',
    );
    expect(normaliseWebhookUrl('ftp://127.0.0.1/hook', true)).toBeNull();
  });
});
