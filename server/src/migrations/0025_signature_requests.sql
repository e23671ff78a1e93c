CREATE TABLE "signature_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"event" text NOT NULL,
	"signer_id" uuid,
	"actor_id" uuid,
	"ip" text,
	"user_agent" text,
	"at" timestamp with time zone NOT NULL,
	"data" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "signature_events_event_check" CHECK ("signature_events"."event" in ('created', 'sent', 'opened', 'code_sent', 'code_verified', 'code_failed', 'signed', 'declined', 'cancelled', 'reminded', 'completed'))
);
--> statement-breakpoint
CREATE TABLE "signature_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"document_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"document_version" integer NOT NULL,
	"original_sha256" text NOT NULL,
	"title" text NOT NULL,
	"message" text,
	"routing" text NOT NULL,
	"status" text NOT NULL,
	"require_email_code" boolean DEFAULT false NOT NULL,
	"fields" jsonb NOT NULL,
	"page_count" integer NOT NULL,
	"provider" text DEFAULT 'internal' NOT NULL,
	"provider_reference" text,
	"expires_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"declined_at" timestamp with time zone,
	"final_audit_hash" text,
	"sealed_document_id" uuid,
	"sealed_sha256" text,
	"sealed_at" timestamp with time zone,
	CONSTRAINT "signature_requests_status_check" CHECK ("signature_requests"."status" in ('pending', 'viewed', 'signed', 'declined', 'expired', 'cancelled')),
	CONSTRAINT "signature_requests_routing_check" CHECK ("signature_requests"."routing" in ('parallel', 'sequential')),
	CONSTRAINT "signature_requests_sealed_check" CHECK (("signature_requests"."sealed_sha256" is null or ("signature_requests"."status" = 'signed' and "signature_requests"."sealed_sha256" ~ '^[0-9a-f]{64}$')))
);
--> statement-breakpoint
CREATE TABLE "signature_signers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"signer_index" integer NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"signing_order" integer NOT NULL,
	"language" text NOT NULL,
	"status" text NOT NULL,
	"token_hash" text NOT NULL,
	"token_nonce" text NOT NULL,
	"notified_at" timestamp with time zone,
	"viewed_at" timestamp with time zone,
	"signed_at" timestamp with time zone,
	"declined_at" timestamp with time zone,
	"decline_reason" text,
	"signature_type" text,
	"signature_sha256" text,
	"typed_name" text,
	"field_values" jsonb,
	"ip" text,
	"user_agent" text,
	"code_hash" text,
	"code_expires_at" timestamp with time zone,
	"code_attempts" integer DEFAULT 0 NOT NULL,
	"code_verified_at" timestamp with time zone,
	"code_locked_at" timestamp with time zone,
	CONSTRAINT "signature_signers_status_check" CHECK ("signature_signers"."status" in ('pending', 'viewed', 'signed', 'declined', 'expired', 'cancelled')),
	CONSTRAINT "signature_signers_signed_check" CHECK (("signature_signers"."status" = 'signed') = ("signature_signers"."signed_at" is not null and "signature_signers"."signature_type" is not null))
);
--> statement-breakpoint
ALTER TABLE "signature_events" ADD CONSTRAINT "signature_events_request_id_signature_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."signature_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_requests" ADD CONSTRAINT "signature_requests_document_id_customer_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."customer_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_signers" ADD CONSTRAINT "signature_signers_request_id_signature_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."signature_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "signature_events_seq_key" ON "signature_events" USING btree ("request_id","seq");--> statement-breakpoint
CREATE INDEX "signature_requests_document_idx" ON "signature_requests" USING btree ("document_id","created_at");--> statement-breakpoint
CREATE INDEX "signature_requests_customer_status_idx" ON "signature_requests" USING btree ("customer_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "signature_requests_sealed_sha256_key" ON "signature_requests" USING btree ("sealed_sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "signature_signers_token_key" ON "signature_signers" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "signature_signers_index_key" ON "signature_signers" USING btree ("request_id","signer_index");--> statement-breakpoint
-- The signing audit trail is evidence: an event is never rewritten or removed (its hash chain says so too).
CREATE TRIGGER signature_events_no_update BEFORE UPDATE OR DELETE ON signature_events
  FOR EACH ROW EXECUTE FUNCTION atrium_refuse_change();--> statement-breakpoint
ALTER TABLE "signature_requests" ADD CONSTRAINT "signature_requests_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id");
