import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { timestampSchema } from './schemas.ts';
import { nullableAsTypeList, serializerCompiler } from './serializer.ts';

const schema = z.object({
  id: z.uuid(),
  archived_at: timestampSchema.nullable(),
  note: z.string().nullable(),
  score: z.number().int().nullable(),
  owner: z.object({ name: z.string() }).nullable(),
  tags: z.array(z.string()),
});

const compile = (zodSchema: z.ZodType) =>
  serializerCompiler({ schema: zodSchema, method: 'GET', url: '/', httpStatus: '200' }) as (
    data: unknown,
  ) => string;

describe('response serializer', () => {
  it('writes nullable scalars as a type list and leaves richer unions alone', () => {
    const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-07' }) as {
      properties: Record<string, unknown>;
    };
    expect(json.properties.archived_at).toHaveProperty('anyOf');
    const rewritten = nullableAsTypeList(json) as { properties: Record<string, Record<string, unknown>> };
    expect(rewritten.properties.archived_at).toMatchObject({ type: ['string', 'null'], format: 'date-time' });
    expect(rewritten.properties.archived_at).not.toHaveProperty('anyOf');
    expect(rewritten.properties.note).toMatchObject({ type: ['string', 'null'] });
    expect(rewritten.properties.score).toMatchObject({ type: ['integer', 'null'] });
    expect(rewritten.properties.owner).toHaveProperty('anyOf');
  });

  it('writes the same JSON as JSON.stringify for null and non-null values, and drops undeclared fields', () => {
    const serialize = compile(schema);
    const at = new Date('2026-03-04T05:06:07.089Z');
    const full = {
      id: '0192f1a0-0000-7000-8000-000000000001',
      archived_at: at,
      note: 'Éric « VIP »\n',
      score: 7,
      owner: { name: 'Zoé' },
      tags: ['a'],
    };
    expect(JSON.parse(serialize({ ...full, secret: 'x' }))).toEqual(JSON.parse(JSON.stringify(full)));
    const empty = { ...full, archived_at: null, note: null, score: null, owner: null };
    expect(serialize(empty)).toBe(JSON.stringify(empty));
  });
});
