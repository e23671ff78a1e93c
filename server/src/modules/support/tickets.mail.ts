import type { Ctx } from '../../core/context.ts';
import { getCustomerOrThrow } from '../customers/index.ts';
import { queueEmail } from '../mail/index.ts';

interface TicketForMail {
  customer_id: string | null;
  number: string;
  subject: string;
  requester_name: string | null;
  requester_email: string | null;
}

/**
 * Tells the customer, by email, that their request arrived or that staff answered it; in
 * the caller's transaction, so the message exists exactly when the ticket change does. It
 * goes to the address the request came from (the contact form's) or else the customer's,
 * and the mail module holds it back when the customer refuses contact or service
 * notifications. A ticket without a customer has no one to write to.
 */
export async function queueTicketEmail(
  txCtx: Ctx,
  kind: 'ticket_received' | 'ticket_reply',
  ticket: TicketForMail,
  message: string,
) {
  if (!ticket.customer_id) return null;
  const customer = await getCustomerOrThrow(txCtx, ticket.customer_id, { purpose: 'email' });
  return queueEmail(txCtx, {
    kind,
    customer_id: customer.id,
    to: ticket.requester_email ?? undefined,
    data: {
      customer_name: ticket.requester_name ?? customer.display_name,
      ticket_number: ticket.number,
      subject: ticket.subject,
      message,
    },
  });
}
