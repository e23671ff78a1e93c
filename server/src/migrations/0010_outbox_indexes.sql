DROP INDEX "domain_events_seq_key";--> statement-breakpoint
DROP INDEX "domain_events_status_created_idx";--> statement-breakpoint
DROP INDEX "domain_events_customer_id_idx";--> statement-breakpoint
CREATE INDEX "domain_events_seq_idx" ON "domain_events" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "domain_events_failed_idx" ON "domain_events" USING btree ("seq") WHERE "domain_events"."status" = 'failed';