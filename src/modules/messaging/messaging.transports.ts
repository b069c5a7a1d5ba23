import { createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import nodemailer, { type Transporter } from 'nodemailer';
import DKIM from 'nodemailer/lib/dkim';
import SMTPPool from 'nodemailer/lib/smtp-pool';
import type { Config } from '../../config';
import { buildEmail, sender } from './mime';

/** A failure that another attempt will not fix (a rejected recipient, a 4xx from the provider). */
export class PermanentSendError extends Error {}

/**
 * The message may or may not have been delivered: the connection dropped or went silent
 * once the session was under way, without a reply to say which. Never retried (a retry is
 * how a customer got three copies); the message is recorded as UNKNOWN.
 */
export class UnknownOutcomeError extends Error {}

/** Failures that happen before the server could have received anything: safe to retry. */
const BEFORE_SESSION_TIMEOUTS = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT']);
const BEFORE_SESSION_ERRORS =
  /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|Greeting never received/;

export interface OutgoingEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  /** Customer messages carry RFC 8058 one-click unsubscribe; a staff invitation has none. */
  unsubscribeUrl?: string;
  unsubscribeMailto?: string;
}

export interface SendResult {
  transport: 'smtp' | 'local' | 'webhook';
  providerId: string | null;
}

const transports = new WeakMap<Config, Transporter>();

/**
 * SMTP when SMTP_URL is set; otherwise nodemailer's stream transport takes the very same MIME
 * message and the row itself is the local outbox (listed by `localOutbox`).
 */
function transporter(config: Config): Transporter {
  let t = transports.get(config);
  if (!t) {
    t = config.SMTP_URL
      ? nodemailer.createTransport({
          url: config.SMTP_URL,
          // A server that never answers gives the worker slot back after these.
          connectionTimeout: config.SMTP_CONNECTION_TIMEOUT_MS,
          greetingTimeout: config.SMTP_GREETING_TIMEOUT_MS,
          socketTimeout: config.SMTP_SOCKET_TIMEOUT_MS,
        })
      : nodemailer.createTransport({ streamTransport: true, buffer: true });
    transports.set(config, t);
  }
  return t;
}

/** A built message on its way: the envelope, its Message-ID and the MIME bytes. */
interface Submission {
  envelope: { from: string; to: string[] };
  messageId: string;
  raw: Buffer;
}

/** How a built message reaches the server: a connection of its own, or the pool. */
export type Submit = (m: Submission) => Promise<void>;

/** One message, one connection (thank-yous, notices: their latency matters, not their rate). */
const submitAlone =
  (config: Config): Submit =>
  async (m) => {
    await transporter(config).sendMail({ envelope: m.envelope, raw: m.raw, dkim: dkimOptions(config) });
  };

/**
 * Pooled SMTP for batch delivery: nodemailer's pool (`SMTPPool`), `SMTP_POOL_SIZE` connections
 * kept open and reused, shared by every batch running in this process, which bounds the sends
 * in flight at once. Messages go to the pool as nodemailer's transports take them (envelope,
 * Message-ID, a stream of the bytes, DKIM-signed by nodemailer's signer when configured),
 * without nodemailer's mailer in front: for a message that is already built, the mailer's
 * parsing and copying was half the CPU of a send. Counted: the last user closes the pool, so
 * no idle connection outlives the batches. Without SMTP_URL, the local transport.
 */
export function acquireEmailPool(config: Config): { submit: Submit; release(): void } {
  if (!config.SMTP_URL) return { submit: submitAlone(config), release() {} };
  let entry = pools.get(config);
  if (!entry) {
    const pool = new SMTPPool({
      url: config.SMTP_URL,
      maxConnections: config.SMTP_POOL_SIZE,
      maxMessages: 1000,
      connectionTimeout: config.SMTP_CONNECTION_TIMEOUT_MS,
      greetingTimeout: config.SMTP_GREETING_TIMEOUT_MS,
      socketTimeout: config.SMTP_SOCKET_TIMEOUT_MS,
    } as ConstructorParameters<typeof SMTPPool>[0]);
    const signing = dkimOptions(config);
    const dkim = signing ? new DKIM(signing) : null;
    const submit: Submit = (m) =>
      new Promise<void>((resolve, reject) => {
        const message = {
          getEnvelope: () => m.envelope,
          messageId: () => m.messageId,
          getHeader: (key: string) => (key.toLowerCase() === 'message-id' ? m.messageId : undefined),
          createReadStream: () => (dkim ? dkim.sign(m.raw) : Readable.from([m.raw])),
        };
        (pool as unknown as { send(mail: object, cb: (err: Error | null) => void): void }).send(
          { data: {}, message },
          (err) => (err ? reject(err) : resolve()),
        );
      });
    entry = { users: 0, pool, submit };
    pools.set(config, entry);
  }
  entry.users++;
  const e = entry;
  let released = false;
  return {
    submit: e.submit,
    release() {
      if (released) return;
      released = true;
      if (--e.users === 0) {
        pools.delete(config);
        e.pool.close();
      }
    },
  };
}

const pools = new Map<Config, { users: number; pool: SMTPPool; submit: Submit }>();

export function dkimOptions(config: Config) {
  if (!config.DKIM_PRIVATE_KEY) return undefined;
  return {
    domainName: config.DKIM_DOMAIN!,
    keySelector: config.DKIM_SELECTOR!,
    privateKey: config.DKIM_PRIVATE_KEY,
    // RFC 8058 §4: the signature must cover both List-Unsubscribe headers.
    headerFieldNames:
      'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:' +
      'Content-Transfer-Encoding:List-Id:List-Unsubscribe:List-Unsubscribe-Post',
  };
}

function messageIdDomain(from: string): string {
  return /@([^>\s]+)/.exec(from)?.[1] ?? 'regulars.localhost';
}

/**
 * Builds the message (mime.ts) and sends it over `via` (the pool) or a connection of its own;
 * nodemailer signs it (DKIM) and sends it. Failures classified as below.
 */
export async function sendEmail(config: Config, mail: OutgoingEmail, via?: Submit): Promise<SendResult> {
  // One Message-ID per message, whatever the attempt: a receiving system can tell a copy.
  const messageId = `<${mail.id}@${messageIdDomain(config.MAIL_FROM)}>`;
  try {
    await (via ?? submitAlone(config))({
      envelope: { from: sender(config.MAIL_FROM).address, to: [mail.to] },
      messageId,
      raw: buildEmail({
        from: config.MAIL_FROM,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId,
        date: new Date(),
        headers: [
          ...(mail.unsubscribeUrl
            ? ([
                ['List-Unsubscribe', `<${mail.unsubscribeUrl}>, <${mail.unsubscribeMailto}>`],
                ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
              ] as [string, string][])
            : []),
          ['X-Regulars-Message-Id', mail.id],
        ],
      }),
    });
    return { transport: config.SMTP_URL ? 'smtp' : 'local', providerId: messageId };
  } catch (err) {
    const code = (err as { responseCode?: number }).responseCode;
    // 5xx: the server refused this message or recipient for good; 4xx and network: try again.
    if (code && code >= 500) throw new PermanentSendError(`SMTP ${code}: ${(err as Error).message}`);
    if (code) throw err;
    const e = err as { code?: string; timeoutType?: string; message: string };
    // Connecting failed: nothing reached the server, another attempt is safe.
    if (
      BEFORE_SESSION_TIMEOUTS.has(e.timeoutType ?? '') ||
      BEFORE_SESSION_ERRORS.test(e.message) ||
      !config.SMTP_URL
    )
      throw err;
    throw new UnknownOutcomeError(`outcome unknown: ${e.message} (${e.code ?? 'no reply'})`);
  }
}

export interface OutgoingWebhook {
  id: string;
  channel: 'SMS' | 'PUSH';
  to: string;
  subject: string | null;
  text: string;
  customerId: string;
  kind: string;
}

export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * SMS and push go to the provider as a signed JSON POST: `X-Regulars-Signature:
 * t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. The message id rides along as
 * `Idempotency-Key`, so a provider can drop the retry of a request that timed out after all.
 */
export async function sendWebhook(config: Config, now: Date, msg: OutgoingWebhook): Promise<SendResult> {
  if (!config.WEBHOOK_URL) return { transport: 'local', providerId: null };
  const body = JSON.stringify(msg);
  const ts = String(Math.floor(now.getTime() / 1000));
  let res: Response;
  try {
    res = await fetch(config.WEBHOOK_URL, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': msg.id,
        'x-regulars-timestamp': ts,
        'x-regulars-signature': `t=${ts},v1=${webhookSignature(config.WEBHOOK_SECRET!, ts, body)}`,
      },
      body,
      signal: AbortSignal.timeout(config.WEBHOOK_TIMEOUT_MS),
    });
  } catch (err) {
    throw new Error(
      `webhook: ${(err as Error).name === 'TimeoutError' ? 'timed out' : (err as Error).message}`,
    );
  }
  const answer = await res.text().catch(() => '');
  if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
    throw new PermanentSendError(`webhook answered ${res.status}`);
  }
  if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  let providerId: string | null = null;
  try {
    const id = (JSON.parse(answer) as { id?: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') providerId = String(id);
  } catch {
    // A provider that answers 2xx without JSON still accepted the message.
  }
  return { transport: 'webhook', providerId };
}
