import { type BodyOf, everyValueOf, type Schema } from '../../lib/api-types';

export type Activity = Schema<'Activity'>;
export type ManualActivityType = BodyOf<'logActivity'>['activity_type'];
export const manualActivityTypes = everyValueOf<ManualActivityType>()([
  'note',
  'call',
  'email',
  'sms',
  'appointment',
]);

/*
 * The API sends activity_type as a string (a module may add its own types); these are the
 * ones the UI has a label and a filter for.
 */
export const activityTypes = [
  'workorder',
  'quote',
  'order',
  'invoice',
  'payment',
  'finance',
  'email',
  'sms',
  'call',
  'document',
  'appointment',
  'note',
  'consent',
  'vehicle_added',
  'vehicle',
  'contact',
  'address',
  'privacy',
  'ticket',
  'claim',
  'project',
  'system',
] as const;
export type ActivityType = (typeof activityTypes)[number];

export function isActivityType(value: string): value is ActivityType {
  return (activityTypes as readonly string[]).includes(value);
}
