/** Tidying of the OpenAPI document @fastify/swagger builds from the routes (see app.ts). */

type Response = { content?: Record<string, { schema?: { $ref?: string } }> };
type Operation = { responses?: Record<string, Response> };
interface LooseDocument {
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

/**
 * The document less the schema components nothing refers to. Every zod schema with an `id`
 * becomes two components (its input and output forms), though most are used one way only:
 * the rest are noise for readers and for tools (Redocly's no-unused-components).
 */
export function withoutUnusedSchemas<T extends object>(document: T): T {
  const { components } = document as LooseDocument;
  const schemas = components?.schemas;
  if (!schemas) return document;
  const used = new Set<string>();
  const prefix = '#/components/schemas/';
  const visit = (value: unknown) => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key === '$ref' && typeof item === 'string' && item.startsWith(prefix)) {
          const name = decodeURIComponent(item.slice(prefix.length));
          if (!used.has(name)) {
            used.add(name);
            visit(schemas[name]);
          }
        } else {
          visit(item);
        }
      }
    }
  };
  // Everything but the schema components themselves: what is used from there is followed.
  visit({ ...document, components: { ...components, schemas: undefined } });
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  return { ...document, components: { ...components, schemas: kept } };
}

/**
 * Every error response is problem+json (core/http.ts sends it so); the document says so too,
 * where @fastify/swagger writes application/json for every status.
 */
export function withProblemJsonErrors<T extends object>(document: T): T {
  const { paths } = document as LooseDocument;
  if (!paths) return document;
  const asProblem = ([status, response]: [string, Response]): [string, Response] => {
    const json = response.content?.['application/json'];
    const isProblem = /^[45]/.test(status) && json?.schema?.$ref === '#/components/schemas/Problem';
    return [status, isProblem ? { ...response, content: { 'application/problem+json': json } } : response];
  };
  const tidied = Object.fromEntries(
    Object.entries(paths).map(([path, operations]) => [
      path,
      Object.fromEntries(
        Object.entries(operations).map(([method, operation]) => [
          method,
          operation?.responses
            ? {
                ...operation,
                responses: Object.fromEntries(Object.entries(operation.responses).map(asProblem)),
              }
            : operation,
        ]),
      ),
    ]),
  );
  return { ...document, paths: tidied };
}
