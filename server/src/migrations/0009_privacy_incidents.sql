CREATE TABLE "privacy_incident_counters" (
	"year" integer PRIMARY KEY NOT NULL,
	"last_number" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "privacy_incident_customers" (
	"incident_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"linked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "privacy_incident_customers_incident_id_customer_id_pk" PRIMARY KEY("incident_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "privacy_incidents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"discovered_at" timestamp with time zone NOT NULL,
	"description" text NOT NULL,
	"personal_information_types" text[] NOT NULL,
	"persons_count" integer NOT NULL,
	"cause" text,
	"serious_injury_risk" text DEFAULT 'under_assessment' NOT NULL,
	"risk_assessment" text,
	"measures_taken" text,
	"cai_notified_at" timestamp with time zone,
	"persons_notified_at" timestamp with time zone,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "privacy_incidents_number_key" UNIQUE("number"),
	CONSTRAINT "privacy_incidents_dates_check" CHECK ("privacy_incidents"."discovered_at" >= "privacy_incidents"."occurred_at"),
	CONSTRAINT "privacy_incidents_persons_count_check" CHECK ("privacy_incidents"."persons_count" >= 0),
	CONSTRAINT "privacy_incidents_types_check" CHECK (cardinality("privacy_incidents"."personal_information_types") > 0 and "privacy_incidents"."personal_information_types" <@ array['identity', 'contact', 'financial', 'health', 'government_id', 'location', 'credentials', 'other']::text[]),
	CONSTRAINT "privacy_incidents_risk_check" CHECK ("privacy_incidents"."serious_injury_risk" in ('yes', 'no', 'under_assessment')),
	CONSTRAINT "privacy_incidents_status_check" CHECK ("privacy_incidents"."status" in ('open', 'assessed', 'notified', 'closed')),
	CONSTRAINT "privacy_incidents_decided_check" CHECK ("privacy_incidents"."status" = 'open' or "privacy_incidents"."serious_injury_risk" <> 'under_assessment'),
	CONSTRAINT "privacy_incidents_cai_check" CHECK ("privacy_incidents"."status" in ('open', 'assessed') or "privacy_incidents"."serious_injury_risk" <> 'yes' or "privacy_incidents"."cai_notified_at" is not null)
);
--> statement-breakpoint
ALTER TABLE "privacy_incident_customers" ADD CONSTRAINT "privacy_incident_customers_incident_id_privacy_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."privacy_incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_incident_customers" ADD CONSTRAINT "privacy_incident_customers_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "privacy_incident_customers_customer_idx" ON "privacy_incident_customers" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "privacy_incidents_created_at_idx" ON "privacy_incidents" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "privacy_incidents_status_idx" ON "privacy_incidents" USING btree ("status");--> statement-breakpoint
CREATE INDEX "privacy_incidents_unnotified_idx" ON "privacy_incidents" USING btree ("created_at") WHERE "privacy_incidents"."serious_injury_risk" = 'yes' and "privacy_incidents"."cai_notified_at" is null;--> statement-breakpoint

-- The register of confidentiality incidents is kept (Loi 25: five years at least): the database
-- refuses to remove an entry, to change a closed one, or to renumber or re-date one.
CREATE OR REPLACE FUNCTION atrium_guard_privacy_incident() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.status = 'closed' THEN
      RAISE EXCEPTION 'privacy incident % is closed (UPDATE refused)', OLD.number
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.id <> OLD.id OR NEW.number <> OLD.number OR NEW.created_at <> OLD.created_at
       OR NEW.created_by IS DISTINCT FROM OLD.created_by THEN
      RAISE EXCEPTION 'privacy incident % keeps its id, number and creation (UPDATE refused)', OLD.number
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'privacy_incidents is a register kept five years (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
CREATE TRIGGER privacy_incidents_kept BEFORE UPDATE OR DELETE ON privacy_incidents
  FOR EACH ROW EXECUTE FUNCTION atrium_guard_privacy_incident();--> statement-breakpoint
CREATE TRIGGER privacy_incidents_no_truncate BEFORE TRUNCATE ON privacy_incidents
  FOR EACH STATEMENT EXECUTE FUNCTION atrium_guard_privacy_incident();
