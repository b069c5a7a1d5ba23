import { DAY_MS, offsetMs } from '../../shared/time';
import type { Channel } from '../customers/customers.inputs';

export const MESSAGE_KINDS = ['THANK_YOU', 'NOTICE', 'SURVEY', 'NEWSLETTER', 'REPLY'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * The contact-pressure budget: one budget per customer across every kind of message we start
 * (a REPLY answers the customer and is never held back), plus a cap per kind. Checked when a
 * message is sent, against what was actually sent.
 */
export const CONTACT_BUDGET = { max: 4, windowMs: 7 * DAY_MS };
export const KIND_CAPS: Record<Exclude<MessageKind, 'REPLY'>, { max: number; windowMs: number }> = {
  THANK_YOU: { max: 1, windowMs: DAY_MS },
  NOTICE: { max: 2, windowMs: 7 * DAY_MS },
  SURVEY: { max: 1, windowMs: 30 * DAY_MS },
  NEWSLETTER: { max: 4, windowMs: 30 * DAY_MS },
};

/**
 * When quiet hours (minutes after local midnight, `start` inclusive, `end` exclusive; a window
 * may wrap midnight) allow sending: `now` itself, or the next local `end` as a UTC instant.
 * DST-safe: the target is a local wall time, converted back with the offset in force then.
 */
export function nextAllowedAt(now: Date, zone: string, start: number | null, end: number | null): Date {
  if (start == null || end == null || start === end) return now;
  const t = now.getTime();
  const wall = t + offsetMs(now, zone);
  const minute = Math.floor((((wall % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
  const quiet = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!quiet) return now;
  const wallMidnight = wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS);
  let targetWall = wallMidnight + end * 60_000;
  if (targetWall <= wall) targetWall += DAY_MS;
  // Two passes settle the offset across a DST change between now and the target.
  let utc = targetWall - offsetMs(new Date(targetWall - offsetMs(now, zone)), zone);
  utc = targetWall - offsetMs(new Date(utc), zone);
  return new Date(utc);
}

export interface ChannelFacts {
  consents: Partial<Record<Channel, 'GRANTED' | 'DENIED'>>;
  address: Partial<Record<Channel, string | null>>;
  smsOnlyAfterInbound: boolean;
  inbound: Partial<Record<Channel, boolean>>;
}

/** Why a channel may not be used now, or null when it may. */
export function channelBlock(ch: Channel, f: ChannelFacts): string | null {
  if (f.consents[ch] !== 'GRANTED') return `no ${ch} consent`;
  if (!f.address[ch]) return `no ${ch} address`;
  if (ch === 'SMS' && f.smsOnlyAfterInbound && !f.inbound.SMS) return 'SMS only after the customer texts us';
  return null;
}

/** A missing address is a failure to record; missing consent is a deliberate suppression. */
export function unreachableStatus(block: string): 'FAILED' | 'SUPPRESSED' {
  return /^no \w+ address$/.test(block) ? 'FAILED' : 'SUPPRESSED';
}

/** The preferred channel when allowed, else the first allowed of EMAIL, PUSH, SMS. */
export function chooseChannel(
  preferred: Channel | null,
  f: ChannelFacts,
  available: Channel[],
): Channel | null {
  const order: Channel[] = [
    ...(preferred ? [preferred] : []),
    ...(['EMAIL', 'PUSH', 'SMS'] as Channel[]).filter((c) => c !== preferred),
  ];
  return order.find((c) => available.includes(c) && channelBlock(c, f) == null) ?? null;
}
