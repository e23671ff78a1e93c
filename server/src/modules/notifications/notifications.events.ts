import type { Ctx } from '../../core/context.ts';
import { type DomainEvent, type EventHandler, onEvent } from '../../core/events.ts';
import { findClientUserIds, findUsersByIds, findUsersByRoles } from '../auth/index.ts';
import { getCustomerOrThrow } from '../customers/index.ts';
import { getTicket } from '../support/index.ts';
import {
  type AudienceDirectory,
  audienceOf,
  type CustomerVisibility,
  linkOf,
  notifiedEventTypes,
  paramsOf,
  signalAudienceOf,
  subjectOf,
} from './notifications.audience.ts';
import { announceSignal, storeNotifications } from './notifications.service.ts';

/** The rules' lookups, answered by the modules that own the facts (read as the system). */
export function databaseDirectory(ctx: Ctx): AudienceDirectory {
  const customers = new Map<string, Promise<CustomerVisibility | null>>();
  return {
    usersWithRoles: (roles) => findUsersByRoles(ctx, roles),
    clientUsersOf: (customerId) => findClientUserIds(ctx, customerId),
    customer(customerId) {
      let found = customers.get(customerId);
      if (!found) {
        found = getCustomerOrThrow(ctx, customerId, { purpose: 'notification_audience' }).catch(() => null);
        customers.set(customerId, found);
      }
      return found;
    },
    async ticketAssignee(ticketId) {
      try {
        return (await getTicket(ctx, ticketId)).assigned_to;
      } catch {
        return null;
      }
    },
    async roleOf(userId) {
      return (await findUsersByIds(ctx, [userId])).get(userId)?.role ?? null;
    },
  };
}

/** Turns one committed event into stored notifications, one per recipient (and live signals, when it has some). */
export async function notifyOfEvent(ctx: Ctx, event: DomainEvent): Promise<number> {
  const directory = databaseDirectory(ctx);
  const recipients = await audienceOf(event, directory);
  const signalled = await signalAudienceOf(event, directory);
  if (signalled.length > 0) await announceSignal(ctx, signalled, event.type, paramsOf(event));
  return storeNotifications(
    ctx,
    {
      type: event.type,
      params: paramsOf(event),
      link: linkOf(event),
      ...subjectOf(event),
      customer_id: event.customer_id,
      event_id: event.id,
    },
    recipients,
  );
}

/**
 * Run by the dispatcher after commit, at least once (a redelivered event stores nothing
 * twice). Notifications hold ids and numbers only, so a customer's anonymization leaves
 * nothing to scrub here.
 */
export const notificationEventHandlers: EventHandler[] = notifiedEventTypes.map((type) =>
  onEvent(type, `notifications.notify.${type}`, async (ctx, event) => {
    await notifyOfEvent(ctx, event);
  }),
);
