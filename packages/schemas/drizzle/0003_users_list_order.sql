DROP INDEX "users__tenant_id_created_at";--> statement-breakpoint
CREATE INDEX "users__tenant_id_created_at_id" ON "users" USING btree ("tenant_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
-- Row-count notifications: an insert or delete on users sends one NOTIFY idp_changes per statement
-- and tenant ('{"table": "users", "tenantId": ..., "id": "*"}'), so replicas can cache a tenant's
-- user total and list positions. Per statement, not per row: a bulk insert of 100,000 users sends
-- one notification, not 100,000.
CREATE FUNCTION "idp_notify_rows_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed_tenant text;
BEGIN
  FOR changed_tenant IN SELECT DISTINCT tenant_id FROM changed_rows LOOP
    PERFORM pg_notify('idp_changes', json_build_object('table', TG_TABLE_NAME, 'tenantId', changed_tenant, 'id', '*')::text);
  END LOOP;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "users__notify_rows_inserted" AFTER INSERT ON "users" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "idp_notify_rows_change"();
--> statement-breakpoint
CREATE TRIGGER "users__notify_rows_deleted" AFTER DELETE ON "users" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "idp_notify_rows_change"();
