import { drizzle } from 'drizzle-orm/node-postgres';
import { buildApp } from './app.ts';
import { createAuth } from './modules/auth/index.ts';

/**
 * The API's OpenAPI document, as `/api/docs/json` serves it, built from the routes' own
 * schemas without a database: the app is assembled on a database handle that never connects.
 */
export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const db = drizzle.mock();
  const auth = createAuth(db, {
    ATRIUM_BASE_URL: 'http://localhost:3000',
    ATRIUM_SECRET: 'openapi-document-only-never-signs-anything',
  });
  const app = await buildApp({ db, auth, logLevel: 'silent', webDir: '/nonexistent' });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
  }
}
