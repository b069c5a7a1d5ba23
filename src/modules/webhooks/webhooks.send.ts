import http from 'node:http';
import https from 'node:https';
import { guardedLookup, RefusedAddressError } from './webhooks.address';

export interface SendOutcome {
  ok: boolean;
  /** The receiver's HTTP status, when it answered. */
  status: number | null;
  latencyMs: number;
  /** Why it failed, for the delivery log; null on success. */
  error: string | null;
  /** The address was refused before connecting: retrying will not help while it resolves so. */
  refused?: boolean;
}

/**
 * One POST of a delivery. A 2xx answer within `timeoutMs` is success; anything else fails: a
 * slow receiver (timeout), a 4xx/5xx, a connection closed before an answer, and a redirect,
 * which is never followed (a receiver must answer at the URL it was registered with).
 */
export function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: { timeoutMs: number; allowPrivate: boolean },
): Promise<SendOutcome> {
  const start = performance.now();
  const ms = () => Math.round(performance.now() - start);
  return new Promise((resolve) => {
    let done = false;
    const finish = (o: Omit<SendOutcome, 'latencyMs'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...o, latencyMs: ms() });
    };
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Regulars-Webhooks/1',
          ...headers,
        },
        lookup: guardedLookup(opts.allowPrivate),
        agent: false,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        // The answer's body is not used; read a little so the socket ends cleanly.
        res.resume();
        res.on('error', () => {});
        if (status >= 200 && status < 300) return finish({ ok: true, status, error: null });
        if (status >= 300 && status < 400) {
          const where = res.headers.location ? ` to ${res.headers.location}` : '';
          return finish({ ok: false, status, error: `Redirect${where} not followed` });
        }
        finish({ ok: false, status, error: `HTTP ${status}` });
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, status: null, error: `No answer within ${opts.timeoutMs} ms` });
      req.destroy();
    }, opts.timeoutMs);
    req.on('error', (err) => {
      const refused = err instanceof RefusedAddressError;
      const code = (err as NodeJS.ErrnoException).code;
      const message =
        code === 'ECONNRESET' || err.message === 'socket hang up'
          ? 'Connection closed before an answer'
          : err.message;
      finish({ ok: false, status: null, error: message, ...(refused ? { refused } : {}) });
    });
    req.end(body);
  });
}
