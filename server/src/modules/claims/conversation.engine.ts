import { foldText, type Injuries } from './cci.ts';
import type { ClaimType } from './claims.tables.ts';

/*
 * The assistant's understanding, pure and deterministic (rules, no model): what a customer's
 * words say (claim type, date, injuries, amount, yes or no), and which question comes next.
 * The service keeps the state in the conversation row and does the database work.
 */

export type Language = 'fr' | 'en';

export type QuestionKey =
  | 'type'
  | 'incident_on'
  | 'drivable'
  | 'other_party'
  | 'police_report'
  | 'cause'
  | 'habitable'
  | 'hospitalised'
  | 'location'
  | 'return_on'
  | 'injuries'
  | 'amount';

/** What the assistant gathered; stored as the conversation's `state` (JSON). */
export interface IntakeState {
  description?: string;
  type?: ClaimType;
  incident_on?: string;
  injuries?: Injuries;
  urgent?: boolean;
  /** Null: the customer does not know; absent: not asked yet. */
  amount_cents?: number | null;
  answers?: Record<string, string | boolean | null>;
  /** The question the assistant is waiting for an answer to. */
  asking?: QuestionKey;
  /** The decision found no contract covering the incident date. */
  no_contract?: boolean;
}

const matriculePattern = /\b([a-z]{2})[\s-]?(\d{3})[\s-]?([a-z]{2})\b/i;

/** A matricule in what the customer wrote (XX-123-XX, spaces or no dashes accepted), upper case. */
export function findMatricule(text: string): string | undefined {
  const match = matriculePattern.exec(text.trim());
  return match ? `${match[1]}-${match[2]}-${match[3]}`.toUpperCase() : undefined;
}

const has = (folded: string, words: readonly string[]) => words.some((word) => folded.includes(` ${word} `));
const countOf = (folded: string, words: readonly string[]) =>
  words.filter((word) => folded.includes(` ${word} `)).length;

/**
 * Asking for a person. Whole words that only mean that, and phrases for the words that also
 * mean something else ("personne" is also "nobody", "someone hit my car", "l'agent de police").
 */
const humanWords = [
  'agent',
  'humain',
  'humaine',
  'conseiller',
  'conseillere',
  'representant',
  'representante',
  'operateur',
  'parler a quelqu un',
  'parler a une personne',
  'une vraie personne',
  'human',
  'advisor',
  'adviser',
  'representative',
  'operator',
  'real person',
  'a person',
  'talk to someone',
  'speak to someone',
  'speak with someone',
];
const notAskingForHuman =
  / (agent|agents) (de police|de la paix|d assurance de l autre)| police (agent|officer)| a person (was|is|got)/g;

export function asksForHuman(text: string): boolean {
  return has(foldText(text).replace(notAskingForHuman, ' '), humanWords);
}

const typeWords: Record<ClaimType, readonly string[]> = {
  auto: [
    'voiture',
    'auto',
    'automobile',
    'vehicule',
    'char',
    'camion',
    'collision',
    'accrochage',
    'accroche',
    'moto',
    'pare brise',
    'parebrise',
    'car',
    'vehicle',
    'truck',
    'crash',
    'windshield',
    'rear ended',
  ],
  home: [
    'maison',
    'logement',
    'appartement',
    'condo',
    'toit',
    'sous sol',
    'degat d eau',
    'degats d eau',
    'inondation',
    'incendie',
    'cambriolage',
    'cambriole',
    'home',
    'house',
    'apartment',
    'flood',
    'flooded',
    'water damage',
    'fire',
    'burglary',
    'break in',
    'roof',
    'basement',
  ],
  health: [
    'sante',
    'malade',
    'maladie',
    'medecin',
    'chirurgie',
    'medicament',
    'medicaments',
    'dentiste',
    'health',
    'sick',
    'illness',
    'doctor',
    'surgery',
    'medication',
    'dentist',
  ],
  travel: [
    'voyage',
    'vacances',
    'bagage',
    'bagages',
    'valise',
    'etranger',
    'vol annule',
    'travel',
    'trip',
    'flight',
    'luggage',
    'baggage',
    'abroad',
    'vacation',
  ],
  other: [],
};

/** The claim type the words point to most, or undefined when none (or a tie). */
export function detectClaimType(text: string): ClaimType | undefined {
  const folded = foldText(text);
  const scored = (['auto', 'home', 'health', 'travel'] as const)
    .map((type) => ({ type, score: countOf(folded, typeWords[type]) }))
    .sort((a, b) => b.score - a.score);
  const [first, second] = scored;
  if (!first || first.score === 0 || (second && second.score === first.score)) return undefined;
  return first.type;
}

/** The answer to "what kind of claim": a word or its rank in the list offered (1–5). */
export function parseClaimType(text: string): ClaimType | undefined {
  const folded = foldText(text);
  const ranked: ClaimType[] = ['auto', 'home', 'health', 'travel', 'other'];
  const rank = /^ ([1-5]) $/.exec(folded);
  if (rank) return ranked[Number(rank[1]) - 1];
  if (has(folded, ['autre', 'other', 'autres'])) return 'other';
  if (has(folded, ['habitation', 'maison', 'home', 'house', 'logement'])) return 'home';
  if (has(folded, ['sante', 'health'])) return 'health';
  if (has(folded, ['voyage', 'travel'])) return 'travel';
  return detectClaimType(text);
}

const negatedInjury =
  / (personne|aucun|aucune|pas de|sans|no one|nobody|no|not|without|none|nobody was|no one was)( [a-z]+){0,3} (blesse|blesses|blessee|blessure|blessures|injured|injury|injuries|hurt)/;
const seriousWords = [
  'hopital',
  'hospital',
  'hospitalise',
  'hospitalisee',
  'hospitalized',
  'ambulance',
  'fracture',
  'inconscient',
  'unconscious',
  'gravement blesse',
  'grievement',
  'seriously injured',
  'badly hurt',
  'urgences',
];
const minorWords = [
  'blesse',
  'blessee',
  'blesses',
  'blessure',
  'blessures',
  'injured',
  'injury',
  'injuries',
  'hurt',
  'douleur',
  'douleurs',
  'pain',
  'legerement',
  'leger',
  'minor',
  'slightly',
];

/** Injuries the words tell of; undefined when they say nothing either way. */
export function detectInjuries(text: string): Injuries | undefined {
  const folded = foldText(text);
  if (negatedInjury.test(folded)) return 'none';
  if (has(folded, seriousWords)) return 'serious';
  if (has(folded, minorWords)) return 'minor';
  return undefined;
}

const yesWords = [
  'oui',
  'ouais',
  'yes',
  'yep',
  'yeah',
  'exact',
  'exactement',
  'absolument',
  'certainement',
  'bien sur',
  'of course',
  'sure',
  'o',
  'y',
];
const noWords = ['non', 'no', 'nope', 'pas', 'aucun', 'aucune', 'jamais', 'not', 'none', 'never', 'n'];

/** Yes or no, from the first word that says it; undefined when the text says neither. */
export function parseYesNo(text: string): boolean | undefined {
  const words = foldText(text).trim().split(' ');
  for (const word of words) {
    if (yesWords.includes(word)) return true;
    if (noWords.includes(word)) return false;
  }
  const folded = foldText(text);
  if (has(folded, ['bien sur', 'of course'])) return true;
  return undefined;
}

const monthNames: Record<string, number> = {
  janvier: 1,
  fevrier: 2,
  mars: 3,
  avril: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  aout: 8,
  septembre: 9,
  octobre: 10,
  novembre: 11,
  decembre: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
};

function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

function validDate(year: number, month: number, day: number): string | undefined {
  const value = new Date(Date.UTC(year, month - 1, day));
  if (value.getUTCFullYear() !== year || value.getUTCMonth() !== month - 1 || value.getUTCDate() !== day) {
    return undefined;
  }
  return value.toISOString().slice(0, 10);
}

/**
 * A calendar date in what the customer wrote, relative to `today` (company time zone):
 * today / hier / avant-hier, "il y a 3 jours", "3 days ago", 2026-11-28, 28/11/2026,
 * "le 28 novembre", "November 28, 2026". A month without a year is the latest one not after today.
 */
export function parseDate(text: string, today: string): string | undefined {
  const raw = text.toLowerCase();
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(raw);
  if (iso) return validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dmy = /\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b/.exec(raw);
  if (dmy) return validDate(Number(dmy[3]), Number(dmy[2]), Number(dmy[1]));
  const folded = foldText(text);
  if (has(folded, ['avant hier', 'day before yesterday'])) return addDays(today, -2);
  if (has(folded, ['hier', 'yesterday', 'last night'])) return addDays(today, -1);
  if (
    has(folded, [
      'aujourd hui',
      'today',
      'ce matin',
      'this morning',
      'ce soir',
      'tonight',
      'tantot',
      'maintenant',
      'now',
    ])
  ) {
    return today;
  }
  const ago = / (?:il y a )?(\d{1,3}) (?:jours?|days?)(?: ago)? /.exec(folded);
  if (ago && (folded.includes(' il y a ') || folded.includes(' ago ')))
    return addDays(today, -Number(ago[1]));
  const [year] = today.split('-').map(Number) as [number];
  const dayMonth = / (\d{1,2}) (?:er )?([a-z]+)(?: (\d{4}))? /.exec(folded);
  const monthDay = / ([a-z]+) (\d{1,2})(?: (\d{4}))? /.exec(folded);
  const candidates: [number, number, number | undefined][] = [];
  if (dayMonth && monthNames[dayMonth[2]!]) {
    candidates.push([
      Number(dayMonth[1]),
      monthNames[dayMonth[2]!]!,
      dayMonth[3] ? Number(dayMonth[3]) : undefined,
    ]);
  }
  if (monthDay && monthNames[monthDay[1]!]) {
    candidates.push([
      Number(monthDay[2]),
      monthNames[monthDay[1]!]!,
      monthDay[3] ? Number(monthDay[3]) : undefined,
    ]);
  }
  for (const [day, month, givenYear] of candidates) {
    if (givenYear) return validDate(givenYear, month, day);
    const thisYear = validDate(year, month, day);
    if (thisYear && thisYear <= today) return thisYear;
    const lastYear = validDate(year - 1, month, day);
    if (lastYear) return lastYear;
  }
  return undefined;
}

const unknownWords = [
  'je ne sais pas',
  'sais pas',
  'aucune idee',
  'inconnu',
  'je sais pas',
  'unknown',
  'don t know',
  'dont know',
  'not sure',
  'no idea',
  'pas sur',
];

/**
 * An amount in dollars as cents: "5000 $", "5 000,50 $", "$12,500", "12k", "environ 3000".
 * With `requireCurrency`, only amounts marked with $ or dollars count (read from a free
 * description, where numbers are often something else). "je ne sais pas" → null.
 */
export function parseAmount(
  text: string,
  options: { requireCurrency?: boolean } = {},
): number | null | undefined {
  if (!options.requireCurrency && has(foldText(text), unknownWords)) return null;
  const normalized = text.replace(/(\d)[\s\u00a0\u202f](?=\d{3}\b)/g, '$1');
  const pattern = options.requireCurrency
    ? /(?:\$\s?(\d+(?:[.,]\d{3})*(?:[.,]\d{1,2})?)\s?(k)?)|(?:(\d+(?:[.,]\d{3})*(?:[.,]\d{1,2})?)\s?(k)?\s?(?:\$|dollars?|cad))/i
    : /(\d+(?:[.,]\d{3})*(?:[.,]\d{1,2})?)\s?(k)?/i;
  const match = pattern.exec(normalized);
  if (!match) return undefined;
  const digits = match[1] ?? match[3] ?? '';
  const thousands = (match[2] ?? match[4]) !== undefined;
  // 12,500 or 12.500 (groups of three) are thousands; 12,50 or 12.5 are cents.
  const grouped = /^\d{1,3}([.,]\d{3})+$/.test(digits);
  const value = grouped ? Number(digits.replace(/[.,]/g, '')) : Number(digits.replace(',', '.'));
  if (!Number.isFinite(value)) return undefined;
  const cents = Math.round(value * (thousands ? 1000 : 1) * 100);
  return cents > 0 && cents <= 100_000_000_000 ? cents : undefined;
}

const causeWords: Record<'water' | 'fire' | 'theft', readonly string[]> = {
  water: [
    'eau',
    'degat d eau',
    'inondation',
    'inonde',
    'fuite',
    'refoulement',
    'water',
    'flood',
    'flooded',
    'leak',
  ],
  fire: ['feu', 'incendie', 'fumee', 'brule', 'fire', 'smoke', 'burned', 'burnt'],
  theft: [
    'vol',
    'vole',
    'volee',
    'cambriolage',
    'cambriole',
    'theft',
    'burglary',
    'stolen',
    'break in',
    'robbed',
  ],
};

/** Water, fire or theft (a home claim's cause), or `other` when asked and none of them. */
export function parseCause(text: string, asked: boolean): 'water' | 'fire' | 'theft' | 'other' | undefined {
  const folded = foldText(text);
  for (const cause of ['water', 'fire', 'theft'] as const) if (has(folded, causeWords[cause])) return cause;
  return asked ? 'other' : undefined;
}

const urgentWords = [
  'urgent',
  'urgence',
  'emergency',
  'bloque',
  'bloquee',
  'stranded',
  'stuck',
  'sans abri',
  'homeless',
];

/** The questions of a claim type, in the order they are asked after the type and date. */
export const qualificationQuestions: Record<ClaimType, readonly QuestionKey[]> = {
  auto: ['drivable', 'other_party', 'police_report', 'injuries', 'amount'],
  home: ['cause', 'habitable', 'injuries', 'amount'],
  health: ['hospitalised', 'amount'],
  travel: ['location', 'return_on', 'amount'],
  other: ['injuries', 'amount'],
};

/** Reads a free description: what it tells is kept, what it does not is asked later. */
export function readDescription(state: IntakeState, text: string, today: string): IntakeState {
  const next: IntakeState = { ...state, answers: { ...state.answers } };
  next.description = state.description ? `${state.description}\n${text}` : text;
  next.type ??= detectClaimType(text);
  const date = parseDate(text, today);
  if (!next.incident_on && date && date <= today) next.incident_on = date;
  const injuries = detectInjuries(text);
  if (injuries && (next.injuries === undefined || rank(injuries) > rank(next.injuries)))
    next.injuries = injuries;
  if (next.amount_cents === undefined) {
    const amount = parseAmount(text, { requireCurrency: true });
    if (typeof amount === 'number') next.amount_cents = amount;
  }
  if (has(foldText(text), urgentWords)) next.urgent = true;
  const cause = parseCause(text, false);
  if (cause && next.answers && next.answers.cause === undefined) next.answers.cause = cause;
  return next;
}

const rank = (injuries: Injuries) => ['none', 'minor', 'serious'].indexOf(injuries);

/** The next thing to ask, or undefined when the intake is complete. */
export function nextQuestion(state: IntakeState): QuestionKey | undefined {
  if (!state.type) return 'type';
  if (!state.incident_on) return 'incident_on';
  const answers = state.answers ?? {};
  for (const key of qualificationQuestions[state.type]) {
    if (key === 'injuries' && state.injuries !== undefined) continue;
    if (key === 'amount' && state.amount_cents !== undefined) continue;
    if (key !== 'injuries' && key !== 'amount' && answers[key] !== undefined) continue;
    return key;
  }
  return undefined;
}

/**
 * Applies the customer's answer to `key`. Undefined when the answer cannot be understood
 * (the question is asked again); the new state otherwise.
 */
export function applyAnswer(
  state: IntakeState,
  key: QuestionKey,
  text: string,
  today: string,
): IntakeState | undefined {
  const next: IntakeState = { ...state, answers: { ...state.answers } };
  const answers = next.answers!;
  const folded = foldText(text);
  if (has(folded, urgentWords)) next.urgent = true;
  switch (key) {
    case 'type': {
      const type = parseClaimType(text);
      if (!type) return undefined;
      next.type = type;
      // The answer may also say when it happened.
      const date = parseDate(text, today);
      if (!next.incident_on && date && date <= today) next.incident_on = date;
      return next;
    }
    case 'incident_on': {
      const date = parseDate(text, today);
      if (!date || date > today) return undefined;
      next.incident_on = date;
      return next;
    }
    case 'drivable':
    case 'other_party':
    case 'police_report':
    case 'habitable':
    case 'hospitalised': {
      const answer = parseYesNo(text);
      if (answer === undefined) return undefined;
      answers[key] = answer;
      if ((key === 'drivable' || key === 'habitable') && answer === false) next.urgent = true;
      if (key === 'hospitalised') next.injuries = answer ? 'serious' : 'none';
      return next;
    }
    case 'cause':
      answers.cause = parseCause(text, true) ?? 'other';
      return next;
    case 'location':
      answers.location = text.slice(0, 200);
      return next;
    case 'return_on': {
      const back = has(folded, [
        'deja rentre',
        'deja rentree',
        'deja revenu',
        'already back',
        'back home',
        'de retour',
      ]);
      const date = parseDate(text, today);
      if (!back && !date) return undefined;
      answers.return_on = back ? 'back' : (date ?? null);
      // Still abroad: someone stranded far from home.
      if (!back && date && date >= today) next.urgent = true;
      return next;
    }
    case 'injuries': {
      const detected = detectInjuries(text);
      const yes = parseYesNo(text);
      const injuries = detected ?? (yes === true ? 'minor' : yes === false ? 'none' : undefined);
      if (!injuries) return undefined;
      next.injuries = injuries;
      return next;
    }
    case 'amount': {
      const amount = parseAmount(text);
      if (amount === undefined) return undefined;
      next.amount_cents = amount;
      return next;
    }
  }
}
