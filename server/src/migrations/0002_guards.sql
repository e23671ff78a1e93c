-- The audit log is append-only: the database itself refuses to change or remove a row.
CREATE OR REPLACE FUNCTION atrium_refuse_audit_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION atrium_refuse_audit_change();--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION atrium_refuse_audit_change();--> statement-breakpoint

-- Every word a customer or contact is found by is kept once in search_terms, where the
-- typo-tolerant (trigram) match runs over a few thousand words instead of a million rows.
CREATE OR REPLACE FUNCTION atrium_collect_search_terms() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_terms (term)
    SELECT DISTINCT unnest(NEW.search_tokens)
    ON CONFLICT (term) DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER customers_search_terms AFTER INSERT OR UPDATE OF first_name, last_name, company_name ON customers
  FOR EACH ROW EXECUTE FUNCTION atrium_collect_search_terms();--> statement-breakpoint
CREATE TRIGGER customer_contacts_search_terms AFTER INSERT OR UPDATE OF first_name, last_name ON customer_contacts
  FOR EACH ROW EXECUTE FUNCTION atrium_collect_search_terms();
