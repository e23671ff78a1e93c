import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../../core/http.ts';
import { idParams } from '../../core/schemas.ts';
import { customerPartRoutes } from './customer-parts.routes.ts';
import { searchEverything } from './customers.global-search.ts';
import {
  customerCreateSchema,
  customerListQuery,
  customerListSchema,
  customerPatchSchema,
  customerSchema,
  profilePatchSchema,
  profileSchema,
} from './customers.schemas.ts';
import {
  archiveCustomer,
  createCustomer,
  findCustomers,
  getCustomerOrThrow,
  restoreCustomer,
  updateCustomer,
} from './customers.service.ts';

const readers = ['admin', 'staff', 'advisor', 'client'] as const;
const writers = ['admin', 'staff', 'advisor'] as const;
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

function toProfile(customer: z.infer<typeof profileSchema>) {
  const { id, language_code, timezone, segments, privacy_level, preferred_contact_channel, tax_exempt } =
    customer;
  return { id, language_code, timezone, segments, privacy_level, preferred_contact_channel, tax_exempt };
}

export const customerRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(customerPartRoutes);

  app.get(
    '/customers',
    {
      config: { access: readers },
      schema: {
        tags: ['customers'],
        operationId: 'listCustomers',
        summary: 'List or search customers',
        querystring: customerListQuery,
        response: { 200: customerListSchema, ...problems },
      },
    },
    async (request) => {
      const { rows, pagination, next_cursor } = await findCustomers(request.ctx, request.query);
      return { data: rows, pagination, next_cursor };
    },
  );

  const ownerSchema = z.object({ id: z.string(), display_name: z.string() });
  app.get(
    '/search',
    {
      config: { access: writers },
      schema: {
        tags: ['customers'],
        operationId: 'searchEverything',
        summary:
          'Search customers, contacts and vehicles at once (name, email, phone, matricule, plate, VIN)',
        querystring: z.strictObject({ q: z.string().trim().min(1).max(200) }),
        response: {
          200: z.object({
            customers: z.array(customerSchema),
            contacts: z.array(
              z.object({
                id: z.string(),
                customer_id: z.string(),
                first_name: z.string(),
                last_name: z.string().nullable(),
                email: z.string().nullable(),
                phone: z.string().nullable(),
                role: z.string().nullable(),
                customer: ownerSchema,
              }),
            ),
            vehicles: z.array(
              z.object({
                id: z.string(),
                customer_id: z.string(),
                vin: z.string().nullable(),
                plate: z.string().nullable(),
                make: z.string().nullable(),
                model: z.string().nullable(),
                year: z.number().nullable(),
                customer: ownerSchema,
              }),
            ),
          }),
          ...problems,
        },
      },
    },
    async (request) => searchEverything(request.ctx, request.query.q),
  );

  app.post(
    '/customers',
    {
      config: { access: writers },
      schema: {
        tags: ['customers'],
        operationId: 'createCustomer',
        summary: 'Create a customer',
        body: customerCreateSchema,
        response: { 201: customerSchema, ...problems, 409: problemSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createCustomer(request.ctx, request.body)),
  );

  app.get(
    '/customers/:id',
    {
      config: { access: readers },
      schema: {
        tags: ['customers'],
        operationId: 'getCustomer',
        summary: 'Read a customer',
        params: idParams,
        response: { 200: customerSchema, ...problems },
      },
    },
    async (request) => getCustomerOrThrow(request.ctx, request.params.id),
  );

  app.patch(
    '/customers/:id',
    {
      config: { access: writers },
      schema: {
        tags: ['customers'],
        operationId: 'updateCustomer',
        summary: 'Change a customer',
        params: idParams,
        body: customerPatchSchema,
        response: { 200: customerSchema, ...problems, 409: problemSchema, 422: problemSchema },
      },
    },
    async (request) => updateCustomer(request.ctx, request.params.id, request.body),
  );

  app.delete(
    '/customers/:id',
    {
      config: { access: ['admin', 'staff'] },
      schema: {
        tags: ['customers'],
        operationId: 'archiveCustomer',
        summary: 'Archive a customer (nothing is deleted)',
        params: idParams,
        response: { 200: customerSchema, ...problems },
      },
    },
    async (request) => archiveCustomer(request.ctx, request.params.id),
  );

  app.post(
    '/customers/:id/restore',
    {
      config: { access: ['admin', 'staff'] },
      schema: {
        tags: ['customers'],
        operationId: 'restoreCustomer',
        summary: 'Bring an archived customer back',
        params: idParams,
        response: { 200: customerSchema, ...problems, 422: problemSchema },
      },
    },
    async (request) => restoreCustomer(request.ctx, request.params.id),
  );

  app.get(
    '/customers/:id/profile',
    {
      config: { access: readers },
      schema: {
        tags: ['customers'],
        operationId: 'getCustomerProfile',
        summary: "A customer's profile",
        params: idParams,
        response: { 200: profileSchema, ...problems },
      },
    },
    async (request) =>
      toProfile(await getCustomerOrThrow(request.ctx, request.params.id, { purpose: 'profile' })),
  );

  app.patch(
    '/customers/:id/profile',
    {
      config: { access: writers },
      schema: {
        tags: ['customers'],
        operationId: 'updateCustomerProfile',
        summary: "Change a customer's profile",
        params: idParams,
        body: profilePatchSchema,
        response: { 200: profileSchema, ...problems, 422: problemSchema },
      },
    },
    async (request) =>
      toProfile(
        await updateCustomer(request.ctx, request.params.id, request.body, {
          event: 'customer.profile_updated',
        }),
      ),
  );
};
