-- Customer search reads names through a B-tree of phrases instead of a GIN index of words
-- (ADR 2): every name is stored once per rotation of its words ("eric tremblay",
-- "tremblay eric"), so a query typed as the start of any rotation is one index range read
-- in order, and a page of a common name costs what a page of a rare one does.
DROP INDEX "customers_search_tokens_idx";--> statement-breakpoint
CREATE OR REPLACE FUNCTION atrium_words(value text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT coalesce(array_agg(word ORDER BY position), '{}')
    FROM regexp_split_to_table(atrium_fold(value), '[^a-z0-9]+') WITH ORDINALITY AS t(word, position)
    WHERE word <> ''
  $$;--> statement-breakpoint
-- Every rotation of each name's words (at most 8); for names of 3 or 4 words, also the
-- rotations without one of them, so "jean vasseur" finds "Jean-Michel Vasseur".
CREATE OR REPLACE FUNCTION atrium_phrases(VARIADIC names text[]) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT coalesce(array_agg(DISTINCT phrase), '{}')
    FROM (SELECT (atrium_words(name))[:8] AS words FROM unnest(names) AS name) AS n,
    LATERAL (
      SELECT n.words AS variant
      UNION ALL
      SELECT n.words[:j - 1] || n.words[j + 1:]
      FROM generate_subscripts(n.words, 1) AS j
      WHERE cardinality(n.words) BETWEEN 3 AND 4
    ) AS v,
    LATERAL (
      SELECT array_to_string(v.variant[i:] || v.variant[:i - 1], ' ') AS phrase
      FROM generate_subscripts(v.variant, 1) AS i
    ) AS r
  $$;--> statement-breakpoint
-- Who besides admins may find a customer: null for everyone, else the assigned user
-- (the nil id when nobody is assigned).
CREATE OR REPLACE FUNCTION atrium_restricted_to(privacy_level text, assigned_user_id uuid) RETURNS uuid
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE WHEN privacy_level = 'confidentiel'
      THEN coalesce(assigned_user_id, '00000000-0000-0000-0000-000000000000'::uuid) END
  $$;--> statement-breakpoint
CREATE TABLE customer_search_phrases (
  phrase text COLLATE "C" NOT NULL,
  customer_id uuid NOT NULL REFERENCES customers (id),
  contact_id uuid REFERENCES customer_contacts (id) ON DELETE CASCADE,
  archived boolean NOT NULL,
  restricted_to uuid
);--> statement-breakpoint
-- Every customer and contact at once: for the existing rows here, before the indexes
-- (built once rather than row by row), and by bench/generate.ts after a bulk load.
CREATE OR REPLACE FUNCTION atrium_fill_search_phrases() RETURNS void
  LANGUAGE sql AS $$
    INSERT INTO customer_search_phrases (phrase, customer_id, archived, restricted_to)
      SELECT unnest(atrium_phrases(concat_ws(' ', first_name, last_name), company_name)), id,
        archived_at IS NOT NULL, atrium_restricted_to(privacy_level, assigned_user_id)
      FROM customers;
    INSERT INTO customer_search_phrases (phrase, customer_id, contact_id, archived, restricted_to)
      SELECT unnest(atrium_phrases(concat_ws(' ', ct.first_name, ct.last_name))), c.id, ct.id,
        c.archived_at IS NOT NULL, atrium_restricted_to(c.privacy_level, c.assigned_user_id)
      FROM customer_contacts ct JOIN customers c ON c.id = ct.customer_id;
  $$;--> statement-breakpoint
SELECT atrium_fill_search_phrases();--> statement-breakpoint
-- Visibility is copied here so a search reads only this index until it has its page.
CREATE INDEX customer_search_phrases_phrase_idx ON customer_search_phrases (phrase, customer_id)
  INCLUDE (archived, restricted_to);--> statement-breakpoint
CREATE INDEX customer_search_phrases_customer_idx ON customer_search_phrases (customer_id);--> statement-breakpoint
CREATE INDEX customer_search_phrases_contact_idx ON customer_search_phrases (contact_id)
  WHERE contact_id IS NOT NULL;--> statement-breakpoint
CREATE OR REPLACE FUNCTION atrium_index_customer_phrases() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR (NEW.first_name, NEW.last_name, NEW.company_name)
      IS DISTINCT FROM (OLD.first_name, OLD.last_name, OLD.company_name) THEN
    DELETE FROM customer_search_phrases WHERE customer_id = NEW.id AND contact_id IS NULL;
    INSERT INTO customer_search_phrases (phrase, customer_id, archived, restricted_to)
      SELECT unnest(atrium_phrases(concat_ws(' ', NEW.first_name, NEW.last_name), NEW.company_name)),
        NEW.id, NEW.archived_at IS NOT NULL, atrium_restricted_to(NEW.privacy_level, NEW.assigned_user_id);
  END IF;
  IF TG_OP = 'UPDATE' AND (NEW.archived_at IS NULL, atrium_restricted_to(NEW.privacy_level, NEW.assigned_user_id))
      IS DISTINCT FROM (OLD.archived_at IS NULL, atrium_restricted_to(OLD.privacy_level, OLD.assigned_user_id)) THEN
    UPDATE customer_search_phrases
      SET archived = NEW.archived_at IS NOT NULL,
        restricted_to = atrium_restricted_to(NEW.privacy_level, NEW.assigned_user_id)
      WHERE customer_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER customers_search_phrases
  AFTER INSERT OR UPDATE OF first_name, last_name, company_name, privacy_level, assigned_user_id, archived_at
  ON customers FOR EACH ROW EXECUTE FUNCTION atrium_index_customer_phrases();--> statement-breakpoint
CREATE OR REPLACE FUNCTION atrium_index_contact_phrases() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (NEW.first_name, NEW.last_name, NEW.customer_id)
      IS NOT DISTINCT FROM (OLD.first_name, OLD.last_name, OLD.customer_id) THEN
    RETURN NULL;
  END IF;
  DELETE FROM customer_search_phrases WHERE contact_id = NEW.id;
  INSERT INTO customer_search_phrases (phrase, customer_id, contact_id, archived, restricted_to)
    SELECT unnest(atrium_phrases(concat_ws(' ', NEW.first_name, NEW.last_name))), c.id, NEW.id,
      c.archived_at IS NOT NULL, atrium_restricted_to(c.privacy_level, c.assigned_user_id)
    FROM customers c WHERE c.id = NEW.customer_id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER customer_contacts_search_phrases
  AFTER INSERT OR UPDATE OF first_name, last_name, customer_id
  ON customer_contacts FOR EACH ROW EXECUTE FUNCTION atrium_index_contact_phrases();
