import type { Knex } from 'knex';

// Messaging: versioned templates, one row per message (the delivery log and, on the embedded
// default, the local mail outbox), the customer's inbound contacts ("SMS only after they
// texted us"), newsletters and their usefulness feedback. program_id leads every key.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE message_templates (
      program_id  uuid NOT NULL REFERENCES programs (id),
      id          uuid NOT NULL DEFAULT gen_random_uuid(),
      key         text NOT NULL,
      channel     text NOT NULL CHECK (channel IN ('EMAIL', 'SMS', 'PUSH')),
      locale      text NOT NULL,
      version     integer NOT NULL CHECK (version > 0),
      subject     text,
      text_body   text NOT NULL,
      html_body   text,
      created_at  timestamptz NOT NULL,
      PRIMARY KEY (program_id, id),
      UNIQUE (program_id, key, channel, locale, version)
    );

    CREATE TABLE messages (
      program_id       uuid NOT NULL REFERENCES programs (id),
      id               uuid NOT NULL DEFAULT gen_random_uuid(),
      customer_id      uuid NOT NULL,
      channel          text NOT NULL CHECK (channel IN ('EMAIL', 'SMS', 'PUSH')),
      kind             text NOT NULL CHECK (kind IN ('THANK_YOU', 'NOTICE', 'SURVEY', 'NEWSLETTER', 'REPLY')),
      topic            text,
      newsletter_id    uuid,
      template_key     text NOT NULL,
      -- What the caller asked for; rendered (and the template version pinned) at send time,
      -- so what is recorded is exactly what went out.
      data             jsonb NOT NULL DEFAULT '{}',
      template_version integer,
      recipient        text,
      subject          text,
      text_body        text,
      html_body        text,
      -- SENDING is the claim: a row leaves QUEUED/DEFERRED once, so it is sent at most once.
      status           text NOT NULL CHECK (status IN
                         ('QUEUED', 'DEFERRED', 'SENDING', 'SENT', 'FAILED', 'SUPPRESSED', 'DEAD')),
      attempts         integer NOT NULL DEFAULT 0,
      transport        text,
      provider_id      text,
      error            text,
      dedupe_key       text NOT NULL,
      queued_at        timestamptz NOT NULL,
      send_after       timestamptz,
      sent_at          timestamptz,
      updated_at       timestamptz NOT NULL,
      PRIMARY KEY (program_id, id),
      UNIQUE (program_id, dedupe_key),
      FOREIGN KEY (program_id, customer_id) REFERENCES customers (program_id, id)
    );
    CREATE INDEX messages_customer ON messages (program_id, customer_id, queued_at DESC, id DESC);
    CREATE INDEX messages_pressure ON messages (program_id, customer_id, sent_at)
      WHERE status IN ('SENDING', 'SENT');
    CREATE INDEX messages_newsletter ON messages (program_id, newsletter_id, status)
      WHERE newsletter_id IS NOT NULL;
    CREATE INDEX messages_local ON messages (program_id, transport, sent_at DESC, id DESC);

    CREATE TABLE message_inbound (
      program_id  uuid NOT NULL,
      customer_id uuid NOT NULL,
      channel     text NOT NULL CHECK (channel IN ('EMAIL', 'SMS', 'PUSH')),
      first_at    timestamptz NOT NULL,
      last_at     timestamptz NOT NULL,
      PRIMARY KEY (program_id, customer_id, channel),
      FOREIGN KEY (program_id, customer_id) REFERENCES customers (program_id, id)
    );

    CREATE TABLE message_unsubscribes (
      program_id  uuid NOT NULL,
      id          bigint GENERATED ALWAYS AS IDENTITY,
      customer_id uuid NOT NULL,
      channel     text NOT NULL,
      topic       text,
      method      text NOT NULL,
      at          timestamptz NOT NULL,
      PRIMARY KEY (program_id, id),
      FOREIGN KEY (program_id, customer_id) REFERENCES customers (program_id, id)
    );
    CREATE INDEX message_unsubscribes_customer ON message_unsubscribes (program_id, customer_id, at);

    CREATE TABLE newsletters (
      program_id      uuid NOT NULL REFERENCES programs (id),
      id              uuid NOT NULL DEFAULT gen_random_uuid(),
      title           text NOT NULL,
      topic           text,
      subject         text NOT NULL,
      body            text NOT NULL,
      audience        jsonb NOT NULL,
      status          text NOT NULL CHECK (status IN ('DRAFT', 'SCHEDULED', 'SENDING', 'SENT')),
      sales_score     real,
      override_reason text,
      override_by     text,
      scheduled_at    timestamptz,
      created_at      timestamptz NOT NULL,
      updated_at      timestamptz NOT NULL,
      PRIMARY KEY (program_id, id)
    );

    -- One answer per recipient (per message); answering again changes it, never adds one.
    CREATE TABLE message_feedback (
      program_id  uuid NOT NULL,
      message_id  uuid NOT NULL,
      useful      boolean NOT NULL,
      at          timestamptz NOT NULL,
      PRIMARY KEY (program_id, message_id),
      FOREIGN KEY (program_id, message_id) REFERENCES messages (program_id, id)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    'DROP TABLE message_feedback, newsletters, message_unsubscribes, message_inbound, messages, message_templates',
  );
}
