CREATE TABLE "customer_balance_history" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"entry_number" bigint NOT NULL,
	"entry_type" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"balance_after_cents" bigint NOT NULL,
	"currency" text NOT NULL,
	"reference_table" text,
	"reference_id" uuid,
	"description" text,
	"reason" text,
	"actor_type" text NOT NULL,
	"actor_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_balance_history_number_key" UNIQUE("customer_id","entry_number"),
	CONSTRAINT "customer_balance_history_reference_key" UNIQUE("reference_table","reference_id","entry_type"),
	CONSTRAINT "customer_balance_history_type_check" CHECK ("customer_balance_history"."entry_type" in ('invoice', 'payment', 'credit_note', 'refund', 'adjustment')),
	CONSTRAINT "customer_balance_history_amount_check" CHECK ("customer_balance_history"."amount_cents" <> 0),
	CONSTRAINT "customer_balance_history_sign_check" CHECK ("customer_balance_history"."entry_type" = 'adjustment'
        or ("customer_balance_history"."entry_type" in ('invoice', 'refund') and "customer_balance_history"."amount_cents" > 0)
        or ("customer_balance_history"."entry_type" in ('payment', 'credit_note') and "customer_balance_history"."amount_cents" < 0)),
	CONSTRAINT "customer_balance_history_reference_check" CHECK ("customer_balance_history"."entry_type" = 'adjustment' or ("customer_balance_history"."reference_table" is not null and "customer_balance_history"."reference_id" is not null)),
	CONSTRAINT "customer_balance_history_reason_check" CHECK ("customer_balance_history"."entry_type" <> 'adjustment' or "customer_balance_history"."reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "customer_balances" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"balance_cents" bigint NOT NULL,
	"currency" text NOT NULL,
	"entry_count" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_balances_entry_count_check" CHECK ("customer_balances"."entry_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "customer_credit_profiles" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"credit_limit_cents" bigint,
	"payment_terms" text DEFAULT 'net_30' NOT NULL,
	"price_level" text DEFAULT 'standard' NOT NULL,
	"currency" text DEFAULT 'CAD' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_credit_profiles_limit_check" CHECK ("customer_credit_profiles"."credit_limit_cents" is null or "customer_credit_profiles"."credit_limit_cents" >= 0),
	CONSTRAINT "customer_credit_profiles_terms_check" CHECK ("customer_credit_profiles"."payment_terms" in ('due_on_receipt', 'net_15', 'net_30', 'net_45', 'net_60')),
	CONSTRAINT "customer_credit_profiles_currency_check" CHECK ("customer_credit_profiles"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "customer_payment_methods" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"token" text NOT NULL,
	"brand" text,
	"last4" text,
	"exp_month" integer,
	"exp_year" integer,
	"nickname" text,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_payment_methods_provider_token_key" UNIQUE("provider","token"),
	CONSTRAINT "customer_payment_methods_provider_check" CHECK ("customer_payment_methods"."provider" in ('stripe', 'paypal', 'square', 'moneris')),
	CONSTRAINT "customer_payment_methods_last4_check" CHECK ("customer_payment_methods"."last4" ~ '^[0-9]{4}$'),
	CONSTRAINT "customer_payment_methods_exp_month_check" CHECK ("customer_payment_methods"."exp_month" between 1 and 12),
	CONSTRAINT "customer_payment_methods_exp_year_check" CHECK ("customer_payment_methods"."exp_year" between 2000 and 2100),
	CONSTRAINT "customer_payment_methods_expiry_check" CHECK (("customer_payment_methods"."exp_month" is null) = ("customer_payment_methods"."exp_year" is null))
);
--> statement-breakpoint
ALTER TABLE "customer_balance_history" ADD CONSTRAINT "customer_balance_history_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_balances" ADD CONSTRAINT "customer_balances_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_credit_profiles" ADD CONSTRAINT "customer_credit_profiles_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_payment_methods" ADD CONSTRAINT "customer_payment_methods_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_payment_methods_customer_id_idx" ON "customer_payment_methods" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "customer_payment_methods_one_default_idx" ON "customer_payment_methods" USING btree ("customer_id") WHERE "customer_payment_methods"."is_default";--> statement-breakpoint

-- The ledger is append-only: a mistake is corrected by another entry, never by editing one.
CREATE OR REPLACE FUNCTION atrium_ledger_append_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'customer_balance_history is append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
CREATE TRIGGER customer_balance_history_append_only BEFORE UPDATE OR DELETE ON customer_balance_history
  FOR EACH ROW EXECUTE FUNCTION atrium_ledger_append_only();--> statement-breakpoint
CREATE TRIGGER customer_balance_history_no_truncate BEFORE TRUNCATE ON customer_balance_history
  FOR EACH STATEMENT EXECUTE FUNCTION atrium_ledger_append_only();--> statement-breakpoint

-- Each entry continues the one before it: numbered next, and its balance is the previous
-- balance plus its amount. Whatever writes the ledger, the running total cannot drift.
CREATE OR REPLACE FUNCTION atrium_ledger_continues() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  previous bigint;
BEGIN
  IF NEW.entry_number = 1 THEN
    previous := 0;
  ELSE
    SELECT balance_after_cents INTO previous FROM customer_balance_history
      WHERE customer_id = NEW.customer_id AND entry_number = NEW.entry_number - 1;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'ledger entry % of customer % has no entry before it', NEW.entry_number, NEW.customer_id
        USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  IF NEW.balance_after_cents <> previous + NEW.amount_cents THEN
    RAISE EXCEPTION 'ledger entry % of customer %: % + % is not %', NEW.entry_number, NEW.customer_id,
      previous, NEW.amount_cents, NEW.balance_after_cents
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER customer_balance_history_continues BEFORE INSERT ON customer_balance_history
  FOR EACH ROW EXECUTE FUNCTION atrium_ledger_continues();
