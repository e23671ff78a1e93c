/** The claims API's shapes, from the generated API types (server: modules/claims/). */
import { type BodyOf, everyValueOf, type QueryOf, type Schema } from '../../lib/api-types';

export type Claim = Schema<'Claim'>;
export type ClaimDetail = Schema<'ClaimDetail'>;
export type ClaimFollowUp = Schema<'ClaimFollowUp'>;
export type ClaimQueueItem = Schema<'ClaimQueueItem'>;
export type ClaimStatus = Claim['status_dossier'];
export type ClaimType = Claim['type'];
export type CciFactor = Schema<'CciFactor'>;
export type ClaimPatch = BodyOf<'updateClaim'>;
export type ClaimListParams = Partial<QueryOf<'listClaims'>>;
export type Contract = Schema<'Contract'>;
export type ContractCreate = BodyOf<'createCustomerContract'>;
export type ContractStatus = Contract['status'];
export type Conversation = Schema<'Conversation'>;
export type ConversationStarted = Schema<'ConversationStarted'>;
export type ConversationTurn = Schema<'ConversationTurn'>;
export type ConversationMessage = Schema<'ConversationMessage'>;
export type ConversationPhase = Conversation['phase'];

export const claimStatuses = everyValueOf<ClaimStatus>()([
  'ouvert',
  'en_cours',
  'en_attente_documents',
  'escalade',
  'approuve',
  'refuse',
  'rembourse',
  'ferme',
]);
export const claimTypes = everyValueOf<ClaimType>()(['auto', 'home', 'health', 'travel', 'other']);
export const contractStatuses = everyValueOf<ContractStatus>()([
  'active',
  'suspended',
  'expired',
  'cancelled',
]);

/** Claims still being handled (the server's openClaimStatuses): what the 360 header counts. */
export const openClaimStatuses: readonly ClaimStatus[] = [
  'ouvert',
  'en_cours',
  'en_attente_documents',
  'escalade',
  'approuve',
];

/** Above this the assistant hands over to an advisor (server: cci.ts). */
export const escalationThreshold = 60;

/** The moves the server allows (claims.rules.ts): the quick actions offer only these. */
export const nextClaimStatuses: Record<ClaimStatus, readonly ClaimStatus[]> = {
  ouvert: ['en_cours', 'en_attente_documents', 'escalade', 'approuve', 'refuse', 'ferme'],
  en_cours: ['en_attente_documents', 'escalade', 'approuve', 'refuse'],
  en_attente_documents: ['en_cours', 'escalade', 'approuve', 'refuse', 'ferme'],
  escalade: ['en_cours', 'en_attente_documents', 'approuve', 'refuse'],
  approuve: ['rembourse', 'ferme'],
  refuse: ['en_cours', 'ferme'],
  rembourse: ['ferme'],
  ferme: [],
};

/** A calendar date (YYYY-MM-DD) as the user reads it, whatever their time zone. */
export function formatDay(value: string | null | undefined, locale: string): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${value}T00:00:00Z`),
  );
}
