-- The known words that look like each known word (trigram similarity above the default
-- threshold), found once when a word first appears: a search then widens a known word with
-- one index read instead of a trigram search of the whole dictionary (ADR 2). Words not in
-- the dictionary (typos) are still widened by trigram search.
CREATE TABLE search_term_neighbours (
  term text NOT NULL,
  neighbour text NOT NULL,
  score real NOT NULL,
  PRIMARY KEY (term, neighbour)
);--> statement-breakpoint
INSERT INTO search_term_neighbours (term, neighbour, score)
  SELECT a.term, b.term, similarity(a.term, b.term)
  FROM search_terms a JOIN search_terms b ON a.term % b.term AND a.term <> b.term;--> statement-breakpoint
-- Two words added at once by concurrent transactions do not see each other: such a pair
-- stays unlinked, and a search for one finds the other only if it is typed.
CREATE OR REPLACE FUNCTION atrium_link_search_term() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_term_neighbours (term, neighbour, score)
    SELECT pair.term, pair.neighbour, pair.score
    FROM search_terms t, LATERAL (VALUES
      (NEW.term, t.term, similarity(NEW.term, t.term)),
      (t.term, NEW.term, similarity(NEW.term, t.term))) AS pair(term, neighbour, score)
    WHERE t.term % NEW.term AND t.term <> NEW.term
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER search_terms_neighbours AFTER INSERT ON search_terms
  FOR EACH ROW EXECUTE FUNCTION atrium_link_search_term();
