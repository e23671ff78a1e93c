CREATE TABLE "notifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" uuid NOT NULL,
	"type" text NOT NULL,
	"params" jsonb NOT NULL,
	"link" text,
	"entity" text NOT NULL,
	"entity_id" uuid,
	"customer_id" uuid,
	"event_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_event_user_key" ON "notifications" USING btree ("event_id","user_id");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "notifications_user_unread_idx" ON "notifications" USING btree ("user_id","id") WHERE "notifications"."read_at" is null;--> statement-breakpoint
CREATE INDEX "notifications_read_at_idx" ON "notifications" USING btree ("read_at") WHERE "notifications"."read_at" is not null;--> statement-breakpoint
-- Hand-written: the recipient is a user (auth's table); their notifications go with them.
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE CASCADE;--> statement-breakpoint
-- Hand-written: every new notification is announced to every server instance (LISTEN
-- atrium_notifications), delivered by PostgreSQL at commit, never for a rolled-back one.
-- The whole notification travels when it fits NOTIFY's 8000-byte payload; else only its id.
CREATE FUNCTION atrium_notifications_announce() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  message text;
BEGIN
  message := json_build_object(
    'kind', 'notification', 'id', NEW.id, 'user_id', NEW.user_id, 'type', NEW.type,
    'params', NEW.params, 'link', NEW.link, 'entity', NEW.entity, 'entity_id', NEW.entity_id,
    'created_at', to_char(NEW.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text;
  IF octet_length(message) > 7900 THEN
    message := json_build_object('kind', 'notification', 'id', NEW.id, 'user_id', NEW.user_id)::text;
  END IF;
  PERFORM pg_notify('atrium_notifications', message);
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER notifications_announce AFTER INSERT ON "notifications"
  FOR EACH ROW EXECUTE FUNCTION atrium_notifications_announce();
