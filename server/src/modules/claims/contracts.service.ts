import { and, asc, count, desc, eq, gte, isNull, lte, or } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { pgCodes, pgErrorOf } from '../../core/pg-errors.ts';
import { paginate } from '../../core/schemas.ts';
import { recordChange } from '../changes/index.ts';
import { getCustomerOrThrow } from '../customers/index.ts';
import type { ContractCreate, ContractPatch } from './claims.schemas.ts';
import { contracts } from './claims.tables.ts';

export type ContractRow = typeof contracts.$inferSelect;

function numberTaken(error: unknown, number: string | undefined): never {
  const pgError = pgErrorOf(error);
  if (pgError?.code === pgCodes.uniqueViolation && pgError.constraint === 'contracts_number_key') {
    throw new AppError('contract.number_taken', 'Another contract has this number', { number }, [
      { path: 'number', message: 'Already used by another contract' },
    ]);
  }
  throw error;
}

export async function createContract(ctx: Ctx, customerId: string, input: ContractCreate) {
  try {
    return await ctx.db.transaction(async (tx) => {
      const txCtx = { ...ctx, db: tx };
      await getCustomerOrThrow(txCtx, customerId, { writable: true, purpose: 'contract' });
      const now = ctx.clock.now();
      const [row] = await tx
        .insert(contracts)
        .values({
          id: newId(),
          customer_id: customerId,
          number: input.number,
          product: input.product,
          start_date: input.start_date,
          end_date: input.end_date ?? null,
          status: input.status,
          created_at: now,
          updated_at: now,
        })
        .returning();
      await recordChange(txCtx, {
        event: 'contract.created',
        entity: 'contract',
        entity_id: row!.id,
        customer_id: customerId,
        changed_fields: ['number', 'product', 'start_date', 'end_date', 'status'],
        activity: {
          activity_type: 'claim',
          title: `Contrat ajouté : ${row!.number}`,
          reference_table: 'contracts',
          metadata: { number: row!.number, product: row!.product },
        },
        payload: { contract_id: row!.id, number: row!.number, status: row!.status },
      });
      return row!;
    });
  } catch (error) {
    return numberTaken(error, input.number);
  }
}

export async function findContracts(ctx: Ctx, customerId: string, query: { page: number; per_page: number }) {
  await getCustomerOrThrow(ctx, customerId, { purpose: 'contracts' });
  const where = eq(contracts.customer_id, customerId);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(contracts)
      .where(where)
      .orderBy(desc(contracts.start_date), desc(contracts.id))
      .limit(query.per_page)
      .offset((query.page - 1) * query.per_page),
    ctx.db.select({ total: count() }).from(contracts).where(where),
  ]);
  return { data: rows, pagination: paginate(total?.total ?? 0, query.page, query.per_page) };
}

/** A contract the caller may see (its customer's visibility), else 404. */
export async function getContract(ctx: Ctx, id: string, options: { forUpdate?: boolean } = {}) {
  const query = ctx.db.select().from(contracts).where(eq(contracts.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  const notFound = new AppError('contract.not_found', 'No such contract', { contract_id: id });
  if (!row) throw notFound;
  try {
    await getCustomerOrThrow(ctx, row.customer_id, { purpose: 'contract' });
  } catch (error) {
    if (error instanceof AppError && error.code === 'customer.not_found') throw notFound;
    throw error;
  }
  return row;
}

export async function updateContract(ctx: Ctx, id: string, patch: ContractPatch) {
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const before = await getContract(txCtx, id, { forUpdate: true });
    const after = {
      ...before,
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    };
    if (after.end_date && after.end_date < after.start_date) {
      throw new AppError('request.invalid', 'end_date is before start_date', undefined, [
        { path: 'end_date', message: 'Must not be before start_date' },
      ]);
    }
    const changed = (Object.keys(patch) as (keyof ContractPatch)[]).filter(
      (key) => patch[key] !== undefined && patch[key] !== before[key],
    );
    if (changed.length === 0) return before;
    const [row] = await tx
      .update(contracts)
      .set({ ...patch, updated_at: ctx.clock.now() })
      .where(eq(contracts.id, id))
      .returning();
    await recordChange(txCtx, {
      event: 'contract.updated',
      entity: 'contract',
      entity_id: id,
      customer_id: before.customer_id,
      changed_fields: changed,
      activity: changed.includes('status')
        ? {
            activity_type: 'claim',
            title: `Contrat ${row!.number} : ${row!.status}`,
            reference_table: 'contracts',
            metadata: { number: row!.number, from: before.status, to: row!.status },
          }
        : null,
      payload: { contract_id: id, number: row!.number, status: row!.status },
    });
    return row!;
  });
}

/**
 * The customer's contract that covers `date` and is active: the one whose product names the
 * claim type first (an auto claim on the auto policy), then the latest started.
 */
export async function findActiveContract(ctx: Ctx, customerId: string, date: string, type?: string) {
  const rows = await ctx.db
    .select()
    .from(contracts)
    .where(
      and(
        eq(contracts.customer_id, customerId),
        eq(contracts.status, 'active'),
        lte(contracts.start_date, date),
        or(isNull(contracts.end_date), gte(contracts.end_date, date)),
      ),
    )
    .orderBy(desc(contracts.start_date), asc(contracts.id));
  const named = type ? rows.find((row) => row.product.toLowerCase().includes(type)) : undefined;
  return named ?? rows[0];
}
