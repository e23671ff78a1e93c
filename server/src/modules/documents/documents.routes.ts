import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyRouteSchemaDef } from 'fastify/types/schema.js';
import { type FastifyPluginAsyncZod, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { problemSchema } from '../../core/http.ts';
import { idParams } from '../../core/schemas.ts';
import { contentDisposition, inlineMimeTypes, sanitizeFileName } from './documents.content.ts';
import { thumbnailOf } from './documents.preview.ts';
import { findAccessLog, findDocuments, findVersions } from './documents.read.ts';
import {
  accessLogQuery,
  accessLogSchema,
  contentQuery,
  documentFieldsSchema,
  documentListQuery,
  documentListSchema,
  documentPatchSchema,
  documentSchema,
  documentUploadSchema,
  documentVersionListSchema,
  previewQuery,
  verifyResultSchema,
  versionUploadSchema,
} from './documents.schemas.ts';
import {
  addDocumentVersion,
  createDocument,
  type DocumentSettings,
  deleteDocument,
  getDocument,
  openDocumentContent,
  type ReceivedFile,
  receiveFile,
  updateDocument,
} from './documents.service.ts';

const everyone = ['admin', 'staff', 'advisor', 'client'] as const;
const staff = ['admin', 'staff', 'advisor'] as const;
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const uploadProblems = {
  ...problems,
  409: problemSchema,
  413: problemSchema,
  415: problemSchema,
  422: problemSchema,
};
const tags = ['documents'];

const binary = (description: string) => ({
  description,
  content: { 'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) } },
});

/** Multipart bodies are read as a stream by the handler; only params and query go through zod. */
const streamedBody = ((route: FastifyRouteSchemaDef<z.ZodType>) =>
  route.httpPart === 'body' ? () => ({ value: undefined }) : validatorCompiler(route)) as never;

/**
 * Reads a multipart upload: `file` streamed into staging (size and type checked on the way),
 * the text fields collected. Whatever fails, the staged file is discarded.
 */
async function readUpload(request: FastifyRequest, settings: DocumentSettings) {
  if (!request.isMultipart()) {
    throw new AppError('document.multipart_required', 'Send the file as multipart/form-data');
  }
  const fields: Record<string, string> = {};
  let file: ReceivedFile | undefined;
  try {
    const parts = request.parts({
      limits: { fileSize: settings.maxUploadSize + 1, files: 1, fields: 10, fieldSize: 1000, parts: 11 },
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || file) {
          part.file.resume();
          continue;
        }
        file = await receiveFile(settings, part.file, sanitizeFileName(part.filename));
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    await file?.staged.discard();
    throw error;
  }
  if (!file) {
    throw new AppError('document.file_required', 'A file is required', undefined, [
      { path: 'file', message: 'Required' },
    ]);
  }
  return { file, fields };
}

function parseFields(fields: Record<string, string>) {
  const parsed = documentFieldsSchema.safeParse(fields);
  if (parsed.success) return parsed.data;
  throw new AppError(
    'request.invalid',
    parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '),
    undefined,
    parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || 'body', message: issue.message })),
  );
}

function sendContent(
  reply: FastifyReply,
  found: Awaited<ReturnType<typeof openDocumentContent>>,
  disposition: 'attachment' | 'inline',
) {
  const { version, content } = found;
  return reply
    .type(version.mime_type)
    .header('content-length', content.size)
    .header('content-disposition', contentDisposition(disposition, version.file_name))
    .header('repr-digest', `sha-256=:${Buffer.from(version.sha256, 'hex').toString('base64')}:`)
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-security-policy',
      "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
    )
    .header('cache-control', 'private, no-store')
    .send(content.stream);
}

function sendThumbnail(reply: FastifyReply, image: Buffer) {
  return reply.type('image/webp').header('cache-control', 'private, max-age=3600').send(image);
}

export const documentRoutes: FastifyPluginAsyncZod<{ settings: DocumentSettings }> = async (
  app,
  { settings },
) => {
  await app.register(fastifyMultipart, { limits: { fileSize: settings.maxUploadSize + 1, files: 1 } });

  app.post(
    '/customers/:id/documents',
    {
      config: { access: staff },
      validatorCompiler: streamedBody,
      schema: {
        tags,
        operationId: 'uploadCustomerDocument',
        summary:
          'Upload a document (multipart: file, title, category, access_level). The type is read from the content; identical content is stored once',
        consumes: ['multipart/form-data'],
        params: idParams,
        body: documentUploadSchema,
        response: { 201: documentSchema, ...uploadProblems },
      },
    },
    async (request, reply) => {
      const { file, fields } = await readUpload(request, settings);
      let parsed: ReturnType<typeof parseFields>;
      try {
        parsed = parseFields(fields);
      } catch (error) {
        await file.staged.discard();
        throw error;
      }
      const document = await createDocument(request.ctx, settings, request.params.id, parsed, file).catch(
        async (error: unknown) => {
          await file.staged.discard();
          throw error;
        },
      );
      return reply.status(201).send(document);
    },
  );

  app.get(
    '/customers/:id/documents',
    {
      config: { access: everyone },
      schema: {
        tags,
        operationId: 'listCustomerDocuments',
        summary: "A customer's documents the caller may see (a client: public and client ones of their own)",
        params: idParams,
        querystring: documentListQuery,
        response: { 200: documentListSchema, ...problems },
      },
    },
    async (request) => findDocuments(request.ctx, request.params.id, request.query),
  );

  app.get(
    '/documents/:id',
    {
      config: { access: everyone },
      schema: {
        tags,
        operationId: 'getDocument',
        summary: 'A document and its current version (logged as a view)',
        params: idParams,
        response: { 200: documentSchema, ...problems },
      },
    },
    async (request) => getDocument(request.ctx, request.params.id),
  );

  app.patch(
    '/documents/:id',
    {
      config: { access: staff },
      schema: {
        tags,
        operationId: 'updateDocument',
        summary: 'Rename, recategorize, change who may see it; legal hold (admin)',
        params: idParams,
        body: documentPatchSchema,
        response: { 200: documentSchema, ...problems },
      },
    },
    async (request) => updateDocument(request.ctx, request.params.id, request.body),
  );

  app.delete(
    '/documents/:id',
    {
      config: { access: staff },
      schema: {
        tags,
        operationId: 'deleteDocument',
        summary: 'Hide a document; its content is kept until its retention date (DOCUMENT_RETENTION_DAYS)',
        params: idParams,
        response: { 204: z.null().meta({ description: 'Deleted' }), ...problems },
      },
    },
    async (request, reply) => {
      await deleteDocument(request.ctx, settings, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/documents/:id/content',
    {
      config: { access: everyone },
      schema: {
        tags,
        operationId: 'downloadDocument',
        summary:
          'Download the file (current or given version). Its SHA-256 is recomputed first: a mismatch is 409 document.integrity_failed, audited, and nothing is sent',
        params: idParams,
        querystring: contentQuery,
        response: { 200: binary('The file, as uploaded'), ...problems, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const found = await openDocumentContent(
        request.ctx,
        settings,
        request.params.id,
        'download',
        request.query.version,
      );
      return sendContent(reply, found, 'attachment');
    },
  );

  app.get(
    '/documents/:id/preview',
    {
      config: { access: everyone },
      schema: {
        tags,
        operationId: 'previewDocument',
        summary:
          'Show a PDF or an image in the page (inline), or with thumbnail=true a 320 px WebP thumbnail (images; PDF first page when a renderer is installed)',
        params: idParams,
        querystring: previewQuery,
        response: {
          200: binary('The file inline, or a WebP thumbnail'),
          ...problems,
          409: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const found = await openDocumentContent(request.ctx, settings, id, 'preview', request.query.version);
      const { version, content } = found;
      if (request.query.thumbnail) {
        const image = await thumbnailOf(settings.cacheDir, version.sha256, version.mime_type, content.stream);
        return sendThumbnail(reply, image);
      }
      if (!inlineMimeTypes.has(version.mime_type)) {
        content.stream.destroy();
        throw new AppError('document.no_preview', `No preview for ${version.mime_type}`);
      }
      return sendContent(reply, found, 'inline');
    },
  );

  app.post(
    '/documents/:id/versions',
    {
      config: { access: staff },
      validatorCompiler: streamedBody,
      schema: {
        tags,
        operationId: 'createDocumentVersion',
        summary: 'Upload a new version (multipart: file); former versions stay readable',
        consumes: ['multipart/form-data'],
        params: idParams,
        body: versionUploadSchema,
        response: { 201: documentSchema, ...uploadProblems },
      },
    },
    async (request, reply) => {
      const { file } = await readUpload(request, settings);
      const document = await addDocumentVersion(request.ctx, settings, request.params.id, file).catch(
        async (error: unknown) => {
          await file.staged.discard();
          throw error;
        },
      );
      return reply.status(201).send(document);
    },
  );

  app.get(
    '/documents/:id/versions',
    {
      config: { access: everyone },
      schema: {
        tags,
        operationId: 'listDocumentVersions',
        summary: 'Every version, newest first, with its SHA-256 and last integrity check',
        params: idParams,
        response: { 200: documentVersionListSchema, ...problems },
      },
    },
    async (request) => findVersions(request.ctx, request.params.id),
  );

  app.get(
    '/documents/:id/access-log',
    {
      config: { access: staff },
      schema: {
        tags,
        operationId: 'listDocumentAccessLog',
        summary: 'Who viewed, downloaded, previewed, verified or uploaded it: user, IP, user agent, time',
        params: idParams,
        querystring: accessLogQuery,
        response: { 200: accessLogSchema, ...problems },
      },
    },
    async (request) => findAccessLog(request.ctx, request.params.id, request.query),
  );

  app.post(
    '/documents/:id/verify',
    {
      config: { access: staff },
      schema: {
        tags,
        operationId: 'verifyDocument',
        summary:
          'Re-hash the stored content now: 200 when it matches, 409 document.integrity_failed when not (audited)',
        params: idParams,
        querystring: contentQuery,
        response: { 200: verifyResultSchema, ...problems, 409: problemSchema },
      },
    },
    async (request) => {
      const found = await openDocumentContent(
        request.ctx,
        settings,
        request.params.id,
        'verify',
        request.query.version,
      );
      found.content.stream.destroy();
      return {
        document_id: found.document.id,
        version: found.version.version,
        sha256: found.version.sha256,
        valid: true as const,
        verified_at: request.ctx.clock.now(),
      };
    },
  );
};
