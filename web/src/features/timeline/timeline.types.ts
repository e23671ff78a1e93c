export const activityTypes = [
  'workorder',
  'quote',
  'order',
  'invoice',
  'payment',
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

export const manualActivityTypes = ['note', 'call', 'email', 'sms', 'appointment'] as const;
export type ManualActivityType = (typeof manualActivityTypes)[number];

export interface Activity {
  id: string;
  customer_id: string;
  activity_type: string;
  reference_id: string | null;
  reference_table: string | null;
  title: string;
  description: string | null;
  metadata: Record<string, unknown>;
  actor_id: string | null;
  actor_type: string;
  created_at: string;
}

export function isActivityType(value: string): value is ActivityType {
  return (activityTypes as readonly string[]).includes(value);
}
