import { sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { createCustomer, findCustomerByEmail } from '../customers/index.ts';
import type { ContactForm } from './tickets.schemas.ts';
import { openTicket } from './tickets.service.ts';

/** The segment a customer made by the contact form is put in, until staff qualify them. */
export const leadSegment = 'lead';

/** "Marie-Ève Bouchard" → Marie-Ève / Bouchard; one word is a first name. */
export function splitName(name: string): { first_name: string; last_name: string | null } {
  const words = name.trim().split(/\s+/);
  const [first, ...rest] = words;
  return { first_name: first ?? name.trim(), last_name: rest.length ? rest.join(' ') : null };
}

/**
 * What the public contact form does: a filled-in trap field (`website`, which people never see)
 * is answered like a success and does nothing. Otherwise, one transaction: the customer whose
 * email it is, or a new lead; and a ticket with the message, from the requester.
 * Returns whether a ticket was opened (the caller answers the same either way).
 */
export async function submitContactForm(ctx: Ctx, input: ContactForm): Promise<boolean> {
  if (input.website?.trim()) return false;
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    // Two messages at once from a new address make one lead, not two.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`contact:${input.email}`}))`);
    const customer =
      (await findCustomerByEmail(txCtx, input.email)) ??
      (await createCustomer(txCtx, {
        kind: 'individual',
        ...splitName(input.name),
        email: input.email,
        phone: input.phone ?? null,
        language_code: input.language === 'en-CA' || input.language === 'en' ? 'en-CA' : 'fr-CA',
        segments: [leadSegment],
      }));
    await openTicket(txCtx, {
      subject: input.subject,
      message: input.message,
      category: input.category,
      priority: 'normal',
      channel: 'contact_form',
      customer,
      requester_name: input.name,
      requester_email: input.email,
      author_type: 'customer',
    });
  });
  return true;
}
