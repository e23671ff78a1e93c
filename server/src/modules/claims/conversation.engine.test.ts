import { describe, expect, it } from 'vitest';
import {
  applyAnswer,
  asksForHuman,
  detectClaimType,
  detectInjuries,
  findMatricule,
  nextQuestion,
  parseAmount,
  parseDate,
  parseYesNo,
  readDescription,
} from './conversation.engine.ts';

const today = '2026-12-01';

describe('reading what the customer writes', () => {
  it('finds a matricule with or without dashes, any case', () => {
    expect(findMatricule('mon matricule est ab-123-cd')).toBe('AB-123-CD');
    expect(findMatricule('AB123CD')).toBe('AB-123-CD');
    expect(findMatricule('AB 123 CD')).toBe('AB-123-CD');
    expect(findMatricule('A-123-CD')).toBeUndefined();
    expect(findMatricule('ABC-1234-CD')).toBeUndefined();
  });

  it.each([
    ['Je veux parler à un conseiller', true],
    ['un HUMAIN svp', true],
    ['I want a human', true],
    ['Can I talk to a person?', true],
    ['agent', true],
    ['Personne n’a été blessé', false],
    ['L’agent de police a fait un rapport', false],
    ['A person was hurt', false],
    ['Quelqu’un a embouti ma voiture', false],
  ])('"%s" asks for a person: %s', (text, expected) => {
    expect(asksForHuman(text)).toBe(expected);
  });

  it.each([
    ['Ma voiture a été emboutie au feu rouge', 'auto'],
    ['Dégât d’eau dans le sous-sol de la maison', 'home'],
    ['My flight was cancelled and my luggage lost abroad', 'travel'],
    ['Je suis malade, le médecin m’a prescrit des médicaments', 'health'],
    ['Bonjour', undefined],
  ])('detects the type of "%s"', (text, type) => {
    expect(detectClaimType(text)).toBe(type);
  });

  it('reads injuries, their absence and their seriousness', () => {
    expect(detectInjuries('Personne n’a été blessé')).toBe('none');
    expect(detectInjuries('No one was hurt')).toBe('none');
    expect(detectInjuries('Mon fils est blessé au bras')).toBe('minor');
    expect(detectInjuries('Ma fille a été transportée à l’hôpital en ambulance')).toBe('serious');
    expect(detectInjuries('La portière est bosselée')).toBeUndefined();
  });

  it.each([
    ['hier', '2026-11-30'],
    ['aujourd’hui', '2026-12-01'],
    ['avant-hier soir', '2026-11-29'],
    ['il y a 3 jours', '2026-11-28'],
    ['3 days ago', '2026-11-28'],
    ['le 2026-11-15', '2026-11-15'],
    ['15/11/2026', '2026-11-15'],
    ['le 20 novembre', '2026-11-20'],
    ['le 25 décembre', '2025-12-25'],
    ['November 3, 2026', '2026-11-03'],
    ['2026-02-30', undefined],
    ['bientôt', undefined],
  ])('reads the date in "%s"', (text, date) => {
    expect(parseDate(text, today)).toBe(date);
  });

  it('reads amounts in dollars as cents', () => {
    expect(parseAmount('environ 5 000 $')).toBe(500_000);
    expect(parseAmount('$12,500')).toBe(1_250_000);
    expect(parseAmount('12k')).toBe(1_200_000);
    expect(parseAmount('1234,50')).toBe(123_450);
    expect(parseAmount('je ne sais pas')).toBeNull();
    expect(parseAmount('beaucoup')).toBeUndefined();
    // In a free description only amounts marked as money count.
    expect(parseAmount('au 123 rue Principale', { requireCurrency: true })).toBeUndefined();
    expect(parseAmount('des dégâts de 3000 dollars', { requireCurrency: true })).toBe(300_000);
  });

  it('reads yes and no', () => {
    expect(parseYesNo('Oui')).toBe(true);
    expect(parseYesNo('non, elle ne roule plus')).toBe(false);
    expect(parseYesNo('Elle ne roule pas')).toBe(false);
    expect(parseYesNo('yes it can')).toBe(true);
    expect(parseYesNo('peut-être')).toBeUndefined();
  });
});

describe('the intake', () => {
  it('keeps what a description tells and asks only the rest, in the auto order', () => {
    const state = readDescription(
      {},
      'Hier soir ma voiture a été emboutie, mon fils est à l’hôpital. J’ai peur.',
      today,
    );
    expect(state).toMatchObject({ type: 'auto', incident_on: '2026-11-30', injuries: 'serious' });
    expect(nextQuestion(state)).toBe('drivable');
    const drivable = applyAnswer(state, 'drivable', 'non', today)!;
    expect(drivable.urgent).toBe(true);
    const party = applyAnswer(drivable, 'other_party', 'oui', today)!;
    const police = applyAnswer(party, 'police_report', 'oui', today)!;
    // Injuries are known from the description: the amount comes next, then nothing.
    expect(nextQuestion(police)).toBe('amount');
    const done = applyAnswer(police, 'amount', '8000 $', today)!;
    expect(done.amount_cents).toBe(800_000);
    expect(nextQuestion(done)).toBeUndefined();
  });

  it('asks the type, then the date, when the description says neither', () => {
    const state = readDescription({}, 'Il m’est arrivé quelque chose', today);
    expect(nextQuestion(state)).toBe('type');
    expect(applyAnswer(state, 'type', 'bof', today)).toBeUndefined();
    const typed = applyAnswer(state, 'type', '2', today)!;
    expect(typed.type).toBe('home');
    expect(nextQuestion(typed)).toBe('incident_on');
    expect(applyAnswer(typed, 'incident_on', '2027-01-01', today)).toBeUndefined();
    const dated = applyAnswer(typed, 'incident_on', 'hier', today)!;
    expect(nextQuestion(dated)).toBe('cause');
  });

  it('asks a traveller where and when they come back; still abroad is urgent', () => {
    const state = readDescription({}, 'Mes bagages ont été perdus pendant mon voyage hier', today);
    expect(nextQuestion(state)).toBe('location');
    const where = applyAnswer(state, 'location', 'Cancún, Mexique', today)!;
    expect(nextQuestion(where)).toBe('return_on');
    const back = applyAnswer(where, 'return_on', 'le 2026-12-10', today)!;
    expect(back.urgent).toBe(true);
    expect(nextQuestion(back)).toBe('amount');
  });
});
