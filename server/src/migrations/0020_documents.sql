CREATE TABLE "customer_document_access_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"document_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"action" text NOT NULL,
	"outcome" text DEFAULT 'ok' NOT NULL,
	"user_id" uuid,
	"actor_type" text NOT NULL,
	"role" text NOT NULL,
	"ip" text,
	"user_agent" text,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_document_access_log_action_check" CHECK ("customer_document_access_log"."action" in ('view', 'download', 'preview', 'verify', 'share', 'upload')),
	CONSTRAINT "customer_document_access_log_outcome_check" CHECK ("customer_document_access_log"."outcome" in ('ok', 'integrity_failed', 'missing'))
);
--> statement-breakpoint
CREATE TABLE "customer_document_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"document_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"mime_type" text NOT NULL,
	"file_name" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"verified_at" timestamp with time zone,
	"integrity_failed_at" timestamp with time zone,
	CONSTRAINT "customer_document_versions_sha256_check" CHECK ("customer_document_versions"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "customer_document_versions_size_check" CHECK ("customer_document_versions"."size" > 0)
);
--> statement-breakpoint
CREATE TABLE "customer_documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"title" text NOT NULL,
	"category" text NOT NULL,
	"access_level" text NOT NULL,
	"current_version" integer NOT NULL,
	"legal_hold" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	"retention_until" timestamp with time zone,
	"search_text" text GENERATED ALWAYS AS (atrium_fold(title)) STORED NOT NULL,
	CONSTRAINT "customer_documents_category_check" CHECK ("customer_documents"."category" in ('contract', 'identity', 'invoice', 'quote', 'claim', 'photo', 'correspondence', 'other')),
	CONSTRAINT "customer_documents_access_level_check" CHECK ("customer_documents"."access_level" in ('public', 'client', 'staff', 'admin')),
	CONSTRAINT "customer_documents_deleted_check" CHECK (("customer_documents"."deleted_at" is null) = ("customer_documents"."retention_until" is null))
);
--> statement-breakpoint
ALTER TABLE "customer_document_access_log" ADD CONSTRAINT "customer_document_access_log_document_id_customer_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."customer_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_document_versions" ADD CONSTRAINT "customer_document_versions_document_id_customer_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."customer_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_documents" ADD CONSTRAINT "customer_documents_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_document_access_log_document_idx" ON "customer_document_access_log" USING btree ("document_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "customer_document_versions_key" ON "customer_document_versions" USING btree ("document_id","version");--> statement-breakpoint
CREATE INDEX "customer_document_versions_sha256_idx" ON "customer_document_versions" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "customer_documents_customer_idx" ON "customer_documents" USING btree ("customer_id","created_at");--> statement-breakpoint

-- Who saw a document is a record, not a draft: no entry is ever rewritten.
CREATE TRIGGER customer_document_access_log_no_update BEFORE UPDATE ON customer_document_access_log
  FOR EACH ROW EXECUTE FUNCTION atrium_refuse_change();
