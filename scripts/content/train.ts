/**
 * Fits the content check's logistic regression on the TRAINING part of the labelled corpus and
 * writes src/modules/messaging/content-model.ts. Held-out drafts are never read here.
 *   npm run train:content            fit and write the model
 *   npm run train:content -- --errors  also list the training drafts the cross-validated model gets wrong
 *
 * - Features: one per detector, log2(1 + distinct phrases found) (content-features.ts).
 * - Model: logistic regression, L2 penalty on the weights, weights kept ≥ 0 (every detector can
 *   only add evidence of selling, so every finding shown to staff pushes the score up).
 * - Penalty and threshold: 5-fold cross-validation on the training drafts; the threshold is the
 *   middle of the range of scores that classify the out-of-fold predictions best.
 */

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DETECTORS, features, visibleText } from '../../src/modules/messaging/content-features';
import { type Draft, loadCorpus } from '../../test/fixtures/newsletters/corpus';

interface Fitted {
  bias: number;
  w: number[];
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const predict = (m: Fitted, x: number[]) => sigmoid(m.bias + x.reduce((s, v, i) => s + v * m.w[i]!, 0));

/** Projected gradient descent on mean log-loss + lambda/2 |w|², w ≥ 0, bias free. Deterministic. */
function fit(X: number[][], y: number[], lambda: number): Fitted {
  const d = X[0]!.length;
  const n = X.length;
  const m: Fitted = { bias: 0, w: new Array(d).fill(0) };
  let step = 1;
  let prevLoss = Number.POSITIVE_INFINITY;
  const loss = (f: Fitted) => {
    let l = 0;
    for (let i = 0; i < n; i++) {
      const p = Math.min(1 - 1e-12, Math.max(1e-12, predict(f, X[i]!)));
      l -= y[i]! ? Math.log(p) : Math.log(1 - p);
    }
    return l / n + (lambda / 2) * f.w.reduce((s, v) => s + v * v, 0);
  };
  for (let it = 0; it < 20_000; it++) {
    const gw = m.w.map((v) => lambda * v);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const r = (predict(m, X[i]!) - y[i]!) / n;
      gb += r;
      for (let j = 0; j < d; j++) gw[j]! += r * X[i]![j]!;
    }
    // Backtracking: halve the step until the loss goes down.
    let next: Fitted;
    let l: number;
    for (;;) {
      next = { bias: m.bias - step * gb, w: m.w.map((v, j) => Math.max(0, v - step * gw[j]!)) };
      l = loss(next);
      if (l <= prevLoss || step < 1e-6) break;
      step /= 2;
    }
    const done = prevLoss - l < 1e-10;
    m.bias = next.bias;
    m.w = next.w;
    prevLoss = l;
    step = Math.min(step * 1.5, 4);
    if (done) break;
  }
  return m;
}

function fold(id: string, k: number): number {
  return createHash('sha256').update(`fold:${id}`).digest().readUInt32BE(0) % k;
}

const round2 = (p: number) => Math.round(p * 100) / 100;

/** Scores exactly as checkContent reports them: 0 when no detector fired. */
function score(m: Fitted, x: number[]): number {
  const any = x.some((v, j) => v > 0 && m.w[j]! > 0);
  return any ? round2(predict(m, x)) : 0;
}

function accuracyAt(scores: number[], y: number[], t: number) {
  let right = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! >= t === (y[i] === 1)) right++;
  return right / scores.length;
}

function main() {
  const showErrors = process.argv.includes('--errors');
  const train: Draft[] = loadCorpus().filter((d) => d.split === 'train');
  const X = train.map((d) => features(visibleText(d.subject, d.body)).x);
  const y = train.map((d) => (d.label === 'sales' ? 1 : 0));
  const K = 5;
  const folds = train.map((d) => fold(d.id, K));

  const oofFor = (lambda: number) => {
    const oof = new Array<number>(train.length);
    for (let k = 0; k < K; k++) {
      const idx = train.map((_, i) => i).filter((i) => folds[i] !== k);
      const m = fit(
        idx.map((i) => X[i]!),
        idx.map((i) => y[i]!),
        lambda,
      );
      train.forEach((_, i) => {
        if (folds[i] === k) oof[i] = score(m, X[i]!);
      });
    }
    return oof;
  };

  // Penalty: the one with the lowest cross-validated log-loss.
  let best = { lambda: 0, logLoss: Number.POSITIVE_INFINITY, oof: [] as number[] };
  for (const lambda of [0.001, 0.003, 0.01, 0.03, 0.1]) {
    const oof = oofFor(lambda);
    const ll =
      -oof.reduce((s, p, i) => {
        const q = Math.min(1 - 1e-3, Math.max(1e-3, p));
        return s + (y[i] ? Math.log(q) : Math.log(1 - q));
      }, 0) / oof.length;
    console.log(`lambda ${lambda}: cross-validated log-loss ${ll.toFixed(4)}`);
    if (ll < best.logLoss) best = { lambda, logLoss: ll, oof };
  }

  // Threshold: the middle of the best-scoring range on the out-of-fold scores.
  const grid = Array.from({ length: 99 }, (_, i) => round2((i + 1) / 100));
  const accs = grid.map((t) => accuracyAt(best.oof, y, t));
  const top = Math.max(...accs);
  const winners = grid.filter((_, i) => accs[i] === top);
  const threshold = winners[Math.floor((winners.length - 1) / 2)]!;

  const model = fit(X, y, best.lambda);
  const inSample = X.map((x) => score(model, x));
  const count = (scores: number[]) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    scores.forEach((s, i) => {
      if (s >= threshold && y[i]) tp++;
      else if (s >= threshold) fp++;
      else if (y[i]) fn++;
    });
    return { precision: tp / (tp + fp), recall: tp / (tp + fn) };
  };
  const cv = count(best.oof);
  const fitted = count(inSample);
  console.log(`\ntraining drafts: ${train.length} (${y.filter(Boolean).length} sales)`);
  console.log(`lambda ${best.lambda}, threshold ${threshold} (best range ${winners[0]}–${winners.at(-1)})`);
  console.log(
    `cross-validated on training: precision ${cv.precision.toFixed(3)}, recall ${cv.recall.toFixed(3)}`,
  );
  console.log(
    `fitted on all training:      precision ${fitted.precision.toFixed(3)}, recall ${fitted.recall.toFixed(3)}`,
  );
  console.log('\nweights:');
  DETECTORS.forEach((d, j) => console.log(`  ${d.key.padEnd(18)} ${model.w[j]!.toFixed(3)}`));
  console.log(`  ${'(bias)'.padEnd(18)} ${model.bias.toFixed(3)}`);

  if (showErrors) {
    console.log('\ntraining drafts misclassified out of fold (and near misses, within 0.3 of the threshold):');
    train.forEach((d, i) => {
      const wrong = best.oof[i]! >= threshold !== (y[i] === 1);
      if (!wrong && Math.abs(best.oof[i]! - threshold) > 0.3) return;
      const f = features(visibleText(d.subject, d.body));
      const fired = DETECTORS.map((det, j) =>
        f.hits[j]!.length ? `${det.key}[${f.hits[j]!.map((h) => h.phrase).join(' | ')}]` : '',
      )
        .filter(Boolean)
        .join(' ');
      console.log(`  ${wrong ? 'WRONG' : 'near '} ${d.id} ${d.label} score ${best.oof[i]} :: ${d.subject} :: ${fired}`);
    });
  }

  const r = (v: number) => Math.round(v * 1000) / 1000;
  const out = `// Generated by scripts/content/train.ts (npm run train:content) from the training part of
// test/fixtures/newsletters. Do not edit by hand: change the detectors or the corpus and retrain.
import type { ContentModel } from './content-features';

export const CONTENT_MODEL: ContentModel = ${JSON.stringify(
    {
      bias: r(model.bias),
      threshold,
      weights: Object.fromEntries(DETECTORS.map((d, j) => [d.key, r(model.w[j]!)])),
      training: {
        drafts: train.length,
        sales: y.filter(Boolean).length,
        lambda: best.lambda,
        cvPrecision: r(cv.precision),
        cvRecall: r(cv.recall),
      },
    },
    null,
    2,
  )};
`;
  const path = fileURLToPath(new URL('../../src/modules/messaging/content-model.ts', import.meta.url));
  writeFileSync(path, out);
  execFileSync('npx', ['biome', 'format', '--write', path], { stdio: 'ignore' });
  console.log(`\nwrote ${path}`);
}

main();
