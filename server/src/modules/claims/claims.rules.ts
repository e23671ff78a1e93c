import { AppError } from '../../core/errors.ts';
import type { ClaimStatus } from './claims.tables.ts';

// The claim's rules, pure: its number and the moves its status may make.

/** SIN-2026-000001: the year of creation (company time zone) and the rank in that year. */
export function formatClaimNumber(year: number, sequence: number): string {
  return `SIN-${year}-${String(sequence).padStart(6, '0')}`;
}

/** The gap-free counter of a year's claims (core/numbering). */
export function claimSeries(year: number): string {
  return `claim-${year}`;
}

/**
 * The moves of `status_dossier`, as data. A claim is worked on (en_cours), may wait for the
 * customer's documents and come back, may be escalated to an advisor, then is approved or
 * refused; an approved claim is reimbursed, and everything ends closed. A refusal may be
 * reviewed (back to en_cours); a closed claim is final.
 */
export const claimTransitions: Record<ClaimStatus, readonly ClaimStatus[]> = {
  ouvert: ['en_cours', 'en_attente_documents', 'escalade', 'approuve', 'refuse', 'ferme'],
  en_cours: ['en_attente_documents', 'escalade', 'approuve', 'refuse'],
  en_attente_documents: ['en_cours', 'escalade', 'approuve', 'refuse', 'ferme'],
  escalade: ['en_cours', 'en_attente_documents', 'approuve', 'refuse'],
  approuve: ['rembourse', 'ferme'],
  refuse: ['en_cours', 'ferme'],
  rembourse: ['ferme'],
  ferme: [],
};

/** Claims still being handled: what the Customer 360 counts as open. */
export const openClaimStatuses: readonly ClaimStatus[] = [
  'ouvert',
  'en_cours',
  'en_attente_documents',
  'escalade',
  'approuve',
];

export function canMoveClaim(from: ClaimStatus, to: ClaimStatus): boolean {
  return claimTransitions[from].includes(to);
}

export function checkClaimTransition(number: string, from: ClaimStatus, to: ClaimStatus) {
  if (!canMoveClaim(from, to)) {
    throw new AppError(
      'claim.invalid_transition',
      `${number} cannot go from ${from} to ${to}`,
      { from, to, allowed: claimTransitions[from] },
      [{ path: 'status_dossier', message: `Cannot go from ${from} to ${to}` }],
    );
  }
}

/** What is waiting, and on whom, for a claim in this status (the follow-up's pending actions). */
export function pendingActionsOf(claim: {
  status_dossier: ClaimStatus;
  assigned_to: string | null;
  documents_requested: string | null;
  reimbursement_cents: number | null;
}): { code: string; by: 'customer' | 'advisor' | 'insurer'; detail: string | null }[] {
  const actions: { code: string; by: 'customer' | 'advisor' | 'insurer'; detail: string | null }[] = [];
  switch (claim.status_dossier) {
    case 'ouvert':
    case 'en_cours':
      if (!claim.assigned_to) actions.push({ code: 'assign_advisor', by: 'insurer', detail: null });
      actions.push({ code: 'review_claim', by: 'advisor', detail: null });
      break;
    case 'en_attente_documents':
      actions.push({ code: 'send_documents', by: 'customer', detail: claim.documents_requested });
      break;
    case 'escalade':
      actions.push({ code: 'advisor_contact', by: 'advisor', detail: null });
      break;
    case 'approuve':
      actions.push({
        code: claim.reimbursement_cents === null ? 'set_reimbursement' : 'pay_reimbursement',
        by: 'insurer',
        detail: null,
      });
      break;
    default:
      break;
  }
  return actions;
}
