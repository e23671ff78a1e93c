import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemSchema } from '../../core/http.ts';
import { idParams } from '../../core/schemas.ts';
import { getCustomerFinances, updateCreditProfile } from './credit-profile.service.ts';
import {
  balanceAdjustmentSchema,
  balanceHistoryQuery,
  balanceHistorySchema,
  creditProfilePutSchema,
  customerFinancesSchema,
  ledgerEntrySchema,
} from './finances.schemas.ts';
import { adjustBalance, findBalanceHistory } from './ledger.service.ts';
import { noOpenItemsProvider, type OpenItemsProvider } from './open-items.ts';
import { paymentMethodRoutes } from './payment-methods.routes.ts';

const readers = ['admin', 'staff', 'advisor', 'client'] as const;
// Credit terms are a decision of the business, not of an advisor.
const profileWriters = ['admin', 'staff'] as const;
const tags = ['finances'];
const problems = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
};

export interface FinanceRoutesOptions {
  /** Open invoices for aging, overdue and the score; billing's once it exists (see open-items.ts). */
  openItems?: OpenItemsProvider;
}

/** A customer's credit profile, balance ledger and payment methods. */
export const financeRoutes: FastifyPluginAsyncZod<FinanceRoutesOptions> = async (app, options) => {
  const provider = options.openItems ?? noOpenItemsProvider;

  app.get(
    '/customers/:id/finances',
    {
      config: { access: readers },
      schema: {
        tags,
        operationId: 'getCustomerFinances',
        summary: 'Credit profile (defaults until saved), balance, and aging and score once invoices exist',
        params: idParams,
        response: { 200: customerFinancesSchema, ...problems },
      },
    },
    async (request) => getCustomerFinances(request.ctx, request.params.id, provider),
  );

  app.put(
    '/customers/:id/finances',
    {
      config: { access: profileWriters },
      schema: {
        tags,
        operationId: 'updateCustomerFinances',
        summary: 'Save the credit profile: the fields given change, the others keep their value',
        params: idParams,
        body: creditProfilePutSchema,
        response: { 200: customerFinancesSchema, ...problems, 422: problemSchema },
      },
    },
    async (request) => {
      await updateCreditProfile(request.ctx, request.params.id, request.body);
      return getCustomerFinances(request.ctx, request.params.id, provider);
    },
  );

  app.get(
    '/customers/:id/balance-history',
    {
      config: { access: readers },
      schema: {
        tags,
        operationId: 'listBalanceHistory',
        summary: "The customer's ledger, newest first (page, or cursor for the next page)",
        params: idParams,
        querystring: balanceHistoryQuery,
        response: { 200: balanceHistorySchema, ...problems },
      },
    },
    async (request) => {
      const { rows, pagination, next_cursor } = await findBalanceHistory(
        request.ctx,
        request.params.id,
        request.query,
      );
      // Why an adjustment was made is the business's note, not the customer's.
      const data =
        request.ctx.actor.role === 'client'
          ? rows.map((row) => ({ ...row, reason: null, actor_id: null }))
          : rows;
      return { data, pagination, next_cursor };
    },
  );

  app.post(
    '/customers/:id/balance-adjustments',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        operationId: 'createBalanceAdjustment',
        summary: 'Correct the balance by a signed amount, with the reason (admin)',
        params: idParams,
        body: balanceAdjustmentSchema,
        response: { 201: ledgerEntrySchema, ...problems, 409: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await adjustBalance(request.ctx, request.params.id, request.body)),
  );

  await app.register(paymentMethodRoutes);
};
