import { and, eq, like, lt, or, sql } from 'drizzle-orm';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db.ts';
import type { JobDefinition } from '../../core/jobs.ts';
import { sign_in_throttles, users, verifications } from './auth.tables.ts';

/**
 * What slows a password or code guesser down, and nobody else: successful sign-ins are
 * never counted, so an office behind one address all signs in at 8:00.
 * - An account (by e-mail, known or not) is locked after `accountFailures` failures in a
 *   row, for `accountLockSeconds`, doubled by each failure after a lock, up to
 *   `accountMaxLockSeconds`. Opening a session clears it.
 * - An address may fail `addressFailures` times per `addressWindowSeconds`, across accounts.
 * Counted in PostgreSQL, so every instance shares them.
 */
export const signInThrottleRules = {
  accountFailures: 5,
  accountLockSeconds: 60,
  accountMaxLockSeconds: 15 * 60,
  addressFailures: 30,
  addressWindowSeconds: 60,
};

type Rules = typeof signInThrottleRules;

interface ThrottleCtx {
  db: Db;
  clock: Clock;
}

/** An attempt under way: already counted as a failure until `finishSignInAttempt` says otherwise. */
export interface SignInAttempt {
  addressKey: string;
  addressWindowStartedAt: Date;
  account?: { key: string; lockedUntilBefore: Date | null; lockedUntil: Date | null };
}

export type SignInOutcome =
  /** A session was opened: the account's failures are forgiven, and the address's attempt. */
  | 'signed_in'
  /** The password was right and a second factor is due: the account stays counted until then. */
  | 'second_factor_due'
  | 'failed';

export function accountKey(email: string): string {
  return `account:${email.trim().toLowerCase().slice(0, 320)}`;
}

function addressKey(address: string): string {
  return `address:${address}`;
}

function lockSeconds(failures: number, rules: Rules): number {
  const doublings = Math.min(failures - rules.accountFailures, 20);
  return Math.min(rules.accountLockSeconds * 2 ** doublings, rules.accountMaxLockSeconds);
}

/**
 * Counts the attempt before the password or code is checked, so a burst of concurrent
 * guesses cannot all slip past a limit that none of them has recorded yet. Refused
 * attempts are not counted: they check nothing. Returns the seconds to wait when refused.
 */
export async function beginSignInAttempt(
  ctx: ThrottleCtx,
  input: { email?: string | undefined; address: string },
  rules: Rules = signInThrottleRules,
): Promise<{ attempt: SignInAttempt } | { retryAfterSeconds: number }> {
  const now = ctx.clock.now();
  const account = input.email ? accountKey(input.email) : undefined;
  const address = addressKey(input.address);
  // Always locked in the same order, so two attempts never deadlock.
  const keys = (account ? [account, address] : [address]).sort();
  return ctx.db.transaction(async (tx) => {
    // The no-op update locks an existing row, so a purge cannot delete it under us.
    const rows = await tx
      .insert(sign_in_throttles)
      .values(keys.map((key) => ({ key, failures: 0, window_started_at: now, updated_at: now })))
      .onConflictDoUpdate({
        target: sign_in_throttles.key,
        set: { key: sql`excluded.key` },
      })
      .returning();
    const accountRow = rows.find((row) => row.key === account);
    const addressRow = rows.find((row) => row.key === address);
    if (!addressRow) throw new Error('sign-in throttle row missing');

    const windowEnd = addressRow.window_started_at.getTime() + rules.addressWindowSeconds * 1000;
    const windowOver = windowEnd <= now.getTime();
    const addressFailures = windowOver ? 0 : addressRow.failures;
    const waits: number[] = [];
    if (addressFailures >= rules.addressFailures) waits.push(windowEnd - now.getTime());
    if (accountRow?.locked_until && accountRow.locked_until > now) {
      waits.push(accountRow.locked_until.getTime() - now.getTime());
    }
    if (waits.length) return { retryAfterSeconds: Math.ceil(Math.max(...waits) / 1000) };

    const addressWindowStartedAt = windowOver ? now : addressRow.window_started_at;
    await tx
      .update(sign_in_throttles)
      .set({ failures: addressFailures + 1, window_started_at: addressWindowStartedAt, updated_at: now })
      .where(eq(sign_in_throttles.key, address));
    const attempt: SignInAttempt = { addressKey: address, addressWindowStartedAt };
    if (accountRow) {
      const failures = accountRow.failures + 1;
      const locked_until =
        failures >= rules.accountFailures
          ? new Date(now.getTime() + lockSeconds(failures, rules) * 1000)
          : accountRow.locked_until;
      await tx
        .update(sign_in_throttles)
        .set({ failures, locked_until, updated_at: now })
        .where(eq(sign_in_throttles.key, accountRow.key));
      attempt.account = {
        key: accountRow.key,
        lockedUntilBefore: accountRow.locked_until,
        lockedUntil: locked_until,
      };
    }
    return { attempt };
  });
}

/** Takes back what `beginSignInAttempt` counted, as far as the outcome deserves. */
export async function finishSignInAttempt(
  ctx: ThrottleCtx,
  attempt: SignInAttempt,
  outcome: SignInOutcome,
): Promise<void> {
  if (outcome === 'failed') return;
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    // Only within the window it was counted in: a new window started from zero.
    await tx
      .update(sign_in_throttles)
      .set({ failures: sql`greatest(${sign_in_throttles.failures} - 1, 0)`, updated_at: now })
      .where(
        and(
          eq(sign_in_throttles.key, attempt.addressKey),
          eq(sign_in_throttles.window_started_at, attempt.addressWindowStartedAt),
        ),
      );
    const { account } = attempt;
    if (!account) return;
    if (outcome === 'signed_in') {
      await tx
        .update(sign_in_throttles)
        .set({ failures: 0, locked_until: null, updated_at: now })
        .where(eq(sign_in_throttles.key, account.key));
      return;
    }
    // The right password, a code still to come: this attempt was no failure, nor is it a
    // success that forgives earlier ones (only a session does). Its lock, if it set one, goes.
    const lockedUntil = account.lockedUntil
      ? sql`case when ${sign_in_throttles.locked_until} = ${account.lockedUntil.toISOString()}::timestamptz
          then ${account.lockedUntilBefore?.toISOString() ?? null}::timestamptz
          else ${sign_in_throttles.locked_until} end`
      : sign_in_throttles.locked_until;
    await tx
      .update(sign_in_throttles)
      .set({
        failures: sql`greatest(${sign_in_throttles.failures} - 1, 0)`,
        locked_until: lockedUntil,
        updated_at: now,
      })
      .where(eq(sign_in_throttles.key, account.key));
  });
}

/** Forgets rows no rule needs any more; an account's failures are forgiven after a quiet day. */
export async function purgeSignInThrottles(
  ctx: ThrottleCtx,
  rules: Rules = signInThrottleRules,
): Promise<{ purged: number }> {
  const now = ctx.clock.now().getTime();
  // A row's window started before its last update, so it is over by then.
  const windowOver = new Date(now - rules.addressWindowSeconds * 1000);
  const quietDay = new Date(now - 24 * 60 * 60 * 1000);
  const deleted = await ctx.db
    .delete(sign_in_throttles)
    .where(
      or(
        and(like(sign_in_throttles.key, 'address:%'), lt(sign_in_throttles.updated_at, windowOver)),
        and(eq(sign_in_throttles.failures, 0), lt(sign_in_throttles.updated_at, windowOver)),
        lt(sign_in_throttles.updated_at, quietDay),
      ),
    )
    .returning({ key: sign_in_throttles.key });
  return { purged: deleted.length };
}

const twoFactorCookies = ['better-auth.two_factor', '__Secure-better-auth.two_factor'];

/**
 * The e-mail of the user a second-factor challenge cookie is for (better-auth keeps the
 * challenge as a verification row holding the user's id). Its signature is left to
 * better-auth: the identifier is random and secret, so it cannot be guessed to blame
 * someone else's account.
 */
export async function emailOfTwoFactorChallenge(db: Db, cookieHeader: string | undefined) {
  if (!cookieHeader) return undefined;
  for (const pair of cookieHeader.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0 || !twoFactorCookies.includes(pair.slice(0, separator).trim())) continue;
    let value: string;
    try {
      value = decodeURIComponent(pair.slice(separator + 1).trim());
    } catch {
      return undefined;
    }
    const identifier = value.slice(0, value.lastIndexOf('.'));
    if (!identifier) return undefined;
    const [row] = await db
      .select({ email: users.email })
      .from(verifications)
      .innerJoin(users, sql`${users.id}::text = ${verifications.value}`)
      .where(eq(verifications.identifier, identifier))
      .limit(1);
    return row?.email;
  }
  return undefined;
}

export const authJobs: JobDefinition[] = [
  { name: 'auth.purge-sign-in-throttles', cron: '23 * * * *', handler: purgeSignInThrottles },
];
