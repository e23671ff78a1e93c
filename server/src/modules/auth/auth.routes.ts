import { asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roles } from '../../core/context.ts';
import { invalidFields } from '../../core/errors.ts';
import { problemSchema } from '../../core/http.ts';
import { idParams, timestampSchema, uuidSchema } from '../../core/schemas.ts';
import { createApiKey, revokeApiKey } from './api-keys.service.ts';
import { api_keys, users } from './auth.tables.ts';
import { createUser } from './users.service.ts';

const everyone = roles;
const staffRoles = ['admin', 'staff', 'advisor'] as const;

const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(roles),
    customer_id: z.string().nullable(),
    locale: z.string(),
    two_factor_enabled: z.boolean(),
  })
  .meta({ id: 'User' });

function toUser(row: typeof users.$inferSelect) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as (typeof roles)[number],
    customer_id: row.customerId,
    locale: row.locale,
    two_factor_enabled: row.twoFactorEnabled,
  };
}

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/me',
    {
      config: { access: everyone },
      schema: {
        tags: ['users'],
        operationId: 'getCurrentUser',
        summary: 'Who is calling',
        response: {
          200: z.object({ actor_type: z.string(), role: z.string(), user: userSchema.nullable() }),
          401: problemSchema,
        },
      },
    },
    async (request) => {
      const { actor } = request.ctx;
      const [row] =
        actor.type === 'user' && actor.id
          ? await request.ctx.db.select().from(users).where(eq(users.id, actor.id))
          : [];
      return { actor_type: actor.type, role: actor.role, user: row ? toUser(row) : null };
    },
  );

  app.get(
    '/users',
    {
      config: { access: staffRoles },
      schema: {
        tags: ['users'],
        operationId: 'listUsers',
        summary: 'List staff users (to assign customers)',
        response: { 200: z.object({ data: z.array(userSchema) }), 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => {
      const rows = await request.ctx.db.select().from(users).orderBy(asc(users.name));
      return { data: rows.filter((row) => row.role !== 'client').map(toUser) };
    },
  );

  app.post(
    '/users',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['users'],
        operationId: 'createUser',
        summary: 'Create a user (admin)',
        body: z.strictObject({
          email: z.email().max(254),
          password: z.string().min(12).max(256),
          name: z.string().trim().min(1).max(200),
          role: z.enum(roles),
          customer_id: uuidSchema.nullable().optional(),
          locale: z.enum(['fr-CA', 'en-CA']).optional(),
        }),
        response: {
          201: userSchema,
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          409: problemSchema,
        },
      },
    },
    async (request, reply) => {
      if (request.body.role === 'client' && !request.body.customer_id) {
        throw invalidFields([{ path: 'customer_id', message: 'Required for role client' }]);
      }
      const user = await createUser(request.ctx, request.body);
      return reply.status(201).send(toUser(user));
    },
  );

  const apiKeySchema = z.object({
    id: z.string(),
    name: z.string(),
    role: z.string(),
    key_prefix: z.string(),
    created_at: timestampSchema,
    revoked_at: timestampSchema.nullable(),
  });

  app.get(
    '/api-keys',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['api-keys'],
        operationId: 'listApiKeys',
        summary: 'List API keys (admin); the keys themselves are never shown again',
        response: { 200: z.object({ data: z.array(apiKeySchema) }), 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => {
      const rows = await request.ctx.db.select().from(api_keys).orderBy(asc(api_keys.created_at));
      return { data: rows };
    },
  );

  app.post(
    '/api-keys',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['api-keys'],
        operationId: 'createApiKey',
        summary: 'Create an API key (admin); the key is in this response only',
        body: z.strictObject({
          name: z.string().trim().min(1).max(100),
          role: z.enum(roles),
          customer_id: uuidSchema.nullable().optional(),
        }),
        response: {
          201: z.object({ id: z.string(), key: z.string(), name: z.string(), role: z.string() }),
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
        },
      },
    },
    async (request, reply) => reply.status(201).send(await createApiKey(request.ctx, request.body)),
  );

  app.delete(
    '/api-keys/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['api-keys'],
        operationId: 'revokeApiKey',
        summary: 'Revoke an API key (admin)',
        params: idParams,
        response: { 204: z.null(), 400: problemSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request, reply) => {
      await revokeApiKey(request.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
