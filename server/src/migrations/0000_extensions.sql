-- Search helpers used by generated columns and indexes: they must be IMMUTABLE, so the
-- unaccent dictionary is named explicitly (the one-argument form is only STABLE).
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE OR REPLACE FUNCTION atrium_fold(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION atrium_tokens(VARIADIC parts text[]) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT coalesce(array_agg(DISTINCT word ORDER BY word), '{}')
    FROM unnest(parts) AS part, regexp_split_to_table(atrium_fold(part), '[^a-z0-9]+') AS word
    WHERE word <> ''
  $$;
