CREATE TABLE "customer_dunning" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"paused" boolean NOT NULL,
	"reason" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_dunning_reason_check" CHECK (not "customer_dunning"."paused" or "customer_dunning"."reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "invoice_reminders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"invoice_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"level" integer NOT NULL,
	"outcome" text NOT NULL,
	"email_id" uuid,
	"reminder_on" date NOT NULL,
	"days_late" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "invoice_reminders_level_check" CHECK ("invoice_reminders"."level" between 1 and 4),
	CONSTRAINT "invoice_reminders_outcome_check" CHECK ("invoice_reminders"."outcome" in ('emailed', 'skipped')),
	CONSTRAINT "invoice_reminders_email_check" CHECK (("invoice_reminders"."outcome" = 'skipped') = ("invoice_reminders"."email_id" is null))
);
--> statement-breakpoint
CREATE TABLE "email_outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"customer_id" uuid,
	"invoice_id" uuid,
	"quote_id" uuid,
	"order_id" uuid,
	"to" text,
	"subject" text NOT NULL,
	"html" text NOT NULL,
	"text" text NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"language" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"suppressed_reason" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"message_id" text,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "email_outbox_status_check" CHECK ("email_outbox"."status" in ('queued', 'sent', 'failed', 'suppressed')),
	CONSTRAINT "email_outbox_suppressed_check" CHECK (("email_outbox"."status" = 'suppressed') = ("email_outbox"."suppressed_reason" is not null)),
	CONSTRAINT "email_outbox_sent_check" CHECK (("email_outbox"."status" = 'sent') = ("email_outbox"."sent_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "customer_dunning" ADD CONSTRAINT "customer_dunning_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_reminders" ADD CONSTRAINT "invoice_reminders_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_reminders" ADD CONSTRAINT "invoice_reminders_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_reminders" ADD CONSTRAINT "invoice_reminders_email_id_email_outbox_id_fk" FOREIGN KEY ("email_id") REFERENCES "public"."email_outbox"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_dunning_paused_idx" ON "customer_dunning" USING btree ("customer_id") WHERE "customer_dunning"."paused";--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_reminders_invoice_level_key" ON "invoice_reminders" USING btree ("invoice_id","level");--> statement-breakpoint
CREATE INDEX "invoice_reminders_customer_idx" ON "invoice_reminders" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "invoice_reminders_email_idx" ON "invoice_reminders" USING btree ("email_id");--> statement-breakpoint
CREATE INDEX "email_outbox_created_idx" ON "email_outbox" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "email_outbox_customer_idx" ON "email_outbox" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "email_outbox_invoice_idx" ON "email_outbox" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "email_outbox_quote_idx" ON "email_outbox" USING btree ("quote_id");--> statement-breakpoint
CREATE INDEX "email_outbox_order_idx" ON "email_outbox" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "email_outbox_status_idx" ON "email_outbox" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "email_outbox_due_idx" ON "email_outbox" USING btree ("next_attempt_at") WHERE "email_outbox"."status" = 'queued';--> statement-breakpoint
-- Hand-written: the mail module imports no billing, so its reference to invoices lives here.
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id");
