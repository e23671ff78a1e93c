import {
  IconAddressBook,
  IconAlertOctagon,
  IconBriefcase,
  IconCalendarEvent,
  IconCar,
  IconCash,
  IconChecklist,
  IconCoin,
  IconFile,
  IconFileDollar,
  IconFileInvoice,
  IconLifebuoy,
  IconMail,
  IconMapPin,
  IconMessage,
  IconNote,
  IconPhone,
  IconSettings,
  IconShieldLock,
  IconShoppingCart,
  IconTool,
} from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { ComponentType } from 'react';
import { currentLocale } from '../../i18n';
import { translateIfKnown } from '../../lib/i18n-dynamic';
import { formatCents } from '../../lib/money';
import { isConsentType } from '../privacy/privacy.types';
import type { Activity, ActivityType } from './timeline.types';

type Icon = ComponentType<{ size?: number; stroke?: number }>;

export const activityIcons: Record<ActivityType, Icon> = {
  workorder: IconTool,
  quote: IconFileDollar,
  order: IconShoppingCart,
  invoice: IconFileInvoice,
  payment: IconCash,
  finance: IconCoin,
  email: IconMail,
  sms: IconMessage,
  call: IconPhone,
  document: IconFile,
  appointment: IconCalendarEvent,
  note: IconNote,
  consent: IconChecklist,
  vehicle_added: IconCar,
  vehicle: IconCar,
  contact: IconAddressBook,
  address: IconMapPin,
  privacy: IconShieldLock,
  ticket: IconLifebuoy,
  claim: IconAlertOctagon,
  project: IconBriefcase,
  system: IconSettings,
};

export const activityColors: Partial<Record<ActivityType, string>> = {
  finance: 'lime',
  consent: 'teal',
  privacy: 'red',
  note: 'yellow',
  call: 'blue',
  email: 'cyan',
  sms: 'grape',
  appointment: 'orange',
  system: 'gray',
};

/**
 * What the entry says, in the user's language: the event's translated label when known
 * (with the name the server put after " : "), else the title as written.
 */
export function activityLabel(activity: Activity, t: TFunction): string {
  const event = activity.metadata.event;
  if (typeof event !== 'string' || event === 'activity.logged') return activity.title;
  const consentType = activity.metadata.consent_type;
  if (event.startsWith('consent.') && isConsentType(consentType)) {
    return (
      translateIfKnown(t, `timeline.events.${event}`, { type: t(`consents.types.${consentType}`) }) ??
      activity.title
    );
  }
  const finance = financeLabel(activity, event, t);
  if (finance) return finance;
  const ticket = ticketLabel(activity, event, t);
  if (ticket) return ticket;
  const label = translateIfKnown(t, `timeline.events.${event}`);
  if (!label) return activity.title;
  const separator = activity.title.indexOf(' : ');
  return separator >= 0 ? `${label} : ${activity.title.slice(separator + 3)}` : label;
}

/** Ledger entries say their amounts in the reader's language; a credit profile names its fields. */
function financeLabel(activity: Activity, event: string, t: TFunction): string | undefined {
  const { amount_cents: amount, balance_after_cents: balance, currency, fields } = activity.metadata;
  if (
    event.startsWith('ledger.') &&
    typeof amount === 'number' &&
    typeof balance === 'number' &&
    typeof currency === 'string'
  ) {
    const locale = currentLocale();
    return translateIfKnown(t, `timeline.events.${event}`, {
      amount: formatCents(amount, currency, locale),
      balance: formatCents(balance, currency, locale),
    });
  }
  if (event.startsWith('credit_profile.') && Array.isArray(fields) && fields.length) {
    const label = translateIfKnown(t, `timeline.events.${event}`);
    const names = fields.map(
      (field) => translateIfKnown(t, `finances.profileFields.${field}`) ?? String(field),
    );
    return label ? `${label} : ${names.join(', ')}` : undefined;
  }
  return undefined;
}

const ticketStatuses = ['open', 'in_progress', 'waiting', 'resolved', 'closed'] as const;

/** Ticket entries say what happened in the reader's language, with the ticket's number. */
function ticketLabel(activity: Activity, event: string, t: TFunction): string | undefined {
  const { number, to, from, assigned } = activity.metadata;
  if (!event.startsWith('ticket.') || typeof number !== 'string') return undefined;
  let label: string | undefined;
  if (event === 'ticket.opened') label = t('timeline.ticketEvents.opened');
  else if (event === 'ticket.replied') {
    label =
      from === 'customer' ? t('timeline.ticketEvents.customerReplied') : t('timeline.ticketEvents.replied');
  } else if (event === 'ticket.assigned') {
    label = assigned === false ? t('timeline.ticketEvents.unassigned') : t('timeline.ticketEvents.assigned');
  } else if (event === 'ticket.status_changed') {
    const status = ticketStatuses.find((value) => value === to);
    if (status) label = t(`timeline.ticketEvents.status.${status}`);
  }
  return label ? `${label} : ${number}` : undefined;
}
