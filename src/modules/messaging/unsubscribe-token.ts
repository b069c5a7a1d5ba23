import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Signed single-purpose link tokens: `base64url(json).base64url(hmac)`. They never expire
 * (an old email's unsubscribe link must keep working), so they carry only what the one
 * action needs, and the purpose is part of what is signed: a feedback token cannot
 * unsubscribe, nor the other way round.
 */
const Unsubscribe = z.object({
  u: z.literal(1),
  p: z.uuid(),
  c: z.uuid(),
  ch: z.enum(['EMAIL', 'SMS', 'PUSH']),
  t: z.string().max(50).nullish(),
});
const Feedback = z.object({ f: z.literal(1), p: z.uuid(), m: z.uuid() });

export type UnsubscribeClaims = z.infer<typeof Unsubscribe>;
export type FeedbackClaims = z.infer<typeof Feedback>;

const sign = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest('base64url');

function encode(secret: string, claims: object): string {
  const data = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${data}.${sign(secret, data)}`;
}

function decode<T extends z.ZodType>(secret: string, token: string, schema: T): z.infer<T> | null {
  const m = /^([A-Za-z0-9_-]{1,1000})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  const expected = Buffer.from(sign(secret, m[1]!));
  const given = Buffer.from(m[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const r = schema.safeParse(JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export const unsubscribeToken = (secret: string, c: Omit<UnsubscribeClaims, 'u'>) =>
  encode(secret, { u: 1, ...c });
export const readUnsubscribeToken = (secret: string, token: string) => decode(secret, token, Unsubscribe);
export const feedbackToken = (secret: string, c: Omit<FeedbackClaims, 'f'>) => encode(secret, { f: 1, ...c });
export const readFeedbackToken = (secret: string, token: string) => decode(secret, token, Feedback);

/** A survey link: answers one survey, once (the survey row records the answer). */
const Survey = z.object({ s: z.literal(1), p: z.uuid(), id: z.uuid() });
export type SurveyClaims = z.infer<typeof Survey>;
export const surveyToken = (secret: string, c: Omit<SurveyClaims, 's'>) => encode(secret, { s: 1, ...c });
export const readSurveyToken = (secret: string, token: string) => decode(secret, token, Survey);
