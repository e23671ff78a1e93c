/*
 * Names for the API's shapes, all taken from api.gen.ts (generated from the server's OpenAPI
 * document by `npm run api:types`), so a change on the server shows here as a type error.
 */
import type { components, operations } from './api.gen';

/** A named schema of the API document (Customer, Activity, Problem, ...). */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

export type OperationId = keyof operations;

/** The JSON an operation answers with, for one status (200 unless said). */
export type ResponseOf<
  Id extends OperationId,
  Status extends keyof operations[Id]['responses'] = 200 extends keyof operations[Id]['responses']
    ? 200
    : keyof operations[Id]['responses'],
> = operations[Id]['responses'][Status] extends { content: { 'application/json': infer Body } }
  ? Body
  : never;

/** The JSON body an operation takes. */
export type BodyOf<Id extends OperationId> =
  NonNullable<operations[Id]['requestBody']> extends { content: { 'application/json': infer Body } }
    ? Body
    : never;

/** The query parameters an operation takes. */
export type QueryOf<Id extends OperationId> = NonNullable<operations[Id]['parameters']['query']>;

type Missing<Union, Listed> = [Exclude<Union, Listed>] extends [never]
  ? unknown
  : { missing: Exclude<Union, Listed> };

/**
 * Every member of a union of the API as a list for the UI (selects, filters), checked by the
 * compiler both ways: a value the server adds or drops is a type error here.
 */
export function everyValueOf<Union extends string>() {
  return <const List extends readonly Union[]>(list: List & Missing<Union, List[number]>): List => list;
}
