CREATE TABLE "organization_application_relations" (
	"tenant_id" varchar(21) NOT NULL,
	"organization_id" varchar(21) NOT NULL,
	"application_id" varchar(21) NOT NULL,
	CONSTRAINT "organization_application_relations_pkey" PRIMARY KEY("tenant_id","organization_id","application_id")
);
--> statement-breakpoint
CREATE TABLE "organization_jit_email_domains" (
	"tenant_id" varchar(21) NOT NULL,
	"organization_id" varchar(21) NOT NULL,
	"email_domain" varchar(128) NOT NULL,
	CONSTRAINT "organization_jit_email_domains_pkey" PRIMARY KEY("tenant_id","organization_id","email_domain")
);
--> statement-breakpoint
CREATE TABLE "organization_jit_roles" (
	"tenant_id" varchar(21) NOT NULL,
	"organization_id" varchar(21) NOT NULL,
	"organization_role_id" varchar(21) NOT NULL,
	CONSTRAINT "organization_jit_roles_pkey" PRIMARY KEY("tenant_id","organization_id","organization_role_id")
);
--> statement-breakpoint
CREATE TABLE "organization_role_application_relations" (
	"tenant_id" varchar(21) NOT NULL,
	"organization_id" varchar(21) NOT NULL,
	"application_id" varchar(21) NOT NULL,
	"organization_role_id" varchar(21) NOT NULL,
	CONSTRAINT "organization_role_application_relations_pkey" PRIMARY KEY("tenant_id","organization_id","application_id","organization_role_id")
);
--> statement-breakpoint
CREATE TABLE "organization_role_resource_scope_relations" (
	"tenant_id" varchar(21) NOT NULL,
	"organization_role_id" varchar(21) NOT NULL,
	"scope_id" varchar(21) NOT NULL,
	CONSTRAINT "organization_role_resource_scope_relations_pkey" PRIMARY KEY("tenant_id","organization_role_id","scope_id")
);
--> statement-breakpoint
CREATE TABLE "organization_role_scope_relations" (
	"tenant_id" varchar(21) NOT NULL,
	"organization_role_id" varchar(21) NOT NULL,
	"organization_scope_id" varchar(21) NOT NULL,
	CONSTRAINT "organization_role_scope_relations_pkey" PRIMARY KEY("tenant_id","organization_role_id","organization_scope_id")
);
--> statement-breakpoint
CREATE TABLE "organization_role_user_relations" (
	"tenant_id" varchar(21) NOT NULL,
	"organization_id" varchar(21) NOT NULL,
	"user_id" varchar(21) NOT NULL,
	"organization_role_id" varchar(21) NOT NULL,
	CONSTRAINT "organization_role_user_relations_pkey" PRIMARY KEY("tenant_id","organization_id","user_id","organization_role_id")
);
--> statement-breakpoint
CREATE TABLE "organization_user_relations" (
	"tenant_id" varchar(21) NOT NULL,
	"organization_id" varchar(21) NOT NULL,
	"user_id" varchar(21) NOT NULL,
	CONSTRAINT "organization_user_relations_pkey" PRIMARY KEY("tenant_id","organization_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "organization_roles" (
	"tenant_id" varchar(21) NOT NULL,
	"id" varchar(21) PRIMARY KEY NOT NULL,
	"name" varchar(128) NOT NULL,
	"description" varchar(256),
	"type" varchar(32) DEFAULT 'User' NOT NULL,
	CONSTRAINT "organization_roles__tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "organization_roles__name" UNIQUE("tenant_id","name"),
	CONSTRAINT "organization_roles__type" CHECK ("organization_roles"."type" in ('User', 'MachineToMachine'))
);
--> statement-breakpoint
CREATE TABLE "organization_scopes" (
	"tenant_id" varchar(21) NOT NULL,
	"id" varchar(21) PRIMARY KEY NOT NULL,
	"name" varchar(128) NOT NULL,
	"description" varchar(256),
	CONSTRAINT "organization_scopes__tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "organization_scopes__name" UNIQUE("tenant_id","name")
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"tenant_id" varchar(21) NOT NULL,
	"id" varchar(21) PRIMARY KEY NOT NULL,
	"name" varchar(128) NOT NULL,
	"description" varchar(256),
	"custom_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"is_mfa_required" boolean DEFAULT false NOT NULL,
	"color" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"branding" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations__tenant_id_id" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "organization_application_relations" ADD CONSTRAINT "organization_application_relations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_application_relations" ADD CONSTRAINT "organization_application_relations__organization_fkey" FOREIGN KEY ("tenant_id","organization_id") REFERENCES "public"."organizations"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_application_relations" ADD CONSTRAINT "organization_application_relations__application_fkey" FOREIGN KEY ("tenant_id","application_id") REFERENCES "public"."applications"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_jit_email_domains" ADD CONSTRAINT "organization_jit_email_domains_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_jit_email_domains" ADD CONSTRAINT "organization_jit_email_domains__organization_fkey" FOREIGN KEY ("tenant_id","organization_id") REFERENCES "public"."organizations"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_jit_roles" ADD CONSTRAINT "organization_jit_roles_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_jit_roles" ADD CONSTRAINT "organization_jit_roles__organization_fkey" FOREIGN KEY ("tenant_id","organization_id") REFERENCES "public"."organizations"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_jit_roles" ADD CONSTRAINT "organization_jit_roles__role_fkey" FOREIGN KEY ("tenant_id","organization_role_id") REFERENCES "public"."organization_roles"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_role_application_relations" ADD CONSTRAINT "organization_role_application_relations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_role_application_relations" ADD CONSTRAINT "organization_role_application_relations__membership_fkey" FOREIGN KEY ("tenant_id","organization_id","application_id") REFERENCES "public"."organization_application_relations"("tenant_id","organization_id","application_id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_role_application_relations" ADD CONSTRAINT "organization_role_application_relations__role_fkey" FOREIGN KEY ("tenant_id","organization_role_id") REFERENCES "public"."organization_roles"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_role_resource_scope_relations" ADD CONSTRAINT "organization_role_resource_scope_relations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_role_resource_scope_relations" ADD CONSTRAINT "organization_role_resource_scope_relations__role_fkey" FOREIGN KEY ("tenant_id","organization_role_id") REFERENCES "public"."organization_roles"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_role_resource_scope_relations" ADD CONSTRAINT "organization_role_resource_scope_relations__scope_fkey" FOREIGN KEY ("tenant_id","scope_id") REFERENCES "public"."scopes"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_role_scope_relations" ADD CONSTRAINT "organization_role_scope_relations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_role_scope_relations" ADD CONSTRAINT "organization_role_scope_relations__role_fkey" FOREIGN KEY ("tenant_id","organization_role_id") REFERENCES "public"."organization_roles"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_role_scope_relations" ADD CONSTRAINT "organization_role_scope_relations__scope_fkey" FOREIGN KEY ("tenant_id","organization_scope_id") REFERENCES "public"."organization_scopes"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_role_user_relations" ADD CONSTRAINT "organization_role_user_relations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_role_user_relations" ADD CONSTRAINT "organization_role_user_relations__membership_fkey" FOREIGN KEY ("tenant_id","organization_id","user_id") REFERENCES "public"."organization_user_relations"("tenant_id","organization_id","user_id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_role_user_relations" ADD CONSTRAINT "organization_role_user_relations__role_fkey" FOREIGN KEY ("tenant_id","organization_role_id") REFERENCES "public"."organization_roles"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_user_relations" ADD CONSTRAINT "organization_user_relations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_user_relations" ADD CONSTRAINT "organization_user_relations__organization_fkey" FOREIGN KEY ("tenant_id","organization_id") REFERENCES "public"."organizations"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_user_relations" ADD CONSTRAINT "organization_user_relations__user_fkey" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_roles" ADD CONSTRAINT "organization_roles_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_scopes" ADD CONSTRAINT "organization_scopes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "organization_application_relations__application" ON "organization_application_relations" USING btree ("tenant_id","application_id","organization_id");--> statement-breakpoint
CREATE INDEX "organization_jit_email_domains__domain" ON "organization_jit_email_domains" USING btree ("tenant_id","email_domain");--> statement-breakpoint
CREATE INDEX "organization_jit_roles__role" ON "organization_jit_roles" USING btree ("tenant_id","organization_role_id");--> statement-breakpoint
CREATE INDEX "organization_role_application_relations__role" ON "organization_role_application_relations" USING btree ("tenant_id","organization_role_id");--> statement-breakpoint
CREATE INDEX "organization_role_application_relations__application" ON "organization_role_application_relations" USING btree ("tenant_id","application_id");--> statement-breakpoint
CREATE INDEX "organization_role_resource_scope_relations__scope" ON "organization_role_resource_scope_relations" USING btree ("tenant_id","scope_id");--> statement-breakpoint
CREATE INDEX "organization_role_scope_relations__scope" ON "organization_role_scope_relations" USING btree ("tenant_id","organization_scope_id");--> statement-breakpoint
CREATE INDEX "organization_role_user_relations__role" ON "organization_role_user_relations" USING btree ("tenant_id","organization_role_id");--> statement-breakpoint
CREATE INDEX "organization_role_user_relations__user" ON "organization_role_user_relations" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE INDEX "organization_user_relations__user" ON "organization_user_relations" USING btree ("tenant_id","user_id","organization_id");--> statement-breakpoint
CREATE INDEX "organizations__tenant_id_created_at_id" ON "organizations" USING btree ("tenant_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);