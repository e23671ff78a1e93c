import type { JobDefinition } from './core/jobs.ts';
import { authJobs } from './modules/auth/index.ts';
import { privacyJobs } from './modules/privacy/index.ts';

/**
 * Every module's background jobs, run inside `npm start` (unless ATRIUM_JOBS=off) and by
 * `atrium worker`. A module with jobs adds its list here.
 */
export const jobs: JobDefinition[] = [...authJobs, ...privacyJobs];
