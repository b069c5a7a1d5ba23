import type { Knex } from 'knex';

// Customer search (issue 11, ADR 12): by name, email, phone, external id or reward code.
// - pg_trgm (shipped with PostgreSQL, in the embedded build too; a trusted extension, so a
//   database owner may create it) for substring and similarity matches over one lower-cased
//   text per customer: name, email and external id.
// - btree_gin lets program_id lead the trigram index, as it leads every index here.
// - Phones are E.164; a search may be typed in any format, so digits are compared, from the
//   end (a national number is a suffix of the international one): a B-tree on the reversed
//   digits answers a suffix as a prefix range.
// Exact email and external id matches use the existing (program_id, lower(email)) and
// (program_id, external_id) indexes; reward codes the (program_id, code) one.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE EXTENSION IF NOT EXISTS btree_gin;

    CREATE FUNCTION customer_search_text(first_name text, last_name text, email text, external_id text)
      RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' ||
                   coalesce(email, '') || ' ' || coalesce(external_id, ''));

    CREATE FUNCTION phone_digits_reversed(phone text)
      RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN reverse(regexp_replace(phone, '[^0-9]', '', 'g'));

    CREATE INDEX customers_search ON customers
      USING gin (program_id, customer_search_text(first_name, last_name, email, external_id) gin_trgm_ops);
    CREATE INDEX customers_phone_digits ON customers
      (program_id, phone_digits_reversed(phone) text_pattern_ops) WHERE phone IS NOT NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX customers_phone_digits;
    DROP INDEX customers_search;
    DROP FUNCTION phone_digits_reversed(text);
    DROP FUNCTION customer_search_text(text, text, text, text);
  `);
}
