CREATE TABLE "claim_status_changes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"claim_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"note" text,
	"changed_by" uuid,
	"changed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "claims" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"conversation_id" uuid,
	"type" text NOT NULL,
	"incident_on" date NOT NULL,
	"description" text NOT NULL,
	"estimated_amount_cents" bigint,
	"injuries" text DEFAULT 'none' NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"cci" integer NOT NULL,
	"cci_factors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status_dossier" text DEFAULT 'ouvert' NOT NULL,
	"escalated" boolean DEFAULT false NOT NULL,
	"escalated_at" timestamp with time zone,
	"escalation_reason" text,
	"assigned_to" uuid,
	"reimbursement_cents" bigint,
	"currency" text DEFAULT 'CAD' NOT NULL,
	"documents_requested" text,
	"created_by" uuid,
	"status_changed_at" timestamp with time zone NOT NULL,
	"search_text" text GENERATED ALWAYS AS (atrium_fold(number || ' ' || description)) STORED NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "claims_type_check" CHECK ("claims"."type" in ('auto', 'home', 'health', 'travel', 'other')),
	CONSTRAINT "claims_status_check" CHECK ("claims"."status_dossier" in ('ouvert', 'en_cours', 'en_attente_documents', 'escalade', 'approuve', 'refuse', 'rembourse', 'ferme')),
	CONSTRAINT "claims_injuries_check" CHECK ("claims"."injuries" in ('none', 'minor', 'serious')),
	CONSTRAINT "claims_cci_check" CHECK ("claims"."cci" between 0 and 100),
	CONSTRAINT "claims_amounts_check" CHECK (coalesce("claims"."estimated_amount_cents", 0) >= 0 and coalesce("claims"."reimbursement_cents", 0) >= 0),
	CONSTRAINT "claims_escalated_check" CHECK ("claims"."escalated" = ("claims"."escalated_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"number" text NOT NULL,
	"product" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "contracts_status_check" CHECK ("contracts"."status" in ('active', 'suspended', 'expired', 'cancelled')),
	CONSTRAINT "contracts_dates_check" CHECK ("contracts"."end_date" is null or "contracts"."end_date" >= "contracts"."start_date")
);
--> statement-breakpoint
CREATE TABLE "conversation_handoffs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"conversation_id" uuid NOT NULL,
	"cycle" integer NOT NULL,
	"reason" text NOT NULL,
	"claim_id" uuid,
	"cci" integer,
	"taken_by" uuid,
	"taken_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "conversation_handoffs_reason_check" CHECK ("conversation_handoffs"."reason" in ('cci', 'customer_request')),
	CONSTRAINT "conversation_handoffs_taken_check" CHECK (("conversation_handoffs"."taken_by" is null) = ("conversation_handoffs"."taken_at" is null))
);
--> statement-breakpoint
CREATE TABLE "conversation_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "conversation_messages_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"conversation_id" uuid NOT NULL,
	"author" text NOT NULL,
	"author_id" uuid,
	"phase" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "conversation_messages_author_check" CHECK ("conversation_messages"."author" in ('customer', 'assistant', 'advisor')),
	CONSTRAINT "conversation_messages_text_check" CHECK (char_length("conversation_messages"."text") between 1 and 20000)
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"customer_id" uuid,
	"started_by_customer_id" uuid,
	"language" text NOT NULL,
	"phase" text NOT NULL,
	"state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"claim_id" uuid,
	"escalations" integer DEFAULT 0 NOT NULL,
	"escalated_at" timestamp with time zone,
	"assigned_to" uuid,
	"taken_at" timestamp with time zone,
	"last_message_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "conversations_phase_check" CHECK ("conversations"."phase" in ('AUTHENTIFICATION', 'DESCRIPTION', 'QUALIFICATION', 'DECISION', 'ESCALADE')),
	CONSTRAINT "conversations_language_check" CHECK ("conversations"."language" in ('fr', 'en')),
	CONSTRAINT "conversations_failed_attempts_check" CHECK ("conversations"."failed_attempts" >= 0)
);
--> statement-breakpoint
ALTER TABLE "claim_status_changes" ADD CONSTRAINT "claim_status_changes_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_handoffs" ADD CONSTRAINT "conversation_handoffs_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_handoffs" ADD CONSTRAINT "conversation_handoffs_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_messages" ADD CONSTRAINT "conversation_messages_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "claim_status_changes_claim_idx" ON "claim_status_changes" USING btree ("claim_id","changed_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "claims_number_key" ON "claims" USING btree ("number");--> statement-breakpoint
CREATE INDEX "claims_created_at_idx" ON "claims" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "claims_status_idx" ON "claims" USING btree ("status_dossier","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "claims_customer_idx" ON "claims" USING btree ("customer_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "claims_contract_idx" ON "claims" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "claims_conversation_idx" ON "claims" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "claims_assigned_to_idx" ON "claims" USING btree ("assigned_to","status_dossier");--> statement-breakpoint
CREATE INDEX "claims_cci_idx" ON "claims" USING btree ("cci");--> statement-breakpoint
CREATE INDEX "claims_search_text_idx" ON "claims" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_number_key" ON "contracts" USING btree ("number");--> statement-breakpoint
CREATE INDEX "contracts_customer_idx" ON "contracts" USING btree ("customer_id","start_date");--> statement-breakpoint
CREATE UNIQUE INDEX "conversation_handoffs_cycle_key" ON "conversation_handoffs" USING btree ("conversation_id","cycle");--> statement-breakpoint
CREATE INDEX "conversation_handoffs_waiting_idx" ON "conversation_handoffs" USING btree ("created_at","id") WHERE "conversation_handoffs"."taken_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "conversation_messages_seq_key" ON "conversation_messages" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "conversation_messages_conversation_idx" ON "conversation_messages" USING btree ("conversation_id","seq");--> statement-breakpoint
CREATE INDEX "conversations_customer_idx" ON "conversations" USING btree ("customer_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "conversations_assigned_to_idx" ON "conversations" USING btree ("assigned_to","last_message_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "conversations_claim_idx" ON "conversations" USING btree ("claim_id");--> statement-breakpoint
-- Hand-written: assignees and takers are users (auth's table, so the keys are declared here, not in Drizzle).
ALTER TABLE "claims" ADD CONSTRAINT "claims_assigned_to_users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."users"("id") ON DELETE SET NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_assigned_to_users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."users"("id") ON DELETE SET NULL;--> statement-breakpoint
ALTER TABLE "conversation_handoffs" ADD CONSTRAINT "conversation_handoffs_taken_by_users_id_fk" FOREIGN KEY ("taken_by") REFERENCES "public"."users"("id") ON DELETE SET NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id");
