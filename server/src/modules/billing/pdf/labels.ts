import { formatCents, formatQuantity, quantityToThousandths, ratePercent } from '../../../core/money.ts';
import type { AgingBucket, LedgerEntryType } from '../../finances/index.ts';
import type { PdfDocumentStatus, PdfLanguage } from './document.model.ts';

/** The words of the documents, in each language. */
export interface PdfLabels {
  invoice: string;
  quote: string;
  validUntil: string;
  deposit: (percent: number) => string;
  quoteFor: string;
  creditNote: string;
  statement: string;
  draft: string;
  relatedTo: (number: string) => string;
  billTo: string;
  number: string;
  issuedOn: string;
  dueOn: string;
  currency: string;
  description: string;
  quantity: string;
  unitPrice: string;
  discount: string;
  amount: string;
  notTaxable: string;
  subtotal: string;
  invoiceDiscount: string;
  promo: (code: string) => string;
  shipping: string;
  taxExempt: string;
  total: string;
  totalCredited: string;
  paid: string;
  credited: string;
  balanceDue: string;
  notes: string;
  terms: string;
  gstNumber: string;
  qstNumber: string;
  page: (page: number, pages: number) => string;
  status: Record<PdfDocumentStatus | 'overdue', string | null>;
  // Statements
  period: (from: string, to: string) => string;
  account: string;
  transactions: string;
  openingBalance: string;
  closingBalance: string;
  charges: string;
  credits: string;
  date: string;
  type: string;
  reference: string;
  balance: string;
  noEntries: string;
  entryTypes: Record<LedgerEntryType, string>;
  /** How a payment was made: a manual method, else online. */
  paymentMethods: Record<'cash' | 'cheque' | 'interac' | 'card_terminal' | 'online', string>;
  openInvoicesAt: (date: string) => string;
  noOpenInvoices: string;
  daysLate: string;
  openAmount: string;
  aging: Record<AgingBucket | 'total', string>;
  creditBalance: string;
}

const fr: PdfLabels = {
  invoice: 'Facture',
  quote: 'Devis',
  validUntil: 'Valide jusqu’au',
  deposit: (percent) => `Acompte à l’acceptation (${percent} %)`,
  quoteFor: 'Préparé pour',
  creditNote: 'Note de crédit',
  statement: 'Relevé de compte',
  draft: 'Brouillon',
  relatedTo: (number) => `relative à la facture ${number}`,
  billTo: 'Facturé à',
  number: 'Numéro',
  issuedOn: 'Date',
  dueOn: 'Échéance',
  currency: 'Devise',
  description: 'Description',
  quantity: 'Qté',
  unitPrice: 'Prix unitaire',
  discount: 'Remise',
  amount: 'Montant',
  notTaxable: 'Non taxable',
  subtotal: 'Sous-total',
  invoiceDiscount: 'Remise',
  promo: (code) => `Code promo ${code}`,
  shipping: 'Livraison',
  taxExempt: 'Client exonéré de taxes',
  total: 'Total',
  totalCredited: 'Total crédité',
  paid: 'Payé',
  credited: 'Crédité',
  balanceDue: 'Solde dû',
  notes: 'Notes',
  terms: 'Conditions',
  gstNumber: 'N° TPS',
  qstNumber: 'N° TVQ',
  page: (page, pages) => `Page ${page} de ${pages}`,
  status: {
    draft: 'BROUILLON',
    void: 'ANNULÉE',
    paid: 'PAYÉE',
    partially_paid: 'PAYÉE EN PARTIE',
    open: null,
    issued: null,
    overdue: 'EN RETARD',
  },
  period: (from, to) => `Du ${from} au ${to}`,
  account: 'Client',
  transactions: 'Opérations',
  openingBalance: "Solde d'ouverture",
  closingBalance: 'Solde de clôture',
  charges: 'Débits',
  credits: 'Crédits',
  date: 'Date',
  type: 'Type',
  reference: 'Référence',
  balance: 'Solde',
  noEntries: 'Aucune opération dans cette période.',
  entryTypes: {
    invoice: 'Facture',
    payment: 'Paiement',
    credit_note: 'Note de crédit',
    refund: 'Remboursement',
    adjustment: 'Ajustement',
  },
  paymentMethods: {
    cash: 'Comptant',
    cheque: 'Chèque',
    interac: 'Virement Interac',
    card_terminal: 'Terminal de paiement',
    online: 'Paiement en ligne',
  },
  openInvoicesAt: (date) => `Factures impayées au ${date}`,
  noOpenInvoices: 'Aucune facture impayée.',
  daysLate: 'Jours de retard',
  openAmount: 'Solde',
  aging: {
    current: 'Courant',
    '1_30': '1 à 30 jours',
    '31_60': '31 à 60 jours',
    '61_90': '61 à 90 jours',
    over_90: 'Plus de 90 jours',
    total: 'Total',
  },
  creditBalance: 'Solde créditeur en votre faveur',
};

const en: PdfLabels = {
  invoice: 'Invoice',
  quote: 'Quote',
  validUntil: 'Valid until',
  deposit: (percent) => `Deposit on acceptance (${percent}%)`,
  quoteFor: 'Prepared for',
  creditNote: 'Credit note',
  statement: 'Account statement',
  draft: 'Draft',
  relatedTo: (number) => `for invoice ${number}`,
  billTo: 'Bill to',
  number: 'Number',
  issuedOn: 'Date',
  dueOn: 'Due',
  currency: 'Currency',
  description: 'Description',
  quantity: 'Qty',
  unitPrice: 'Unit price',
  discount: 'Discount',
  amount: 'Amount',
  notTaxable: 'Not taxable',
  subtotal: 'Subtotal',
  invoiceDiscount: 'Discount',
  promo: (code) => `Promo code ${code}`,
  shipping: 'Shipping',
  taxExempt: 'Tax-exempt customer',
  total: 'Total',
  totalCredited: 'Total credited',
  paid: 'Paid',
  credited: 'Credited',
  balanceDue: 'Balance due',
  notes: 'Notes',
  terms: 'Terms',
  gstNumber: 'GST No.',
  qstNumber: 'QST No.',
  page: (page, pages) => `Page ${page} of ${pages}`,
  status: {
    draft: 'DRAFT',
    void: 'VOID',
    paid: 'PAID',
    partially_paid: 'PARTIALLY PAID',
    open: null,
    issued: null,
    overdue: 'OVERDUE',
  },
  period: (from, to) => `${from} to ${to}`,
  account: 'Customer',
  transactions: 'Transactions',
  openingBalance: 'Opening balance',
  closingBalance: 'Closing balance',
  charges: 'Charges',
  credits: 'Credits',
  date: 'Date',
  type: 'Type',
  reference: 'Reference',
  balance: 'Balance',
  noEntries: 'No transactions in this period.',
  entryTypes: {
    invoice: 'Invoice',
    payment: 'Payment',
    credit_note: 'Credit note',
    refund: 'Refund',
    adjustment: 'Adjustment',
  },
  paymentMethods: {
    cash: 'Cash',
    cheque: 'Cheque',
    interac: 'Interac e-Transfer',
    card_terminal: 'Card terminal',
    online: 'Online payment',
  },
  openInvoicesAt: (date) => `Unpaid invoices as of ${date}`,
  noOpenInvoices: 'No unpaid invoices.',
  daysLate: 'Days late',
  openAmount: 'Balance',
  aging: {
    current: 'Current',
    '1_30': '1–30 days',
    '31_60': '31–60 days',
    '61_90': '61–90 days',
    over_90: 'Over 90 days',
    total: 'Total',
  },
  creditBalance: 'Credit balance in your favour',
};

export const pdfLabels: Record<PdfLanguage, PdfLabels> = { 'fr-CA': fr, 'en-CA': en };

/** The document language for a customer's language_code: English for en*, French otherwise (Québec first). */
export function pdfLanguageOf(languageCode: string | null | undefined): PdfLanguage {
  return languageCode?.toLowerCase().startsWith('en') ? 'en-CA' : 'fr-CA';
}

const taxNames: Record<PdfLanguage, Record<string, string>> = {
  'fr-CA': { GST: 'TPS', QST: 'TVQ', HST: 'TVH', PST: 'TVP' },
  'en-CA': {},
};

/** "TPS 5 %", "TVQ 9,975 %" / "GST 5%", "QST 9.975%". */
export function taxLabel(code: string, ratePpm: number, language: PdfLanguage): string {
  const name = taxNames[language][code] ?? code;
  const rate = ratePercent(ratePpm);
  // French puts a no-break space before % and writes a decimal comma.
  return language === 'fr-CA' ? `${name} ${rate.replace('.', ',')}\u00a0%` : `${name} ${rate}%`;
}

/** Money in the document's language: "1 234,56 $" / "$1,234.56". */
export function money(cents: number, currency: string, language: PdfLanguage): string {
  return formatCents(cents, currency, language);
}

/** "1.500" → "1,5" / "1.5". */
export function quantity(value: string, language: PdfLanguage): string {
  const thousandths = quantityToThousandths(value);
  const text = thousandths === undefined ? value : formatQuantity(thousandths);
  return language === 'fr-CA' ? text.replace('.', ',') : text;
}

const dateFormats = new Map<PdfLanguage, Intl.DateTimeFormat>();

/** '2026-05-04' → "4 mai 2026" / "May 4, 2026" (a calendar date: no time zone shift). */
export function longDate(date: string, language: PdfLanguage): string {
  let format = dateFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(language, format);
  }
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return format.format(new Date(Date.UTC(y, m - 1, d)));
}
