// /api/organization-invitations: invitations to join an organization, their status changes
// (acceptance makes the invitee a member) and the invitation email.
import type { MessageSender } from '@idp/connectors';
import type { Db } from '@idp/db';
import {
  CreateOrganizationInvitationBodySchema,
  IdParamsSchema,
  InvitationMessagePayloadSchema,
  OrganizationInvitationListQuerySchema,
  OrganizationInvitationResponseSchema,
  UpdateOrganizationInvitationStatusBodySchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { createInvitation, sendInvitation, toInvitationResponse, updateInvitationStatus } from '../libraries/organization-invitations.ts';
import { deleteInvitation, findInvitation, listInvitations } from '../queries/organization-invitations.ts';
import { answerPage, parseOptionalPage } from './pagination.ts';

export function registerOrganizationInvitationRoutes(app: App, { db, sender }: { db: Db; sender: MessageSender }): void {
  app.get(
    '/api/organization-invitations',
    { schema: { querystring: OrganizationInvitationListQuerySchema, response: { 200: Type.Array(OrganizationInvitationResponseSchema) } } },
    async (request, reply) => {
      const { page, page_size, ...filters } = request.query;
      // Logto answers every invitation; paging only when asked for.
      const { rows, total } = await listInvitations(db, request.tenantId, filters, parseOptionalPage({ page, page_size }));
      return total === undefined ? rows.map(toInvitationResponse) : answerPage(reply, { rows, total }, toInvitationResponse);
    },
  );

  app.post(
    '/api/organization-invitations',
    { schema: { body: CreateOrganizationInvitationBodySchema, response: { 201: OrganizationInvitationResponseSchema } } },
    async (request, reply) => reply.status(201).send(await createInvitation({ db, sender }, request.tenantId, request.body)),
  );

  app.get(
    '/api/organization-invitations/:id',
    { schema: { params: IdParamsSchema, response: { 200: OrganizationInvitationResponseSchema } } },
    async (request) => toInvitationResponse(await findInvitation(db, request.tenantId, request.params.id)),
  );

  app.delete('/api/organization-invitations/:id', { schema: { params: IdParamsSchema } }, async (request, reply) => {
    await deleteInvitation(db, request.tenantId, request.params.id);
    return reply.status(204).send();
  });

  app.put(
    '/api/organization-invitations/:id/status',
    {
      schema: {
        params: IdParamsSchema,
        body: UpdateOrganizationInvitationStatusBodySchema,
        response: { 200: OrganizationInvitationResponseSchema },
      },
    },
    async (request) => updateInvitationStatus(db, request.tenantId, request.params.id, request.body),
  );

  app.post(
    '/api/organization-invitations/:id/message',
    { schema: { params: IdParamsSchema, body: InvitationMessagePayloadSchema } },
    async (request, reply) => {
      const { invitee } = await findInvitation(db, request.tenantId, request.params.id);
      await sendInvitation(sender, request.tenantId, invitee, request.body);
      return reply.status(204).send();
    },
  );
}
