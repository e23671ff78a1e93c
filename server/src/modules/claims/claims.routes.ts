import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../../core/http.ts';
import { idParams } from '../../core/schemas.ts';
import { findClaimQueue, findClaims, getClaim, getClaimFollowUp, readClaimOrThrow } from './claims.read.ts';
import {
  claimAssignSchema,
  claimCreateSchema,
  claimDetailSchema,
  claimFollowUpSchema,
  claimListQuery,
  claimListSchema,
  claimPatchSchema,
  contractCreateSchema,
  contractListQuery,
  contractListSchema,
  contractPatchSchema,
  contractSchema,
  queueSchema,
} from './claims.schemas.ts';
import { assignClaim, createClaim, updateClaim } from './claims.service.ts';
import { createContract, findContracts, getContract, updateContract } from './contracts.service.ts';
import { conversationMessageSchema } from './conversation.schemas.ts';
import { getClaimTranscript } from './conversation.service.ts';

const everyone = ['admin', 'staff', 'advisor', 'client'] as const;
const staff = ['admin', 'staff', 'advisor'] as const;
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const tags = ['claims'];

const transcriptSchema = z
  .object({ conversation_id: z.string().nullable(), data: z.array(conversationMessageSchema) })
  .meta({ id: 'ClaimTranscript' });

export const claimRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/customers/:id/contracts',
    {
      config: { access: everyone },
      schema: {
        tags,
        operationId: 'listCustomerContracts',
        summary: 'A customer’s contracts (policies), latest started first; a client reads their own',
        params: idParams,
        querystring: contractListQuery,
        response: { 200: contractListSchema, ...problems, 404: problemSchema },
      },
    },
    async (request) => findContracts(request.ctx, request.params.id, request.query),
  );

  app.post(
    '/customers/:id/contracts',
    {
      config: { access: staff },
      schema: {
        tags,
        operationId: 'createCustomerContract',
        summary: 'Add a contract to a customer (number unique, else 409)',
        params: idParams,
        body: contractCreateSchema,
        response: {
          201: contractSchema,
          ...problems,
          404: problemSchema,
          409: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createContract(request.ctx, request.params.id, request.body)),
  );

  app.get(
    '/contracts/:id',
    {
      config: { access: everyone },
      schema: {
        tags,
        operationId: 'getContract',
        summary: 'One contract',
        params: idParams,
        response: { 200: contractSchema, ...problems, 404: problemSchema },
      },
    },
    async (request) => getContract(request.ctx, request.params.id),
  );

  app.patch(
    '/contracts/:id',
    {
      config: { access: staff },
      schema: {
        tags,
        operationId: 'updateContract',
        summary: 'Change a contract’s product, dates or status (active, suspended, expired, cancelled)',
        params: idParams,
        body: contractPatchSchema,
        response: { 200: contractSchema, ...problems, 404: problemSchema },
      },
    },
    async (request) => updateContract(request.ctx, request.params.id, request.body),
  );

  app.post(
    '/claims',
    {
      config: { access: everyone },
      schema: {
        tags,
        operationId: 'createClaim',
        summary:
          'Open a claim on the contract active on the incident date (422 claim.contract_inactive without one); its CCI is computed',
        body: claimCreateSchema,
        response: { 201: claimDetailSchema, ...problems, 422: problemSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createClaim(request.ctx, request.body)),
  );

  app.get(
    '/claims',
    {
      config: { access: everyone },
      schema: {
        tags,
        operationId: 'listClaims',
        summary:
          'Claims, filtered (status and type take comma-separated lists; escalated; assignee; customer; CCI range; q); a client sees their own',
        querystring: claimListQuery,
        response: { 200: claimListSchema, ...problems },
      },
    },
    async (request) => findClaims(request.ctx, request.query),
  );

  // Static segment: matched before `/:id`.
  app.get(
    '/claims/queue',
    {
      config: { access: staff },
      schema: {
        tags,
        operationId: 'getClaimQueue',
        summary: 'The advisor queue: escalated conversations not yet taken, oldest first',
        response: { 200: queueSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => findClaimQueue(request.ctx),
  );

  app.get(
    '/claims/:id',
    {
      config: { access: everyone },
      schema: {
        tags,
        operationId: 'getClaim',
        summary: 'One claim with its CCI factors, its conversation id and the moves its status may make',
        params: idParams,
        response: { 200: claimDetailSchema, ...problems, 404: problemSchema },
      },
    },
    async (request) => getClaim(request.ctx, request.params.id),
  );

  app.get(
    '/claims/:id/follow-up',
    {
      config: { access: everyone },
      schema: {
        tags,
        operationId: 'getClaimFollowUp',
        summary: 'Where a claim stands: status history, pending actions and reimbursement',
        params: idParams,
        response: { 200: claimFollowUpSchema, ...problems, 404: problemSchema },
      },
    },
    async (request) => getClaimFollowUp(request.ctx, request.params.id),
  );

  app.get(
    '/claims/:id/transcript',
    {
      config: { access: everyone },
      schema: {
        tags,
        operationId: 'getClaimTranscript',
        summary:
          'The intake conversation of a claim, every message in order (empty when it came another way)',
        params: idParams,
        response: { 200: transcriptSchema, ...problems, 404: problemSchema },
      },
    },
    async (request) => {
      const claim = await readClaimOrThrow(request.ctx, request.params.id);
      return getClaimTranscript(request.ctx, claim.conversation_id);
    },
  );

  app.patch(
    '/claims/:id',
    {
      config: { access: staff },
      schema: {
        tags,
        operationId: 'updateClaim',
        summary:
          'Move status_dossier along the allowed transitions (else 409 claim.invalid_transition), note, documents asked for, reimbursement, description',
        params: idParams,
        body: claimPatchSchema,
        response: {
          200: claimDetailSchema,
          ...problems,
          404: problemSchema,
          409: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request) => updateClaim(request.ctx, request.params.id, request.body),
  );

  app.post(
    '/claims/:id/assign',
    {
      config: { access: staff },
      schema: {
        tags,
        operationId: 'assignClaim',
        summary:
          'Assign the claim (default: to the caller; null: to nobody); its waiting escalation is taken with it',
        params: idParams,
        body: claimAssignSchema,
        response: { 200: claimDetailSchema, ...problems, 404: problemSchema },
      },
    },
    async (request) => assignClaim(request.ctx, request.params.id, request.body ?? {}),
  );
};
