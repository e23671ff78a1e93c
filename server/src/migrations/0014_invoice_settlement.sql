CREATE TABLE "invoice_settlements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"invoice_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"reference_table" text NOT NULL,
	"reference_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	CONSTRAINT "invoice_settlements_kind_check" CHECK ("invoice_settlements"."kind" in ('payment', 'refund', 'credit_note')),
	CONSTRAINT "invoice_settlements_sign_check" CHECK (("invoice_settlements"."kind" = 'refund' and "invoice_settlements"."amount_cents" > 0) or ("invoice_settlements"."kind" <> 'refund' and "invoice_settlements"."amount_cents" < 0))
);
--> statement-breakpoint
ALTER TABLE "invoices" DROP CONSTRAINT "invoices_amounts_check";--> statement-breakpoint
ALTER TABLE "invoices" DROP CONSTRAINT "invoices_balance_check";--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "amount_credited_cents" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "settled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoice_settlements" ADD CONSTRAINT "invoice_settlements_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_settlements" ADD CONSTRAINT "invoice_settlements_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invoice_settlements_invoice_idx" ON "invoice_settlements" USING btree ("invoice_id","occurred_at");--> statement-breakpoint
CREATE INDEX "invoice_settlements_occurred_idx" ON "invoice_settlements" USING btree ("occurred_at");--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_amounts_check" CHECK ("invoices"."subtotal_cents" >= 0 and "invoices"."discount_cents" >= 0 and "invoices"."shipping_cents" >= 0 and "invoices"."total_cents" >= 0 and "invoices"."amount_paid_cents" >= 0 and "invoices"."amount_credited_cents" >= 0 and "invoices"."invoice_discount_cents" >= 0 and "invoices"."promo_discount_cents" >= 0);--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_balance_check" CHECK ("invoices"."balance_due_cents" = "invoices"."total_cents" - "invoices"."amount_paid_cents" - "invoices"."amount_credited_cents" and "invoices"."balance_due_cents" >= 0);