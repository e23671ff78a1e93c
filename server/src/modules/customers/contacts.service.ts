import { and, asc, desc, eq, getTableColumns, ne } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { recordChange } from '../changes/index.ts';
import type { ContactCreate, ContactPatch } from './contacts.schemas.ts';
import { changedFields, personName, withCustomerLocked } from './customer-parts.service.ts';
import { getCustomerOrThrow } from './customers.service.ts';
import { customer_contacts } from './customers.tables.ts';

const { search_tokens: _tokens, ...contactColumns } = getTableColumns(customer_contacts);

export type Contact = Omit<typeof customer_contacts.$inferSelect, 'search_tokens'>;

/** The primary contact first, then in the order they were added. */
export async function findContacts(ctx: Ctx, customerId: string): Promise<Contact[]> {
  await getCustomerOrThrow(ctx, customerId, { purpose: 'contacts' });
  return ctx.db
    .select(contactColumns)
    .from(customer_contacts)
    .where(eq(customer_contacts.customer_id, customerId))
    .orderBy(
      desc(customer_contacts.is_primary),
      asc(customer_contacts.created_at),
      asc(customer_contacts.id),
    );
}

async function getContactOrThrow(ctx: Ctx, customerId: string, contactId: string): Promise<Contact> {
  const [contact] = await ctx.db
    .select(contactColumns)
    .from(customer_contacts)
    .where(and(eq(customer_contacts.id, contactId), eq(customer_contacts.customer_id, customerId)));
  if (!contact) throw new AppError('contact.not_found', 'No such contact', { contact_id: contactId });
  return contact;
}

/** One primary contact per customer: the others lose the flag (the caller holds the customer's lock). */
async function clearPrimary(ctx: Ctx, customerId: string, keepId: string) {
  await ctx.db
    .update(customer_contacts)
    .set({ is_primary: false, updated_at: ctx.clock.now() })
    .where(
      and(
        eq(customer_contacts.customer_id, customerId),
        eq(customer_contacts.is_primary, true),
        ne(customer_contacts.id, keepId),
      ),
    );
}

export async function createContact(ctx: Ctx, customerId: string, input: ContactCreate): Promise<Contact> {
  return withCustomerLocked(ctx, customerId, async (txCtx) => {
    const id = newId();
    const now = ctx.clock.now();
    if (input.is_primary) await clearPrimary(txCtx, customerId, id);
    const [contact] = await txCtx.db
      .insert(customer_contacts)
      .values({ ...input, id, customer_id: customerId, created_at: now, updated_at: now })
      .returning(contactColumns);
    await recordChange(txCtx, {
      event: 'contact.added',
      entity: 'customer_contact',
      entity_id: id,
      customer_id: customerId,
      changed_fields: Object.keys(input),
      activity: {
        activity_type: 'contact',
        title: `Contact ajouté : ${personName(contact!)}`,
        reference_table: 'customer_contacts',
        metadata: { is_primary: contact!.is_primary },
      },
      payload: { is_primary: contact!.is_primary },
    });
    return contact!;
  });
}

export async function updateContact(
  ctx: Ctx,
  customerId: string,
  contactId: string,
  patch: ContactPatch,
): Promise<Contact> {
  return withCustomerLocked(ctx, customerId, async (txCtx) => {
    const before = await getContactOrThrow(txCtx, customerId, contactId);
    const fields = changedFields(before, patch);
    if (!fields.length) return before;
    if (patch.is_primary) await clearPrimary(txCtx, customerId, contactId);
    const [contact] = await txCtx.db
      .update(customer_contacts)
      .set({ ...patch, updated_at: ctx.clock.now() })
      .where(eq(customer_contacts.id, contactId))
      .returning(contactColumns);
    await recordChange(txCtx, {
      event: 'contact.updated',
      entity: 'customer_contact',
      entity_id: contactId,
      customer_id: customerId,
      changed_fields: fields,
      activity: {
        activity_type: 'contact',
        title: `Contact modifié : ${personName(contact!)}`,
        reference_table: 'customer_contacts',
        metadata: { fields },
      },
    });
    return contact!;
  });
}

/** Deletes the contact; the timeline and the audit log keep that it existed. */
export async function deleteContact(ctx: Ctx, customerId: string, contactId: string): Promise<void> {
  await withCustomerLocked(ctx, customerId, async (txCtx) => {
    const contact = await getContactOrThrow(txCtx, customerId, contactId);
    await txCtx.db.delete(customer_contacts).where(eq(customer_contacts.id, contactId));
    await recordChange(txCtx, {
      event: 'contact.removed',
      entity: 'customer_contact',
      entity_id: contactId,
      customer_id: customerId,
      activity: {
        activity_type: 'contact',
        title: `Contact retiré : ${personName(contact)}`,
        reference_table: 'customer_contacts',
        metadata: { was_primary: contact.is_primary },
      },
      payload: { was_primary: contact.is_primary },
    });
  });
}
