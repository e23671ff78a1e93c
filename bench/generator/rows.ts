import { foldText } from '../../server/src/core/validation.ts';
import { companyName, personName } from './names.ts';
import { int, pick, type Random, uuidv4, uuidv7At, Weighted } from './random.ts';

/*
 * One row of each table as a line of COPY text (tab-separated, \N for null). Values made
 * here never hold a tab, a newline or a backslash, except free text, which goes through esc().
 */

export const N = '\\N';

export function esc(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!)
    : value;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export interface CustomerFacts {
  id: string;
  createdMs: number;
  kind: 'individual' | 'company';
  visible: boolean;
}

const emailDomains = new Weighted<string>([
  ['gmail.com', 35],
  ['hotmail.com', 14],
  ['videotron.ca', 10],
  ['outlook.com', 8],
  ['yahoo.ca', 6],
  ['icloud.com', 4],
  ['sympatico.ca', 4],
  ['hotmail.ca', 3],
  ['bell.net', 3],
  ['live.ca', 3],
  ['yahoo.com', 3],
  ['globetrotter.net', 2],
  ['cgocable.ca', 1],
  ['protonmail.com', 1],
  ['ulaval.ca', 1],
  ['umontreal.ca', 1],
  ['mcgill.ca', 1],
]);

const areaCodes = new Weighted<string>([
  ['514', 22],
  ['438', 13],
  ['450', 18],
  ['579', 8],
  ['354', 2],
  ['418', 13],
  ['581', 7],
  ['367', 1],
  ['819', 10],
  ['873', 3],
  ['263', 1],
  ['613', 1],
  ['416', 1],
]);

function slug(value: string): string {
  return foldText(value)
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, 24);
}

function phone(random: Random): string {
  let exchange = int(random, 200, 999);
  if (exchange % 100 === 11) exchange += 1;
  return `+1${areaCodes.pick(random)}${exchange}${String(int(random, 0, 9999)).padStart(4, '0')}`;
}

function personEmail(random: Random, first: string, last: string): string {
  const f = slug(first);
  const l = slug(last);
  const draw = random.next();
  let local: string;
  if (draw < 0.35) local = `${f}.${l}`;
  else if (draw < 0.5) local = `${f}${l}`;
  else if (draw < 0.62) local = `${f[0] ?? 'x'}${l}`;
  else if (draw < 0.7) local = `${f}_${l}`;
  else if (draw < 0.78) local = `${l}.${f}`;
  else local = `${f}${l[0] ?? ''}`;
  if (random.next() < 0.45) local += String(int(random, 1, random.next() < 0.5 ? 99 : 1999));
  return `${local}@${emailDomains.pick(random)}`;
}

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const matriculeSpace = 26 ** 4 * 1000;

/** The k-th matricule of a fixed permutation: unique for every k below 456 976 000. */
export function matricule(k: number): string {
  const x = (k * 2654435761) % matriculeSpace;
  const digits = String(x % 1000).padStart(3, '0');
  let rest = Math.floor(x / 1000);
  const l: string[] = [];
  for (let i = 0; i < 4; i++) {
    l.push(letters[rest % 26]!);
    rest = Math.floor(rest / 26);
  }
  return `${l[0]}${l[1]}-${digits}-${l[2]}${l[3]}`;
}

const individualSegments = new Weighted<string>([
  ['particulier', 30],
  ['infolettre', 20],
  ['fidèle', 10],
  ['assurance', 12],
  ['garage', 10],
  ['prospect', 8],
  ['vip', 3],
  ['résidentiel', 7],
]);
const companySegments = new Weighted<string>([
  ['entreprise', 30],
  ['flotte', 15],
  ['commercial', 20],
  ['grand-compte', 5],
  ['vip', 4],
  ['garage', 8],
  ['assurance', 8],
  ['prospect', 10],
]);

function segments(random: Random, kind: 'individual' | 'company'): string {
  const count = random.next() < 0.35 ? 0 : random.next() < 0.7 ? 1 : random.next() < 0.8 ? 2 : 3;
  const pool = kind === 'company' ? companySegments : individualSegments;
  const chosen = new Set<string>();
  for (let i = 0; i < count; i++) chosen.add(pool.pick(random));
  return `{${[...chosen].join(',')}}`;
}

const privacy = new Weighted<'normal' | 'restreint' | 'confidentiel'>([
  ['normal', 90],
  ['restreint', 8],
  ['confidentiel', 2],
]);
const channels = new Weighted<string>([
  ['email', 60],
  ['sms', 20],
  ['phone', 15],
  ['none', 5],
]);

export interface GeneratorContext {
  random: Random;
  nowMs: number;
  staffIds: string[];
  nextMatricule: number;
}

export interface SideRows {
  contacts: string[];
  vehicles: string[];
  addresses: string[];
  consents: string[];
}

/** A customer row, plus its contacts, vehicles, addresses and consents pushed to `side`. */
export function customerRow(
  ctx: GeneratorContext,
  createdMs: number,
  side: SideRows,
  forced?: { kind: 'company'; name: string },
): { line: string; facts: CustomerFacts } {
  const { random } = ctx;
  const id = uuidv7At(random, createdMs);
  const kind = forced?.kind ?? (random.next() < 0.08 ? 'company' : 'individual');
  let first: string | null = null;
  let last: string | null = null;
  let company: string | null = null;
  let email: string | null = null;
  let language = 'fr-CA';
  if (kind === 'company') {
    company = forced?.name ?? companyName(random);
    if (random.next() < 0.93) {
      const local = pick(random, ['info', 'admin', 'comptabilite', 'service', 'bonjour', 'ventes']);
      email = `${local}@${slug(company.replace(/ (inc\.|ltée|s\.e\.n\.c\.|Inc\.)$/, ''))}.${random.next() < 0.6 ? 'ca' : 'com'}`;
    }
    if (random.next() < 0.12) language = 'en-CA';
  } else {
    const name = personName(random);
    first = name.first_name;
    last = name.last_name;
    language = name.language;
    // A few records hold only a surname, as imported lists often do.
    if (random.next() < 0.01) first = null;
    if (random.next() < 0.92) email = personEmail(random, first ?? 'client', last);
  }
  if (random.next() < 0.02) language = random.next() < 0.5 ? 'fr-CA' : 'en-CA';
  const privacyLevel = forced ? 'normal' : privacy.pick(random);
  const assigned = privacyLevel === 'confidentiel' || random.next() < 0.3 ? pick(random, ctx.staffIds) : null;
  const archived = !forced && random.next() < 0.03;
  const updatedMs = createdMs + (ctx.nowMs - createdMs) * random.next() ** 3;
  const hasMatricule = kind === 'individual' && random.next() < 0.35;
  const line = [
    id,
    kind,
    first ?? N,
    last ?? N,
    company ?? N,
    email ?? N,
    random.next() < 0.87 ? phone(random) : N,
    hasMatricule ? matricule(ctx.nextMatricule++) : N,
    language,
    random.next() < 0.95 ? 'America/Montreal' : pick(random, ['America/Toronto', 'America/Halifax']),
    segments(random, kind),
    privacyLevel,
    channels.pick(random),
    kind === 'company' ? (random.next() < 0.06 ? 't' : 'f') : random.next() < 0.01 ? 't' : 'f',
    assigned ?? N,
    archived ? iso(updatedMs) : N,
    iso(createdMs),
    iso(updatedMs),
  ].join('\t');

  // Contacts: most companies have a few people; a few individuals list a spouse or a caregiver.
  const contactCount =
    kind === 'company' ? (random.next() < 0.85 ? int(random, 1, 4) : 0) : random.next() < 0.04 ? 1 : 0;
  for (let i = 0; i < contactCount; i++) {
    const person = personName(random);
    const at = createdMs + (ctx.nowMs - createdMs) * random.next() * 0.3;
    side.contacts.push(
      [
        uuidv7At(random, at),
        id,
        person.first_name,
        person.last_name,
        random.next() < 0.8 ? personEmail(random, person.first_name, person.last_name) : N,
        random.next() < 0.7 ? phone(random) : N,
        kind === 'company'
          ? pick(random, ['Gestionnaire de flotte', 'Comptabilité', 'Propriétaire', 'Répartiteur', 'Achats'])
          : pick(random, ['Conjoint', 'Conjointe', 'Proche aidant', 'Enfant']),
        i === 0 ? 't' : 'f',
        channels.pick(random),
        iso(at),
        iso(at),
      ].join('\t'),
    );
  }

  // Vehicles: a garage-and-fleet customer base; fleets have more.
  const vehicleCount =
    kind === 'company'
      ? random.next() < 0.4
        ? int(random, 1, 8)
        : 0
      : random.next() < 0.27
        ? random.next() < 0.8
          ? 1
          : int(random, 2, 3)
        : 0;
  for (let i = 0; i < vehicleCount; i++) side.vehicles.push(vehicleRow(ctx, id, createdMs));

  const addressCount = random.next() < 0.72 ? (random.next() < 0.88 ? 1 : 2) : 0;
  for (let i = 0; i < addressCount; i++) side.addresses.push(addressRow(ctx, id, createdMs, i));

  if (random.next() < 0.55) consentRows(ctx, id, createdMs, side.consents);

  return { line, facts: { id, createdMs, kind, visible: privacyLevel !== 'confidentiel' && !archived } };
}

const models: [string, string[], string][] = [
  ['Honda', ['Civic', 'CR-V', 'Accord', 'Fit', 'HR-V', 'Odyssey'], '2HG'],
  ['Toyota', ['Corolla', 'RAV4', 'Camry', 'Tacoma', 'Highlander', 'Prius'], '2T1'],
  ['Ford', ['F-150', 'Escape', 'Transit', 'Explorer', 'Mustang', 'E-350'], '1FT'],
  ['Chevrolet', ['Silverado', 'Equinox', 'Malibu', 'Express', 'Bolt'], '1G1'],
  ['Hyundai', ['Elantra', 'Tucson', 'Kona', 'Santa Fe', 'Ioniq 5'], 'KMH'],
  ['Kia', ['Forte', 'Soul', 'Sportage', 'Sorento', 'Niro'], 'KNA'],
  ['Mazda', ['Mazda3', 'CX-5', 'CX-30', 'MX-5'], 'JM1'],
  ['Volkswagen', ['Jetta', 'Golf', 'Tiguan', 'Atlas'], '3VW'],
  ['Subaru', ['Outback', 'Forester', 'Crosstrek', 'Impreza'], 'JF1'],
  ['Nissan', ['Rogue', 'Sentra', 'Altima', 'Frontier'], '1N4'],
  ['Tesla', ['Model 3', 'Model Y'], '5YJ'],
  ['Ram', ['1500', '2500', 'ProMaster'], '3C6'],
];
const vinCharacters = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const vinValue = (c: string): number => {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  return 'ABCDEFGH'.includes(c)
    ? 'ABCDEFGH'.indexOf(c) + 1
    : 'JKLMNPR'.includes(c)
      ? [1, 2, 3, 4, 5, 7, 9][['J', 'K', 'L', 'M', 'N', 'P', 'R'].indexOf(c)]!
      : [2, 3, 4, 5, 6, 7, 8, 9][['S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z'].indexOf(c)]!;
};
const vinWeights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
const yearCodes = 'ABCDEFGHJKLMNPRSTVWXY123456789';

function vin(random: Random, wmi: string, year: number): string {
  const chars = [...wmi];
  for (let i = 0; i < 5; i++) chars.push(vinCharacters[int(random, 0, vinCharacters.length - 1)]!);
  chars.push('0'); // check digit, below
  chars.push(yearCodes[(year - 2010 + 30) % 30]!);
  chars.push(vinCharacters[int(random, 0, 22)]!);
  for (let i = 0; i < 6; i++) chars.push(String(int(random, 0, 9)));
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += vinValue(chars[i]!) * vinWeights[i]!;
  const remainder = sum % 11;
  chars[8] = remainder === 10 ? 'X' : String(remainder);
  return chars.join('');
}

function plate(random: Random): string {
  const l = () => letters[int(random, 0, 25)]!;
  const d = () => String(int(random, 0, 9));
  const draw = random.next();
  if (draw < 0.45) return `${l()}${l()}${l()}${d()}${d()}${d()}`;
  if (draw < 0.8) return `${d()}${d()}${d()}${l()}${l()}${l()}`;
  if (draw < 0.95) return `${l()}${d()}${d()}${l()}${l()}${l()}`;
  return `F${l()}${l()}${d()}${d()}${d()}${d()}`;
}

function vehicleRow(ctx: GeneratorContext, customerId: string, createdMs: number): string {
  const { random } = ctx;
  const [make, modelList, wmi] = pick(random, models);
  const year = int(random, 2008, 2026);
  const at = createdMs + (ctx.nowMs - createdMs) * random.next() * 0.5;
  return [
    uuidv7At(random, at),
    customerId,
    random.next() < 0.85 ? vin(random, wmi, year) : N,
    random.next() < 0.95 ? plate(random) : N,
    make,
    pick(random, modelList),
    String(year),
    random.next() < 0.7 ? String(int(random, 1000, 320000)) : N,
    iso(at),
    iso(at),
  ].join('\t');
}

const cities: [string, string, number, number][] = [
  ['Montréal', 'H2X H3A H1W H4C H2J H3H H1L H4A', 45.5, -73.57],
  ['Laval', 'H7A H7N H7T H7L', 45.57, -73.7],
  ['Québec', 'G1R G1K G1V G2J G1L', 46.81, -71.21],
  ['Gatineau', 'J8T J8Y J9H J8P', 45.48, -75.7],
  ['Longueuil', 'J4K J4H J4M', 45.53, -73.52],
  ['Sherbrooke', 'J1H J1J J1L J1E', 45.4, -71.89],
  ['Saguenay', 'G7H G7B G7S', 48.43, -71.07],
  ['Lévis', 'G6V G6W G6Z', 46.8, -71.18],
  ['Trois-Rivières', 'G8T G8Y G9A', 46.34, -72.54],
  ['Terrebonne', 'J6W J6X J6Y', 45.7, -73.65],
  ['Saint-Jean-sur-Richelieu', 'J2W J3A J3B', 45.31, -73.26],
  ['Repentigny', 'J5Y J6A', 45.74, -73.45],
  ['Brossard', 'J4W J4X J4Y', 45.46, -73.46],
  ['Drummondville', 'J2A J2B J2C', 45.88, -72.48],
  ['Saint-Jérôme', 'J7Y J7Z', 45.78, -74.0],
  ['Granby', 'J2G J2H J2J', 45.4, -72.73],
  ['Rimouski', 'G5L G5M', 48.45, -68.52],
  ['Rouyn-Noranda', 'J9X J9Y', 48.24, -79.02],
  ['Sept-Îles', 'G4R G4S', 50.22, -66.38],
  ['Val-d’Or', 'J9P', 48.1, -77.78],
];
const streets =
  `rue Saint-Denis|boulevard René-Lévesque|rue Principale|chemin du Lac|avenue du Parc|rang Saint-Joseph|
rue Sherbrooke|boulevard Laurier|rue King Ouest|rue des Érables|avenue Cartier|boulevard Taschereau|rue Notre-Dame|
chemin Sainte-Foy|rue Wellington|boulevard des Forges|rue de la Gare|montée Sainte-Julie|rue Racine|boulevard Talbot`
    .split('|')
    .map((street) => street.trim());

function addressRow(ctx: GeneratorContext, customerId: string, createdMs: number, index: number): string {
  const { random } = ctx;
  const [city, fsas, lat, lon] = pick(random, cities);
  const fsa = pick(random, fsas.split(' '));
  const postal = `${fsa} ${int(random, 1, 9)}${letters[int(random, 0, 25)]}${int(random, 0, 9)}`;
  const windows =
    random.next() < 0.15
      ? '[{"day":"mon","from":"08:00","to":"12:00"},{"day":"thu","from":"13:00","to":"17:00"}]'
      : '[]';
  return [
    uuidv7At(random, createdMs + index),
    customerId,
    index === 0
      ? pick(random, ['Domicile', 'Siège social', 'Principal'])
      : pick(random, ['Chalet', 'Entrepôt', 'Facturation']),
    `${int(random, 1, 9999)}, ${pick(random, streets)}`,
    random.next() < 0.15 ? `app. ${int(random, 1, 450)}` : N,
    city,
    'QC',
    postal,
    'CA',
    (lat + (random.next() - 0.5) * 0.2).toFixed(5),
    (lon + (random.next() - 0.5) * 0.2).toFixed(5),
    windows,
    iso(createdMs),
    iso(createdMs),
  ].join('\t');
}

const consentTypes = [
  'marketing_email',
  'marketing_sms',
  'analytics',
  'profiling',
  'data_sharing',
  'service_notifications',
];

function consentRows(ctx: GeneratorContext, customerId: string, createdMs: number, out: string[]) {
  const { random } = ctx;
  for (const type of consentTypes) {
    if (random.next() > (type === 'service_notifications' || type === 'marketing_email' ? 0.7 : 0.2))
      continue;
    const at = createdMs + (ctx.nowMs - createdMs) * random.next() * 0.2;
    const source = pick(random, ['web_form', 'in_person', 'phone', 'portal', 'import']);
    const byUser = source === 'in_person' || source === 'phone';
    const ip =
      source === 'web_form' || source === 'portal'
        ? `24.${int(random, 0, 255)}.${int(random, 0, 255)}.${int(random, 1, 254)}`
        : N;
    out.push(
      [
        uuidv7At(random, at),
        customerId,
        type,
        't',
        source,
        ip,
        byUser ? pick(random, ctx.staffIds) : N,
        byUser ? 'user' : source === 'import' ? 'system' : 'customer',
        '1',
        iso(at),
        N,
        type.startsWith('marketing') ? iso(at + 3 * 365 * 86_400_000) : N,
        iso(at),
      ].join('\t'),
    );
    if (random.next() < 0.12) {
      const revokedMs = at + (ctx.nowMs - at) * random.next();
      out.push(
        [
          uuidv7At(random, revokedMs),
          customerId,
          type,
          'f',
          pick(random, ['portal', 'phone', 'email_link']),
          N,
          N,
          'customer',
          '2',
          N,
          iso(revokedMs),
          N,
          iso(revokedMs),
        ].join('\t'),
      );
    }
  }
}

// ---------------------------------------------------------------- activities

type ActivityType =
  | 'workorder'
  | 'quote'
  | 'order'
  | 'invoice'
  | 'payment'
  | 'email'
  | 'sms'
  | 'call'
  | 'document'
  | 'appointment'
  | 'note'
  | 'consent'
  | 'vehicle_added'
  | 'ticket'
  | 'claim'
  | 'project'
  | 'system';

export const individualActivityTypes = new Weighted<ActivityType>([
  ['email', 18],
  ['sms', 10],
  ['invoice', 10],
  ['payment', 9],
  ['workorder', 9],
  ['appointment', 8],
  ['call', 8],
  ['quote', 5],
  ['note', 5],
  ['document', 4],
  ['system', 4],
  ['consent', 2],
  ['ticket', 3],
  ['claim', 2],
  ['order', 2],
  ['vehicle_added', 1],
]);

export const companyActivityTypes = new Weighted<ActivityType>([
  ['workorder', 18],
  ['invoice', 16],
  ['payment', 14],
  ['email', 12],
  ['quote', 7],
  ['order', 6],
  ['call', 6],
  ['appointment', 5],
  ['note', 4],
  ['document', 4],
  ['ticket', 3],
  ['project', 2],
  ['system', 2],
  ['vehicle_added', 1],
]);

const services = `Changement d'huile|Pose des pneus d'hiver|Pose des pneus d'été|Inspection SAAQ|Freins avant|
Alignement|Diagnostic moteur|Remplacement de la batterie|Climatisation|Silencieux|Entretien 80 000 km|Courroie de distribution`
  .split('|')
  .map((s) => s.trim());
const emailSubjects =
  `Rappel de rendez-vous|Votre facture est prête|Confirmation de paiement|Question sur la facture|
Soumission demandée|Merci de votre visite|Offre saisonnière|Mise à jour de votre dossier|Documents à signer|
Appointment reminder|Your invoice is ready`
    .split('|')
    .map((s) => s.trim());
const smsTexts = [
  'Votre véhicule est prêt',
  'Rappel : rendez-vous demain',
  'Paiement reçu, merci',
  'Code de vérification envoyé',
  'Your vehicle is ready',
];
const callTopics = [
  'suivi de la soumission',
  'prise de rendez-vous',
  'question de facturation',
  'plainte',
  'renouvellement',
  'suivi du sinistre',
];
const notes = [
  'Préfère être contacté le matin',
  'Client satisfait du service',
  'A demandé un rabais pour fidélité',
  'Vérifier la garantie prolongée',
  'Paie toujours comptant',
  'Prefers English',
  'Adresse de livraison changée',
];
const ticketSubjects = [
  'Accès au portail',
  'Erreur sur la facture',
  'Demande de remboursement',
  'Changement d’adresse',
  'Question technique',
];
const milestones = ['Cadrage', 'Design', 'Dev', 'Recette'];
const descriptions = [
  'Le client a été informé par téléphone.',
  'Suivi prévu dans deux semaines.',
  'Pièces commandées chez le fournisseur.',
  'Voir le document joint au dossier.',
  'Montant confirmé avec la comptabilité.',
  'Client absent, message laissé dans la boîte vocale.',
  'Discussion cordiale, aucune action requise.',
];

function money(random: Random, min: number, max: number): number {
  return int(random, min, max) * 100 + int(random, 0, 99);
}

function dollars(cents: number): string {
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')} $`;
}

/** An activity row; `created` marks the customer's first entry. */
export function activityRow(
  ctx: GeneratorContext,
  customerId: string,
  kind: 'individual' | 'company',
  atMs: number,
  created: boolean,
): string {
  const { random } = ctx;
  const type: ActivityType = created
    ? 'system'
    : (kind === 'company' ? companyActivityTypes : individualActivityTypes).pick(random);
  let title: string;
  let metadata: string;
  let referenceTable: string | null = null;
  const number = String(int(random, 1, 999999)).padStart(6, '0');
  switch (type) {
    case 'system':
      if (created) {
        title = 'Client créé';
        metadata = '{"event":"customer.created"}';
        referenceTable = 'customers';
      } else {
        title = random.next() < 0.7 ? 'Fiche client modifiée' : 'Profil modifié';
        metadata = `{"event":"customer.updated","fields":["${pick(random, ['email', 'phone', 'segments', 'preferred_contact_channel'])}"]}`;
      }
      break;
    case 'workorder': {
      const service = pick(random, services);
      title = `Bon de travail BT-${number} — ${service}`;
      metadata = `{"event":"workorder.completed","number":"BT-${number}","total_cents":${money(random, 40, 2500)}}`;
      referenceTable = 'work_orders';
      break;
    }
    case 'quote':
      title = random.next() < 0.6 ? `Soumission Q-${number} envoyée` : `Soumission Q-${number} acceptée`;
      metadata = `{"event":"quote.sent","number":"Q-${number}","total_cents":${money(random, 100, 20000)}}`;
      referenceTable = 'quotes';
      break;
    case 'order':
      title = `Commande CMD-${number} confirmée`;
      metadata = `{"event":"order.confirmed","number":"CMD-${number}"}`;
      referenceTable = 'orders';
      break;
    case 'invoice': {
      const cents = money(random, 30, 15000);
      title =
        random.next() < 0.85
          ? `Facture INV-${number} émise — ${dollars(cents)}`
          : `Facture INV-${number} en retard`;
      metadata = `{"event":"invoice.finalized","number":"INV-${number}","total_cents":${cents},"currency":"CAD"}`;
      referenceTable = 'invoices';
      break;
    }
    case 'payment': {
      const cents = money(random, 30, 15000);
      const method = pick(random, ['stripe', 'interac', 'cash', 'cheque', 'moneris']);
      title = `Paiement reçu — ${dollars(cents)}`;
      metadata = `{"event":"payment.received","amount_cents":${cents},"method":"${method}"}`;
      referenceTable = 'payments';
      break;
    }
    case 'email': {
      const subject = pick(random, emailSubjects);
      title = random.next() < 0.7 ? `Courriel envoyé : ${subject}` : `Courriel reçu : ${subject}`;
      metadata = '{"event":"email.sent","template":"generic"}';
      break;
    }
    case 'sms':
      title = `SMS : ${pick(random, smsTexts)}`;
      metadata = '{"event":"sms.sent"}';
      break;
    case 'call':
      title = `${random.next() < 0.5 ? 'Appel entrant' : 'Appel sortant'} — ${pick(random, callTopics)}`;
      metadata = `{"event":"activity.logged","duration_s":${int(random, 20, 1800)}}`;
      break;
    case 'document':
      title = `Document téléversé : ${pick(random, ['permis.pdf', 'certificat.pdf', 'photo-dommages.jpg', 'contrat-signé.pdf', 'preuve-assurance.pdf'])}`;
      metadata = '{"event":"document.uploaded"}';
      referenceTable = 'documents';
      break;
    case 'appointment':
      title = `Rendez-vous ${pick(random, ['confirmé', 'déplacé', 'annulé', 'planifié'])}`;
      metadata = '{"event":"activity.logged"}';
      break;
    case 'note':
      title = `Note : ${pick(random, notes)}`;
      metadata = '{"event":"activity.logged"}';
      break;
    case 'consent':
      title = `Consentement ${pick(random, consentTypes)} ${random.next() < 0.8 ? 'accordé' : 'retiré'}`;
      metadata = '{"event":"consent.recorded"}';
      break;
    case 'vehicle_added': {
      const [make, list] = pick(random, models);
      title = `Véhicule ajouté : ${make} ${pick(random, list)} ${int(random, 2008, 2026)}`;
      metadata = '{"event":"vehicle.added"}';
      referenceTable = 'customer_vehicles';
      break;
    }
    case 'ticket':
      title = `Billet TCK-${number} ouvert : ${pick(random, ticketSubjects)}`;
      metadata = `{"event":"ticket.opened","number":"TCK-${number}"}`;
      referenceTable = 'tickets';
      break;
    case 'claim':
      title = `Sinistre SIN-${new Date(atMs).getUTCFullYear()}-${number} déclaré`;
      metadata = `{"event":"claim.opened","cci":${int(random, 5, 95)}}`;
      referenceTable = 'claims';
      break;
    case 'project':
      title = `Jalon ${pick(random, milestones)} terminé`;
      metadata = '{"event":"project.milestone"}';
      referenceTable = 'projects';
      break;
  }
  const actorDraw = random.next();
  const actorType =
    type === 'system' && created
      ? 'user'
      : actorDraw < 0.55
        ? 'user'
        : actorDraw < 0.9
          ? 'system'
          : actorDraw < 0.97
            ? 'customer'
            : 'api_key';
  return [
    uuidv7At(random, atMs),
    customerId,
    type,
    referenceTable ? (referenceTable === 'customers' ? customerId : uuidv4(random)) : N,
    referenceTable ?? N,
    title,
    !created && random.next() < 0.3 ? pick(random, descriptions) : N,
    metadata,
    actorType === 'user' ? pick(random, ctx.staffIds) : N,
    actorType,
    iso(atMs),
  ].join('\t');
}
