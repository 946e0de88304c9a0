CREATE TABLE "application_secrets" (
	"tenant_id" varchar(21) NOT NULL,
	"application_id" varchar(21) NOT NULL,
	"name" varchar(256) NOT NULL,
	"value" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	CONSTRAINT "application_secrets_pkey" PRIMARY KEY("application_id","name")
);
--> statement-breakpoint
CREATE TABLE "applications_roles" (
	"tenant_id" varchar(21) NOT NULL,
	"id" varchar(21) PRIMARY KEY NOT NULL,
	"application_id" varchar(21) NOT NULL,
	"role_id" varchar(21) NOT NULL,
	CONSTRAINT "applications_roles__application_id_role_id" UNIQUE("tenant_id","application_id","role_id")
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"tenant_id" varchar(21) NOT NULL,
	"id" varchar(21) PRIMARY KEY NOT NULL,
	"name" varchar(256) NOT NULL,
	"secret" varchar(64) NOT NULL,
	"description" text,
	"type" varchar(32) NOT NULL,
	"oidc_client_metadata" jsonb DEFAULT '{"redirectUris":[],"postLogoutRedirectUris":[]}'::jsonb NOT NULL,
	"custom_client_metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"protected_app_metadata" jsonb,
	"custom_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"is_third_party" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "applications__tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "applications__type" CHECK ("applications"."type" in ('Native', 'SPA', 'Traditional', 'MachineToMachine', 'Protected', 'SAML'))
);
--> statement-breakpoint
CREATE TABLE "connectors" (
	"tenant_id" varchar(21) NOT NULL,
	"id" varchar(21) PRIMARY KEY NOT NULL,
	"sync_profile" boolean DEFAULT false NOT NULL,
	"connector_id" varchar(128) NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "custom_phrases" (
	"tenant_id" varchar(21) NOT NULL,
	"id" varchar(21) PRIMARY KEY NOT NULL,
	"language_tag" varchar(16) NOT NULL,
	"translation" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "custom_phrases__language_tag" UNIQUE("tenant_id","language_tag")
);
--> statement-breakpoint
CREATE TABLE "logs" (
	"tenant_id" varchar(21) NOT NULL,
	"id" varchar(21) PRIMARY KEY NOT NULL,
	"key" varchar(128) NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "logto_configs" (
	"tenant_id" varchar(21) NOT NULL,
	"key" varchar(256) NOT NULL,
	"value" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "logto_configs_pkey" PRIMARY KEY("tenant_id","key")
);
--> statement-breakpoint
CREATE TABLE "oidc_model_instances" (
	"tenant_id" varchar(21) NOT NULL,
	"model_name" varchar(64) NOT NULL,
	"id" varchar(128) NOT NULL,
	"payload" jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	CONSTRAINT "oidc_model_instances_pkey" PRIMARY KEY("tenant_id","model_name","id")
);
--> statement-breakpoint
CREATE TABLE "passcodes" (
	"tenant_id" varchar(21) NOT NULL,
	"id" varchar(21) PRIMARY KEY NOT NULL,
	"interaction_jti" varchar(128),
	"phone" varchar(32),
	"email" varchar(128),
	"type" varchar(32) NOT NULL,
	"code" varchar(6) NOT NULL,
	"consumed" boolean DEFAULT false NOT NULL,
	"try_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resources" (
	"tenant_id" varchar(21) NOT NULL,
	"id" varchar(21) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"indicator" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"access_token_ttl" integer DEFAULT 3600 NOT NULL,
	CONSTRAINT "resources__tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "resources__indicator" UNIQUE("tenant_id","indicator")
);
--> statement-breakpoint
CREATE TABLE "roles_scopes" (
	"tenant_id" varchar(21) NOT NULL,
	"id" varchar(21) PRIMARY KEY NOT NULL,
	"role_id" varchar(21) NOT NULL,
	"scope_id" varchar(21) NOT NULL,
	CONSTRAINT "roles_scopes__role_id_scope_id" UNIQUE("tenant_id","role_id","scope_id")
);
--> statement-breakpoint
CREATE TABLE "roles" (
	"tenant_id" varchar(21) NOT NULL,
	"id" varchar(21) PRIMARY KEY NOT NULL,
	"name" varchar(128) NOT NULL,
	"description" varchar(128) NOT NULL,
	"type" varchar(32) DEFAULT 'User' NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "roles__tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "roles__name" UNIQUE("tenant_id","name"),
	CONSTRAINT "roles__type" CHECK ("roles"."type" in ('User', 'MachineToMachine'))
);
--> statement-breakpoint
CREATE TABLE "scopes" (
	"tenant_id" varchar(21) NOT NULL,
	"id" varchar(21) PRIMARY KEY NOT NULL,
	"resource_id" varchar(21) NOT NULL,
	"name" varchar(256) NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scopes__tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "scopes__resource_id_name" UNIQUE("tenant_id","resource_id","name")
);
--> statement-breakpoint
CREATE TABLE "sign_in_experiences" (
	"tenant_id" varchar(21) NOT NULL,
	"id" varchar(21) NOT NULL,
	"color" jsonb NOT NULL,
	"branding" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"language_info" jsonb NOT NULL,
	"terms_of_use_url" varchar(2048),
	"privacy_policy_url" varchar(2048),
	"sign_in_mode" varchar(32) DEFAULT 'SignInAndRegister' NOT NULL,
	"sign_up" jsonb NOT NULL,
	"sign_in" jsonb NOT NULL,
	"social_sign_in_connector_targets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"password_policy" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"mfa" jsonb DEFAULT '{"factors":[],"policy":"UserControlled"}'::jsonb NOT NULL,
	"sentinel_policy" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"custom_css" text,
	CONSTRAINT "sign_in_experiences_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "sign_in_experiences__sign_in_mode" CHECK ("sign_in_experiences"."sign_in_mode" in ('SignIn', 'Register', 'SignInAndRegister'))
);
--> statement-breakpoint
CREATE TABLE "tenants" (
	"id" varchar(21) PRIMARY KEY NOT NULL,
	"name" varchar(128) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users_roles" (
	"tenant_id" varchar(21) NOT NULL,
	"id" varchar(21) PRIMARY KEY NOT NULL,
	"user_id" varchar(21) NOT NULL,
	"role_id" varchar(21) NOT NULL,
	CONSTRAINT "users_roles__user_id_role_id" UNIQUE("tenant_id","user_id","role_id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"tenant_id" varchar(21) NOT NULL,
	"id" varchar(21) PRIMARY KEY NOT NULL,
	"username" varchar(128),
	"primary_email" varchar(128),
	"primary_phone" varchar(128),
	"password_encrypted" varchar(128),
	"password_encryption_method" varchar(32),
	"name" varchar(128),
	"avatar" varchar(2048),
	"profile" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"application_id" varchar(21),
	"identities" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"custom_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"logto_config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"mfa_verifications" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_suspended" boolean DEFAULT false NOT NULL,
	"last_sign_in_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users__tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "users__username" UNIQUE("tenant_id","username"),
	CONSTRAINT "users__primary_phone" UNIQUE("tenant_id","primary_phone"),
	CONSTRAINT "users__password_encryption_method" CHECK ("users"."password_encryption_method" in ('Argon2i', 'Argon2id', 'Argon2d', 'SHA1', 'SHA256', 'MD5', 'Bcrypt'))
);
--> statement-breakpoint
ALTER TABLE "application_secrets" ADD CONSTRAINT "application_secrets_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "application_secrets" ADD CONSTRAINT "application_secrets__application_id_fkey" FOREIGN KEY ("tenant_id","application_id") REFERENCES "public"."applications"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "applications_roles" ADD CONSTRAINT "applications_roles_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "applications_roles" ADD CONSTRAINT "applications_roles__application_id_fkey" FOREIGN KEY ("tenant_id","application_id") REFERENCES "public"."applications"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "applications_roles" ADD CONSTRAINT "applications_roles__role_id_fkey" FOREIGN KEY ("tenant_id","role_id") REFERENCES "public"."roles"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "connectors" ADD CONSTRAINT "connectors_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "custom_phrases" ADD CONSTRAINT "custom_phrases_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "logs" ADD CONSTRAINT "logs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "logto_configs" ADD CONSTRAINT "logto_configs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "oidc_model_instances" ADD CONSTRAINT "oidc_model_instances_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "passcodes" ADD CONSTRAINT "passcodes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "roles_scopes" ADD CONSTRAINT "roles_scopes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "roles_scopes" ADD CONSTRAINT "roles_scopes__role_id_fkey" FOREIGN KEY ("tenant_id","role_id") REFERENCES "public"."roles"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "roles_scopes" ADD CONSTRAINT "roles_scopes__scope_id_fkey" FOREIGN KEY ("tenant_id","scope_id") REFERENCES "public"."scopes"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "roles" ADD CONSTRAINT "roles_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "scopes" ADD CONSTRAINT "scopes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "scopes" ADD CONSTRAINT "scopes__resource_id_fkey" FOREIGN KEY ("tenant_id","resource_id") REFERENCES "public"."resources"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "sign_in_experiences" ADD CONSTRAINT "sign_in_experiences_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "users_roles" ADD CONSTRAINT "users_roles_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "users_roles" ADD CONSTRAINT "users_roles__user_id_fkey" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "users_roles" ADD CONSTRAINT "users_roles__role_id_fkey" FOREIGN KEY ("tenant_id","role_id") REFERENCES "public"."roles"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "applications_roles__role_id" ON "applications_roles" USING btree ("tenant_id","role_id");--> statement-breakpoint
CREATE INDEX "applications__tenant_id_created_at" ON "applications" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "connectors__connector_id" ON "connectors" USING btree ("tenant_id","connector_id");--> statement-breakpoint
CREATE INDEX "logs__created_at" ON "logs" USING btree ("tenant_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "logs__key_created_at" ON "logs" USING btree ("tenant_id","key","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "logs__user_id_created_at" ON "logs" USING btree ("tenant_id",("payload"->>'userId'),"created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "logs__application_id_created_at" ON "logs" USING btree ("tenant_id",("payload"->>'applicationId'),"created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "oidc_model_instances__model_name_payload_uid" ON "oidc_model_instances" USING btree ("tenant_id","model_name",("payload"->>'uid'));--> statement-breakpoint
CREATE INDEX "oidc_model_instances__model_name_payload_grant_id" ON "oidc_model_instances" USING btree ("tenant_id","model_name",("payload"->>'grantId'));--> statement-breakpoint
CREATE INDEX "oidc_model_instances__expires_at" ON "oidc_model_instances" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "passcodes__interaction_jti_type" ON "passcodes" USING btree ("tenant_id","interaction_jti","type");--> statement-breakpoint
CREATE INDEX "passcodes__email_type" ON "passcodes" USING btree ("tenant_id","email","type");--> statement-breakpoint
CREATE INDEX "passcodes__phone_type" ON "passcodes" USING btree ("tenant_id","phone","type");--> statement-breakpoint
CREATE UNIQUE INDEX "resources__is_default_true" ON "resources" USING btree ("tenant_id") WHERE "resources"."is_default" = true;--> statement-breakpoint
CREATE INDEX "roles_scopes__scope_id" ON "roles_scopes" USING btree ("tenant_id","scope_id");--> statement-breakpoint
CREATE INDEX "users_roles__role_id" ON "users_roles" USING btree ("tenant_id","role_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users__primary_email" ON "users" USING btree ("tenant_id",lower("primary_email"));--> statement-breakpoint
CREATE INDEX "users__tenant_id_created_at" ON "users" USING btree ("tenant_id","created_at" DESC NULLS LAST);