export { type Change, recordChange, recordChanges } from './changes.service.ts';
