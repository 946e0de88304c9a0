-- The uid and grantId lookups' indexes, with the model name moved last: led by (tenant_id,
-- model_name) they served a lookup by id as well as the primary key, and before the table was first
-- analysed the planner could pick one and read every row of the model to find one token.
DROP INDEX "oidc_model_instances__model_name_payload_uid";--> statement-breakpoint
DROP INDEX "oidc_model_instances__model_name_payload_grant_id";--> statement-breakpoint
CREATE INDEX "oidc_model_instances__payload_uid" ON "oidc_model_instances" USING btree ("tenant_id",("payload"->>'uid'),"model_name");--> statement-breakpoint
CREATE INDEX "oidc_model_instances__payload_grant_id" ON "oidc_model_instances" USING btree ("tenant_id",("payload"->>'grantId'),"model_name");