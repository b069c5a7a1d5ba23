import Router from '@koa/router';
import type { Context } from 'koa';
import getRawBody from 'raw-body';
import type { AppDeps } from '../graphql/context';
import { SCALE_RANGE } from '../modules/feedback/feedback.inputs';
import type { SurveyRow } from '../modules/feedback/feedback.repo';
import { answerByToken, surveyByToken } from '../modules/feedback/surveys.service';
import { AppError } from '../shared/errors';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Well above the 2000-character comment (urlencoded UTF-8 triples), well below abuse. */
const FORM_LIMIT = 64 * 1024;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)}</title>
<style>
body{font:18px/1.5 system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;background:#fff}
fieldset{border:1px solid #767676;border-radius:.5rem;padding:1rem}legend{font-weight:600;padding:0 .3rem}
.scale{display:flex;flex-wrap:wrap;gap:.4rem}.scale label{display:inline-flex;align-items:center;gap:.3rem;padding:.3rem .6rem;border:1px solid #767676;border-radius:.4rem}
textarea{width:100%;font:inherit;box-sizing:border-box}button{font:inherit;padding:.5rem 1.2rem;margin-top:1rem;background:#1d4ed8;color:#fff;border:0;border-radius:.4rem}
.error{color:#b00020;font-weight:600}:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
</style></head><body><main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}

const LABELS: Record<string, Record<number, string>> = {
  CSAT: { 1: 'Very poor', 2: 'Poor', 3: 'Okay', 4: 'Good', 5: 'Very good' },
  NPS: { 0: 'Not at all likely', 10: 'Extremely likely' },
};

function form(
  token: string,
  s: SurveyRow,
  error: string | null,
  given: { score?: string; comment?: string },
): string {
  const [min, max] = SCALE_RANGE[s.scale];
  const question =
    s.scale === 'CSAT'
      ? 'How satisfied were you with your visit?'
      : 'How likely are you to recommend us to a friend? (0 = not at all, 10 = extremely likely)';
  const options = [];
  for (let n = min; n <= max; n++) {
    const hint = LABELS[s.scale]![n];
    const checked = given.score === String(n) ? ' checked' : '';
    options.push(
      `<label><input type="radio" name="score" value="${n}" required${checked}> ${n}${hint ? ` <span>(${esc(hint)})</span>` : ''}</label>`,
    );
  }
  const err = error ? `<p class="error" role="alert" id="err">${esc(error)}</p>` : '';
  const comment = s.ask_comment
    ? `<p><label for="comment">Anything you would like to tell us? (optional)</label><br>
<textarea id="comment" name="comment" rows="4" maxlength="2000">${esc(given.comment ?? '')}</textarea></p>`
    : '';
  return `${err}<form method="post" action="/s/${esc(token)}">
<fieldset${error ? ' aria-describedby="err"' : ''}><legend>${esc(question)}</legend><div class="scale">${options.join('')}</div></fieldset>
${comment}<button type="submit">Send</button></form>`;
}

const THANKS = page('Thank you', '<p>Thank you for your answer. It goes straight to the team.</p>');

const INVALID = page('This link is not valid', '<p>Please use the link from your latest message.</p>');

/**
 * The survey page: `GET /s/:token` shows the question (or the thank-you once answered);
 * `POST /s/:token` takes a plain form post, then redirects (303) to the thank-you. No
 * JavaScript anywhere. A forged token is a 400 and a second answer a 409; nothing is written.
 */
export function surveyRouter(deps: AppDeps): Router {
  const router = new Router();

  router.get('/s/:token', async (ctx) => {
    ctx.type = 'html';
    ctx.set('cache-control', 'no-store');
    const r = await surveyByToken(deps, ctx.params.token!);
    if (!r.ok) {
      ctx.status = 400;
      ctx.body = INVALID;
      return;
    }
    ctx.body = r.survey.answered_at
      ? THANKS
      : page('Your visit', form(ctx.params.token!, r.survey, null, {}));
  });

  router.post('/s/:token', async (ctx) => {
    ctx.type = 'html';
    ctx.set('cache-control', 'no-store');
    const token = ctx.params.token!;
    const raw = await readForm(ctx);
    if (raw === null) return;
    const fields = new URLSearchParams(raw);
    const given = { score: fields.get('score') ?? undefined, comment: fields.get('comment') ?? undefined };
    try {
      const done = await answerByToken(deps, token, given);
      if (!done) {
        ctx.status = 400;
        ctx.body = INVALID;
        return;
      }
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return refused(deps, ctx, token, err, given);
    }
    ctx.status = 303;
    ctx.redirect(`/s/${token}`);
  });

  return router;
}

/** The posted form as text; null once a body over FORM_LIMIT (or unreadable) is answered. */
async function readForm(ctx: Context): Promise<string | null> {
  try {
    return await getRawBody(ctx.req, {
      limit: FORM_LIMIT,
      encoding: 'utf8',
      length: ctx.get('content-length') || undefined,
    });
  } catch (err) {
    ctx.status = (err as { status?: number }).status ?? 400;
    ctx.body = page(
      'Too long',
      '<p>Your answer is too long. Please keep the comment under 2000 characters.</p>',
    );
    return null;
  }
}

/** An answer not taken: the link is not valid, the survey was answered, or the form again with why. */
async function refused(
  deps: AppDeps,
  ctx: Context,
  token: string,
  err: AppError,
  given: { score?: string; comment?: string },
): Promise<void> {
  const state = await surveyByToken(deps, token);
  if (!state.ok) {
    ctx.status = 400;
    ctx.body = INVALID;
    return;
  }
  if (state.survey.answered_at) {
    ctx.status = 409;
    ctx.body = page('Already answered', '<p>We already have your answer to this survey. Thank you.</p>');
    return;
  }
  const issues = (err.details.issues as { message: string }[] | undefined) ?? [];
  ctx.status = 400;
  ctx.body = page(
    'Your visit',
    form(token, state.survey, issues.map((i) => i.message).join('. ') || err.message, given),
  );
}
