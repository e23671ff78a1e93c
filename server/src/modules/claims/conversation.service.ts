import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { findUsersByIds } from '../auth/index.ts';
import { recordChange } from '../changes/index.ts';
import { canSeeCustomer, customers } from '../customers/index.ts';
import { calendarDateIn, companyTimeZone } from '../finances/index.ts';
import { escalationThreshold } from './cci.ts';
import { isStaff } from './claims.read.ts';
import { canMoveClaim } from './claims.rules.ts';
import { openClaim, recordClaimStatus, setClaimAssignee } from './claims.service.ts';
import {
  type ConversationPhase,
  claims,
  conversation_handoffs,
  conversation_messages,
  conversations,
  type MessageAuthor,
} from './claims.tables.ts';
import { findActiveContract } from './contracts.service.ts';
import {
  applyAnswer,
  asksForHuman,
  findMatricule,
  type IntakeState,
  type Language,
  nextQuestion,
  readDescription,
} from './conversation.engine.ts';
import { assistantTexts } from './conversation.messages.ts';
import type { ConversationMessage, ConversationTurn } from './conversation.schemas.ts';

export type ConversationRow = typeof conversations.$inferSelect;

/** Wrong matricules allowed before the check locks, and for how long. */
export const maxMatriculeTries = 3;
export const lockMinutes = 15;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function tokenMatches(row: ConversationRow, token: string | undefined): boolean {
  if (!token) return false;
  const given = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(row.token_hash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

function notFound(id: string) {
  return new AppError('conversation.not_found', 'No such conversation', { conversation_id: id });
}

export type Access = { row: ConversationRow; as: 'customer' | 'staff' };

/**
 * Who may reach a conversation: the customer who started it (its token, or the signed-in
 * client whose customer it is) and staff. Anyone else: 404, as if it did not exist.
 */
export async function accessConversation(
  ctx: Ctx,
  id: string,
  token: string | undefined,
  options: { forUpdate?: boolean } = {},
): Promise<Access> {
  const query = ctx.db.select().from(conversations).where(eq(conversations.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound(id);
  if (isStaff(ctx.actor)) {
    // A `confidentiel` customer's conversations are for admins and their assigned staff, as the customer.
    if (row.customer_id) {
      const [customer] = await ctx.db
        .select({
          id: customers.id,
          privacy_level: customers.privacy_level,
          assigned_user_id: customers.assigned_user_id,
        })
        .from(customers)
        .where(eq(customers.id, row.customer_id));
      if (customer && !canSeeCustomer(ctx.actor, customer)) throw notFound(id);
    }
    return { row, as: 'staff' };
  }
  if (tokenMatches(row, token)) return { row, as: 'customer' };
  const own = ctx.actor.role === 'client' && ctx.actor.customer_id;
  if (own && (row.customer_id === own || row.started_by_customer_id === own)) return { row, as: 'customer' };
  throw notFound(id);
}

async function toMessages(
  ctx: Ctx,
  rows: (typeof conversation_messages.$inferSelect)[],
): Promise<ConversationMessage[]> {
  const names = await findUsersByIds(
    ctx,
    rows.flatMap((row) => (row.author === 'advisor' && row.author_id ? [row.author_id] : [])),
  );
  return rows.map((row) => ({
    id: row.id,
    seq: row.seq,
    author: row.author,
    author_name: row.author === 'advisor' && row.author_id ? (names.get(row.author_id)?.name ?? null) : null,
    phase: row.phase,
    text: row.text,
    created_at: row.created_at,
  }));
}

async function messagesAfter(ctx: Ctx, conversationId: string, after: number) {
  const rows = await ctx.db
    .select()
    .from(conversation_messages)
    .where(
      and(eq(conversation_messages.conversation_id, conversationId), gt(conversation_messages.seq, after)),
    )
    .orderBy(asc(conversation_messages.seq))
    .limit(500);
  return toMessages(ctx, rows);
}

async function describe(ctx: Ctx, row: ConversationRow, after = 0) {
  const [customer] = row.customer_id
    ? await ctx.db
        .select({ name: customers.display_name })
        .from(customers)
        .where(eq(customers.id, row.customer_id))
    : [];
  const [claim] = row.claim_id
    ? await ctx.db.select({ number: claims.number }).from(claims).where(eq(claims.id, row.claim_id))
    : [];
  const names = row.assigned_to ? await findUsersByIds(ctx, [row.assigned_to]) : new Map();
  return {
    id: row.id,
    phase: row.phase,
    language: row.language,
    customer_id: row.customer_id,
    customer_name: customer?.name ?? null,
    claim_id: row.claim_id,
    claim_number: claim?.number ?? null,
    escalated: row.phase === 'ESCALADE',
    assigned_to: row.assigned_to,
    assignee_name: row.assigned_to ? (names.get(row.assigned_to)?.name ?? null) : null,
    taken_at: row.taken_at,
    locked_until: row.locked_until,
    last_message_at: row.last_message_at,
    created_at: row.created_at,
    messages: await messagesAfter(ctx, row.id, after),
  };
}

async function addMessage(
  txCtx: Ctx,
  row: ConversationRow,
  author: MessageAuthor,
  text: string,
  phase: ConversationPhase,
) {
  const id = newId();
  const now = txCtx.clock.now();
  const authorId = author === 'assistant' ? null : txCtx.actor.id;
  const [inserted] = await txCtx.db
    .insert(conversation_messages)
    .values({ id, conversation_id: row.id, author, author_id: authorId, phase, text, created_at: now })
    .returning({ seq: conversation_messages.seq });
  await recordChange(txCtx, {
    event: 'conversation.message_added',
    entity: 'conversation',
    entity_id: row.id,
    customer_id: row.customer_id,
    // The advisor holding it: whose open pages the real-time channel refreshes (a signal, ADR 14).
    payload: {
      conversation_id: row.id,
      message_id: id,
      author,
      claim_id: row.claim_id,
      assigned_to: row.assigned_to,
    },
  });
  return { id, seq: inserted!.seq, author, author_id: authorId, phase, text, created_at: now };
}

/** Starts a conversation: phase AUTHENTIFICATION, greeting in the customer's language when known. */
export async function startConversation(ctx: Ctx, input: { language?: Language }) {
  const token = randomBytes(32).toString('base64url');
  const ownCustomer = ctx.actor.role === 'client' ? ctx.actor.customer_id : null;
  let language: Language = input.language ?? 'fr';
  if (ownCustomer) {
    const [customer] = await ctx.db
      .select({ language_code: customers.language_code })
      .from(customers)
      .where(eq(customers.id, ownCustomer));
    if (customer) language = customer.language_code.startsWith('en') ? 'en' : 'fr';
  }
  const row = await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const now = ctx.clock.now();
    const [created] = await tx
      .insert(conversations)
      .values({
        id: newId(),
        token_hash: hashToken(token),
        started_by_customer_id: ownCustomer,
        language,
        phase: 'AUTHENTIFICATION',
        state: {},
        last_message_at: now,
        created_at: now,
        updated_at: now,
      })
      .returning();
    await recordChange(txCtx, {
      event: 'conversation.started',
      entity: 'conversation',
      entity_id: created!.id,
      customer_id: null,
      payload: { conversation_id: created!.id, language },
    });
    await addMessage(txCtx, created!, 'assistant', assistantTexts(language).greeting, 'AUTHENTIFICATION');
    return created!;
  });
  return { ...(await describe(ctx, row)), token };
}

export async function getConversation(ctx: Ctx, id: string, token: string | undefined) {
  const { row } = await accessConversation(ctx, id, token);
  return describe(ctx, row);
}

export async function getMessagesSince(ctx: Ctx, id: string, token: string | undefined, after: number) {
  const { row } = await accessConversation(ctx, id, token);
  return { phase: row.phase, escalated: row.phase === 'ESCALADE', data: await messagesAfter(ctx, id, after) };
}

interface Outcome {
  reply: string | null;
  set: Partial<ConversationRow>;
}

type TxCtx = Ctx;

/** One escalation cycle: a handoff row, the conversation in the queue, the claim flagged. */
async function escalate(
  txCtx: TxCtx,
  row: ConversationRow,
  reason: 'cci' | 'customer_request',
  claim: { id: string; number: string; cci: number } | null,
): Promise<Partial<ConversationRow>> {
  const now = txCtx.clock.now();
  const cycle = row.escalations + 1;
  await txCtx.db.insert(conversation_handoffs).values({
    id: newId(),
    conversation_id: row.id,
    cycle,
    reason,
    claim_id: claim?.id ?? null,
    cci: claim?.cci ?? null,
    created_at: now,
  });
  if (claim && row.customer_id) {
    const [current] = await txCtx.db
      .select({ status: claims.status_dossier, escalated: claims.escalated })
      .from(claims)
      .where(eq(claims.id, claim.id))
      .for('update');
    if (current) {
      await txCtx.db
        .update(claims)
        .set({
          escalated: true,
          escalated_at: now,
          escalation_reason: reason,
          ...(canMoveClaim(current.status, 'escalade')
            ? { status_dossier: 'escalade' as const, status_changed_at: now }
            : {}),
          updated_at: now,
        })
        .where(eq(claims.id, claim.id));
      const base = { id: claim.id, number: claim.number, customer_id: row.customer_id };
      if (canMoveClaim(current.status, 'escalade')) {
        await recordClaimStatus(txCtx, base, { from: current.status, to: 'escalade', note: null });
      }
      await recordChange(txCtx, {
        event: 'claim.escalated',
        entity: 'claim',
        entity_id: claim.id,
        customer_id: row.customer_id,
        payload: {
          claim_id: claim.id,
          number: claim.number,
          conversation_id: row.id,
          cci: claim.cci,
          reason,
        },
      });
    }
  }
  await recordChange(txCtx, {
    event: 'conversation.escalated',
    entity: 'conversation',
    entity_id: row.id,
    customer_id: row.customer_id,
    activity: row.customer_id
      ? {
          activity_type: 'claim',
          title: claim
            ? `Conversation transmise à un conseiller : ${claim.number}`
            : 'Conversation transmise à un conseiller',
          reference_table: 'conversations',
          metadata: { conversation_id: row.id, claim_id: claim?.id ?? null, reason, cycle },
        }
      : null,
    payload: { conversation_id: row.id, claim_id: claim?.id ?? row.claim_id, reason },
  });
  return { phase: 'ESCALADE', escalations: cycle, escalated_at: now, assigned_to: null, taken_at: null };
}

async function authenticate(txCtx: TxCtx, row: ConversationRow, text: string): Promise<Outcome> {
  const t = assistantTexts(row.language);
  const matricule = findMatricule(text);
  const [customer] = matricule
    ? await txCtx.db
        .select({
          id: customers.id,
          language_code: customers.language_code,
          anonymized_at: customers.anonymized_at,
        })
        .from(customers)
        .where(eq(customers.matricule, matricule))
    : [];
  const accepted =
    customer &&
    !customer.anonymized_at &&
    (row.started_by_customer_id === null || row.started_by_customer_id === customer.id);
  if (!accepted) {
    const tries = row.failed_attempts + 1;
    if (tries >= maxMatriculeTries) {
      const lockedUntil = new Date(txCtx.clock.now().getTime() + lockMinutes * 60_000);
      return { reply: t.locked, set: { failed_attempts: 0, locked_until: lockedUntil } };
    }
    const left = maxMatriculeTries - tries;
    return {
      reply: matricule ? t.matriculeUnknown(left) : t.matriculeMalformed(left),
      set: { failed_attempts: tries },
    };
  }
  await recordChange(txCtx, {
    event: 'conversation.authenticated',
    entity: 'conversation',
    entity_id: row.id,
    customer_id: customer.id,
    activity: {
      activity_type: 'claim',
      title: 'Conversation de déclaration de sinistre',
      reference_table: 'conversations',
      metadata: { conversation_id: row.id },
    },
    payload: { conversation_id: row.id },
  });
  return {
    reply: t.authenticated,
    set: {
      customer_id: customer.id,
      failed_attempts: 0,
      locked_until: null,
      phase: 'DESCRIPTION',
      state: {},
    },
  };
}

function ask(language: Language, state: IntakeState, again = false): Outcome {
  const t = assistantTexts(language);
  const question = nextQuestion(state)!;
  return {
    reply: `${again ? t.askAgain : ''}${t.questions[question]}`,
    set: {
      state: { ...state, asking: question } as Record<string, unknown>,
      phase: question === 'type' || question === 'incident_on' ? 'DESCRIPTION' : 'QUALIFICATION',
    },
  };
}

/** Everything is known: the claim opens on the contract of the incident date, or not. */
async function decide(txCtx: TxCtx, row: ConversationRow, state: IntakeState): Promise<Outcome> {
  const t = assistantTexts(row.language);
  const customerId = row.customer_id!;
  const incidentOn = state.incident_on!;
  const contract = await findActiveContract(txCtx, customerId, incidentOn, state.type);
  const done = { ...state, asking: undefined } as Record<string, unknown>;
  if (!contract) {
    await recordChange(txCtx, {
      event: 'conversation.decided',
      entity: 'conversation',
      entity_id: row.id,
      customer_id: customerId,
      activity: {
        activity_type: 'claim',
        title: 'Déclaration sans contrat actif à la date du sinistre',
        reference_table: 'conversations',
        metadata: { conversation_id: row.id, incident_on: incidentOn },
      },
      payload: { conversation_id: row.id, claim_id: null, contract_inactive: true },
    });
    return {
      reply: t.noContract(incidentOn),
      set: { phase: 'DECISION', state: { ...done, no_contract: true } },
    };
  }
  const claim = await openClaim(txCtx, {
    customer_id: customerId,
    contract,
    conversation_id: row.id,
    type: state.type!,
    incident_on: incidentOn,
    description: state.description ?? '',
    estimated_amount_cents: state.amount_cents ?? null,
    injuries: state.injuries ?? 'none',
    urgent: state.urgent ?? false,
    details: state.answers ?? {},
  });
  const withClaim = { ...row, claim_id: claim.id };
  if (claim.cci > escalationThreshold) {
    const set = await escalate(txCtx, withClaim, 'cci', claim);
    return { reply: t.escalatedWithClaim(claim.number), set: { ...set, claim_id: claim.id, state: done } };
  }
  return {
    reply: t.opened(claim.number, claim.cci),
    set: { phase: 'DECISION', claim_id: claim.id, state: done },
  };
}

async function claimOf(txCtx: TxCtx, claimId: string | null) {
  if (!claimId) return null;
  const [claim] = await txCtx.db
    .select({ id: claims.id, number: claims.number, cci: claims.cci })
    .from(claims)
    .where(eq(claims.id, claimId));
  return claim ?? null;
}

/** The assistant's answer to a customer's message, by phase. */
async function answerCustomer(txCtx: TxCtx, row: ConversationRow, text: string): Promise<Outcome> {
  const t = assistantTexts(row.language);
  if (row.phase !== 'ESCALADE' && asksForHuman(text)) {
    const claim = await claimOf(txCtx, row.claim_id);
    const set = await escalate(txCtx, row, 'customer_request', claim);
    return { reply: claim ? t.escalatedWithClaim(claim.number) : t.escalated, set };
  }
  const today = calendarDateIn(txCtx.clock.now(), companyTimeZone);
  const state = row.state as IntakeState;
  switch (row.phase) {
    case 'AUTHENTIFICATION':
      return authenticate(txCtx, row, text);
    case 'DESCRIPTION':
    case 'QUALIFICATION': {
      let next: IntakeState;
      if (state.asking) {
        const answered = applyAnswer(state, state.asking, text, today);
        if (!answered) return ask(row.language, state, true);
        next = answered;
      } else {
        next = readDescription(state, text, today);
      }
      return nextQuestion(next) ? ask(row.language, next) : decide(txCtx, row, next);
    }
    case 'DECISION': {
      const claim = await claimOf(txCtx, row.claim_id);
      return { reply: claim ? t.afterDecision(claim.number) : t.afterNoContract, set: {} };
    }
    case 'ESCALADE': {
      if (row.taken_at) return { reply: null, set: {} };
      // Said once per wait, not after every message.
      const [last] = await txCtx.db
        .select({ author: conversation_messages.author, text: conversation_messages.text })
        .from(conversation_messages)
        .where(
          and(
            eq(conversation_messages.conversation_id, row.id),
            eq(conversation_messages.author, 'assistant'),
          ),
        )
        .orderBy(desc(conversation_messages.seq))
        .limit(1);
      return { reply: last?.text === t.waitingAdvisor ? null : t.waitingAdvisor, set: {} };
    }
  }
}

/**
 * One turn: the caller's message persisted, then the assistant's answer (a customer) or
 * nothing more (an advisor who took the conversation). All in one transaction, the
 * conversation row locked: two messages of one conversation take turns.
 */
export async function postConversationMessage(
  ctx: Ctx,
  id: string,
  token: string | undefined,
  text: string,
): Promise<ConversationTurn> {
  const result = await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const { row, as } = await accessConversation(txCtx, id, token, { forUpdate: true });
    const now = ctx.clock.now();
    let after = row;
    let reply: string | null = null;
    // What this turn adds, as stored (the row is locked: nobody else writes in between).
    const added: (typeof conversation_messages.$inferSelect)[] = [];
    if (as === 'staff') {
      if (row.phase !== 'ESCALADE' || row.assigned_to !== ctx.actor.id) {
        throw new AppError('conversation.not_taken', 'Take the conversation before answering in it', {
          conversation_id: id,
        });
      }
      added.push({ ...(await addMessage(txCtx, row, 'advisor', text, row.phase)), conversation_id: id });
    } else {
      if (row.phase === 'AUTHENTIFICATION' && row.locked_until && row.locked_until > now) {
        throw new AppError(
          'conversation.locked',
          `Too many wrong matricules: try again after ${row.locked_until.toISOString()}`,
          { locked_until: row.locked_until.toISOString() },
        );
      }
      added.push({ ...(await addMessage(txCtx, row, 'customer', text, row.phase)), conversation_id: id });
      const outcome = await answerCustomer(txCtx, row, text);
      after = { ...row, ...outcome.set };
      reply = outcome.reply;
      if (reply)
        added.push({
          ...(await addMessage(txCtx, after, 'assistant', reply, after.phase)),
          conversation_id: id,
        });
    }
    await tx
      .update(conversations)
      .set({ ...(after === row ? {} : diff(row, after)), last_message_at: now, updated_at: now })
      .where(eq(conversations.id, id));
    const claim = await claimOf(txCtx, after.claim_id);
    return {
      phase: after.phase,
      message: reply,
      claim_id: after.claim_id,
      claim_number: claim?.number ?? null,
      escalated: after.phase === 'ESCALADE',
      locked_until: after.locked_until && after.locked_until > now ? after.locked_until : null,
      messages: await toMessages(txCtx, added),
    };
  });
  return result;
}

function diff(before: ConversationRow, after: ConversationRow): Partial<ConversationRow> {
  const set: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof ConversationRow)[]) {
    if (after[key] !== before[key]) set[key] = after[key];
  }
  return set as Partial<ConversationRow>;
}

/**
 * An advisor takes an escalated conversation: the cycle's handoff leaves the queue, the
 * conversation is theirs to answer, and its claim (if nobody has it) becomes theirs.
 */
export async function takeConversation(ctx: Ctx, id: string) {
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const { row } = await accessConversation(txCtx, id, undefined, { forUpdate: true });
    if (row.phase !== 'ESCALADE') {
      throw new AppError('conversation.not_escalated', 'This conversation is not waiting for an advisor', {
        conversation_id: id,
      });
    }
    if (row.assigned_to === ctx.actor.id) return;
    if (row.assigned_to) {
      throw new AppError('conversation.taken', 'Another advisor has taken this conversation', {
        conversation_id: id,
      });
    }
    const now = ctx.clock.now();
    await tx
      .update(conversation_handoffs)
      .set({ taken_by: ctx.actor.id, taken_at: now })
      .where(and(eq(conversation_handoffs.conversation_id, id), isNull(conversation_handoffs.taken_at)));
    await tx
      .update(conversations)
      .set({ assigned_to: ctx.actor.id, taken_at: now, updated_at: now })
      .where(eq(conversations.id, id));
    await recordChange(txCtx, {
      event: 'conversation.taken',
      entity: 'conversation',
      entity_id: id,
      customer_id: row.customer_id,
      activity: row.customer_id
        ? {
            activity_type: 'claim',
            title: 'Conversation prise en charge par un conseiller',
            reference_table: 'conversations',
            metadata: { conversation_id: id },
          }
        : null,
      payload: { conversation_id: id, advisor_id: ctx.actor.id, claim_id: row.claim_id },
    });
    if (row.claim_id && row.customer_id) {
      const [claim] = await tx
        .select({
          id: claims.id,
          number: claims.number,
          customer_id: claims.customer_id,
          assigned_to: claims.assigned_to,
        })
        .from(claims)
        .where(eq(claims.id, row.claim_id))
        .for('update');
      if (claim && !claim.assigned_to) await setClaimAssignee(txCtx, claim, ctx.actor.id);
    }
  });
  const { row } = await accessConversation(ctx, id, undefined);
  return describe(ctx, row);
}

/** The transcript of a claim's conversation (the claim's own access rules apply first). */
export async function getClaimTranscript(ctx: Ctx, conversationId: string | null) {
  if (!conversationId) return { conversation_id: null, data: [] };
  return { conversation_id: conversationId, data: await messagesAfter(ctx, conversationId, 0) };
}

/** The conversations the caller took (at most 100, latest message first): an advisor's own threads. */
export async function findMyConversations(ctx: Ctx, query: { phase: 'ESCALADE' | 'all' }) {
  if (!ctx.actor.id) return { data: [] };
  const rows = await ctx.db
    .select({
      id: conversations.id,
      phase: conversations.phase,
      customer_id: conversations.customer_id,
      customer_name: customers.display_name,
      claim_id: conversations.claim_id,
      claim_number: claims.number,
      taken_at: conversations.taken_at,
      last_message_at: conversations.last_message_at,
    })
    .from(conversations)
    .leftJoin(customers, eq(customers.id, conversations.customer_id))
    .leftJoin(claims, eq(claims.id, conversations.claim_id))
    .where(
      and(
        eq(conversations.assigned_to, ctx.actor.id),
        query.phase === 'all' ? undefined : eq(conversations.phase, query.phase),
      ),
    )
    .orderBy(desc(conversations.last_message_at))
    .limit(100);
  return { data: rows };
}
