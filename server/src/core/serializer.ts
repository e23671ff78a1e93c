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
  return fastJson(nullableAsTypeList(jsonSchema) as Parameters<typeof fastJson>[0]) as (
    data: unknown,
  ) => string;
};

type JsonSchema = { [key: string]: unknown };

const isObject = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isNullSchema = (value: unknown) =>
  isObject(value) && value.type === 'null' && Object.keys(value).length === 1;

const scalarTypes = new Set(['string', 'number', 'integer', 'boolean']);

/**
 * zod writes `.nullable()` as `anyOf: [{ type: 'string', format: 'date-time', … }, { type: 'null' }]`.
 * fast-json-stringify serializes an `anyOf` by running an Ajv validator on the value for
 * each branch (for a date, its whole date-time pattern), on every response. The same
 * nullable scalar written as `type: ['string', 'null']` is a `=== null` test. Only a
 * scalar with one other branch is rewritten; anything richer keeps its `anyOf`.
 */
export function nullableAsTypeList(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullableAsTypeList);
  if (!isObject(schema)) return schema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) out[key] = nullableAsTypeList(value);
  const branches = out.anyOf;
  if (!Array.isArray(branches) || branches.length !== 2) return out;
  const nullIndex = branches.findIndex(isNullSchema);
  const other = branches[1 - nullIndex];
  if (
    nullIndex === -1 ||
    !isObject(other) ||
    typeof other.type !== 'string' ||
    !scalarTypes.has(other.type)
  ) {
    return out;
  }
  const { anyOf: _, ...rest } = out;
  return { ...rest, ...other, type: [other.type, 'null'] };
}
