/**
 * Fits the content check's logistic regression on the TRAINING part of the labelled corpus and
 * writes src/modules/messaging/content-model.ts. Held-out drafts are never read here.
 *   npm run train:content              fit and write the model
 *   npm run train:content -- --errors  also list training drafts the cross-validated model gets
 *                                      wrong or nearly wrong (for work on the detectors)
 *
 * - Features: one per detector (content-features.ts), log2(1 + distinct phrases found).
 * - Model: logistic regression, L2 penalty on the weights, weights kept ≥ 0 (every detector can
 *   only add evidence of selling, so every finding shown to staff pushes the score up).
 * - Penalty and threshold: 5-fold cross-validation on the training drafts. The penalty with the
 *   lowest out-of-fold log-loss wins (the grid stops at 0.001 to keep weights moderate); the
 *   threshold is the middle of the range of scores that classify the out-of-fold scores best.
 * Deterministic: the same corpus and detectors give the same model (a test checks the committed one).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type ContentModel,
  DETECTORS,
  features,
  visibleText,
} from '../../src/modules/messaging/content-features';
import { type Draft, loadCorpus } from '../../test/fixtures/newsletters/corpus';

interface Fitted {
  bias: number;
  w: number[];
}

const LAMBDAS = [0.001, 0.003, 0.01, 0.03, 0.1];
const K = 5;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const predict = (m: Fitted, x: number[]) => sigmoid(m.bias + x.reduce((s, v, i) => s + v * m.w[i]!, 0));
const round2 = (p: number) => Math.round(p * 100) / 100;
const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** Projected gradient descent on mean log-loss + lambda/2 |w|², w ≥ 0, bias free. */
function fitLogistic(X: number[][], y: number[], lambda: number): Fitted {
  const d = X[0]!.length;
  const n = X.length;
  const m: Fitted = { bias: 0, w: new Array(d).fill(0) };
  const loss = (f: Fitted) => {
    let l = 0;
    for (let i = 0; i < n; i++) {
      const p = Math.min(1 - 1e-12, Math.max(1e-12, predict(f, X[i]!)));
      l -= y[i] ? Math.log(p) : Math.log(1 - p);
    }
    return l / n + (lambda / 2) * f.w.reduce((s, v) => s + v * v, 0);
  };
  let step = 1;
  let prev = loss(m);
  for (let it = 0; it < 20_000; it++) {
    const gw = m.w.map((v) => lambda * v);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const r = (predict(m, X[i]!) - y[i]!) / n;
      gb += r;
      for (let j = 0; j < d; j++) gw[j]! += r * X[i]![j]!;
    }
    // Backtracking: halve the step until the loss does not go up.
    let next: Fitted;
    let l: number;
    for (;;) {
      next = { bias: m.bias - step * gb, w: m.w.map((v, j) => Math.max(0, v - step * gw[j]!)) };
      l = loss(next);
      if (l <= prev || step < 1e-6) break;
      step /= 2;
    }
    const done = prev - l < 1e-10;
    m.bias = next.bias;
    m.w = next.w;
    prev = l;
    step = Math.min(step * 1.5, 4);
    if (done) break;
  }
  return m;
}

/** Scores exactly as checkContent reports them: 0 when no weighted detector fired. */
function score(m: Fitted, x: number[]): number {
  return x.some((v, j) => v > 0 && m.w[j]! > 0) ? round2(predict(m, x)) : 0;
}

function rates(scores: number[], y: number[], t: number) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  scores.forEach((s, i) => {
    if (s >= t && y[i]) tp++;
    else if (s >= t) fp++;
    else if (y[i]) fn++;
  });
  return { precision: tp / (tp + fp), recall: tp / (tp + fn), right: scores.length - fp - fn };
}

export interface Training {
  model: ContentModel;
  /** Out-of-fold score of each training draft under the chosen penalty. */
  outOfFold: { draft: Draft; score: number }[];
  log: string[];
}

export function trainContentModel(drafts: Draft[]): Training {
  const train = drafts.filter((d) => d.split === 'train');
  const X = train.map((d) => features(visibleText(d.subject, d.body)).x);
  const y = train.map((d) => (d.label === 'sales' ? 1 : 0));
  const folds = train.map((d) => createHash('sha256').update(`fold:${d.id}`).digest().readUInt32BE(0) % K);
  const log: string[] = [];

  const outOfFold = (lambda: number) => {
    const oof = new Array<number>(train.length);
    for (let k = 0; k < K; k++) {
      const idx = train.map((_, i) => i).filter((i) => folds[i] !== k);
      const m = fitLogistic(
        idx.map((i) => X[i]!),
        idx.map((i) => y[i]!),
        lambda,
      );
      for (let i = 0; i < train.length; i++) if (folds[i] === k) oof[i] = score(m, X[i]!);
    }
    return oof;
  };

  let best = { lambda: 0, logLoss: Number.POSITIVE_INFINITY, oof: [] as number[] };
  for (const lambda of LAMBDAS) {
    const oof = outOfFold(lambda);
    const logLoss =
      -oof.reduce((s, p, i) => {
        const q = Math.min(1 - 1e-3, Math.max(1e-3, p));
        return s + (y[i] ? Math.log(q) : Math.log(1 - q));
      }, 0) / oof.length;
    log.push(`lambda ${lambda}: cross-validated log-loss ${logLoss.toFixed(4)}`);
    if (logLoss < best.logLoss) best = { lambda, logLoss, oof };
  }

  const grid = Array.from({ length: 99 }, (_, i) => round2((i + 1) / 100));
  const right = grid.map((t) => rates(best.oof, y, t).right);
  const top = Math.max(...right);
  const winners = grid.filter((_, i) => right[i] === top);
  const threshold = winners[Math.floor((winners.length - 1) / 2)]!;

  const m = fitLogistic(X, y, best.lambda);
  const cv = rates(best.oof, y, threshold);
  const fitted = rates(
    X.map((x) => score(m, x)),
    y,
    threshold,
  );
  log.push(
    '',
    `training drafts: ${train.length} (${y.filter(Boolean).length} sales)`,
    `lambda ${best.lambda}, threshold ${threshold} (best range ${winners[0]}–${winners.at(-1)})`,
    `cross-validated on training: precision ${cv.precision.toFixed(3)}, recall ${cv.recall.toFixed(3)}`,
    `fitted on all training:      precision ${fitted.precision.toFixed(3)}, recall ${fitted.recall.toFixed(3)}`,
    '',
    'weights:',
    ...DETECTORS.map((d, j) => `  ${d.key.padEnd(18)} ${m.w[j]!.toFixed(3)}`),
    `  ${'(bias)'.padEnd(18)} ${m.bias.toFixed(3)}`,
  );
  return {
    model: {
      bias: round3(m.bias),
      threshold,
      weights: Object.fromEntries(DETECTORS.map((d, j) => [d.key, round3(m.w[j]!)])),
      training: {
        drafts: train.length,
        sales: y.filter(Boolean).length,
        lambda: best.lambda,
        cvPrecision: round3(cv.precision),
        cvRecall: round3(cv.recall),
      },
    },
    outOfFold: train.map((draft, i) => ({ draft, score: best.oof[i]! })),
    log,
  };
}

function main() {
  const { model, outOfFold, log } = trainContentModel(loadCorpus());
  for (const line of log) console.log(line);
  if (process.argv.includes('--errors')) {
    console.log('\ntraining drafts wrong out of fold (and near misses, within 0.3 of the threshold):');
    for (const { draft: d, score: s } of outOfFold) {
      const wrong = s >= model.threshold !== (d.label === 'sales');
      if (!wrong && Math.abs(s - model.threshold) > 0.3) continue;
      const f = features(visibleText(d.subject, d.body));
      const fired = DETECTORS.map((det, j) =>
        f.hits[j]!.length ? `${det.key}[${f.hits[j]!.map((h) => h.phrase).join(' | ')}]` : '',
      )
        .filter(Boolean)
        .join(' ');
      console.log(`  ${wrong ? 'WRONG' : 'near '} ${d.id} ${d.label} score ${s} :: ${d.subject} :: ${fired}`);
    }
  }
  const path = fileURLToPath(new URL('../../src/modules/messaging/content-model.ts', import.meta.url));
  writeFileSync(
    path,
    `// Generated by scripts/content/train.ts (npm run train:content) from the training part of
// test/fixtures/newsletters. Do not edit by hand: change the detectors or the corpus and retrain.
import type { ContentModel } from './content-features';

export const CONTENT_MODEL: ContentModel = ${JSON.stringify(model, null, 2)};
`,
  );
  execFileSync('npx', ['biome', 'format', '--write', path], { stdio: 'ignore' });
  console.log(`\nwrote ${path}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
