/**
 * `npm run bench:search`: customer search at BENCH_SEARCH_CUSTOMERS customers in one program
 * (default 1,000,000, generated set-based in SQL: names from 240 first names × 2,000 made-up
 * surnames, an email, an E.164 phone and an external id each, a reward code for one in ten),
 * beside a second program of 50,000, then typical searches through the same workflow the API
 * uses (src/workflows/search-customers.ts, first: 20): a name fragment, a full name, a misspelt
 * surname, a full email, a phone typed in another format, an external id and a reward code.
 * Each kind runs BENCH_SEARCH_RUNS times (default 200) with different targets after a warm-up;
 * p50/p99/max per kind to stdout and bench/results/search-<timestamp>.json.
 * BENCH_SEARCH_DIR=/some/dir keeps the generated database for the next run;
 * BENCH_SEARCH_EXPLAIN=1 prints one plan per kind.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { scoped } from '../src/db/scoped';
import { searchCustomers } from '../src/modules/customers/customers.repo';
import { searchTerms } from '../src/modules/customers/customers.search';
import { findProgramBySlug } from '../src/modules/programs/programs.repo';
import { rewardByCode } from '../src/modules/rewards/rewards.repo';
import { systemClock } from '../src/shared/clock';
import type { RequestContext } from '../src/shared/context';
import { findCustomers } from '../src/workflows/search-customers';
import { makeProgram } from '../test/helpers/factories';
import { openKeptBenchDatabase, timed } from './harness';

const CUSTOMERS = Number(process.env.BENCH_SEARCH_CUSTOMERS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 200);
const EXPLAIN = process.env.BENCH_SEARCH_EXPLAIN === '1';

const FIRST = `Ada Adam Aisha Alba Alejandro Ali Alice Amara Amir Ana Andrea Andrei Anna Anton Aria Arjun
Astrid Ayla Beatriz Ben Bianca Bjorn Bruno Camila Carla Carlos Carmen Cecile Chen Chiara Chloe Clara
Conor Dalia Daniel Dario David Diego Dmitri Elena Eli Elif Elise Emil Emma Enzo Eric Esther Ethan Eva
Fatima Felix Filip Finn Fiona Francesca Freya Gabriel Georg Gia Grace Greta Hana Hannah Hugo Ian Ibrahim
Ida Ilse Ines Ingrid Isaac Isabel Ivan Jack Jakob James Jana Javier Jin Joao Johan Jonas Jorge Jose
Julia Julian Kai Karim Karin Kasia Kenji Kim Klara Lars Laura Layla Lea Leo Leon Lena Liam Lily Lina
Lorenzo Louis Lucas Lucia Luis Luka Maja Malik Marco Maria Marie Mark Marta Mateo Max Maya Mei Mia
Mika Milan Mina Mira Mohamed Nadia Naomi Nathan Nia Nico Nika Nils Nina Noah Noor Nora Olga Oliver
Olivia Omar Oscar Otto Pablo Paul Paula Pedro Petra Pia Pierre Priya Rafael Rahul Rania Ravi Rosa
Ruben Ruth Sam Samir Sara Sebastian Selin Sergio Simon Sofia Sonia Stefan Sven Tara Theo Thomas Tim
Tina Tom Tomas Ugo Uma Valentina Vera Victor Viktor Wei Willem Xavier Yara Yasmin Yusuf Zainab Zara
Zoe Alma Anouk Bea Cyrus Dora Edgar Edith Ezra Flora Gus Hazel Iris Ivo Jude Kira Lev Lola Mabel Nell
Orla Otis Pearl Quinn Rex Rhea Rufus Saul Tess Ugne Vito Wren Xena Yves Zeno Alvar Bodil Cato Dagny`
  .split(/\s+/)
  .filter(Boolean);
const SYLLABLES = `ab ad al an ar as bel ber bor bra ca cal car chen da del dor ek el en er es fa fer gar
gen ha han har hol ib in ka kar kov la lan lar le len lin lo lu ma man mar mer mo na nak nar ne ni no
ok ol on or os pa per ra ran ren ri ro ros sa san sen si son sta ta tan ter to tor va van ve vi wa yam
za zer`
  .split(/\s+/)
  .filter(Boolean);

/** 2,000 distinct surnames from three syllables, deterministic. */
function surnames(): string[] {
  const out = new Set<string>();
  let x = 12345;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x;
  };
  while (out.size < 2000) {
    const s = [0, 1, 2].map(() => SYLLABLES[next() % SYLLABLES.length]).join('');
    out.add(s[0]!.toUpperCase() + s.slice(1));
  }
  return [...out];
}

/** Customers in one INSERT … SELECT over generate_series; a reward code for one in ten. */
async function generate(db: Knex, programId: string, n: number, prefix: string): Promise<void> {
  const last = surnames();
  await db.raw(
    `INSERT INTO customers (program_id, external_id, email, phone, first_name, last_name, enrolled_at, updated_at)
     SELECT :p::uuid,
            :prefix || lpad(i::text, 8, '0'),
            lower(f.name || '.' || l.name || i) || '@' || (ARRAY['example.com','mail.example','post.example','example.org'])[1 + i % 4],
            '+1' || (2012000000 + (i::bigint * 7919) % 7987000000)::text,
            f.name, l.name,
            now() - (i % 1000) * interval '1 day', now()
       FROM generate_series(1, :n) AS i
       JOIN LATERAL (SELECT (:first::text[])[1 + (i * 7) % array_length(:first::text[], 1)] AS name) f ON true
       JOIN LATERAL (SELECT (:last::text[])[1 + (i * 13 + i / 97) % array_length(:last::text[], 1)] AS name) l ON true`,
    { p: programId, prefix, n, first: FIRST, last },
  );
  const [item] = await db('catalog_items')
    .insert({
      program_id: programId,
      name: 'Pastry',
      cost_points: 40,
      created_at: new Date(),
      updated_at: new Date(),
    })
    .returning('id');
  await db.raw(
    `INSERT INTO issued_rewards (program_id, customer_id, catalog_item_id, code, name, cost_points, issued_at)
     SELECT :p::uuid, c.id, :item::uuid, upper(substr(md5(c.id::text), 1, 10)), 'Pastry', 40, now()
       FROM customers c WHERE c.program_id = :p AND c.external_id LIKE '%0'`,
    { p: programId, item: item.id },
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const bench = await openKeptBenchDatabase(process.env.BENCH_SEARCH_DIR);
  const { db } = bench;
  try {
    const existing = await findProgramBySlug(db, 'bench-search');
    const program = existing ?? (await makeProgram(db, { slug: 'bench-search' }));
    if (!existing) {
      await timed(`generate ${CUSTOMERS.toLocaleString('en')} customers (with indexes)`, () =>
        generate(db, program.id, CUSTOMERS, 'card-'),
      );
      const small = await makeProgram(db, { slug: 'bench-search-small' });
      await timed('generate 50,000 customers in a second program', () =>
        generate(db, small.id, 50_000, 'small-'),
      );
      await timed('VACUUM ANALYZE', () => db.raw('VACUUM ANALYZE customers, customer_names, issued_rewards'));
    }
    const sizes = await db.raw(
      `SELECT relname, pg_size_pretty(pg_relation_size(oid)) AS size FROM pg_class
        WHERE relname IN ('customers', 'customers_email', 'customers_external_id_prefix', 'customers_full_name',
                          'customers_phone_digits', 'customers_first_name', 'customers_last_name',
                          'customer_names', 'customer_names_trgm')`,
    );
    const ctx: RequestContext = {
      programId: program.id,
      q: scoped(db, program.id),
      viewer: null,
      actor: { kind: 'system', id: 'bench', role: null },
      clock: systemClock,
    };
    // Targets: random customers of the big program, with their reward codes when they have one.
    const sample: {
      first_name: string;
      last_name: string;
      email: string;
      phone: string;
      external_id: string;
      code: string | null;
    }[] = (
      await db.raw(
        `SELECT c.first_name, c.last_name, c.email, c.phone, c.external_id, r.code
           FROM customers c TABLESAMPLE SYSTEM (1)
           LEFT JOIN issued_rewards r ON r.program_id = c.program_id AND r.customer_id = c.id
          WHERE c.program_id = ? LIMIT ?`,
        [program.id, RUNS * 3],
      )
    ).rows;
    const withCode = sample.filter((s) => s.code);
    const pick = <T>(list: T[], i: number) => list[i % list.length]!;
    const national = (e164: string) => {
      const d = e164.slice(2);
      return `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`;
    };
    const typo = (s: string) => s.slice(0, 3) + s.slice(4); // one letter dropped
    const kinds: Record<string, (i: number) => string> = {
      'name fragment (5 letters of a surname)': (i) => pick(sample, i).last_name.slice(1, 6).toLowerCase(),
      'full name': (i) => `${pick(sample, i).first_name} ${pick(sample, i).last_name}`,
      'misspelt surname': (i) => typo(pick(sample, i).last_name),
      'full email': (i) => pick(sample, i).email,
      'phone, national format': (i) => national(pick(sample, i).phone),
      'external id': (i) => pick(sample, i).external_id,
      'reward code, lower case': (i) => pick(withCode, i).code!.toLowerCase(),
    };
    const results: Record<string, { p50: number; p99: number; max: number; meanHits: number }> = {};
    process.stdout.write(
      `\n${'search'.padEnd(40)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)}  hits\n`,
    );
    for (const [kind, make] of Object.entries(kinds)) {
      for (let i = 0; i < 20; i++) await findCustomers(ctx, { search: make(RUNS + i), first: 20 });
      if (EXPLAIN) await explain(db, program.id, make(0), kind);
      const times: number[] = [];
      let hits = 0;
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        const r = await findCustomers(ctx, { search: make(i), first: 20 });
        times.push(performance.now() - t0);
        hits += r?.edges.length ?? 0;
      }
      times.sort((a, b) => a - b);
      results[kind] = {
        p50: round(percentile(times, 50)),
        p99: round(percentile(times, 99)),
        max: round(times.at(-1)!),
        meanHits: round(hits / RUNS),
      };
      const r = results[kind]!;
      process.stdout.write(
        `${kind.padEnd(40)} ${`${r.p50}`.padStart(8)} ${`${r.p99}`.padStart(8)} ${`${r.max}`.padStart(8)}  ${r.meanHits}\n`,
      );
    }
    const load = os.loadavg().map((l) => l.toFixed(2));
    process.stdout.write(`(ms; load average ${load.join(' ')})\n`);
    const out = path.join(
      'bench',
      'results',
      `search-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(
      out,
      `${JSON.stringify({ customers: CUSTOMERS, runs: RUNS, load, sizes: sizes.rows, results }, null, 2)}\n`,
    );
    process.stdout.write(`results: ${out}\n`);
  } finally {
    await bench.close();
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

/** The plan of one search's statement, for docs/performance.md. */
async function explain(db: Knex, programId: string, search: string, kind: string) {
  const q = scoped(db, programId);
  const terms = searchTerms(search)!;
  const reward = terms.rewardCode ? await rewardByCode(q, terms.rewardCode) : undefined;
  await searchCustomers(q, terms, { first: 20, after: null }, reward?.customer_id ?? null, (plan) =>
    process.stdout.write(`\n-- ${kind}: ${search}\n${plan}\n`),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
