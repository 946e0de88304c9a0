CREATE TABLE "application_user_consent_resource_scopes" (
	"tenant_id" varchar(21) NOT NULL,
	"application_id" varchar(21) NOT NULL,
	"scope_id" varchar(21) NOT NULL,
	CONSTRAINT "application_user_consent_resource_scopes_pkey" PRIMARY KEY("tenant_id","application_id","scope_id")
);
--> statement-breakpoint
CREATE TABLE "application_user_consent_user_scopes" (
	"tenant_id" varchar(21) NOT NULL,
	"application_id" varchar(21) NOT NULL,
	"user_scope" varchar(64) NOT NULL,
	CONSTRAINT "application_user_consent_user_scopes_pkey" PRIMARY KEY("tenant_id","application_id","user_scope"),
	CONSTRAINT "application_user_consent_user_scopes__user_scope" CHECK ("application_user_consent_user_scopes"."user_scope" in ('profile', 'email', 'phone', 'address', 'custom_data', 'identities', 'roles', 'urn:logto:scope:organizations', 'urn:logto:scope:organization_roles', 'urn:logto:scope:sessions'))
);
--> statement-breakpoint
ALTER TABLE "application_user_consent_resource_scopes" ADD CONSTRAINT "application_user_consent_resource_scopes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "application_user_consent_resource_scopes" ADD CONSTRAINT "application_user_consent_resource_scopes__application_id_fkey" FOREIGN KEY ("tenant_id","application_id") REFERENCES "public"."applications"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "application_user_consent_resource_scopes" ADD CONSTRAINT "application_user_consent_resource_scopes__scope_id_fkey" FOREIGN KEY ("tenant_id","scope_id") REFERENCES "public"."scopes"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "application_user_consent_user_scopes" ADD CONSTRAINT "application_user_consent_user_scopes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "application_user_consent_user_scopes" ADD CONSTRAINT "application_user_consent_user_scopes__application_id_fkey" FOREIGN KEY ("tenant_id","application_id") REFERENCES "public"."applications"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;