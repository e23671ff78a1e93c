CREATE TABLE "domain_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "domain_events_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"type" text NOT NULL,
	"customer_id" uuid,
	"entity" text NOT NULL,
	"entity_id" uuid,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "event_handler_runs" (
	"event_id" uuid NOT NULL,
	"handler" text NOT NULL,
	"processed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "event_handler_runs_event_id_handler_pk" PRIMARY KEY("event_id","handler")
);
--> statement-breakpoint
-- The timeline's foreign keys to customers stay in the database; its Drizzle tables no longer
-- declare them, so that the timeline module imports no other module (ADR 8).
ALTER TABLE "event_handler_runs" ADD CONSTRAINT "event_handler_runs_event_id_domain_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."domain_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "domain_events_seq_key" ON "domain_events" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "domain_events_pending_idx" ON "domain_events" USING btree ("seq") WHERE "domain_events"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "domain_events_pending_customer_idx" ON "domain_events" USING btree ("customer_id","seq") WHERE "domain_events"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "domain_events_status_created_idx" ON "domain_events" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "domain_events_customer_id_idx" ON "domain_events" USING btree ("customer_id","created_at");