import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyRouteSchemaDef } from 'fastify/types/schema.js';
import { type FastifyPluginAsyncZod, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { problemSchema } from '../../core/http.ts';
import { deleteCompanyLogo, getCompanyLogo, logoMaxUploadBytes, setCompanyLogo } from './settings.logo.ts';

const tags = ['settings'];
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema };

const logoUploadSchema = z
  .object({
    file: z.string().meta({ format: 'binary', description: 'A PNG, JPEG or WebP image, 2 MB at most' }),
  })
  .meta({ id: 'CompanyLogoUpload' });
const logoSavedSchema = z
  .object({ sha256: z.string().meta({ description: 'SHA-256 (hex) of the normalised PNG' }) })
  .meta({ id: 'CompanyLogoSaved' });

/** Multipart bodies are read by the handler; nothing else goes through zod. */
const streamedBody = ((route: FastifyRouteSchemaDef<z.ZodType>) =>
  route.httpPart === 'body' ? () => ({ value: undefined }) : validatorCompiler(route)) as never;

/** The `file` part's bytes; a part larger than the limit is a 413 as soon as it passes it. */
async function readLogoFile(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart()) {
    throw new AppError('logo.multipart_required', 'Send the file as multipart/form-data');
  }
  let bytes: Buffer | undefined;
  try {
    for await (const part of request.parts({
      limits: { fileSize: logoMaxUploadBytes, files: 1, fields: 5, parts: 6 },
    })) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== 'file' || bytes) {
        part.file.resume();
        continue;
      }
      bytes = await part.toBuffer();
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('logo.too_large', 'The logo must weigh 2 MB or less', undefined, [
        { path: 'file', message: 'At most 2 MB' },
      ]);
    }
    throw error;
  }
  if (!bytes) {
    throw new AppError('logo.file_required', 'A file is required', undefined, [
      { path: 'file', message: 'Required' },
    ]);
  }
  return bytes;
}

/** Outside the route's typed reply: its 200 is bytes, not a zod schema. */
function sendPng(reply: FastifyReply, png: Buffer) {
  return reply.type('image/png').header('content-length', png.length).send(png);
}

export const companyLogoRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(fastifyMultipart, { limits: { fileSize: logoMaxUploadBytes, files: 1 } });

  app.get(
    '/settings/company/logo',
    {
      // Printed on documents and in emails: nothing secret, and mail clients fetch no session.
      config: { access: 'public' },
      schema: {
        tags,
        operationId: 'getCompanyLogo',
        security: [],
        summary: "The company's logo, a PNG (ETag: its SHA-256; If-None-Match answers 304)",
        response: {
          200: {
            description: 'The logo',
            content: { 'image/png': { schema: z.string().meta({ format: 'binary' }) } },
          },
          304: z.null().meta({ description: 'Not modified' }),
          404: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const logo = await getCompanyLogo(request.ctx);
      if (!logo) throw new AppError('logo.not_found', 'No logo');
      const etag = `"${logo.sha256}"`;
      reply
        .header('etag', etag)
        // Revalidated each time (a replaced logo shows at once), cheap thanks to the ETag.
        .header('cache-control', 'public, no-cache')
        .header('x-content-type-options', 'nosniff');
      const match = request.headers['if-none-match'];
      if (match?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')) {
        return reply.status(304).send(null);
      }
      return sendPng(reply, logo.png);
    },
  );

  app.put(
    '/settings/company/logo',
    {
      config: { access: ['admin'] },
      validatorCompiler: streamedBody,
      schema: {
        tags,
        operationId: 'updateCompanyLogo',
        summary:
          'Replace the logo (admin; multipart: file). PNG, JPEG or WebP read from the content, 2 MB at most, stored as a PNG fitting 600×200 px',
        consumes: ['multipart/form-data'],
        body: logoUploadSchema,
        response: { 200: logoSavedSchema, ...problems, 413: problemSchema, 415: problemSchema },
      },
    },
    async (request) => setCompanyLogo(request.ctx, await readLogoFile(request)),
  );

  app.delete(
    '/settings/company/logo',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        operationId: 'deleteCompanyLogo',
        summary: 'Remove the logo (admin); documents and emails go back to the name alone',
        response: { 204: z.null().meta({ description: 'Removed (or there was none)' }), ...problems },
      },
    },
    async (request, reply) => {
      await deleteCompanyLogo(request.ctx);
      return reply.status(204).send(null);
    },
  );
};
