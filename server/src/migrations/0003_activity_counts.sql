CREATE TABLE "customer_activity_counts" (
	"customer_id" uuid NOT NULL,
	"activity_type" text NOT NULL,
	"total" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "customer_activity_counts_customer_id_activity_type_pk" PRIMARY KEY("customer_id","activity_type")
);
--> statement-breakpoint
ALTER TABLE "customer_activity_counts" ADD CONSTRAINT "customer_activity_counts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;