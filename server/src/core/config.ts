import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** Every setting Atrium reads from the environment; README.md lists them. */
const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.url().optional(),
  ATRIUM_DATA_DIR: z.string().default('./data'),
  ATRIUM_EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(5433),
  /** Unset: a sign-in is accepted from the address it was sent to (same origin), whatever that is. */
  ATRIUM_BASE_URL: z.url().optional(),
  /** More origins allowed to sign in, comma-separated, with ATRIUM_BASE_URL. */
  ATRIUM_TRUSTED_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/ }).transform((value) => new URL(value).origin))),
  ATRIUM_SECRET: z.string().min(32).optional(),
  ATRIUM_ADMIN_EMAIL: z.email().optional(),
  ATRIUM_ADMIN_PASSWORD: z.string().min(12).optional(),
  ATRIUM_TRUST_PROXY: z.stringbool().default(false),
  /** Off when the jobs run in `atrium worker` processes of their own. */
  ATRIUM_JOBS: z.stringbool().default(true),
  // PostgreSQL on the same host does best with few connections per core (measured: bench/results.md).
  ATRIUM_DB_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(Math.max(4, 2 * os.availableParallelism())),
  /** Online payment (Stripe Checkout) is on when both the secret key and the webhook secret are set. */
  STRIPE_SECRET_KEY: z.string().trim().min(1).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().trim().min(1).optional(),
  /** The webhook secret being replaced, still accepted while Stripe rotates it. */
  STRIPE_WEBHOOK_SECRET_PREVIOUS: z.string().trim().min(1).optional(),
  /** Where the Stripe client sends API requests (tests, stripe-mock); api.stripe.com when unset. */
  STRIPE_API_BASE: z.url({ protocol: /^https?$/ }).optional(),
  /** Where documents are kept: `local` (ATRIUM_DATA_DIR/files) or `s3` (the S3_* settings). */
  STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
  /** Largest document accepted, in bytes (default 50 MB); checked while the upload streams. */
  MAX_UPLOAD_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .default(50 * 1024 * 1024),
  /** How long a deleted document's content is kept (Québec: 6 years for tax records). */
  DOCUMENT_RETENTION_DAYS: z.coerce.number().int().min(0).max(36500).default(2190),
  S3_ENDPOINT: z.url().optional(),
  S3_BUCKET: z.string().trim().min(1).optional(),
  S3_REGION: z.string().trim().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().trim().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().trim().min(1).optional(),
  S3_FORCE_PATH_STYLE: z.stringbool().default(false),
  /** Outgoing mail (core/mail.ts): smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465. Unset: mail stays queued. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'Must be an smtp:// or smtps:// URL' }).optional(),
  /** The sender: `factures@example.com` or `Garage Tremblay <factures@example.com>`; required with SMTP_URL. */
  MAIL_FROM: z.string().trim().min(3).max(320).optional(),
  /** A PKCS#12 file (key + certificate) that seals signed PDFs; unset: a self-signed one made in ATRIUM_DATA_DIR/signing. */
  SIGNING_CERT_P12: z.string().trim().min(1).optional(),
  /** The passphrase of SIGNING_CERT_P12. */
  SIGNING_CERT_PASSWORD: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema> & { ATRIUM_SECRET: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  if (config.STORAGE_DRIVER === 's3' && !config.S3_BUCKET) {
    throw new Error('Invalid configuration:\n  S3_BUCKET: required when STORAGE_DRIVER=s3');
  }
  if (config.SMTP_URL && !config.MAIL_FROM) {
    throw new Error('Invalid configuration:\n  MAIL_FROM: Required when SMTP_URL is set');
  }
  return {
    ...config,
    ATRIUM_DATA_DIR: path.resolve(config.ATRIUM_DATA_DIR),
    ATRIUM_SECRET: config.ATRIUM_SECRET ?? readOrCreateSecret(path.resolve(config.ATRIUM_DATA_DIR)),
  };
}

/** Without ATRIUM_SECRET, a random secret is made once and kept in the data directory. */
function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
