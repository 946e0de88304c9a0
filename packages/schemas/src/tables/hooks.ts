// Webhooks (Logto's hooks) and their outbox. A change that should be announced writes one delivery
// row per interested hook in its own transaction (@idp/hook-events), so the announcement exists
// exactly when the change does; the webhooks service claims due rows and POSTs them.
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, timestamp, unique, varchar } from 'drizzle-orm/pg-core';

import type { JsonObject } from '../json/common.ts';
import { createdAtColumn, idColumn, oneOf, tenantIdColumn, tenantReference } from './columns.ts';

/** Logto's hook events: interaction events, then data events. */
export const hookEvents = [
  'PostRegister',
  'PostSignIn',
  'PostResetPassword',
  'User.Created',
  'User.Deleted',
  'User.Data.Updated',
  'User.SuspensionStatus.Updated',
  'Role.Created',
  'Role.Deleted',
  'Role.Data.Updated',
  'Role.Scopes.Updated',
  'Scope.Created',
  'Scope.Deleted',
  'Scope.Data.Updated',
  'Organization.Created',
  'Organization.Deleted',
  'Organization.Data.Updated',
  'Organization.Membership.Updated',
  'OrganizationRole.Created',
  'OrganizationRole.Deleted',
  'OrganizationRole.Data.Updated',
  'OrganizationRole.Scopes.Updated',
  'OrganizationScope.Created',
  'OrganizationScope.Deleted',
  'OrganizationScope.Data.Updated',
] as const;
export type HookEvent = (typeof hookEvents)[number];

export const interactionHookEvents = ['PostRegister', 'PostSignIn', 'PostResetPassword'] as const;
export type InteractionHookEvent = (typeof interactionHookEvents)[number];

/** Where and how a hook's requests go (Logto's `config`). */
export type HookConfig = {
  url: string;
  /** Sent with every request; may override user-agent and content-type, never the signature. */
  headers?: Record<string, string>;
  /** Accepted for Logto compatibility; the deployment's retry policy decides. */
  retries?: number;
};

export const hooks = pgTable(
  'hooks',
  {
    tenantId: tenantIdColumn(),
    id: idColumn().primaryKey(),
    name: varchar('name', { length: 256 }).notNull().default(''),
    /** Logto's deprecated single event; kept as sent, and delivered like one of `events`. */
    event: varchar('event', { length: 128 }).$type<HookEvent>(),
    events: jsonb('events').$type<HookEvent[]>().notNull().default([]),
    config: jsonb('config').$type<HookConfig>().notNull(),
    signingKey: varchar('signing_key', { length: 64 }).notNull(),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: createdAtColumn(),
  },
  (t) => [unique('hooks__tenant_id_id').on(t.tenantId, t.id), index('hooks__tenant_id_created_at').on(t.tenantId, t.createdAt.desc())],
);

export type Hook = typeof hooks.$inferSelect;
export type NewHook = typeof hooks.$inferInsert;

export const hookDeliveryStatuses = ['Pending', 'Succeeded', 'Failed'] as const;
export type HookDeliveryStatus = (typeof hookDeliveryStatuses)[number];

/**
 * The outbox: one event for one hook. `id` is the event id receivers de-duplicate on (a crash after
 * a POST and before its outcome is stored sends it again). A claim adds an attempt and moves
 * `next_attempt_at` past the claim's lease, so a worker that dies mid-delivery only delays it.
 */
export const hookDeliveries = pgTable(
  'hook_deliveries',
  {
    tenantId: tenantIdColumn(),
    id: idColumn().primaryKey(),
    hookId: idColumn('hook_id').notNull(),
    event: varchar('event', { length: 128 }).$type<HookEvent>().notNull(),
    /** The request body without `hookId`, which the worker adds. */
    payload: jsonb('payload').$type<JsonObject>().notNull(),
    status: varchar('status', { length: 16 }).$type<HookDeliveryStatus>().notNull().default('Pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    createdAt: createdAtColumn(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    oneOf('hook_deliveries__status', t.status, hookDeliveryStatuses),
    // What the workers claim: due pending rows of every tenant, oldest first.
    index('hook_deliveries__due').on(t.nextAttemptAt).where(sql`status = 'Pending'`),
    index('hook_deliveries__hook').on(t.tenantId, t.hookId, t.createdAt.desc()),
    tenantReference('hook_deliveries__hook_fkey', [t.tenantId, t.hookId], hooks),
  ],
);

export type HookDelivery = typeof hookDeliveries.$inferSelect;
