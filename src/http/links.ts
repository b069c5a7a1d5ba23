import Router from '@koa/router';
import type { AppDeps } from '../graphql/context';
import { linkSecret } from '../modules/messaging/links';
import { feedbackByToken, preferencesByToken, unsubscribeByToken } from '../modules/messaging/links.service';
import { readFeedbackToken, unsubscribeToken } from '../modules/messaging/unsubscribe-token';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A tiny self-contained page: works without JavaScript, in any mail client's browser. */
function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="robots" content="noindex"><title>${esc(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}button{font:inherit;padding:.4rem 1rem}</style>
</head><body><h1>${esc(title)}</h1>${body}</body></html>`;
}

const CHANNEL_NAMES = { EMAIL: 'email', SMS: 'text messages', PUSH: 'app notifications' } as const;

/**
 * The links that emails carry. `POST /u/:token` is RFC 8058 one-click (mail clients post
 * `List-Unsubscribe=One-Click`); `GET /u/:token` is the same for a person clicking the link.
 * Both act at once and are idempotent. `GET /p/:token` shows preferences and changes nothing.
 * `GET /f/:token?useful=yes|no` asks to confirm "was this useful?" and records nothing; its
 * button posts to `POST /f/:token?useful=…`, which records it. A bad token is a 400.
 */
export function linksRouter(deps: AppDeps): Router {
  const router = new Router();
  const bad = (ctx: { status: number; type: string; body: unknown }) => {
    ctx.status = 400;
    ctx.type = 'html';
    ctx.body = page('This link is not valid', '<p>Please use the link from your latest message.</p>');
  };

  router.post('/u/:token', async (ctx) => {
    const r = await unsubscribeByToken(deps, ctx.params.token!, 'one-click');
    if (!r) return bad(ctx);
    ctx.status = 200;
    ctx.type = 'text/plain';
    ctx.body = 'Unsubscribed';
  });

  router.get('/u/:token', async (ctx) => {
    const r = await unsubscribeByToken(deps, ctx.params.token!, 'link');
    if (!r) return bad(ctx);
    const what = r.claims.t ? `the “${r.claims.t}” newsletter` : CHANNEL_NAMES[r.claims.ch];
    ctx.type = 'html';
    ctx.body = page(
      'You are unsubscribed',
      `<p>We will not send you ${esc(what)} any more. It took effect at once.</p>`,
    );
  });

  router.get('/p/:token', async (ctx) => {
    const r = await preferencesByToken(deps, ctx.params.token!);
    if (!r) return bad(ctx);
    const secret = linkSecret(deps.config);
    const rows = r.consents
      .filter((c) => c.state === 'GRANTED')
      .map((c) => {
        const t = unsubscribeToken(secret, { p: r.claims.p, c: r.claims.c, ch: c.channel });
        return `<form method="post" action="/u/${t}"><p>${esc(CHANNEL_NAMES[c.channel])}: on <button>Stop</button></p></form>`;
      })
      .concat(
        r.topics.map((topic) => {
          const t = unsubscribeToken(secret, { p: r.claims.p, c: r.claims.c, ch: 'EMAIL', t: topic });
          return `<form method="post" action="/u/${t}"><p>Newsletter “${esc(topic)}”: on <button>Stop</button></p></form>`;
        }),
      );
    ctx.type = 'html';
    ctx.body = page('What we send you', rows.length ? rows.join('') : '<p>We send you nothing.</p>');
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
