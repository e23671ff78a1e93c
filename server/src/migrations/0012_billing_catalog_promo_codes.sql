CREATE TABLE "rate_limit_counters" (
	"key" text PRIMARY KEY NOT NULL,
	"hits" integer NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rate_limit_counters_hits_check" CHECK ("rate_limit_counters"."hits" >= 0)
);
--> statement-breakpoint
CREATE TABLE "product_prices" (
	"product_id" uuid NOT NULL,
	"price_level" text NOT NULL,
	"price_cents" bigint NOT NULL,
	CONSTRAINT "product_prices_product_id_price_level_pk" PRIMARY KEY("product_id","price_level"),
	CONSTRAINT "product_prices_price_cents_check" CHECK ("product_prices"."price_cents" >= 0),
	CONSTRAINT "product_prices_price_level_check" CHECK ("product_prices"."price_level" ~ '^[a-z0-9][a-z0-9_-]{0,29}$')
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY NOT NULL,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"category" text,
	"price_cents" bigint NOT NULL,
	"currency" text DEFAULT 'CAD' NOT NULL,
	"taxable" boolean DEFAULT true NOT NULL,
	"unit" text DEFAULT 'each' NOT NULL,
	"times_sold" integer DEFAULT 0 NOT NULL,
	"search_text" text GENERATED ALWAYS AS (atrium_fold(sku || ' ' || name || ' ' || coalesce(description, ''))) STORED NOT NULL,
	"sort_name" text GENERATED ALWAYS AS (atrium_fold(name)) STORED NOT NULL,
	"archived_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "products_price_cents_check" CHECK ("products"."price_cents" >= 0),
	CONSTRAINT "products_times_sold_check" CHECK ("products"."times_sold" >= 0),
	CONSTRAINT "products_currency_check" CHECK ("products"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "products_sku_check" CHECK ("products"."sku" <> '' and "products"."sku" = btrim("products"."sku")),
	CONSTRAINT "products_name_check" CHECK (btrim("products"."name") <> ''),
	CONSTRAINT "products_unit_check" CHECK ("products"."unit" in ('each', 'hour', 'day', 'week', 'month', 'year', 'km', 'm', 'm2', 'm3', 'kg', 'g', 'l', 'ml'))
);
--> statement-breakpoint
CREATE TABLE "promo_code_redemptions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"promo_code_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"reference_id" uuid NOT NULL,
	"once_per_customer" boolean NOT NULL,
	"cart_total_cents" bigint NOT NULL,
	"discount_cents" bigint NOT NULL,
	"redeemed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "promo_code_redemptions_amounts_check" CHECK ("promo_code_redemptions"."cart_total_cents" >= 0 and "promo_code_redemptions"."discount_cents" >= 0 and "promo_code_redemptions"."discount_cents" <= "promo_code_redemptions"."cart_total_cents")
);
--> statement-breakpoint
CREATE TABLE "promo_codes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"description" text,
	"discount_type" text NOT NULL,
	"percent_basis_points" integer,
	"amount_off_cents" bigint,
	"min_amount_cents" bigint DEFAULT 0 NOT NULL,
	"starts_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"max_uses" integer,
	"uses_count" integer DEFAULT 0 NOT NULL,
	"once_per_customer" boolean DEFAULT false NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "promo_codes_code_check" CHECK ("promo_codes"."code" ~ '^[A-Z0-9][A-Z0-9_-]{2,31}$'),
	CONSTRAINT "promo_codes_discount_check" CHECK (("promo_codes"."discount_type" = 'percentage' and "promo_codes"."percent_basis_points" between 1 and 10000 and "promo_codes"."amount_off_cents" is null)
        or ("promo_codes"."discount_type" = 'fixed' and "promo_codes"."amount_off_cents" > 0 and "promo_codes"."percent_basis_points" is null)),
	CONSTRAINT "promo_codes_min_amount_check" CHECK ("promo_codes"."min_amount_cents" >= 0),
	CONSTRAINT "promo_codes_dates_check" CHECK ("promo_codes"."starts_at" is null or "promo_codes"."expires_at" is null or "promo_codes"."expires_at" > "promo_codes"."starts_at"),
	CONSTRAINT "promo_codes_uses_check" CHECK ("promo_codes"."uses_count" >= 0 and ("promo_codes"."max_uses" is null or ("promo_codes"."max_uses" > 0 and "promo_codes"."uses_count" <= "promo_codes"."max_uses")))
);
--> statement-breakpoint
ALTER TABLE "product_prices" ADD CONSTRAINT "product_prices_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promo_code_redemptions" ADD CONSTRAINT "promo_code_redemptions_promo_code_id_promo_codes_id_fk" FOREIGN KEY ("promo_code_id") REFERENCES "public"."promo_codes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promo_code_redemptions" ADD CONSTRAINT "promo_code_redemptions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rate_limit_counters_window_started_at_idx" ON "rate_limit_counters" USING btree ("window_started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "products_sku_key" ON "products" USING btree (lower("sku"));--> statement-breakpoint
CREATE INDEX "products_search_text_idx" ON "products" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "products_sort_name_idx" ON "products" USING btree ("sort_name","id") WHERE "products"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "products_price_idx" ON "products" USING btree ("price_cents","id") WHERE "products"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "products_times_sold_idx" ON "products" USING btree ("times_sold" DESC NULLS LAST,"id") WHERE "products"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "products_created_at_idx" ON "products" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "products"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "products_category_idx" ON "products" USING btree ("category") WHERE "products"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "products_archived_at_idx" ON "products" USING btree ("archived_at") WHERE "products"."archived_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "promo_code_redemptions_reference_key" ON "promo_code_redemptions" USING btree ("promo_code_id","reference_id");--> statement-breakpoint
CREATE UNIQUE INDEX "promo_code_redemptions_customer_key" ON "promo_code_redemptions" USING btree ("promo_code_id","customer_id") WHERE "promo_code_redemptions"."once_per_customer";--> statement-breakpoint
CREATE INDEX "promo_code_redemptions_customer_idx" ON "promo_code_redemptions" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "promo_codes_code_key" ON "promo_codes" USING btree ("code");--> statement-breakpoint
CREATE INDEX "promo_codes_created_at_idx" ON "promo_codes" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);