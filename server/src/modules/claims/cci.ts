import type { CciFactor, ClaimType } from './claims.tables.ts';

export type { CciFactor };

/**
 * The criticality index (CCI, 0–100) of a claim: how soon a person should look at it. It is
 * a sum of points, each factor stored with the claim so an advisor sees why, capped at 100.
 * A claim above 60 goes to a human advisor (escalationThreshold).
 *
 * | factor            | points                                                               |
 * |-------------------|----------------------------------------------------------------------|
 * | type              | health 15, home 12, auto 10, travel 8, other 5 (what is at stake)    |
 * | estimated amount  | < 1 000 $: 0; < 5 000 $: 5; < 20 000 $: 10; < 50 000 $: 15;          |
 * |                   | < 100 000 $: 20; more: 25 (unknown: 0)                               |
 * | injuries          | none 0, minor (hurt) 25, serious (hospital, ambulance) 35            |
 * | urgency           | 10 when the customer is stranded or without a home (not drivable,    |
 * |                   | not habitable, stranded abroad, "urgent")                            |
 * | distress words    | 5 per distinct word (fr and en, accents and case ignored), at most 15 |
 * | repeated claims   | claims of this customer in the last 12 months: 1 → 5, 2 → 10, 3+ → 15 |
 *
 * People first: serious injuries alone with any type and one more sign of trouble cross 60;
 * money alone never does (type 15 + amount 25 = 40). The score only grows with the amount,
 * the injuries, the distress and the history (tested as properties).
 */
export const escalationThreshold = 60;

export type Injuries = 'none' | 'minor' | 'serious';

export interface CciInput {
  type: ClaimType;
  /** Null when the customer does not know. */
  estimated_amount_cents: number | null;
  injuries: Injuries;
  urgent: boolean;
  /** What the customer wrote: distress words are looked for in it. */
  text: string;
  /** The customer's claims opened in the 12 months before this one. */
  recent_claims: number;
}

export interface Cci {
  score: number;
  factors: CciFactor[];
}

const typePoints: Record<ClaimType, number> = { health: 15, home: 12, auto: 10, travel: 8, other: 5 };
const injuryPoints: Record<Injuries, number> = { none: 0, minor: 25, serious: 35 };

/** Upper bounds in dollars and the points below each. */
const amountSteps: readonly [number, number][] = [
  [1_000, 0],
  [5_000, 5],
  [20_000, 10],
  [50_000, 15],
  [100_000, 20],
];

function amountPoints(cents: number | null): number {
  if (cents === null || cents <= 0) return 0;
  const dollars = cents / 100;
  for (const [below, points] of amountSteps) if (dollars < below) return points;
  return 25;
}

/** Lower case, accents removed, punctuation as spaces: how words are compared. */
export function foldText(text: string): string {
  return ` ${text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9$]+/g, ' ')
    .trim()} `;
}

/** Words (folded) that say the customer is in distress, French and English. */
export const distressWords = [
  'urgent',
  'urgence',
  'panique',
  'paniquee',
  'peur',
  'desespere',
  'desesperee',
  'au secours',
  'catastrophe',
  'detruit',
  'detruite',
  'terrible',
  'choc',
  'pleure',
  'help',
  'emergency',
  'scared',
  'afraid',
  'terrified',
  'desperate',
  'panic',
  'devastated',
  'destroyed',
  'crying',
] as const;

/** The distinct distress words in a text (folded, whole words). */
export function findDistressWords(text: string): string[] {
  const folded = foldText(text);
  return [...new Set(distressWords.filter((word) => folded.includes(` ${word} `)))];
}

export function computeCci(input: CciInput): Cci {
  const factors: CciFactor[] = [{ code: 'type', points: typePoints[input.type], detail: input.type }];
  const amount = amountPoints(input.estimated_amount_cents);
  if (amount > 0) {
    factors.push({ code: 'amount', points: amount, detail: String(input.estimated_amount_cents) });
  }
  if (input.injuries !== 'none') {
    factors.push({ code: 'injuries', points: injuryPoints[input.injuries], detail: input.injuries });
  }
  if (input.urgent) factors.push({ code: 'urgency', points: 10, detail: 'urgent' });
  const words = findDistressWords(input.text);
  if (words.length > 0) {
    factors.push({ code: 'distress', points: Math.min(15, 5 * words.length), detail: words.join(', ') });
  }
  const recent = Math.max(0, Math.floor(input.recent_claims));
  if (recent > 0) {
    factors.push({ code: 'repeated_claims', points: Math.min(15, 5 * recent), detail: String(recent) });
  }
  const total = factors.reduce((sum, factor) => sum + factor.points, 0);
  return { score: Math.max(0, Math.min(100, total)), factors };
}
