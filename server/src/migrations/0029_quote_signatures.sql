ALTER TABLE "signature_requests" ADD COLUMN "quote_id" uuid;--> statement-breakpoint
ALTER TABLE "signature_requests" ADD COLUMN "quote_outcome" text;--> statement-breakpoint
ALTER TABLE "signature_requests" ADD CONSTRAINT "signature_requests_quote_id_quotes_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quotes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "signature_requests_quote_idx" ON "signature_requests" USING btree ("quote_id","created_at");--> statement-breakpoint
ALTER TABLE "signature_requests" ADD CONSTRAINT "signature_requests_quote_outcome_check" CHECK ("signature_requests"."quote_outcome" is null or ("signature_requests"."quote_id" is not null and "signature_requests"."quote_outcome" in ('accepted', 'declined', 'not_accepted')));