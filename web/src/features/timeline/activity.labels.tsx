import {
  IconAddressBook,
  IconAlertOctagon,
  IconBriefcase,
  IconCalendarEvent,
  IconCar,
  IconCash,
  IconChecklist,
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
import { translateIfKnown } from '../../lib/i18n-dynamic';
import { isConsentType } from '../privacy/privacy.types';
import type { Activity, ActivityType } from './timeline.types';

type Icon = ComponentType<{ size?: number; stroke?: number }>;

export const activityIcons: Record<ActivityType, Icon> = {
  workorder: IconTool,
  quote: IconFileDollar,
  order: IconShoppingCart,
  invoice: IconFileInvoice,
  payment: IconCash,
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
  const label = translateIfKnown(t, `timeline.events.${event}`);
  if (!label) return activity.title;
  const separator = activity.title.indexOf(' : ');
  return separator >= 0 ? `${label} : ${activity.title.slice(separator + 3)}` : label;
}
