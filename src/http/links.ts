import Router from '@koa/router';
import getRawBody from 'raw-body';
import type { AppDeps } from '../graphql/context';
import { linkSecret } from '../modules/messaging/links';
import {
  changePreferenceByToken,
  feedbackByToken,
  type PreferencesView,
  preferencesByToken,
  topicName,
  unsubscribeByToken,
  unsubscribeTarget,
} from '../modules/messaging/links.service';
import { readFeedbackToken, unsubscribeToken } from '../modules/messaging/unsubscribe-token';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A tiny self-contained page: works without JavaScript, in any mail client's browser; no
 * external assets; a visible focus ring for keyboard users.
 */
function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b;background:#fff}
button{font:inherit;padding:.4rem 1rem;border:2px solid #1a4d8f;border-radius:.3rem;background:#1a4d8f;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1a4d8f}a{color:#1a4d8f}ul{list-style:none;padding:0}li{margin:.75rem 0}
:focus-visible{outline:3px solid #b35c00;outline-offset:2px}[role=status]{border-left:4px solid #1a4d8f;padding-left:.75rem}
</style></head><body><main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}

const CHANNEL_NAMES = { EMAIL: 'email', SMS: 'text messages', PUSH: 'app notifications' } as const;
const CHANNEL_LABELS = { EMAIL: 'Email', SMS: 'Text messages', PUSH: 'App notifications' } as const;

/** Small form posts only (a button and a hidden field or two). */
async function formFields(
  req: import('node:http').IncomingMessage,
  length?: string,
): Promise<URLSearchParams> {
  try {
    return new URLSearchParams(await getRawBody(req, { limit: 2048, encoding: 'utf8', length }));
  } catch {
    return new URLSearchParams();
  }
}

function preferencesPage(v: PreferencesView, token: string, status?: string): string {
  const row = (label: string, on: boolean, fields: string, what: string) =>
    `<li><form method="post" action="${esc(token)}">${fields}<input type="hidden" name="on" value="${on ? 0 : 1}">
<strong>${esc(label)}</strong>: ${on ? 'on' : 'off'}
<button type="submit"${on ? ' class="secondary"' : ''}>${on ? `Stop ${esc(what)}` : `Turn ${esc(what)} back on`}</button></form></li>`;
  const channels = v.channels.map((c) =>
    row(
      CHANNEL_LABELS[c.channel],
      c.on,
      `<input type="hidden" name="channel" value="${c.channel}">`,
      CHANNEL_NAMES[c.channel],
    ),
  );
  const topics = v.topics.map((t) =>
    row(t.name, t.on, `<input type="hidden" name="topic" value="${esc(t.topic)}">`, `“${t.name}”`),
  );
  return page(
    `What ${v.programName} sends you`,
    `${status ? `<p role="status">${esc(status)}</p>` : ''}
<h2>How we reach you</h2>${channels.length ? `<ul>${channels.join('')}</ul>` : '<p>You have not chosen any way for us to reach you.</p>'}
${topics.length ? `<h2>Newsletters (by email)</h2><ul>${topics.join('')}</ul>` : ''}
<p>Changes take effect at once.</p>`,
  );
}

/**
 * The links that emails carry. `POST /u/:token` is RFC 8058 one-click (mail clients post
 * `List-Unsubscribe=One-Click`) and acts at once. `GET /u/:token`, the link a person clicks
 * — and a mail scanner prefetches — changes nothing: it shows what would stop and a button
 * (a plain form POST, no JavaScript). `GET /p/:token` shows the preferences; its buttons post
 * back to it to stop or turn things on again. `GET /f/:token?useful=yes|no` asks to confirm
 * "was this useful?" and records nothing; its button posts to `POST /f/:token?useful=…`,
 * which records it. A bad token is a 400.
 */
// long: the route table of the one-click links, one short handler per route
export function linksRouter(deps: AppDeps): Router {
  const router = new Router();
  const bad = (ctx: { status: number; type: string; body: unknown }) => {
    ctx.status = 400;
    ctx.type = 'html';
    ctx.body = page('This link is not valid', '<p>Please use the link from your latest message.</p>');
  };
  const secret = () => linkSecret(deps.config);
  const what = (claims: { t?: string | null; ch: keyof typeof CHANNEL_NAMES }) =>
    claims.t ? `the “${topicName(claims.t)}” newsletter` : CHANNEL_NAMES[claims.ch];
  // The preferences page of the customer and channel of an unsubscribe link.
  const preferencesLink = (claims: { p: string; c: string; ch: keyof typeof CHANNEL_NAMES }) =>
    `../p/${unsubscribeToken(secret(), { p: claims.p, c: claims.c, ch: claims.ch })}`;

  router.post('/u/:token', async (ctx) => {
    const fields = await formFields(ctx.req, ctx.get('content-length') || undefined);
    // Our own page's button says so; anything else is a mail client's RFC 8058 one-click POST.
    const person = fields.get('confirm') === 'yes';
    const r = await unsubscribeByToken(deps, ctx.params.token!, person ? 'link' : 'one-click');
    if (!r) return bad(ctx);
    ctx.set('cache-control', 'no-store');
    if (!person) {
      ctx.status = 200;
      ctx.type = 'text/plain';
      ctx.body = 'Unsubscribed';
      return;
    }
    ctx.type = 'html';
    ctx.body = page(
      'You are unsubscribed',
      `<p role="status">We will not send you ${esc(what(r.claims))} any more. It took effect at once.</p>
<p>Changed your mind? <a href="${esc(preferencesLink(r.claims))}">See what we send you and turn it back on</a>.</p>`,
    );
  });

  router.get('/u/:token', async (ctx) => {
    const r = await unsubscribeTarget(deps, ctx.params.token!);
    if (!r) return bad(ctx);
    ctx.type = 'html';
    ctx.set('cache-control', 'no-store');
    ctx.body = page(
      'Unsubscribe?',
      `<p>${esc(r.programName)} will stop sending you ${esc(what(r.claims))}.</p>
<form method="post" action="${esc(ctx.params.token!)}"><input type="hidden" name="confirm" value="yes">
<button type="submit">Unsubscribe</button></form>
<p>Or <a href="${esc(preferencesLink(r.claims))}">choose what we send you</a>.</p>`,
    );
  });

  router.get('/p/:token', async (ctx) => {
    const v = await preferencesByToken(deps, ctx.params.token!);
    if (!v) return bad(ctx);
    ctx.type = 'html';
    ctx.set('cache-control', 'no-store');
    ctx.body = preferencesPage(v, ctx.params.token!);
  });

  router.post('/p/:token', async (ctx) => {
    const fields = await formFields(ctx.req, ctx.get('content-length') || undefined);
    const on = fields.get('on') === '1';
    const r = await changePreferenceByToken(deps, ctx.params.token!, {
      channel: fields.get('channel'),
      topic: fields.get('topic'),
      on,
    });
    if (!r) return bad(ctx);
    const topic = fields.get('topic');
    const name = topic
      ? `“${topicName(topic)}”`
      : CHANNEL_NAMES[fields.get('channel') as keyof typeof CHANNEL_NAMES];
    ctx.type = 'html';
    ctx.set('cache-control', 'no-store');
    ctx.body = preferencesPage(
      r.view,
      ctx.params.token!,
      on ? `Done: ${name} is on again.` : `Done: we will not send you ${name} any more.`,
    );
  });

  // "Was this useful?": a GET only asks (mail scanners and link previews fetch every link);
  // the answer is recorded by the button's POST.
  router.get('/f/:token', (ctx) => {
    const answer = ctx.query.useful;
    if (answer !== 'yes' && answer !== 'no') return bad(ctx);
    if (!readFeedbackToken(linkSecret(deps.config), ctx.params.token!)) return bad(ctx);
    ctx.type = 'html';
    ctx.set('cache-control', 'no-store');
    const action = `/f/${encodeURIComponent(ctx.params.token!)}?useful=${answer}`;
    ctx.body = page(
      'Was this message useful?',
      `<form method="post" action="${esc(action)}"><p>Your answer: <strong>${answer === 'yes' ? 'Yes, it was useful' : 'No, it was not useful'}</strong></p>
<button type="submit">Send my answer</button></form>`,
    );
  });

  router.post('/f/:token', async (ctx) => {
    const answer = ctx.query.useful;
    if (answer !== 'yes' && answer !== 'no') return bad(ctx);
    if (!(await feedbackByToken(deps, ctx.params.token!, answer === 'yes'))) return bad(ctx);
    ctx.type = 'html';
    ctx.set('cache-control', 'no-store');
    ctx.body = page('Thank you', '<p>Your answer helps us write the next one.</p>');
  });

  return router;
}
