import { describe, expect, it } from 'vitest';
import { withoutUnusedSchemas, withProblemJsonErrors } from './openapi.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });

describe('withoutUnusedSchemas', () => {
  it('keeps the schemas an operation uses, and those they use in turn, and drops the rest', () => {
    const document = {
      paths: { '/a': { get: { responses: { 200: json(ref('Outer')) } } } },
      components: {
        securitySchemes: { apiKey: { type: 'http' } },
        schemas: {
          Outer: { type: 'object', properties: { inner: ref('Inner') } },
          Inner: { type: 'object', properties: { items: { type: 'array', items: ref('Leaf') } } },
          Leaf: { type: 'string' },
          OuterInput: { type: 'object', properties: { inner: ref('Inner') } },
        },
      },
    };
    const tidied = withoutUnusedSchemas(document);
    expect(Object.keys(tidied.components.schemas)).toEqual(['Outer', 'Inner', 'Leaf']);
    expect(tidied.components.securitySchemes).toEqual(document.components.securitySchemes);
    expect(tidied.paths).toEqual(document.paths);
  });
});

describe('withProblemJsonErrors', () => {
  it('declares 4xx and 5xx Problem responses as application/problem+json, and nothing else', () => {
    const document = {
      paths: {
        '/a': {
          parameters: [{ name: 'id', in: 'path' }],
          post: {
            responses: {
              201: json(ref('Problem')),
              404: json(ref('Problem')),
              409: json(ref('Other')),
              500: json(ref('Problem')),
              204: { description: 'No content' },
            },
          },
        },
      },
    };
    const tidied = withProblemJsonErrors(document);
    const responses = tidied.paths['/a'].post.responses as Record<string, { content?: object }>;
    expect(Object.keys(responses[201]?.content ?? {})).toEqual(['application/json']);
    expect(Object.keys(responses[404]?.content ?? {})).toEqual(['application/problem+json']);
    expect(Object.keys(responses[409]?.content ?? {})).toEqual(['application/json']);
    expect(Object.keys(responses[500]?.content ?? {})).toEqual(['application/problem+json']);
    expect(responses[204]).toEqual({ description: 'No content' });
    expect(tidied.paths['/a'].parameters).toEqual(document.paths['/a'].parameters);
  });
});
