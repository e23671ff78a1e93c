import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type FieldError } from './errors.ts';
import { pgCodes, pgErrorOf } from './pg-errors.ts';

/** RFC 9457 problem details, with Atrium's stable `code` and field errors. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.string(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string(), in: z.string().optional() }))
      .optional(),
  })
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof problemSchema>;

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function sendProblem(
  reply: FastifyReply,
  problem: Omit<Problem, 'type' | 'title'> & { title?: string },
) {
  return reply
    .status(problem.status)
    .type('application/problem+json')
    .send({
      type: `https://atrium.dev/problems/${problem.code.replaceAll('.', '/')}`,
      title: problem.title ?? titles[problem.status] ?? 'Error',
      ...problem,
    });
}

/** Where Fastify names the part of the request that failed validation. */
function fieldErrorsOf(error: FastifyError): FieldError[] {
  if (!hasZodFastifySchemaValidationErrors(error)) return [];
  const location = error.validationContext ?? 'body';
  return error.validation.map((issue) => {
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const params = issue.params as { keys?: string[] };
    // An unknown field is reported on the object; name the field itself.
    if (issue.keyword === 'unrecognized_keys' && params.keys?.length) {
      return {
        path: [path, params.keys[0]].filter(Boolean).join('.'),
        message: issue.message ?? 'Unknown field',
        in: location,
      };
    }
    return { path: path || location, message: issue.message ?? 'Invalid value', in: location };
  });
}

/** The path of the first string holding a NUL character: PostgreSQL text cannot store one. */
function findNul(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || 'body' : undefined;
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = findNul(item, [...path, key]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** One error handler: every failure becomes problem+json; 5xx details are logged, never sent. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      return sendProblem(reply, {
        status: error.status,
        code: error.code,
        detail: error.message,
        ...(error.errors ? { errors: error.errors } : {}),
      });
    }
    if (error.validation) {
      const errors = fieldErrorsOf(error);
      return sendProblem(reply, {
        status: 400,
        code: 'request.invalid',
        detail: errors.map((field) => `${field.path}: ${field.message}`).join('; ') || error.message,
        errors,
      });
    }
    const pgError = pgErrorOf(error);
    if (
      pgError?.code === pgCodes.characterNotInRepertoire ||
      pgError?.code === pgCodes.untranslatableCharacter
    ) {
      return sendProblem(reply, {
        status: 400,
        code: 'request.invalid',
        detail: 'Text may not contain NUL or invalid characters.',
        errors: [{ path: 'body', message: 'Text may not contain NUL or invalid characters' }],
      });
    }
    if (pgError?.code === pgCodes.uniqueViolation) {
      return sendProblem(reply, {
        status: 409,
        code: 'request.conflict',
        detail: 'This record already exists.',
      });
    }
    if (
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      (error instanceof SyntaxError && error.statusCode === 400)
    ) {
      return sendProblem(reply, {
        status: 400,
        code: 'request.malformed_json',
        detail: 'The request body is not valid JSON.',
        errors: [{ path: 'body', message: 'Malformed JSON', in: 'body' }],
      });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500 && !isResponseSerializationError(error)) {
      const code =
        status === 413 ? 'request.too_large' : status === 429 ? 'request.rate_limited' : 'request.invalid';
      return sendProblem(reply, { status, code, detail: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, { status: 500, code: 'server.error', detail: 'An unexpected error occurred.' });
  });

  /*
   * A NUL reaches the query or the path only percent-encoded, so most requests skip the walk.
   * Callback style: most requests pass straight through, with no promise to settle.
   */
  app.addHook('preValidation', (request, reply, done) => {
    const inUrl = request.url.includes('%00');
    if (!inUrl && (request.body === undefined || request.body === null)) return done();
    for (const [part, value] of [
      ['body', request.body],
      ['querystring', inUrl ? request.query : undefined],
      ['params', inUrl ? request.params : undefined],
    ] as const) {
      const path = findNul(value);
      if (path !== undefined) {
        sendProblem(reply, {
          status: 400,
          code: 'request.invalid',
          detail: `${path}: text may not contain a NUL character`,
          errors: [{ path, message: 'May not contain a NUL character', in: part }],
        });
        return;
      }
    }
    done();
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      status: 404,
      code: 'route.not_found',
      detail: `No route ${request.method} ${request.url}`,
    }),
  );
}
