-- Change notifications: every insert, update or delete on the tables services cache per tenant
-- sends NOTIFY idp_changes '{"table": ..., "tenantId": ..., "id": ...}' (delivered on commit), so
-- every replica can drop what it cached. The trigger's argument names the row's id column (the
-- natural key where a table has no id). An update that moves a row to another tenant or id also
-- reports the old one.
CREATE FUNCTION "idp_notify_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  id_column text := TG_ARGV[0];
  old_row jsonb;
  new_row jsonb;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    old_row := to_jsonb(OLD);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    new_row := to_jsonb(NEW);
    PERFORM pg_notify('idp_changes', json_build_object(
      'table', TG_TABLE_NAME, 'tenantId', new_row ->> 'tenant_id', 'id', new_row ->> id_column)::text);
  END IF;
  IF old_row IS NOT NULL AND (new_row IS NULL
      OR old_row ->> 'tenant_id' IS DISTINCT FROM new_row ->> 'tenant_id'
      OR old_row ->> id_column IS DISTINCT FROM new_row ->> id_column) THEN
    PERFORM pg_notify('idp_changes', json_build_object(
      'table', TG_TABLE_NAME, 'tenantId', old_row ->> 'tenant_id', 'id', old_row ->> id_column)::text);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "applications__notify_change" AFTER INSERT OR UPDATE OR DELETE ON "applications" FOR EACH ROW EXECUTE FUNCTION "idp_notify_change"('id');
--> statement-breakpoint
CREATE TRIGGER "application_secrets__notify_change" AFTER INSERT OR UPDATE OR DELETE ON "application_secrets" FOR EACH ROW EXECUTE FUNCTION "idp_notify_change"('application_id');
--> statement-breakpoint
CREATE TRIGGER "logto_configs__notify_change" AFTER INSERT OR UPDATE OR DELETE ON "logto_configs" FOR EACH ROW EXECUTE FUNCTION "idp_notify_change"('key');
--> statement-breakpoint
CREATE TRIGGER "resources__notify_change" AFTER INSERT OR UPDATE OR DELETE ON "resources" FOR EACH ROW EXECUTE FUNCTION "idp_notify_change"('id');
--> statement-breakpoint
CREATE TRIGGER "scopes__notify_change" AFTER INSERT OR UPDATE OR DELETE ON "scopes" FOR EACH ROW EXECUTE FUNCTION "idp_notify_change"('id');
--> statement-breakpoint
CREATE TRIGGER "roles__notify_change" AFTER INSERT OR UPDATE OR DELETE ON "roles" FOR EACH ROW EXECUTE FUNCTION "idp_notify_change"('id');
--> statement-breakpoint
CREATE TRIGGER "roles_scopes__notify_change" AFTER INSERT OR UPDATE OR DELETE ON "roles_scopes" FOR EACH ROW EXECUTE FUNCTION "idp_notify_change"('id');
--> statement-breakpoint
CREATE TRIGGER "applications_roles__notify_change" AFTER INSERT OR UPDATE OR DELETE ON "applications_roles" FOR EACH ROW EXECUTE FUNCTION "idp_notify_change"('id');
--> statement-breakpoint
CREATE TRIGGER "users_roles__notify_change" AFTER INSERT OR UPDATE OR DELETE ON "users_roles" FOR EACH ROW EXECUTE FUNCTION "idp_notify_change"('id');
--> statement-breakpoint
CREATE TRIGGER "sign_in_experiences__notify_change" AFTER INSERT OR UPDATE OR DELETE ON "sign_in_experiences" FOR EACH ROW EXECUTE FUNCTION "idp_notify_change"('id');
