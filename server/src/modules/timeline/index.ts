export {
  type ActivityType,
  activitySchema,
  activityTypes,
  manualActivityBody,
  timelineQuery,
  timelineSchema,
} from './timeline.schemas.ts';
export {
  type ActivityInput,
  activityCountSql,
  appendActivities,
  appendActivity,
  countActivitiesPerMonth,
  exportActivityPages,
  findActivities,
  latestActivitiesJsonSql,
  scrubActivities,
} from './timeline.service.ts';
