ALTER TABLE "invoices" DROP CONSTRAINT "invoices_amounts_check";--> statement-breakpoint
ALTER TABLE "invoices" DROP CONSTRAINT "invoices_balance_check";--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "amount_credited_cents" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "settled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_amounts_check" CHECK ("invoices"."subtotal_cents" >= 0 and "invoices"."discount_cents" >= 0 and "invoices"."shipping_cents" >= 0 and "invoices"."total_cents" >= 0 and "invoices"."amount_paid_cents" >= 0 and "invoices"."amount_credited_cents" >= 0 and "invoices"."invoice_discount_cents" >= 0 and "invoices"."promo_discount_cents" >= 0);--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_balance_check" CHECK ("invoices"."balance_due_cents" = "invoices"."total_cents" - "invoices"."amount_paid_cents" - "invoices"."amount_credited_cents" and "invoices"."balance_due_cents" >= 0);