import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureHeader, verifySignature } from './webhooks.signature';

describe('webhook signatures', () => {
  const body = '{"id":"e1","type":"points.changed"}';
  it('is t=<ts>,v1=<hex HMAC-SHA256 of "t.body">, one v1 per signing secret', () => {
    const h = signatureHeader(['whsec_new', 'whsec_old'], 1_764_843_302, body);
    const mac = (s: string) => createHmac('sha256', s).update(`1764843302.${body}`).digest('hex');
    expect(h).toBe(`t=1764843302,v1=${mac('whsec_new')},v1=${mac('whsec_old')}`);
  });
  it('verifies with either secret during an overlap; refuses a changed body, a wrong secret, an old t', () => {
    const h = signatureHeader(['whsec_new', 'whsec_old'], 1000, body);
    expect(verifySignature(h, 'whsec_new', body, 1000)).toBe(true);
    expect(verifySignature(h, 'whsec_old', body, 1100)).toBe(true);
    expect(verifySignature(h, 'whsec_other', body, 1000)).toBe(false);
    expect(verifySignature(h, 'whsec_new', `${body} `, 1000)).toBe(false);
    expect(verifySignature(h, 'whsec_new', body, 1000 + 301)).toBe(false);
    expect(verifySignature('v1=zz', 'whsec_new', body, 1000)).toBe(false);
  });
});
