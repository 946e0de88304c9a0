-- Webhooks join the tables whose changes are announced (see 0001): the Experience API keeps which
-- events each tenant's enabled hooks subscribe to, so that a sign-in with no hook to tell skips the
-- read and the transaction that would queue a delivery.
CREATE TRIGGER "hooks__notify_change" AFTER INSERT OR UPDATE OR DELETE ON "hooks" FOR EACH ROW EXECUTE FUNCTION "idp_notify_change"('id');
