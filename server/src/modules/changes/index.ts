export { type Change, recordChange } from './changes.service.ts';
