import { hashPassword } from 'better-auth/crypto';
import { and, count, eq, inArray } from 'drizzle-orm';
import type { Ctx, Role } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { pgCodes, pgErrorOf } from '../../core/pg-errors.ts';
import { recordChange } from '../changes/index.ts';
import { accounts, sessions, users } from './auth.tables.ts';

export interface CreateUserInput {
  email: string;
  password: string;
  name: string;
  role: Role;
  customer_id?: string | null;
  locale?: string;
}

/** Creates a user who signs in with email and password (better-auth's credential account). */
export async function createUser(ctx: Ctx, input: CreateUserInput) {
  const id = newId();
  const now = ctx.clock.now();
  const password = await hashPassword(input.password);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({
          id,
          email: input.email.toLowerCase(),
          name: input.name,
          role: input.role,
          customerId: input.customer_id ?? null,
          locale: input.locale ?? 'fr-CA',
          emailVerified: true,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await tx.insert(accounts).values({
        id: newId(),
        accountId: id,
        providerId: 'credential',
        userId: id,
        password,
        createdAt: now,
        updatedAt: now,
      });
      await recordChange(
        { ...ctx, db: tx },
        {
          event: 'user.created',
          entity: 'user',
          entity_id: id,
          customer_id: null,
          changed_fields: ['email', 'name', 'role'],
          payload: { role: input.role },
        },
      );
      return user!;
    });
  } catch (error) {
    if (pgErrorOf(error)?.code === pgCodes.uniqueViolation) {
      throw new AppError('user.email_taken', 'A user with this email already exists', { email: input.email });
    }
    throw error;
  }
}

/** On first start, if nobody can sign in yet, the admin from the environment is created. */
export async function ensureFirstAdmin(ctx: Ctx, email: string | undefined, password: string | undefined) {
  const [row] = await ctx.db.select({ total: count() }).from(users);
  if ((row?.total ?? 0) > 0) return undefined;
  if (!email || !password) return undefined;
  return createUser(ctx, { email, password, name: 'Administrateur', role: 'admin' });
}

export async function findUserByEmail(ctx: Ctx, email: string) {
  const [user] = await ctx.db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return user;
}

/** A client's sign-in belongs to the person: on anonymization it is closed and scrubbed. */
export async function anonymizeClientUsers(ctx: Ctx, customerId: string) {
  const clients = await ctx.db.select({ id: users.id }).from(users).where(eq(users.customerId, customerId));
  for (const { id } of clients) {
    await ctx.db.delete(sessions).where(eq(sessions.userId, id));
    await ctx.db.delete(accounts).where(eq(accounts.userId, id));
    await ctx.db
      .update(users)
      .set({ name: 'Anonyme', email: `anonymized+${id}@invalid`, image: null, updatedAt: ctx.clock.now() })
      .where(eq(users.id, id));
  }
  return clients.length;
}

/** Users by id, with their name and role (for a name shown beside what they did, or a check of their role). */
export async function findUsersByIds(ctx: Ctx, ids: readonly string[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map<string, { id: string; name: string; role: Role }>();
  const rows = await ctx.db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(inArray(users.id, unique));
  return new Map(rows.map((row) => [row.id, { ...row, role: row.role as Role }]));
}

/** Users holding one of these roles (who a notification for "support staff" or "advisors" reaches). */
export async function findUsersByRoles(ctx: Ctx, roleList: readonly Role[]) {
  if (roleList.length === 0) return [];
  const rows = await ctx.db
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(inArray(users.role, [...roleList]));
  return rows.map((row) => ({ id: row.id, role: row.role as Role }));
}

/** The client users (portal sign-ins) of a customer. */
export async function findClientUserIds(ctx: Ctx, customerId: string) {
  const rows = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.customerId, customerId), eq(users.role, 'client')));
  return rows.map((row) => row.id);
}
