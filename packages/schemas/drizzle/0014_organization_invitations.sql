CREATE TABLE "organization_invitation_role_relations" (
	"tenant_id" varchar(21) NOT NULL,
	"organization_invitation_id" varchar(21) NOT NULL,
	"organization_role_id" varchar(21) NOT NULL,
	CONSTRAINT "organization_invitation_role_relations_pkey" PRIMARY KEY("tenant_id","organization_invitation_id","organization_role_id")
);
--> statement-breakpoint
CREATE TABLE "organization_invitations" (
	"tenant_id" varchar(21) NOT NULL,
	"id" varchar(21) PRIMARY KEY NOT NULL,
	"inviter_id" varchar(21),
	"invitee" varchar(256) NOT NULL,
	"accepted_user_id" varchar(21),
	"organization_id" varchar(21) NOT NULL,
	"status" varchar(16) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "organization_invitations__tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "organization_invitations__status" CHECK ("organization_invitations"."status" in ('Pending', 'Accepted', 'Expired', 'Revoked'))
);
--> statement-breakpoint
ALTER TABLE "organization_invitation_role_relations" ADD CONSTRAINT "organization_invitation_role_relations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_invitation_role_relations" ADD CONSTRAINT "organization_invitation_role_relations__invitation_fkey" FOREIGN KEY ("tenant_id","organization_invitation_id") REFERENCES "public"."organization_invitations"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_invitation_role_relations" ADD CONSTRAINT "organization_invitation_role_relations__role_fkey" FOREIGN KEY ("tenant_id","organization_role_id") REFERENCES "public"."organization_roles"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_invitations" ADD CONSTRAINT "organization_invitations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_invitations" ADD CONSTRAINT "organization_invitations__organization_fkey" FOREIGN KEY ("tenant_id","organization_id") REFERENCES "public"."organizations"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_invitations" ADD CONSTRAINT "organization_invitations__inviter_fkey" FOREIGN KEY ("tenant_id","inviter_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "organization_invitations" ADD CONSTRAINT "organization_invitations__accepted_user_fkey" FOREIGN KEY ("tenant_id","accepted_user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "organization_invitation_role_relations__role" ON "organization_invitation_role_relations" USING btree ("tenant_id","organization_role_id");--> statement-breakpoint
CREATE UNIQUE INDEX "organization_invitations__pending_invitee" ON "organization_invitations" USING btree ("tenant_id","invitee","organization_id") WHERE status = 'Pending';--> statement-breakpoint
CREATE INDEX "organization_invitations__tenant_id_created_at" ON "organization_invitations" USING btree ("tenant_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "organization_invitations__organization" ON "organization_invitations" USING btree ("tenant_id","organization_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "organization_invitations__inviter" ON "organization_invitations" USING btree ("tenant_id","inviter_id");--> statement-breakpoint
CREATE INDEX "organization_invitations__accepted_user" ON "organization_invitations" USING btree ("tenant_id","accepted_user_id");