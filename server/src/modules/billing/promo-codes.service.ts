import { and, desc, eq, ilike, type SQL, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { escapeLike } from '../../core/db.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { pgCodes, pgErrorOf } from '../../core/pg-errors.ts';
import { paginate } from '../../core/schemas.ts';
import { recordChange } from '../changes/index.ts';
import {
  type MessageLanguage,
  type PromoRefusal,
  type PromoStatus,
  promoDiscountCents,
  promoMessage,
  promoRefusal,
  promoStatus,
} from './promo-codes.rules.ts';
import type { PromoCode, PromoCodeCreate, PromoCodeListQuery, PromoValidate } from './promo-codes.schemas.ts';
import { promo_code_redemptions, promo_codes } from './promo-codes.tables.ts';

type PromoRow = typeof promo_codes.$inferSelect;

function toPromoCode(row: PromoRow, now: Date): PromoCode {
  const { created_by: _createdBy, ...fields } = row;
  return { ...fields, status: promoStatus(row, now) };
}

function notFound(code: string): AppError {
  return new AppError('promo_code.not_found', `No promo code ${code}`, { code });
}

async function findRow(ctx: Ctx, code: string, options: { forUpdate?: boolean } = {}) {
  const query = ctx.db.select().from(promo_codes).where(eq(promo_codes.code, code));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function getPromoCode(ctx: Ctx, code: string): Promise<PromoCode> {
  const row = await findRow(ctx, code);
  if (!row) throw notFound(code);
  return toPromoCode(row, ctx.clock.now());
}

export async function createPromoCode(ctx: Ctx, input: PromoCodeCreate): Promise<PromoCode> {
  const now = ctx.clock.now();
  const taken = () =>
    new AppError('promo_code.code_taken', `The code ${input.code} already exists`, { code: input.code });
  try {
    return await ctx.db.transaction(async (tx) => {
      const txCtx = { ...ctx, db: tx };
      if (await findRow(txCtx, input.code)) throw taken();
      const [row] = await tx
        .insert(promo_codes)
        .values({
          ...input,
          id: newId(),
          description: input.description ?? null,
          percent_basis_points: input.percent_basis_points ?? null,
          amount_off_cents: input.amount_off_cents ?? null,
          starts_at: input.starts_at ?? null,
          expires_at: input.expires_at ?? null,
          created_by: ctx.actor.id,
          created_at: now,
          updated_at: now,
        })
        .returning();
      await recordChange(txCtx, {
        event: 'promo_code.created',
        entity: 'promo_code',
        entity_id: row!.id,
        customer_id: null,
        changed_fields: Object.keys(input),
        payload: { code: row!.code },
      });
      return toPromoCode(row!, now);
    });
  } catch (error) {
    const pgError = pgErrorOf(error);
    if (pgError?.code === pgCodes.uniqueViolation && pgError.constraint === 'promo_codes_code_key')
      throw taken();
    throw error;
  }
}

/** Stops a code from applying from now on; its past redemptions stand. */
export async function deactivatePromoCode(ctx: Ctx, code: string): Promise<PromoCode> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const row = await findRow({ ...ctx, db: tx }, code, { forUpdate: true });
    if (!row) throw notFound(code);
    if (!row.is_active) return toPromoCode(row, now);
    const [updated] = await tx
      .update(promo_codes)
      .set({ is_active: false, updated_at: now })
      .where(eq(promo_codes.id, row.id))
      .returning();
    await recordChange(
      { ...ctx, db: tx },
      {
        event: 'promo_code.deactivated',
        entity: 'promo_code',
        entity_id: row.id,
        customer_id: null,
        changed_fields: ['is_active'],
        payload: { code: row.code, uses_count: row.uses_count },
      },
    );
    return toPromoCode(updated!, now);
  });
}

/**
 * Deletes a code never redeemed (a typo, a test). Once redeemed it is refused (409
 * promo_code.redeemed): invoices name it, so it is deactivated instead.
 */
export async function deletePromoCode(ctx: Ctx, code: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const row = await findRow({ ...ctx, db: tx }, code, { forUpdate: true });
    if (!row) throw notFound(code);
    if (row.uses_count > 0) {
      throw new AppError(
        'promo_code.redeemed',
        `${row.code} has been redeemed ${row.uses_count} times: deactivate it instead`,
        { code: row.code, uses_count: row.uses_count },
      );
    }
    await tx.delete(promo_codes).where(eq(promo_codes.id, row.id));
    await recordChange(
      { ...ctx, db: tx },
      {
        event: 'promo_code.deleted',
        entity: 'promo_code',
        entity_id: row.id,
        customer_id: null,
        payload: { code: row.code },
      },
    );
  });
}

/** Each status as a condition at `now`, written as promoStatus decides it. */
function statusCondition(status: PromoStatus, now: Date): SQL {
  const at = sql`${now.toISOString()}::timestamptz`;
  const expired = sql`(${promo_codes.expires_at} is not null and ${promo_codes.expires_at} <= ${at})`;
  const exhausted = sql`(${promo_codes.max_uses} is not null and ${promo_codes.uses_count} >= ${promo_codes.max_uses})`;
  const scheduled = sql`(${promo_codes.starts_at} is not null and ${promo_codes.starts_at} > ${at})`;
  switch (status) {
    case 'inactive':
      return sql`not ${promo_codes.is_active}`;
    case 'expired':
      return sql`${promo_codes.is_active} and ${expired}`;
    case 'exhausted':
      return sql`${promo_codes.is_active} and not ${expired} and ${exhausted}`;
    case 'scheduled':
      return sql`${promo_codes.is_active} and not ${expired} and not ${exhausted} and ${scheduled}`;
    case 'active':
      return sql`${promo_codes.is_active} and not ${expired} and not ${exhausted} and not ${scheduled}`;
  }
}

export async function findPromoCodes(ctx: Ctx, query: PromoCodeListQuery) {
  const now = ctx.clock.now();
  const conditions: SQL[] = [];
  if (query.q) conditions.push(ilike(promo_codes.code, `%${escapeLike(query.q.toUpperCase())}%`));
  if (query.status) conditions.push(statusCondition(query.status, now));
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, total] = await Promise.all([
    ctx.db
      .select()
      .from(promo_codes)
      .where(where)
      .orderBy(desc(promo_codes.created_at), desc(promo_codes.id))
      .limit(query.per_page)
      .offset((query.page - 1) * query.per_page),
    ctx.db.$count(promo_codes, where),
  ]);
  return {
    data: rows.map((row) => toPromoCode(row, now)),
    pagination: paginate(total, query.page, query.per_page),
  };
}

async function hasRedeemed(ctx: Ctx, promoCodeId: string, customerId: string): Promise<boolean> {
  const [used] = await ctx.db
    .select({ id: promo_code_redemptions.id })
    .from(promo_code_redemptions)
    .where(
      and(
        eq(promo_code_redemptions.promo_code_id, promoCodeId),
        eq(promo_code_redemptions.customer_id, customerId),
      ),
    )
    .limit(1);
  return !!used;
}

/**
 * Whether a code would apply to a cart now, and for how much: nothing is reserved or counted
 * (the code is redeemed when the invoice carrying it is finalized, and may be refused then).
 */
export async function validatePromoCode(ctx: Ctx, input: PromoValidate, language: MessageLanguage) {
  const row = await findRow(ctx, input.code);
  let refusal: PromoRefusal | null = promoRefusal(row, ctx.clock.now(), input.cart_total_cents);
  if (
    !refusal &&
    row?.once_per_customer &&
    input.customer_id &&
    (await hasRedeemed(ctx, row.id, input.customer_id))
  ) {
    refusal = 'promo.already_used';
  }
  const discount_cents = row && !refusal ? promoDiscountCents(row, input.cart_total_cents) : 0;
  return {
    valid: refusal === null,
    code: row?.code ?? input.code,
    discount_cents,
    message: promoMessage(language, { refusal, code: row?.code ?? input.code, discount_cents, terms: row }),
    reason: refusal,
  };
}

const refusalMessages: Record<PromoRefusal, string> = {
  'promo.not_found': 'No such promo code',
  'promo.inactive': 'This promo code is no longer active',
  'promo.not_started': 'This promo code is not valid yet',
  'promo.expired': 'This promo code has expired',
  'promo.exhausted': 'This promo code has reached its usage limit',
  'promo.below_minimum': 'The cart is below this promo code’s minimum amount',
  'promo.already_used': 'This customer has already used this promo code',
};

function refused(refusal: PromoRefusal, code: string, row?: PromoRow): AppError {
  return new AppError(refusal, refusalMessages[refusal], {
    code,
    ...(refusal === 'promo.below_minimum' && row ? { min_amount_cents: row.min_amount_cents } : {}),
  });
}

export interface PromoRedemption {
  redemption_id: string;
  promo_code_id: string;
  code: string;
  discount_cents: number;
}

/**
 * Redeems a code inside the caller's transaction (an invoice's finalization): counts one use
 * and records the redemption, or throws 422 with the reason (promo.not_found, .inactive,
 * .not_started, .expired, .exhausted, .below_minimum, .already_used) and changes nothing.
 *
 * Atomic: one conditional UPDATE counts the use only while the code still applies, so with
 * `max_uses = 100` exactly 100 concurrent redemptions succeed. The code's row stays locked
 * until the caller commits, so redemptions of one code take turns. It takes no customer lock
 * itself: a caller that takes one (recordChange with a customer_id) takes it before calling,
 * so two finalizations never wait on each other in a circle. Redeeming again for the same
 * `reference_id` returns the first redemption, counted once. Runs in a savepoint: a refusal
 * the caller catches leaves no count behind.
 */
export async function redeemPromoCode(
  ctx: Ctx,
  input: { code: string; customer_id: string; cart_total_cents: number; reference_id: string },
): Promise<PromoRedemption> {
  const code = input.code.trim().toUpperCase();
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const row = await findRow(txCtx, code);
    const [earlier] = row
      ? await tx
          .select()
          .from(promo_code_redemptions)
          .where(
            and(
              eq(promo_code_redemptions.promo_code_id, row.id),
              eq(promo_code_redemptions.reference_id, input.reference_id),
            ),
          )
      : [];
    if (row && earlier) {
      return {
        redemption_id: earlier.id,
        promo_code_id: row.id,
        code,
        discount_cents: earlier.discount_cents,
      };
    }
    const refusal = promoRefusal(row, now, input.cart_total_cents);
    if (refusal) throw refused(refusal, code, row);
    if (row!.once_per_customer && (await hasRedeemed(txCtx, row!.id, input.customer_id))) {
      throw refused('promo.already_used', code);
    }
    const at = sql`${now.toISOString()}::timestamptz`;
    const [counted] = await tx
      .update(promo_codes)
      .set({ uses_count: sql`${promo_codes.uses_count} + 1` })
      .where(
        and(
          eq(promo_codes.id, row!.id),
          sql`${promo_codes.is_active}`,
          sql`(${promo_codes.max_uses} is null or ${promo_codes.uses_count} < ${promo_codes.max_uses})`,
          sql`(${promo_codes.starts_at} is null or ${promo_codes.starts_at} <= ${at})`,
          sql`(${promo_codes.expires_at} is null or ${promo_codes.expires_at} > ${at})`,
          sql`${promo_codes.min_amount_cents} <= ${input.cart_total_cents}`,
        ),
      )
      .returning();
    if (!counted) {
      // It stopped applying while we waited for it (used up, deactivated, edited): say why.
      const current = await findRow(txCtx, code);
      throw refused(promoRefusal(current, now, input.cart_total_cents) ?? 'promo.exhausted', code, current);
    }
    const discount_cents = promoDiscountCents(counted, input.cart_total_cents);
    const [redemption] = await tx
      .insert(promo_code_redemptions)
      .values({
        id: newId(),
        promo_code_id: counted.id,
        customer_id: input.customer_id,
        reference_id: input.reference_id,
        once_per_customer: counted.once_per_customer,
        cart_total_cents: input.cart_total_cents,
        discount_cents,
        redeemed_at: now,
      })
      .onConflictDoNothing()
      .returning({ id: promo_code_redemptions.id });
    // A redemption of the same customer (once per customer) or reference committed meanwhile.
    if (!redemption) throw refused('promo.already_used', code);
    // No customer_id here: that would take the customer's lock after the code's (see above).
    await recordChange(txCtx, {
      event: 'promo_code.redeemed',
      entity: 'promo_code',
      entity_id: counted.id,
      customer_id: null,
      changed_fields: ['uses_count'],
      payload: {
        code,
        customer_id: input.customer_id,
        reference_id: input.reference_id,
        discount_cents,
        uses_count: counted.uses_count,
      },
    });
    return { redemption_id: redemption.id, promo_code_id: counted.id, code, discount_cents };
  });
}
