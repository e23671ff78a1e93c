ALTER TABLE "customer_document_versions" ADD COLUMN "purged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customer_documents" ADD COLUMN "purged_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "customer_documents_retention_idx" ON "customer_documents" USING btree ("retention_until") WHERE "customer_documents"."purged_at" is null and "customer_documents"."retention_until" is not null;--> statement-breakpoint

-- The access log stays append-only, with one exception the law asks for: erasing where an
-- anonymized customer read from (ip, user agent). Every other column must stay as it was.
CREATE OR REPLACE FUNCTION atrium_access_log_erase_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.id, NEW.document_id, NEW.customer_id, NEW.version, NEW.action, NEW.outcome, NEW.user_id,
      NEW.actor_type, NEW.role, NEW.at)
     IS NOT DISTINCT FROM
     (OLD.id, OLD.document_id, OLD.customer_id, OLD.version, OLD.action, OLD.outcome, OLD.user_id,
      OLD.actor_type, OLD.role, OLD.at)
     AND NEW.ip IS NULL AND NEW.user_agent IS NULL THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only (UPDATE refused; only erasing ip and user_agent is allowed)', TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
DROP TRIGGER customer_document_access_log_no_update ON customer_document_access_log;--> statement-breakpoint
CREATE TRIGGER customer_document_access_log_erase_only BEFORE UPDATE ON customer_document_access_log
  FOR EACH ROW EXECUTE FUNCTION atrium_access_log_erase_only();
