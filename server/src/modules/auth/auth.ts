import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { twoFactor } from 'better-auth/plugins';
import type { Config } from '../../core/config.ts';
import type { Db } from '../../core/db.ts';
import { newId } from '../../core/ids.ts';
import { accounts, rateLimits, sessions, twoFactors, users, verifications } from './auth.tables.ts';

/** Sign-in attempts allowed per IP and window: shared by every instance (stored in PostgreSQL). */
export const signInLimit = { window: 60, max: 5 };

export function createAuth(
  db: Db,
  config: Pick<Config, 'ATRIUM_BASE_URL' | 'ATRIUM_SECRET'>,
  options: { signInAttemptsPerMinute?: number } = {},
) {
  const signIn = { window: signInLimit.window, max: options.signInAttemptsPerMinute ?? signInLimit.max };
  return betterAuth({
    appName: 'Atrium',
    baseURL: config.ATRIUM_BASE_URL,
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
        '/sign-in/email': signIn,
        '/two-factor/verify-totp': signIn,
        '/two-factor/verify-backup-code': signIn,
      },
    },
    advanced: {
      database: { generateId: () => newId() },
      ipAddress: { ipAddressHeaders: ['x-atrium-client-ip'] },
    },
    plugins: [twoFactor({ issuer: 'Atrium' })],
  });
}

export type Auth = ReturnType<typeof createAuth>;
