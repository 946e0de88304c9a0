// /api/hooks: Logto's webhooks. The webhooks service delivers; these routes configure hooks, test
// them, and read what was delivered (TriggerHook.* log entries).
import { generateSecret, type Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { Outbound } from '@idp/outbound';
import {
  CreateHookBodySchema,
  HookResponseSchema,
  HookWithStatsResponseSchema,
  IdParamsSchema,
  LogResponseSchema,
  TestHookBodySchema,
  UpdateHookBodySchema,
  type Hook,
  type HookEvent,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { assertHookUrlAllowed, sendTestPayloads, toHookResponse } from '../../libraries/hooks.ts';
import { toLogResponse } from '../../libraries/logs.ts';
import { deleteHook, findExecutionStats, findHook, insertHook, listHooks, listRecentHookLogs, updateHook } from '../../queries/hooks.ts';
import { answerPage, everyRow, PaginationQuery, parseOptionalPage, parsePage } from '../pagination.ts';
import { LogFilterText } from '../logs.ts';

const StatsQuery = { includeExecutionStats: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])) };

async function withStats(db: Db, tenantId: string, rows: Hook[], include: boolean) {
  if (!include) return rows.map(toHookResponse);
  const stats = await findExecutionStats(
    db,
    tenantId,
    rows.map(({ id }) => id),
  );
  return rows.map((hook) => ({ ...toHookResponse(hook), executionStats: stats.get(hook.id) ?? { requestCount: 0, successCount: 0 } }));
}

/** `events`, or Logto's deprecated single `event`: at least one of them. */
function eventsOf(body: { event?: HookEvent | null; events?: HookEvent[] }): HookEvent[] | undefined {
  if (body.events !== undefined) return [...new Set(body.events)];
  return body.event ? [body.event] : undefined;
}

export function registerHookRoutes(app: App, { db, outbound }: { db: Db; outbound: Outbound }): void {
  app.get(
    '/api/hooks',
    {
      schema: {
        querystring: Type.Object({ ...PaginationQuery, ...StatsQuery }),
        response: { 200: Type.Array(HookWithStatsResponseSchema) },
      },
    },
    async (request, reply) => {
      const { tenantId } = request;
      const page = parseOptionalPage(request.query);
      const found = await listHooks(db, tenantId, page ?? everyRow);
      const shown = await withStats(db, tenantId, found.rows, request.query.includeExecutionStats === 'true');
      return page ? answerPage(reply, { rows: shown, total: found.total }, (row) => row) : shown;
    },
  );

  app.post('/api/hooks', { schema: { body: CreateHookBodySchema, response: { 200: HookResponseSchema } } }, async (request) => {
    const { name, event, config, enabled } = request.body;
    const events = eventsOf(request.body);
    if (!events || events.length === 0) throw new RequestError('hook.missing_events');
    await assertHookUrlAllowed(config.url, outbound);
    const hook = await insertHook(db, request.tenantId, {
      name,
      event: event ?? null,
      events,
      config,
      enabled,
      signingKey: generateSecret(),
    });
    return toHookResponse(hook);
  });

  app.get(
    '/api/hooks/:id',
    { schema: { params: IdParamsSchema, querystring: Type.Object(StatsQuery), response: { 200: HookWithStatsResponseSchema } } },
    async (request) => {
      const hook = await findHook(db, request.tenantId, request.params.id);
      const [shown] = await withStats(db, request.tenantId, [hook], request.query.includeExecutionStats === 'true');
      return shown!;
    },
  );

  app.patch(
    '/api/hooks/:id',
    { schema: { params: IdParamsSchema, body: UpdateHookBodySchema, response: { 200: HookResponseSchema } } },
    async (request) => {
      const { tenantId } = request;
      const { name, event, config, enabled } = request.body;
      const events = eventsOf(request.body);
      if (events !== undefined && events.length === 0) throw new RequestError('hook.missing_events');
      if (config) await assertHookUrlAllowed(config.url, outbound);
      const hook = await updateHook(db, tenantId, request.params.id, {
        ...(name === undefined ? {} : { name }),
        ...(event === undefined ? {} : { event }),
        ...(events === undefined ? {} : { events }),
        ...(config === undefined ? {} : { config }),
        ...(enabled === undefined ? {} : { enabled }),
      });
      return toHookResponse(hook);
    },
  );

  app.delete('/api/hooks/:id', { schema: { params: IdParamsSchema } }, async (request, reply) => {
    await deleteHook(db, request.tenantId, request.params.id);
    return reply.status(204).send();
  });

  app.patch('/api/hooks/:id/signing-key', { schema: { params: IdParamsSchema, response: { 200: HookResponseSchema } } }, async (request) =>
    toHookResponse(await updateHook(db, request.tenantId, request.params.id, { signingKey: generateSecret() })),
  );

  app.post('/api/hooks/:id/test', { schema: { params: IdParamsSchema, body: TestHookBodySchema } }, async (request, reply) => {
    const hook = await findHook(db, request.tenantId, request.params.id);
    await assertHookUrlAllowed(request.body.config.url, outbound);
    await sendTestPayloads(hook, request.body, outbound);
    return reply.status(204).send();
  });

  app.get(
    '/api/hooks/:id/recent-logs',
    {
      schema: {
        params: IdParamsSchema,
        querystring: Type.Object({ ...PaginationQuery, logKey: LogFilterText }),
        response: { 200: Type.Array(LogResponseSchema) },
      },
    },
    async (request, reply) => {
      const { tenantId } = request;
      await findHook(db, tenantId, request.params.id);
      const found = await listRecentHookLogs(db, tenantId, request.params.id, request.query.logKey, parsePage(request.query));
      return answerPage(reply, found, toLogResponse);
    },
  );
}
