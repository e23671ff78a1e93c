CREATE TABLE "company_logo" (
	"singleton" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"png" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "company_logo_singleton_check" CHECK ("company_logo"."singleton"),
	CONSTRAINT "company_logo_sha256_check" CHECK ("company_logo"."sha256" ~ '^[0-9a-f]{64}$')
);
