import type { Language, QuestionKey } from './conversation.engine.ts';

/** What the assistant says, in French and English. Never a customer's personal data. */
const texts = {
  fr: {
    greeting:
      'Bonjour! Je suis l’assistant de déclaration de sinistre. Pour commencer, quel est votre matricule (format XX-123-XX)?',
    matriculeMalformed: (left: number) =>
      `Ce matricule n’a pas le bon format (XX-123-XX, par exemple AB-123-CD). Essais restants : ${left}.`,
    matriculeUnknown: (left: number) => `Je ne trouve pas ce matricule. Essais restants : ${left}.`,
    locked: 'Trop d’essais. Par sécurité, la vérification est bloquée pendant 15 minutes.',
    authenticated: 'Merci, votre identité est confirmée. Décrivez-moi ce qui s’est passé, et quand.',
    askAgain: 'Je n’ai pas bien compris. ',
    questions: {
      type: 'De quel type de sinistre s’agit-il? 1. auto, 2. habitation, 3. santé, 4. voyage, 5. autre.',
      incident_on: 'Quand cela s’est-il produit? (par exemple « hier » ou 2026-11-28)',
      drivable: 'Le véhicule peut-il encore rouler? (oui / non)',
      other_party: 'Un autre véhicule ou une autre personne est-il impliqué? (oui / non)',
      police_report: 'Un rapport de police a-t-il été fait? (oui / non)',
      cause: 'Quelle est la cause : dégât d’eau, incendie, vol ou autre?',
      habitable: 'Le logement est-il encore habitable? (oui / non)',
      hospitalised: 'Avez-vous été hospitalisé(e)? (oui / non)',
      location: 'Où étiez-vous (ville, pays)?',
      return_on: 'Quand rentrez-vous? (une date, ou « déjà rentré »)',
      injuries: 'Quelqu’un a-t-il été blessé? (non / légèrement / hospitalisé)',
      amount: 'À combien estimez-vous les dommages ou les frais, en dollars? (ou « je ne sais pas »)',
    } satisfies Record<QuestionKey, string>,
    opened: (number: string, cci: number) =>
      `Votre déclaration est ouverte sous le numéro ${number} (indice de criticité ${cci}/100). Un conseiller l’examinera et vous pourrez suivre son état dans votre espace client.`,
    escalatedWithClaim: (number: string) =>
      `Votre déclaration ${number} est ouverte et transmise en priorité à un conseiller, qui va vous répondre ici même.`,
    escalated: 'Je vous transfère à un conseiller, qui va vous répondre ici même.',
    waitingAdvisor: 'Un conseiller a été prévenu et va vous répondre ici même.',
    noContract: (date: string) =>
      `Je ne trouve aucun contrat actif à votre nom le ${date}. Écrivez « conseiller » pour parler à quelqu’un.`,
    afterDecision: (number: string) =>
      `Votre dossier ${number} est ouvert. Écrivez « conseiller » si vous voulez parler à quelqu’un.`,
    afterNoContract: 'Écrivez « conseiller » pour parler à quelqu’un.',
  },
  en: {
    greeting: 'Hello! I am the claims assistant. To begin, what is your policyholder ID (format XX-123-XX)?',
    matriculeMalformed: (left: number) =>
      `That ID is not in the right format (XX-123-XX, for example AB-123-CD). Tries left: ${left}.`,
    matriculeUnknown: (left: number) => `I cannot find this ID. Tries left: ${left}.`,
    locked: 'Too many tries. For your security, verification is locked for 15 minutes.',
    authenticated: 'Thank you, your identity is confirmed. Tell me what happened, and when.',
    askAgain: 'I did not quite understand. ',
    questions: {
      type: 'What kind of claim is it? 1. auto, 2. home, 3. health, 4. travel, 5. other.',
      incident_on: 'When did it happen? (for example “yesterday” or 2026-11-28)',
      drivable: 'Can the vehicle still be driven? (yes / no)',
      other_party: 'Was another vehicle or person involved? (yes / no)',
      police_report: 'Was a police report made? (yes / no)',
      cause: 'What caused it: water damage, fire, theft or other?',
      habitable: 'Can you still live in your home? (yes / no)',
      hospitalised: 'Were you hospitalised? (yes / no)',
      location: 'Where were you (city, country)?',
      return_on: 'When do you come back? (a date, or “already back”)',
      injuries: 'Was anyone hurt? (no / slightly / hospitalised)',
      amount: 'What do you estimate the damage or costs at, in dollars? (or “I don’t know”)',
    } satisfies Record<QuestionKey, string>,
    opened: (number: string, cci: number) =>
      `Your claim is open under number ${number} (criticality index ${cci}/100). An advisor will review it, and you can follow its status in your client area.`,
    escalatedWithClaim: (number: string) =>
      `Your claim ${number} is open and passed on with priority to an advisor, who will answer you right here.`,
    escalated: 'I am passing you on to an advisor, who will answer you right here.',
    waitingAdvisor: 'An advisor has been told and will answer you right here.',
    noContract: (date: string) =>
      `I cannot find a policy active in your name on ${date}. Write “advisor” to talk to someone.`,
    afterDecision: (number: string) =>
      `Your claim ${number} is open. Write “advisor” if you want to talk to someone.`,
    afterNoContract: 'Write “advisor” to talk to someone.',
  },
} as const;

export function assistantTexts(language: Language) {
  return texts[language];
}
