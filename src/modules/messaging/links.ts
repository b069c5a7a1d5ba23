import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config';
import type { Channel } from '../customers/customers.inputs';
import { feedbackToken, unsubscribeToken } from './unsubscribe-token';

/** Where an install without UNSUBSCRIBE_SECRET keeps its own random link secret. */
export const LINK_SECRET_FILE = 'link-secret';

const generated = new Map<string, string>();

/**
 * The secret that signs unsubscribe, preference, survey and feedback links: UNSUBSCRIBE_SECRET,
 * or (outside production, where config demands the variable) a random secret made on the first
 * start and kept beside the embedded database in `<REGULARS_DATA_DIR>/link-secret`, mode 0600,
 * so links keep working across restarts and every process on the machine shares it. Never a
 * constant: a public default would let anyone forge links.
 */
export function linkSecret(config: Config): string {
  if (config.UNSUBSCRIBE_SECRET) return config.UNSUBSCRIBE_SECRET;
  const file = path.join(config.dataDir, LINK_SECRET_FILE);
  let secret = generated.get(file);
  if (secret) return secret;
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another process made it first
  }
  secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`${file} holds no usable secret; delete it to make a new one`);
  generated.set(file, secret);
  return secret;
}

const base = (config: Config) => config.PUBLIC_URL.replace(/\/+$/, '');

export interface MessageLinks {
  unsubscribeUrl: string;
  unsubscribeMailto: string;
  preferencesUrl: string;
  usefulYesUrl?: string;
  usefulNoUrl?: string;
}

export function messageLinks(
  config: Config,
  m: { programId: string; customerId: string; channel: Channel; topic: string | null; messageId: string },
  withFeedback: boolean,
): MessageLinks {
  const secret = linkSecret(config);
  const token = unsubscribeToken(secret, { p: m.programId, c: m.customerId, ch: m.channel, t: m.topic });
  const channelToken = m.topic
    ? unsubscribeToken(secret, { p: m.programId, c: m.customerId, ch: m.channel })
    : token;
  const domain = /@([^>\s]+)/.exec(config.MAIL_FROM)?.[1] ?? 'localhost';
  const links: MessageLinks = {
    unsubscribeUrl: `${base(config)}/u/${token}`,
    unsubscribeMailto: `mailto:unsubscribe@${domain}?subject=unsubscribe%20${token}`,
    preferencesUrl: `${base(config)}/p/${channelToken}`,
  };
  if (withFeedback) {
    const f = feedbackToken(secret, { p: m.programId, m: m.messageId });
    links.usefulYesUrl = `${base(config)}/f/${f}?useful=yes`;
    links.usefulNoUrl = `${base(config)}/f/${f}?useful=no`;
  }
  return links;
}
