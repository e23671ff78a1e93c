import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Contacts, addresses and vehicles of a customer (issue #2 part 5). */
export const customerPartRoutes: FastifyPluginAsyncZod = async () => {};
