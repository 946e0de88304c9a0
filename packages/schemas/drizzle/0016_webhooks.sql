CREATE TABLE "hook_deliveries" (
	"tenant_id" varchar(21) NOT NULL,
	"id" varchar(21) PRIMARY KEY NOT NULL,
	"hook_id" varchar(21) NOT NULL,
	"event" varchar(128) NOT NULL,
	"payload" jsonb NOT NULL,
	"status" varchar(16) DEFAULT 'Pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "hook_deliveries__status" CHECK ("hook_deliveries"."status" in ('Pending', 'Succeeded', 'Failed'))
);
--> statement-breakpoint
CREATE TABLE "hooks" (
	"tenant_id" varchar(21) NOT NULL,
	"id" varchar(21) PRIMARY KEY NOT NULL,
	"name" varchar(256) DEFAULT '' NOT NULL,
	"event" varchar(128),
	"events" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"config" jsonb NOT NULL,
	"signing_key" varchar(64) NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hooks__tenant_id_id" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "hook_deliveries" ADD CONSTRAINT "hook_deliveries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "hook_deliveries" ADD CONSTRAINT "hook_deliveries__hook_fkey" FOREIGN KEY ("tenant_id","hook_id") REFERENCES "public"."hooks"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "hooks" ADD CONSTRAINT "hooks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "hook_deliveries__due" ON "hook_deliveries" USING btree ("next_attempt_at") WHERE status = 'Pending';--> statement-breakpoint
CREATE INDEX "hook_deliveries__hook" ON "hook_deliveries" USING btree ("tenant_id","hook_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "hooks__tenant_id_created_at" ON "hooks" USING btree ("tenant_id","created_at" DESC NULLS LAST);