import type { Knex } from 'knex';

// Customer search (issue 11, ADR 12): by name, email, phone, external id or reward code.
// Every index here leads with program_id and is read in order, a page at a time.
// - Exact and starts-with matches through B-trees: email (the lower(email) index, rebuilt
//   with text_pattern_ops so that it also serves LIKE 'prefix%'), external id, full name, and
//   phone digits compared from the end (a national number is a suffix of the stored E.164
//   one; a suffix of the digits is a prefix of the reversed digits: a range on the B-tree).
// - Names: customer_names holds each program's distinct first and last names, lower-case,
//   kept by statement triggers on customers (an erased or renamed customer's old name goes
//   when nobody else has it). A search word is matched against that short list through a
//   pg_trgm GIN index (contains it, or similar: a letter dropped or swapped), and the
//   customers with the names found are read from the (program_id, lower(first_name |
//   last_name), id) B-trees in id order, index-only: the cost follows the page size, not how
//   many Smiths there are. A trigram GIN over every customer's text was tried first and measured 20–250 ms
//   per search at a million customers (common trigrams such as "car" or "exa" in every row;
//   ADR 12).
// pg_trgm ships with PostgreSQL (the embedded build too) and is a trusted extension: the
// database owner may create it.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE EXTENSION IF NOT EXISTS pg_trgm;

    CREATE FUNCTION customer_full_name(first_name text, last_name text)
      RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN lower(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')));

    CREATE FUNCTION phone_digits_reversed(phone text)
      RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN reverse(regexp_replace(phone, '[^0-9]', '', 'g'));

    DROP INDEX customers_email;
    CREATE INDEX customers_email ON customers (program_id, lower(email) text_pattern_ops);
    CREATE INDEX customers_external_id_prefix ON customers (program_id, external_id text_pattern_ops);
    CREATE INDEX customers_full_name ON customers
      (program_id, customer_full_name(first_name, last_name) text_pattern_ops);
    CREATE INDEX customers_phone_digits ON customers
      (program_id, phone_digits_reversed(phone) text_pattern_ops) WHERE phone IS NOT NULL;
    -- Covering: a search lists a name's customers (and ranks them) from the index alone.
    CREATE INDEX customers_first_name ON customers (program_id, lower(first_name), id)
      INCLUDE (first_name, last_name, external_id);
    CREATE INDEX customers_last_name ON customers (program_id, lower(last_name), id)
      INCLUDE (first_name, last_name, external_id);

    CREATE TABLE customer_names (
      program_id uuid NOT NULL REFERENCES programs (id),
      name       text NOT NULL,
      PRIMARY KEY (program_id, name)
    );
    CREATE INDEX customer_names_trgm ON customer_names USING gin (name gin_trgm_ops);

    -- The program's names containing a word (tier 1) or similar to it (tier 2), closest first.
    -- SET enable_seqscan: the planner misjudges trigram similarity's selectivity and would
    -- compute it for every name of the program (15 ms for 4,000 names, growing with them)
    -- instead of asking the GIN index (under 1 ms); as a function attribute it costs no round
    -- trip and holds for this query only. PL/pgSQL keeps the plan for the session.
    CREATE FUNCTION customer_name_matches(program uuid, word text, top int)
      RETURNS TABLE (name text, tier int, score numeric)
      LANGUAGE plpgsql STABLE SET enable_seqscan = off
    AS $$
    DECLARE
      pattern text := '%' || replace(replace(replace(word, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%';
    BEGIN
      RETURN QUERY
        SELECT n.name, CASE WHEN n.name LIKE pattern THEN 1 ELSE 2 END,
               round(similarity(word, n.name)::numeric, 4)
          FROM customer_names n
         WHERE n.program_id = program AND (n.name LIKE pattern OR n.name % word)
         ORDER BY 2, 3 DESC, 1
         LIMIT top;
    END $$;

    CREATE FUNCTION customer_names_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO customer_names (program_id, name)
      SELECT DISTINCT n.program_id, lower(x.name)
        FROM new_rows n CROSS JOIN LATERAL (VALUES (n.first_name), (n.last_name)) AS x (name)
       WHERE x.name <> ''
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$;

    -- Names an UPDATE took away (a rename, an erasure) leave the list when no customer of the
    -- program still has them: an erased person's name must not stay searchable anywhere.
    CREATE FUNCTION customer_names_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO customer_names (program_id, name)
      SELECT DISTINCT n.program_id, lower(x.name)
        FROM new_rows n CROSS JOIN LATERAL (VALUES (n.first_name), (n.last_name)) AS x (name)
       WHERE x.name <> ''
      ON CONFLICT DO NOTHING;
      DELETE FROM customer_names d
       USING (SELECT DISTINCT o.program_id, lower(x.name) AS name
                FROM old_rows o CROSS JOIN LATERAL (VALUES (o.first_name), (o.last_name)) AS x (name)
               WHERE x.name <> ''
              EXCEPT
              SELECT DISTINCT n.program_id, lower(x.name)
                FROM new_rows n CROSS JOIN LATERAL (VALUES (n.first_name), (n.last_name)) AS x (name)
               WHERE x.name <> '') gone
       WHERE d.program_id = gone.program_id AND d.name = gone.name
         AND NOT EXISTS (SELECT 1 FROM customers c
                          WHERE c.program_id = d.program_id AND lower(c.first_name) = d.name)
         AND NOT EXISTS (SELECT 1 FROM customers c
                          WHERE c.program_id = d.program_id AND lower(c.last_name) = d.name);
      RETURN NULL;
    END $$;

    CREATE TRIGGER customers_names_inserted AFTER INSERT ON customers
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_names_added();
    CREATE TRIGGER customers_names_updated AFTER UPDATE ON customers
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION customer_names_changed();

    INSERT INTO customer_names (program_id, name)
    SELECT DISTINCT c.program_id, lower(x.name)
      FROM customers c CROSS JOIN LATERAL (VALUES (c.first_name), (c.last_name)) AS x (name)
     WHERE x.name <> ''
    ON CONFLICT DO NOTHING;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TRIGGER customers_names_updated ON customers;
    DROP TRIGGER customers_names_inserted ON customers;
    DROP FUNCTION customer_names_changed();
    DROP FUNCTION customer_names_added();
    DROP FUNCTION customer_name_matches(uuid, text, int);
    DROP TABLE customer_names;
    DROP INDEX customers_last_name, customers_first_name, customers_phone_digits, customers_full_name,
      customers_external_id_prefix, customers_email;
    CREATE INDEX customers_email ON customers (program_id, lower(email));
    DROP FUNCTION phone_digits_reversed(text);
    DROP FUNCTION customer_full_name(text, text);
  `);
}
