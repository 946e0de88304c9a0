CREATE TABLE "application_user_consent_organization_resource_scopes" (
	"tenant_id" varchar(21) NOT NULL,
	"application_id" varchar(21) NOT NULL,
	"scope_id" varchar(21) NOT NULL,
	CONSTRAINT "application_user_consent_organization_resource_scopes_pkey" PRIMARY KEY("tenant_id","application_id","scope_id")
);
--> statement-breakpoint
CREATE TABLE "application_user_consent_organization_scopes" (
	"tenant_id" varchar(21) NOT NULL,
	"application_id" varchar(21) NOT NULL,
	"organization_scope_id" varchar(21) NOT NULL,
	CONSTRAINT "application_user_consent_organization_scopes_pkey" PRIMARY KEY("tenant_id","application_id","organization_scope_id")
);
--> statement-breakpoint
CREATE TABLE "application_user_consent_organizations" (
	"tenant_id" varchar(21) NOT NULL,
	"application_id" varchar(21) NOT NULL,
	"user_id" varchar(21) NOT NULL,
	"organization_id" varchar(21) NOT NULL,
	CONSTRAINT "application_user_consent_organizations_pkey" PRIMARY KEY("tenant_id","application_id","user_id","organization_id")
);
--> statement-breakpoint
ALTER TABLE "application_user_consent_organization_resource_scopes" ADD CONSTRAINT "application_user_consent_organization_resource_scopes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "application_user_consent_organization_resource_scopes" ADD CONSTRAINT "application_user_consent_organization_resource_scopes__application_fkey" FOREIGN KEY ("tenant_id","application_id") REFERENCES "public"."applications"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "application_user_consent_organization_resource_scopes" ADD CONSTRAINT "application_user_consent_organization_resource_scopes__scope_fkey" FOREIGN KEY ("tenant_id","scope_id") REFERENCES "public"."scopes"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "application_user_consent_organization_scopes" ADD CONSTRAINT "application_user_consent_organization_scopes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "application_user_consent_organization_scopes" ADD CONSTRAINT "application_user_consent_organization_scopes__application_fkey" FOREIGN KEY ("tenant_id","application_id") REFERENCES "public"."applications"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "application_user_consent_organization_scopes" ADD CONSTRAINT "application_user_consent_organization_scopes__scope_fkey" FOREIGN KEY ("tenant_id","organization_scope_id") REFERENCES "public"."organization_scopes"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "application_user_consent_organizations" ADD CONSTRAINT "application_user_consent_organizations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "application_user_consent_organizations" ADD CONSTRAINT "application_user_consent_organizations__application_fkey" FOREIGN KEY ("tenant_id","application_id") REFERENCES "public"."applications"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "application_user_consent_organizations" ADD CONSTRAINT "application_user_consent_organizations__membership_fkey" FOREIGN KEY ("tenant_id","organization_id","user_id") REFERENCES "public"."organization_user_relations"("tenant_id","organization_id","user_id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "application_user_consent_organizations__membership" ON "application_user_consent_organizations" USING btree ("tenant_id","organization_id","user_id");