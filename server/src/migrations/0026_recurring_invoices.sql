CREATE TABLE "dunning_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"as_of" date NOT NULL,
	"queued" integer NOT NULL,
	"skipped" integer NOT NULL,
	"suppressed" integer NOT NULL,
	"held" integer NOT NULL,
	"run_by" uuid,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recurring_invoice_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"schedule_id" uuid NOT NULL,
	"period_index" integer NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"invoice_id" uuid,
	"error" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recurring_invoices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"frequency" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"count" integer,
	"auto_finalize" boolean DEFAULT false NOT NULL,
	"auto_send" boolean DEFAULT false NOT NULL,
	"next_period" integer DEFAULT 0 NOT NULL,
	"next_run_date" date,
	"currency" text NOT NULL,
	"lines" jsonb NOT NULL,
	"invoice_discount_cents" bigint DEFAULT 0 NOT NULL,
	"shipping_cents" bigint DEFAULT 0 NOT NULL,
	"shipping_taxable" boolean DEFAULT true NOT NULL,
	"notes" text,
	"subtotal_cents" bigint NOT NULL,
	"discount_cents" bigint NOT NULL,
	"taxes" jsonb NOT NULL,
	"total_cents" bigint NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"paused_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	CONSTRAINT "recurring_invoices_status_check" CHECK ("recurring_invoices"."status" in ('active', 'paused', 'ended')),
	CONSTRAINT "recurring_invoices_frequency_check" CHECK ("recurring_invoices"."frequency" in ('weekly', 'monthly', 'quarterly', 'yearly')),
	CONSTRAINT "recurring_invoices_bounds_check" CHECK ("recurring_invoices"."end_date" is null or "recurring_invoices"."count" is null),
	CONSTRAINT "recurring_invoices_end_check" CHECK ("recurring_invoices"."end_date" is null or "recurring_invoices"."end_date" >= "recurring_invoices"."start_date"),
	CONSTRAINT "recurring_invoices_count_check" CHECK ("recurring_invoices"."count" is null or "recurring_invoices"."count" >= 1),
	CONSTRAINT "recurring_invoices_next_check" CHECK (("recurring_invoices"."status" = 'ended') = ("recurring_invoices"."next_run_date" is null))
);
--> statement-breakpoint
ALTER TABLE "recurring_invoice_runs" ADD CONSTRAINT "recurring_invoice_runs_schedule_id_recurring_invoices_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."recurring_invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recurring_invoice_runs" ADD CONSTRAINT "recurring_invoice_runs_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recurring_invoices" ADD CONSTRAINT "recurring_invoices_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dunning_runs_finished_idx" ON "dunning_runs" USING btree ("finished_at");--> statement-breakpoint
CREATE UNIQUE INDEX "recurring_invoice_runs_period_key" ON "recurring_invoice_runs" USING btree ("schedule_id","period_start");--> statement-breakpoint
CREATE UNIQUE INDEX "recurring_invoice_runs_index_key" ON "recurring_invoice_runs" USING btree ("schedule_id","period_index");--> statement-breakpoint
CREATE INDEX "recurring_invoice_runs_invoice_idx" ON "recurring_invoice_runs" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "recurring_invoices_customer_idx" ON "recurring_invoices" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "recurring_invoices_created_idx" ON "recurring_invoices" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "recurring_invoices_due_idx" ON "recurring_invoices" USING btree ("next_run_date","id") WHERE "recurring_invoices"."status" = 'active';