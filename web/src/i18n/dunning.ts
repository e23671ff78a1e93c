/*
 * The Relances page and the reminders shown on an invoice, in both languages (kept apart from
 * the large fr-CA.ts / en-CA.ts, which include them as `dunning`). The English object is
 * checked against the French one's shape.
 */
export const dunningFr = {
  nav: 'Relances',
  title: 'Relances',
  help: 'Les factures échues reçoivent une relance par courriel à +3, +10, +21 et +30 jours, chacune une seule fois, avec la facture en PDF et le lien de paiement. La tâche quotidienne les envoie chaque matin.',
  adminsOnly: 'Seuls les administrateurs gèrent les relances.',
  schedule: {
    title: 'Calendrier des relances',
    level: 'Niveau',
    when: 'Envoyée',
    days_one: '{{count}} jour après l’échéance',
    days_other: '{{count}} jours après l’échéance',
    tone: { soft: 'Ton courtois', firm: 'Ton ferme', urgent: 'Ton urgent', final: 'Dernier avis' },
    rules:
      'Après des jours manqués, seule la relance la plus élevée due est envoyée. Une facture payée, annulée ou créditée n’en reçoit plus; la relance d’un client suspendue attend sa reprise. Les jours sont comptés dans le fuseau horaire de l’entreprise.',
  },
  run: {
    title: 'Lancer maintenant',
    help: 'Envoie les relances dues à une date (aujourd’hui par défaut). Relancer la même journée n’envoie rien deux fois.',
    asOf: 'En date du',
    asOfHelp: 'Vide : aujourd’hui',
    future: 'La date ne peut pas être après aujourd’hui.',
    submit: 'Lancer les relances',
    done_one: '{{count}} relance enregistrée.',
    done_other: '{{count}} relances enregistrées.',
  },
  last: {
    title: 'Dernière exécution',
    none: 'Aucune exécution pour l’instant.',
    byJob: 'Par la tâche quotidienne, en date du {{asOf}} (terminée le {{when}}).',
    byAdmin: 'Par un administrateur, en date du {{asOf}} (terminée le {{when}}).',
    queued: 'En file d’envoi',
    suppressed: 'Non envoyées',
    skipped: 'Niveaux sautés',
    held: 'Suspendues',
    invoice: 'Facture',
    outbox: 'Voir les courriels',
  },
  reminders: {
    title: 'Relances',
    none: 'Aucune relance pour cette facture.',
    level: 'Niveau',
    date: 'Date',
    daysLate: 'Jours de retard',
    email: 'Courriel',
    skipped: 'Sautée (jours manqués)',
    dueToday: 'Relance {{level}} due aujourd’hui',
    paused: 'Les relances de ce client sont suspendues.',
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const dunningEn: Widen<typeof dunningFr> = {
  nav: 'Reminders',
  title: 'Payment reminders',
  help: 'Overdue invoices get an email reminder at +3, +10, +21 and +30 days, each once, with the invoice PDF and the payment link. The daily job sends them every morning.',
  adminsOnly: 'Only administrators manage reminders.',
  schedule: {
    title: 'Reminder schedule',
    level: 'Level',
    when: 'Sent',
    days_one: '{{count}} day after the due date',
    days_other: '{{count}} days after the due date',
    tone: { soft: 'Friendly', firm: 'Firm', urgent: 'Urgent', final: 'Final notice' },
    rules:
      'After missed days only the highest level due is sent. A paid, void or credited invoice gets no more; a paused customer’s wait until resumed. Days are counted in the company’s time zone.',
  },
  run: {
    title: 'Run now',
    help: 'Sends the reminders due as of a day (today by default). Running the same day again sends nothing twice.',
    asOf: 'As of',
    asOfHelp: 'Empty: today',
    future: 'The date cannot be after today.',
    submit: 'Run reminders',
    done_one: '{{count}} reminder recorded.',
    done_other: '{{count}} reminders recorded.',
  },
  last: {
    title: 'Last run',
    none: 'No run yet.',
    byJob: 'By the daily job, as of {{asOf}} (finished {{when}}).',
    byAdmin: 'By an administrator, as of {{asOf}} (finished {{when}}).',
    queued: 'Queued to send',
    suppressed: 'Not sent',
    skipped: 'Levels skipped',
    held: 'Paused',
    invoice: 'Invoice',
    outbox: 'See the emails',
  },
  reminders: {
    title: 'Reminders',
    none: 'No reminder for this invoice.',
    level: 'Level',
    date: 'Date',
    daysLate: 'Days late',
    email: 'Email',
    skipped: 'Skipped (missed days)',
    dueToday: 'Reminder {{level}} due today',
    paused: 'This customer’s reminders are paused.',
  },
};
