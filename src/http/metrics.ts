import type { Knex } from 'knex';
import client from 'prom-client';
import { messagingRegistry } from '../modules/messaging/messaging.metrics';

/** One registry per app, so several apps in one process (tests) do not collide. */
export function createMetrics(db: Knex) {
  const register = new client.Registry();
  client.collectDefaultMetrics({ register });
  const buckets = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
  const http = new client.Histogram({
    name: 'regulars_http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets,
    registers: [register],
  });
  const graphql = new client.Histogram({
    name: 'regulars_graphql_operation_duration_seconds',
    help: 'GraphQL execution latency by operation name and type',
    labelNames: ['operation', 'type', 'outcome'] as const,
    buckets,
    registers: [register],
  });
  // knex exposes its tarn pool; read it at scrape time.
  const pool = () =>
    (db.client as { pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number } }).pool;
  new client.Gauge({
    name: 'regulars_db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'] as const,
    registers: [register],
    collect() {
      const p = pool();
      this.set({ state: 'used' }, p?.numUsed() ?? 0);
      this.set({ state: 'free' }, p?.numFree() ?? 0);
      this.set({ state: 'pending' }, p?.numPendingAcquires() ?? 0);
    },
  });
  // Message counters are process-wide (the worker updates them); served with the app's own.
  return { register: client.Registry.merge([register, messagingRegistry]), http, graphql };
}
export type Metrics = ReturnType<typeof createMetrics>;
