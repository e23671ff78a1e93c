import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../../core/http.ts';
import { idParams } from '../../core/schemas.ts';
import { customerSchema } from '../customers/index.ts';
import { consentStateSchema } from '../privacy/index.ts';
import { activitySchema } from '../timeline/index.ts';
import { getCustomer360 } from './customer360.service.ts';

const customer360Schema = z
  .object({
    customer: customerSchema,
    counts: z.object({
      contacts: z.number().int(),
      addresses: z.number().int(),
      vehicles: z.number().int(),
      activities: z.number().int(),
      /** Documents with a signature request still waiting (not expired). */
      awaiting_signature: z.number().int(),
    }),
    consents: z.array(consentStateSchema),
    // Read from PostgreSQL's JSON, their dates already strings in the API's form (isoFromPgJson).
    latest_activities: z.array(activitySchema.extend({ created_at: z.iso.datetime() })),
  })
  .meta({ id: 'Customer360' });

export const customer360Routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/customers/:id/360',
    {
      config: { access: ['admin', 'staff', 'advisor', 'client'] },
      schema: {
        tags: ['customers'],
        operationId: 'getCustomer360',
        summary: 'Customer 360: profile, counts, current consents and the latest 10 activities',
        params: idParams,
        response: {
          200: customer360Schema,
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          404: problemSchema,
        },
      },
    },
    async (request) => getCustomer360(request.ctx, request.params.id),
  );
};
