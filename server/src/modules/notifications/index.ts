export {
  type AudienceDirectory,
  type AudienceEvent,
  audienceOf,
  notifiedEventTypes,
} from './notifications.audience.ts';
export { notificationEventHandlers, notifyOfEvent } from './notifications.events.ts';
export {
  type BroadcastListener,
  closeCodes,
  type HubOptions,
  type HubStats,
  NotificationHub,
} from './notifications.hub.ts';
export { notificationJobs } from './notifications.jobs.ts';
export { notificationRoutes } from './notifications.routes.ts';
export { notifications } from './notifications.tables.ts';
