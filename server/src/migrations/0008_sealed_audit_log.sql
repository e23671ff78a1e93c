CREATE TABLE "audit_seals" (
	"block_no" bigint PRIMARY KEY NOT NULL,
	"from_tx" "xid8" NOT NULL,
	"to_tx" "xid8" NOT NULL,
	"entry_count" integer NOT NULL,
	"first_entry_id" uuid NOT NULL,
	"last_entry_id" uuid NOT NULL,
	"first_occurred_at" timestamp with time zone NOT NULL,
	"last_occurred_at" timestamp with time zone NOT NULL,
	"entry_ids" uuid[] NOT NULL,
	"entry_hashes" "bytea" NOT NULL,
	"prev_hash" "bytea" NOT NULL,
	"hash" "bytea" NOT NULL,
	"sealed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "audit_seals_to_tx_unique" UNIQUE("to_tx"),
	CONSTRAINT "audit_seals_range" CHECK ("audit_seals"."from_tx" < "audit_seals"."to_tx"),
	CONSTRAINT "audit_seals_entries" CHECK ("audit_seals"."entry_count" > 0),
	CONSTRAINT "audit_seals_hashes" CHECK (octet_length("audit_seals"."hash") = 32 and octet_length("audit_seals"."prev_hash") = 32
        and octet_length("audit_seals"."entry_hashes") = 32 * "audit_seals"."entry_count")
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "tx_id" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
CREATE INDEX "audit_log_tx_id_idx" ON "audit_log" USING btree ("tx_id","id");--> statement-breakpoint

-- Seals are append-only too: the database refuses to change or remove a block.
CREATE OR REPLACE FUNCTION atrium_refuse_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
CREATE TRIGGER audit_seals_append_only BEFORE UPDATE OR DELETE ON audit_seals
  FOR EACH ROW EXECUTE FUNCTION atrium_refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_seals_no_truncate BEFORE TRUNCATE ON audit_seals
  FOR EACH STATEMENT EXECUTE FUNCTION atrium_refuse_change();
