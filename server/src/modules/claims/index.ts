export { type Cci, type CciInput, computeCci, escalationThreshold } from './cci.ts';
export { claimEventHandlers } from './claims.events.ts';
export { claimsExportSection } from './claims.export.ts';
export { claimRoutes } from './claims.routes.ts';
export { claimTransitions, openClaimStatuses } from './claims.rules.ts';
export {
  claim_status_changes,
  claims,
  contracts,
  conversation_handoffs,
  conversation_messages,
  conversations,
} from './claims.tables.ts';
export { conversationRateLimit, conversationRoutes } from './conversation.routes.ts';
