/**
 * The content check against the labelled corpus (issue 16). The held-out part is the independently
 * written set in test/fixtures/newsletters/heldout/; the figures its one evaluation measured are
 * pinned here. Speed is measured by `npm run eval:content`; here only the 5 ms budget is
 * held, by the best of three passes (the test machine is shared).
 */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../scripts/content/metrics';
import { splitForFile } from '../../../scripts/content/split';
import { trainContentModel } from '../../../scripts/content/train';
import { loadCorpus } from '../../../test/fixtures/newsletters/corpus';
import { checkContent, SALES_THRESHOLD } from './content-check';
import { visibleText } from './content-features';
import { CONTENT_MODEL } from './content-model';

const corpus = loadCorpus();
const heldout = corpus.filter((d) => d.split === 'heldout');

describe('the labelled newsletter corpus', () => {
  it('has at least 300 drafts for five shops, both labels each, split by file', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    const businesses = new Set(corpus.map((d) => d.business));
    expect([...businesses].sort()).toEqual(['bikeshop', 'bookshop', 'cafe', 'hardware', 'salon']);
    for (const b of businesses)
      for (const label of ['sales', 'useful'])
        expect(
          corpus.filter((d) => d.business === b && d.label === label && d.split === 'train').length,
        ).toBeGreaterThanOrEqual(25);
    // The held-out part is the folder heldout/; every other draft (the *-fresh.txt ones too) trains.
    expect(heldout.length).toBeGreaterThanOrEqual(90);
    const trainIds = new Set(corpus.filter((d) => d.split === 'train').map((d) => d.id));
    expect(heldout.filter((d) => trainIds.has(d.id)).length).toBe(0);
    for (const d of corpus)
      expect({ id: d.id, split: d.split }).toEqual({ id: d.id, split: splitForFile(d.file) });
  });
});

// The held-out part is the set written independently in test/fixtures/newsletters/heldout/
// (240 drafts, 120 sales and 120 useful, 48 per shop, by an author who saw only the brief: the
// format and the labelling rules; the sixth independent set), evaluated once, on 2 December 2026,
// by `npm run eval:content` with the model of commit 41cbf82: precision 0.992, recall 0.975 (117 of
// 120 sales drafts blocked, 1 of 120 useful ones), 0 blocked drafts without a finding, 0.28 ms per
// draft. The issue asks 0.95 for both. These pins are exactly what was measured, so any change to
// the check's decisions on this set fails here (a change that lowers them, and one that raises
// them: the set is spent as a yardstick for tuning, so a new figure needs a new independent set).
describe('checkContent on the held-out drafts (heldout/)', () => {
  it('holds the figures measured once on the independent set', () => {
    const e = evaluate(heldout);
    expect(heldout.length).toBe(240);
    expect({ tp: e.tp, fn: e.fn, fp: e.fp, tn: e.tn }).toEqual({ tp: 117, fn: 3, fp: 1, tn: 119 });
    expect(e.precision.toFixed(3)).toBe('0.992');
    expect(e.recall.toFixed(3)).toBe('0.975');
    expect(e.precision).toBeGreaterThanOrEqual(0.95);
    expect(e.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('checks a draft in under 5 ms on average (best of three passes over the held-out drafts)', () => {
    for (const d of heldout) checkContent(d);
    const means = [0, 1, 2].map(() => {
      const t0 = performance.now();
      for (const d of heldout) checkContent(d);
      return (performance.now() - t0) / heldout.length;
    });
    expect(Math.min(...means)).toBeLessThan(5);
  });

  it('names, in every blocked draft, a phrase that appears in its visible text', () => {
    const e = evaluate(heldout);
    expect(e.unexplained).toEqual([]);
    for (const { check } of e.results) {
      expect(check.salesScore).toBeGreaterThanOrEqual(0);
      expect(check.salesScore).toBeLessThanOrEqual(1);
      for (const f of check.findings) expect(f.reason).not.toBe('');
    }
  });
});

describe('checkContent on the training drafts', () => {
  it('names, in every blocked draft, a phrase that appears in its visible text, with a score in 0..1', () => {
    const e = evaluate(corpus.filter((d) => d.split === 'train'));
    expect(e.unexplained).toEqual([]);
    for (const { check } of e.results) {
      expect(check.salesScore).toBeGreaterThanOrEqual(0);
      expect(check.salesScore).toBeLessThanOrEqual(1);
      for (const f of check.findings) expect(f.reason).not.toBe('');
    }
  });
});

describe('checkContent', () => {
  it('uses the committed model, which is what npm run train:content fits from the training drafts', () => {
    const { model } = trainContentModel(corpus);
    expect(CONTENT_MODEL).toEqual(model);
    expect(Object.values(CONTENT_MODEL.weights).every((w) => w >= 0)).toBe(true);
    expect(SALES_THRESHOLD).toBeGreaterThan(0);
    expect(SALES_THRESHOLD).toBeLessThan(1);
  }, 600_000); // a full refit with nested cross-validation: tens of seconds on a busy machine

  it('passes a short draft with no sales evidence: the model starts well below the threshold', () => {
    // The fit keeps the bias low, so a draft whose words say little either way is not blocked by
    // the training drafts' share of sales (which blocked "Wool care." before the cap).
    expect(1 / (1 + Math.exp(-CONTENT_MODEL.bias))).toBeLessThan(SALES_THRESHOLD / 2);
    const drafts: [subject: string, body: string][] = [
      ['Yarn', 'Wool care.'],
      ['Closed Monday', 'Closed Monday.'],
      ['Hello', 'Hi.'],
      ['', 'Zyxwv qwerty.'],
    ];
    for (const [subject, body] of drafts)
      expect(checkContent({ subject, body }), `${subject} / ${body}`).toMatchObject({ blocked: false });
  });

  it('reads the subject too', () => {
    const body = '<p>Soak 80 g of oats overnight in 250 ml of milk and simmer for five minutes.</p>';
    expect(checkContent({ subject: 'Porridge', body }).findings).toEqual([]);
    expect(checkContent({ subject: 'Porridge: 30% off oats this week only', body })).toMatchObject({
      blocked: true,
      findings: expect.arrayContaining([{ phrase: '30% off', reason: 'discount talk' }]),
    });
  });

  it('ignores liquid tags and markup, and reads HTML as text', () => {
    const r = checkContent({
      subject: '{{ "Buy now" }} Hello',
      body: `<a href="https://example.com/sale?code=SAVE20" title="50% off">Our recipes</a>
        {% if customer.points > 100 %}Thank you for coming by.{% endif %}`,
    });
    expect(r).toEqual({ salesScore: 0, blocked: false, findings: [] });
    const html = checkContent({ body: '<p>Everything is 20%&nbsp;<b>off</b> until <i>Sunday</i>.</p>' });
    expect(html.findings).toEqual(
      expect.arrayContaining([
        { phrase: '20% off', reason: 'discount talk' },
        { phrase: 'until Sunday', reason: 'deadline on an offer' },
      ]),
    );
  });

  it('does not count a price in a useful context, "free" for an event, or dates that are not urgency', () => {
    const r = checkContent({
      subject: 'Fix a sticking latch',
      body: `The repair costs us $3 in parts; here is how to do it yourself. Our free workshop for kids is on
        Saturday 14 March at 10:00, no booking needed. Last chance to see the children's drawings: they
        come down on Sunday.`,
    });
    expect(r).toEqual({ salesScore: 0, blocked: false, findings: [] });
  });

  it('blocks an offer that avoids the obvious words, and says which phrases to rewrite', () => {
    const r = checkContent({
      subject: 'Our winter blend',
      body: 'The Winter Blend has arrived. A bag is $14. Pop in this week and pick one up before they are gone.',
    });
    expect(r.blocked).toBe(true);
    expect(r.findings.map((f) => f.phrase)).toEqual(
      expect.arrayContaining(['$14', 'pick one up', 'before they are gone']),
    );
  });

  it('blocks soft sells (set one aside, take one of the places) and quotes the sales wording as written', () => {
    const aside = checkContent({
      subject: 'Stollen',
      body: 'Marta is baking stollen again. If you would like one, we can put a loaf aside for you: $18, collect any day.',
    });
    expect(aside.blocked).toBe(true);
    expect(aside.findings).toEqual(
      expect.arrayContaining([{ phrase: 'put a loaf aside for you', reason: 'buy-now call to action' }]),
    );
    const body =
      'A bag of whatever we roast each month, for $16 a month. Reply to this email to take one of the places.';
    const club = checkContent({ subject: 'Coffee club', body });
    expect(club.blocked).toBe(true);
    const text = visibleText('Coffee club', body);
    const wording = club.findings.filter((f) => f.reason === 'sales wording');
    expect(wording.length).toBeGreaterThan(0);
    expect(wording.length).toBeLessThanOrEqual(3);
    for (const f of wording) expect(text).toContain(f.phrase);
  });

  it('reads the text a reader sees, including after an unclosed tag', () => {
    expect(
      visibleText(
        'Hello {{ customer.firstName }}',
        '<style>p { color: red }</style><p>Soak&nbsp;the oats</p><!-- note --><ul><li>Milk</li></ul><script>buy()</script>Done',
      ),
    ).toBe('Hello\nSoak the oats\nMilk\nDone');
    // A line wrapped by the writer's editor is one sentence; a blank line ends a paragraph.
    expect(visibleText('Prom', 'Mums, message\nus the time.\n\nSee you')).toBe(
      'Prom\nMums, message us the time.\nSee you',
    );
    // An opener without a closer is left as text (and is not rescanned: linear in the length).
    expect(visibleText(null, '{{ {{ Only $5, pop in <b')).toBe('{{ {{ Only $5, pop in <b');
    expect(checkContent({ body: `${'{{ '.repeat(1000)}Only $5 a bag, pop in today.` }).blocked).toBe(true);
  });
});
