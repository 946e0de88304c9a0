ALTER TABLE "sign_in_experiences" ADD COLUMN "hide_logto_branding" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_in_experiences" ADD COLUMN "agree_to_terms_policy" varchar(32) DEFAULT 'Automatic' NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_in_experiences" ADD COLUMN "custom_content" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_in_experiences" ADD COLUMN "unknown_session_redirect_url" text;--> statement-breakpoint
ALTER TABLE "sign_in_experiences" ADD COLUMN "verification_code_policy" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_in_experiences" ADD COLUMN "sign_up_profile_fields" jsonb;--> statement-breakpoint
ALTER TABLE "sign_in_experiences" ADD CONSTRAINT "sign_in_experiences__agree_to_terms_policy" CHECK ("sign_in_experiences"."agree_to_terms_policy" in ('Automatic', 'ManualRegistrationOnly', 'Manual'));