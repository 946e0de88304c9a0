CREATE TABLE "sentinel_activities" (
	"tenant_id" varchar(21) NOT NULL,
	"id" varchar(21) PRIMARY KEY NOT NULL,
	"target_type" varchar(16) NOT NULL,
	"target_hash" varchar(64) NOT NULL,
	"action" varchar(32) NOT NULL,
	"decision" varchar(16) NOT NULL,
	"decision_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sentinel_activities__target_type" CHECK ("sentinel_activities"."target_type" in ('Identifier', 'Ip')),
	CONSTRAINT "sentinel_activities__decision" CHECK ("sentinel_activities"."decision" in ('Failed', 'Blocked'))
);
--> statement-breakpoint
ALTER TABLE "sign_in_experiences" ADD COLUMN "passkey_sign_in" jsonb DEFAULT '{"enabled":false}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sentinel_activities" ADD CONSTRAINT "sentinel_activities_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "sentinel_activities__target" ON "sentinel_activities" USING btree ("tenant_id","target_type","target_hash","created_at");