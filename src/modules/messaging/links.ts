import type { Config } from '../../config';
import type { Channel } from '../customers/customers.inputs';
import { feedbackToken, unsubscribeToken } from './unsubscribe-token';

// Development only: config refuses to start in production without UNSUBSCRIBE_SECRET.
const DEV_SECRET = 'regulars-development-link-secret';

export const linkSecret = (config: Config) => config.UNSUBSCRIBE_SECRET ?? DEV_SECRET;

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
