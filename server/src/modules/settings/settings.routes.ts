import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemSchema } from '../../core/http.ts';
import { companyLogoRoutes } from './settings.logo.routes.ts';
import { companySettingsPutSchema, companySettingsSchema } from './settings.schemas.ts';
import { getCompanySettings, updateCompanySettings } from './settings.service.ts';

// Staff print and send documents, so they read who issues them; only an admin changes it.
const readers = ['admin', 'staff', 'advisor'] as const;
const writers = ['admin'] as const;
const tags = ['settings'];
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema };

export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(companyLogoRoutes);

  app.get(
    '/settings/company',
    {
      config: { access: readers },
      schema: {
        tags,
        operationId: 'getCompanySettings',
        summary:
          "The company's name, address, GST/QST numbers, tax profile and document texts (defaults until saved)",
        response: { 200: companySettingsSchema, ...problems },
      },
    },
    async (request) => getCompanySettings(request.ctx),
  );

  app.put(
    '/settings/company',
    {
      config: { access: writers },
      schema: {
        tags,
        operationId: 'updateCompanySettings',
        summary:
          'Save the company settings (admin): the fields given change, the others keep their value; new invoices use the tax profile',
        body: companySettingsPutSchema,
        response: { 200: companySettingsSchema, ...problems },
      },
    },
    async (request) => updateCompanySettings(request.ctx, request.body),
  );
};
