import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';
import { z } from 'zod';

/**
 * Responses are shaped by their zod schema but written by fast-json-stringify, Fastify's
 * own serializer: the schema is turned into JSON Schema once, at start-up (its wire side,
 * so a Date field becomes a date-time string), instead of walking every response through
 * zod. Only the declared fields are written, so nothing undeclared can leak; the tests
 * check that responses match their schemas.
 */
export const serializerCompiler: FastifySerializerCompiler<unknown> = ({ schema }) => {
  const jsonSchema =
    schema instanceof z.ZodType
      ? z.toJSONSchema(schema, { io: 'input', target: 'draft-07', unrepresentable: 'any' })
      : (schema as object);
  return fastJson(jsonSchema as Parameters<typeof fastJson>[0]) as (data: unknown) => string;
};
