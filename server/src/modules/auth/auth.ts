import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { twoFactor } from 'better-auth/plugins';
import type { Config } from '../../core/config.ts';
import type { Db } from '../../core/db.ts';
import { newId } from '../../core/ids.ts';
import { accounts, rateLimits, sessions, twoFactors, users, verifications } from './auth.tables.ts';

export type AuthConfig = Pick<Config, 'ATRIUM_BASE_URL' | 'ATRIUM_SECRET'> &
  Partial<Pick<Config, 'ATRIUM_TRUSTED_ORIGINS' | 'PORT'>>;

/**
 * Origins a browser may sign in from (better-auth refuses any other `Origin` with 403).
 * With ATRIUM_BASE_URL: that origin (better-auth adds it) and ATRIUM_TRUSTED_ORIGINS.
 * Without it, the address the request was sent to, so `http://127.0.0.1:3000` or a small
 * server's network name work as well as localhost; a page of another site still cannot
 * sign in. The request's URL is built by the auth plugin from Fastify's host and protocol,
 * which follow X-Forwarded-Host/Proto only when ATRIUM_TRUST_PROXY is on.
 */
export function trustedOrigins(config: AuthConfig) {
  const listed = config.ATRIUM_TRUSTED_ORIGINS ?? [];
  if (config.ATRIUM_BASE_URL) return listed;
  return (request?: Request) => (request ? [new URL(request.url).origin, ...listed] : listed);
}

export function createAuth(db: Db, config: AuthConfig) {
  return betterAuth({
    appName: 'Atrium',
    // Unset, a plain-http address: session cookies are then not `Secure`, so they work over
    // http on 127.0.0.1 or a LAN address. Behind HTTPS, ATRIUM_BASE_URL makes them Secure.
    baseURL: config.ATRIUM_BASE_URL ?? `http://localhost:${config.PORT ?? 3000}`,
    trustedOrigins: trustedOrigins(config),
    basePath: '/api/auth',
    secret: config.ATRIUM_SECRET,
    database: drizzleAdapter(db, {
      provider: 'pg',
      usePlural: true,
      schema: { users, sessions, accounts, verifications, twoFactors, rateLimits },
    }),
    // Accounts are made by an admin or the CLI, never by self sign-up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 256 },
    user: {
      additionalFields: {
        role: { type: 'string', required: false, defaultValue: 'staff', input: false },
        customerId: { type: 'string', required: false, input: false },
        locale: { type: 'string', required: false, defaultValue: 'fr-CA', input: true },
      },
    },
    session: {
      expiresIn: 60 * 60 * 24 * 7,
      updateAge: 60 * 60 * 24,
      // A signed copy of the session in a cookie spares a database read on most requests;
      // a revoked session stops working within this many seconds.
      cookieCache: { enabled: true, maxAge: 60 },
    },
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 200,
      customRules: {
        // Throttled by failures, per account and per address, in the auth plugin
        // (sign-in-throttle.ts): better-auth's limits count successes too, per address only.
        '/sign-in/email': false,
        '/two-factor/verify-totp': false,
        '/two-factor/verify-backup-code': false,
        '/two-factor/verify-otp': false,
      },
    },
    advanced: {
      // better-auth skips the check when NODE_ENV is `test`; Atrium checks everywhere.
      disableOriginCheck: false,
      database: { generateId: () => newId() },
      ipAddress: { ipAddressHeaders: ['x-atrium-client-ip'] },
    },
    plugins: [twoFactor({ issuer: 'Atrium' })],
  });
}

export type Auth = ReturnType<typeof createAuth>;
