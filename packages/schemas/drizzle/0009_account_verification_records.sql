CREATE TABLE "verification_records" (
	"tenant_id" varchar(21) NOT NULL,
	"id" varchar(21) PRIMARY KEY NOT NULL,
	"user_id" varchar(21),
	"requester_id" varchar(21) NOT NULL,
	"type" varchar(32) NOT NULL,
	"identifier" varchar(128),
	"code" varchar(6),
	"try_count" integer DEFAULT 0 NOT NULL,
	"verified" boolean DEFAULT false NOT NULL,
	"used_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "verification_records__type" CHECK ("verification_records"."type" in ('Password', 'EmailVerificationCode', 'PhoneVerificationCode'))
);
--> statement-breakpoint
ALTER TABLE "verification_records" ADD CONSTRAINT "verification_records_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "verification_records" ADD CONSTRAINT "verification_records__requester" FOREIGN KEY ("tenant_id","requester_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "verification_records__expires_at" ON "verification_records" USING btree ("expires_at");