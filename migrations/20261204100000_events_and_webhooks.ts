import type { Knex } from 'knex';

// Domain events and outbound webhooks (issue 15, ADR 0018).
// - domain_events: every event raised by a change, written by the outbox relay (never on the
//   hot path: the change itself writes only an outbox row with task 'domain_event'). The id is
//   made when the event is raised and is the id receivers deduplicate on; replay reads it here.
// - webhook_endpoints: per program; `events` empty means every event. The signing secret is
//   kept as given (it signs, so it cannot be a hash); during a rotation the previous secret
//   signs too until previous_secret_expires_at.
// - webhook_deliveries: one row per (endpoint, event), plus one per manual replay; the log
//   that the API lists (status, response code, latency, attempts).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE domain_events (
      program_id  uuid NOT NULL REFERENCES programs (id),
      id          uuid NOT NULL,
      type        text NOT NULL,
      customer_id uuid,
      payload     jsonb NOT NULL,
      created_at  timestamptz NOT NULL,
      PRIMARY KEY (program_id, id)
    );
    CREATE INDEX domain_events_customer ON domain_events (program_id, customer_id, created_at);

    CREATE TABLE webhook_endpoints (
      program_id   uuid NOT NULL REFERENCES programs (id),
      id           uuid NOT NULL DEFAULT gen_random_uuid(),
      url          text NOT NULL,
      description  text,
      events       text[] NOT NULL DEFAULT '{}',
      enabled      boolean NOT NULL DEFAULT true,
      secret       text NOT NULL,
      previous_secret text,
      previous_secret_expires_at timestamptz,
      consecutive_failures integer NOT NULL DEFAULT 0,
      disabled_reason text,
      disabled_at  timestamptz,
      created_at   timestamptz NOT NULL,
      updated_at   timestamptz NOT NULL,
      PRIMARY KEY (program_id, id)
    );
    CREATE INDEX webhook_endpoints_enabled ON webhook_endpoints (program_id) WHERE enabled;

    CREATE TABLE webhook_deliveries (
      program_id      uuid NOT NULL,
      id              uuid NOT NULL DEFAULT gen_random_uuid(),
      endpoint_id     uuid NOT NULL,
      event_id        uuid NOT NULL,
      replay          boolean NOT NULL DEFAULT false,
      status          text NOT NULL DEFAULT 'PENDING'
                      CHECK (status IN ('PENDING', 'SENDING', 'RETRYING', 'SUCCEEDED', 'FAILED', 'SKIPPED')),
      attempts        integer NOT NULL DEFAULT 0,
      response_code   integer,
      latency_ms      integer,
      last_error      text,
      next_attempt_at timestamptz,
      last_attempt_at timestamptz,
      completed_at    timestamptz,
      created_at      timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (program_id, id),
      FOREIGN KEY (program_id, endpoint_id) REFERENCES webhook_endpoints (program_id, id) ON DELETE CASCADE,
      FOREIGN KEY (program_id, event_id) REFERENCES domain_events (program_id, id)
    );
    CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (program_id, endpoint_id, event_id)
      WHERE NOT replay;
    CREATE INDEX webhook_deliveries_log ON webhook_deliveries (program_id, endpoint_id, created_at DESC, id DESC);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE webhook_deliveries; DROP TABLE webhook_endpoints; DROP TABLE domain_events;');
}
