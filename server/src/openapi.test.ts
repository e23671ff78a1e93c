import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from './openapi.ts';

/*
 * What tools need from the API document (Redocly's rules run in `npm run lint:api`; the web's
 * types and generated clients are named after operationIds): checked here over every route,
 * so a new route without them fails its author's test run.
 */
type Operation = {
  operationId?: string;
  security?: unknown[];
  responses?: Record<string, { content?: Record<string, unknown> }>;
};

const document = (await buildOpenApiDocument()) as { paths: Record<string, Record<string, Operation>> };
const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({
    route: `${method.toUpperCase()} ${path}`,
    operation,
  })),
);

describe('the OpenAPI document', () => {
  it('has the API routes', () => {
    expect(operations.length).toBeGreaterThanOrEqual(36);
    expect(operations.map(({ route }) => route)).toContain('GET /api/v1/customers/{id}/360');
  });

  it('names every operation with a camelCase operationId, verb first', () => {
    const unnamed = operations.filter(({ operation }) => !operation.operationId).map(({ route }) => route);
    expect(unnamed, 'add schema.operationId to these routes').toEqual([]);
    const badlyNamed = operations
      .filter(({ operation }) => !/^[a-z]+[A-Z0-9][a-zA-Z0-9]*$/.test(operation.operationId ?? ''))
      .map(({ route, operation }) => `${route}: ${operation.operationId}`);
    expect(badlyNamed, 'camelCase, verb then noun: listCustomers, getCustomer360').toEqual([]);
  });

  it('gives each operation its own operationId', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const { route, operation } of operations) {
      const id = operation.operationId ?? '';
      const other = seen.get(id);
      if (other) duplicates.push(`${id}: ${other} and ${route}`);
      seen.set(id, route);
    }
    expect(duplicates).toEqual([]);
  });

  it('declares 401 on every operation but the public ones, and every error response as problem+json', () => {
    // Every API route answers 401 without credentials (server/test/routes.test.ts), except a
    // public one, which says so with `security: []`.
    const without401 = operations
      .filter(({ operation }) => !operation.responses?.['401'] && operation.security?.length !== 0)
      .map(({ route }) => route);
    expect(without401).toEqual([]);
    const notProblems = operations.flatMap(({ route, operation }) =>
      Object.entries(operation.responses ?? {})
        .filter(
          ([status, response]) => /^[45]/.test(status) && !response.content?.['application/problem+json'],
        )
        .map(([status]) => `${route} ${status}`),
    );
    expect(notProblems, 'use problemSchema (core/http.ts) for these responses').toEqual([]);
  });
});
