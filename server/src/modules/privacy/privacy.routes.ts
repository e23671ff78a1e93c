import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Consents, export and anonymization: see issue #2 part 8. */
export const privacyRoutes: FastifyPluginAsyncZod = async () => {};
