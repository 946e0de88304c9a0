ALTER TABLE "sign_in_experiences" ADD COLUMN "social_sign_in" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_in_experiences" ADD COLUMN "adaptive_mfa" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_in_experiences" ADD COLUMN "username_policy" jsonb DEFAULT '{"caseSensitive":true,"minLength":1,"maxLength":128,"allowedChars":{"lowercase":true,"uppercase":true,"numbers":true,"underscore":true}}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_in_experiences" ADD COLUMN "captcha_policy" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_in_experiences" ADD COLUMN "email_blocklist_policy" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_in_experiences" ADD COLUMN "single_sign_on_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_in_experiences" ADD COLUMN "custom_ui_csp" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_in_experiences" ADD COLUMN "custom_ui_assets" jsonb;--> statement-breakpoint
ALTER TABLE "sign_in_experiences" ADD COLUMN "password_expiration" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_in_experiences" ADD COLUMN "support_email" text;--> statement-breakpoint
ALTER TABLE "sign_in_experiences" ADD COLUMN "support_website_url" text;--> statement-breakpoint
ALTER TABLE "sign_in_experiences" ADD COLUMN "forgot_password_methods" jsonb;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "password_updated_at" timestamp with time zone;