import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemSchema, sendProblem } from '../../core/http.ts';
import { hitRateLimit, type RateLimitRule } from '../../core/rate-limit.ts';
import { idParams } from '../../core/schemas.ts';
import { submitContactForm } from './contact.service.ts';
import { getSlaSettings, updateSlaTargets } from './sla-targets.service.ts';
import { findTickets, getTicket } from './tickets.read.ts';
import {
  contactFormSchema,
  contactReceivedSchema,
  slaSettingsSchema,
  slaTargetsPutSchema,
  ticketCreateSchema,
  ticketDetailSchema,
  ticketListQuery,
  ticketListSchema,
  ticketMessageCreateSchema,
  ticketPatchSchema,
  ticketStatsQuery,
  ticketStatsSchema,
} from './tickets.schemas.ts';
import { addTicketMessage, createTicket, updateTicket } from './tickets.service.ts';
import { getTicketStats } from './tickets.stats.ts';

const everyone = ['admin', 'staff', 'advisor', 'client'] as const;
const staff = ['admin', 'staff', 'advisor'] as const;
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const tags = ['support'];

/**
 * The public contact form is counted per address in PostgreSQL: enough for a person who
 * writes twice, too few to flood the queue.
 */
export const contactRateLimit: RateLimitRule = { name: 'support.contact', limit: 5, windowSeconds: 10 * 60 };

export const supportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/tickets',
    {
      config: { access: everyone },
      schema: {
        tags,
        operationId: 'createTicket',
        summary:
          'Open a ticket: staff for a customer (or none: internal), a client for themself. The message is its first, public',
        body: ticketCreateSchema,
        response: { 201: ticketDetailSchema, ...problems, 422: problemSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createTicket(request.ctx, request.body)),
  );

  app.get(
    '/tickets',
    {
      config: { access: everyone },
      schema: {
        tags,
        operationId: 'listTickets',
        summary:
          'The ticket queue, filtered (status, category and priority take comma-separated lists); a client sees their own',
        querystring: ticketListQuery,
        response: { 200: ticketListSchema, ...problems },
      },
    },
    async (request) => findTickets(request.ctx, request.query),
  );

  // Static segments: matched before `/:id`, whatever the order of registration.
  app.get(
    '/tickets/stats',
    {
      config: { access: staff },
      schema: {
        tags,
        operationId: 'getTicketStats',
        summary:
          'Tickets opened in a period (company days, default the last 30): counts, average response and resolution times, SLA breaches',
        querystring: ticketStatsQuery,
        response: { 200: ticketStatsSchema, ...problems },
      },
    },
    async (request) => getTicketStats(request.ctx, request.query),
  );

  app.get(
    '/tickets/:id',
    {
      config: { access: everyone },
      schema: {
        tags,
        operationId: 'getTicket',
        summary: 'One ticket with its conversation and status history (a client reads no internal notes)',
        params: idParams,
        response: { 200: ticketDetailSchema, ...problems, 404: problemSchema },
      },
    },
    async (request) => getTicket(request.ctx, request.params.id),
  );

  app.post(
    '/tickets/:id/messages',
    {
      config: { access: everyone },
      schema: {
        tags,
        operationId: 'createTicketMessage',
        summary:
          'A public reply or an internal note (staff only). A client’s reply brings a waiting ticket back in progress and reopens a resolved one',
        params: idParams,
        body: ticketMessageCreateSchema,
        response: { 201: ticketDetailSchema, ...problems, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addTicketMessage(request.ctx, request.params.id, request.body)),
  );

  app.patch(
    '/tickets/:id',
    {
      config: { access: staff },
      schema: {
        tags,
        operationId: 'updateTicket',
        summary:
          'Change the status (open → in_progress → waiting → resolved → closed, steps may be skipped, waiting → in_progress, reopen from resolved or closed; else 409), the priority or the assignee',
        params: idParams,
        body: ticketPatchSchema,
        response: { 200: ticketDetailSchema, ...problems, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request) => updateTicket(request.ctx, request.params.id, request.body),
  );

  app.get(
    '/support/sla-targets',
    {
      config: { access: staff },
      schema: {
        tags,
        operationId: 'getSupportSlaTargets',
        summary: 'SLA targets per priority (working minutes) and the business hours they count in',
        response: { 200: slaSettingsSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => getSlaSettings(request.ctx),
  );

  app.put(
    '/support/sla-targets',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        operationId: 'updateSupportSlaTargets',
        summary: 'Set the SLA targets of the priorities given (admin)',
        body: slaTargetsPutSchema,
        response: { 200: slaSettingsSchema, ...problems },
      },
    },
    async (request) => updateSlaTargets(request.ctx, request.body),
  );

  app.post(
    '/contact',
    {
      config: { access: 'public' },
      schema: {
        tags,
        operationId: 'submitContactForm',
        summary:
          'The public contact form: opens a ticket for the customer with this email, or a new lead. Public; 5 messages per 10 minutes per address',
        security: [],
        body: contactFormSchema,
        response: { 202: contactReceivedSchema, 400: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      const limit = await hitRateLimit(request.ctx, contactRateLimit, request.ip);
      if (!limit.allowed) {
        reply.header('retry-after', String(limit.retryAfterSeconds));
        return sendProblem(reply, {
          status: 429,
          code: 'request.rate_limited',
          detail: `Too many messages from this address; try again in ${limit.retryAfterSeconds} s.`,
        });
      }
      await submitContactForm(request.ctx, request.body);
      return reply.status(202).send({ received: true as const });
    },
  );
};
