CREATE TABLE "rate_limits" (
	"tenant_id" varchar(21) NOT NULL,
	"key_hash" varchar(64) NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer NOT NULL,
	CONSTRAINT "rate_limits_pkey" PRIMARY KEY("tenant_id","key_hash")
);
--> statement-breakpoint
ALTER TABLE "sentinel_activities" ADD COLUMN "address_hash" varchar(64);--> statement-breakpoint
ALTER TABLE "rate_limits" ADD CONSTRAINT "rate_limits_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "rate_limits__window_start" ON "rate_limits" USING btree ("window_start");--> statement-breakpoint
CREATE INDEX "sentinel_activities__address" ON "sentinel_activities" USING btree ("tenant_id","address_hash");