import { type Server, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type {
  ConnectionError,
  FastifyError,
  FastifyHttpOptions,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
} from 'fastify';
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
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  417: 'Expectation Failed',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

type ProblemInput = Omit<Problem, 'type' | 'title'> & { title?: string };

function problemOf(problem: ProblemInput): Problem {
  return {
    type: `https://atrium.dev/problems/${problem.code.replaceAll('.', '/')}`,
    title: problem.title ?? titles[problem.status] ?? 'Error',
    ...problem,
  };
}

export function sendProblem(reply: FastifyReply, problem: ProblemInput) {
  return reply.status(problem.status).type('application/problem+json').send(problemOf(problem));
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
  registerEarlyErrors(app);
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

/*
 * What is answered before a route is found, or before Fastify sees a request at all, is
 * problem+json too: a path that is not valid percent-encoding, a request target or a header
 * section too long, a request the HTTP parser refuses.
 */

/** The longest request target (path and query) Atrium reads; a longer one is answered 414. */
export const maxUrlLength = 8 * 1024;
/** Node's default, said aloud: the whole request head, request line included, must fit in it. */
export const maxHeaderSize = 16 * 1024;

const uriTooLong: ProblemInput = {
  status: 414,
  code: 'request.uri_too_long',
  detail: `The request target (path and query) is longer than ${maxUrlLength} bytes.`,
};

/** An answer written straight to the connection, which is then closed. */
function writeRawProblem(socket: Socket, problem: ProblemInput) {
  if (!socket.writable) return;
  const body = JSON.stringify(problemOf(problem));
  socket.end(
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
      'Content-Type: application/problem+json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Whether the head that overflowed stops inside its request line: its target is what is too long. */
function isRequestLineTooLong(rawPacket: unknown): boolean {
  if (!Buffer.isBuffer(rawPacket) || !/^[A-Z]+ /.test(rawPacket.subarray(0, 16).toString('latin1')))
    return false;
  const lineEnd = rawPacket.indexOf('\r\n');
  return (lineEnd === -1 ? rawPacket.length : lineEnd) > maxUrlLength;
}

/** Fastify's clientErrorHandler: what Node's HTTP parser refuses, before any request exists. */
function answerClientError(this: FastifyInstance, error: ConnectionError, socket: Socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  this.log.debug({ err: error }, 'client error');
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    writeRawProblem(
      socket,
      isRequestLineTooLong(error.rawPacket)
        ? uriTooLong
        : {
            status: 431,
            code: 'request.headers_too_large',
            detail: `The request line and headers are longer than ${maxHeaderSize} bytes.`,
          },
    );
  } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    writeRawProblem(socket, {
      status: 408,
      code: 'request.timeout',
      detail: 'The request took too long to arrive.',
    });
  } else {
    writeRawProblem(socket, {
      status: 400,
      code: 'request.malformed',
      detail: 'The request is not valid HTTP.',
    });
  }
  socket.destroySoon();
}

/** Fastify's frameworkErrors: what the router refuses before it finds a route. */
function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if ((request.raw.url?.length ?? 0) > maxUrlLength) return sendProblem(reply, uriTooLong);
  if (error.code === 'FST_ERR_BAD_URL') {
    return sendProblem(reply, {
      status: 400,
      code: 'request.malformed_url',
      detail: 'The path is not valid percent-encoding.',
      errors: [{ path: 'url', message: 'Malformed percent-encoding', in: 'params' }],
    });
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendProblem(reply, {
      status: 400,
      code: 'request.invalid',
      detail: 'A path parameter is too long.',
      errors: [{ path: 'params', message: 'Too long', in: 'params' }],
    });
  }
  request.log.error({ err: error }, 'request failed before routing');
  return sendProblem(reply, { status: 500, code: 'server.error', detail: 'An unexpected error occurred.' });
}

/** Fastify options for the answers given before routing (spread into Fastify's options). */
export const earlyErrorOptions = {
  // Node's own 400 for a missing Host has no body: onRequest below answers it instead.
  http: { maxHeaderSize, requireHostHeader: false },
  clientErrorHandler: answerClientError,
  frameworkErrors: answerFrameworkError,
} satisfies FastifyHttpOptions<Server>;

/** The rest of the early answers, once the app exists (called by registerErrorHandling). */
function registerEarlyErrors(app: FastifyInstance) {
  // First of every route's hooks (and the 404 handler's): before authentication or a body is read.
  app.addHook('onRequest', (request, reply, done) => {
    if ((request.raw.url?.length ?? 0) > maxUrlLength) {
      sendProblem(reply, uriTooLong);
      return;
    }
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      sendProblem(reply, {
        status: 400,
        code: 'request.missing_host',
        detail: 'An HTTP/1.1 request must name its Host.',
        errors: [{ path: 'host', message: 'Required', in: 'headers' }],
      });
      return;
    }
    done();
  });
  // `Expect:` anything but 100-continue: Node would answer 417 with no body.
  app.server.on('checkExpectation', (request, response) => {
    const body = JSON.stringify(
      problemOf({
        status: 417,
        code: 'request.expectation_failed',
        detail: `Expect: ${request.headers.expect} is not supported.`,
      }),
    );
    response
      .writeHead(417, {
        'content-type': 'application/problem+json',
        'content-length': Buffer.byteLength(body),
        connection: 'close',
      })
      .end(body);
  });
}
