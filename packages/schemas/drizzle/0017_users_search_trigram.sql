-- Substring search of the users list: Logto's `search=%word%` is ILIKE '%word%' over id, username,
-- primary_email, primary_phone and name. Trigram GIN indexes let PostgreSQL answer each column's
-- ILIKE (and the page's count) from a BitmapOr of index scans instead of matching every user.
-- pg_trgm ships with PostgreSQL (contrib) and is a trusted extension: a database owner without
-- superuser rights may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "users__id_trgm" ON "users" USING gin ("id" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "users__username_trgm" ON "users" USING gin ("username" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "users__primary_email_trgm" ON "users" USING gin ("primary_email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "users__primary_phone_trgm" ON "users" USING gin ("primary_phone" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "users__name_trgm" ON "users" USING gin ("name" gin_trgm_ops);
