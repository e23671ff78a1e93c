import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { enCA } from './en-CA';
import { frCA, type Messages } from './fr-CA';

export const locales = ['fr-CA', 'en-CA'] as const;
export type Locale = (typeof locales)[number];

const storageKey = 'atrium.locale';
const messages: Record<Locale, Messages> = { 'fr-CA': frCA, 'en-CA': enCA };

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** French first: the stored choice, else French unless the browser prefers English. */
function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(storageKey);
    if (isLocale(stored)) return stored;
  } catch {
    // storage may be blocked; the default applies
  }
  return 'fr-CA';
}

const lng = initialLocale();
document.documentElement.lang = lng;

void i18n.use(initReactI18next).init({
  resources: { 'fr-CA': { translation: frCA }, 'en-CA': { translation: enCA } },
  lng,
  fallbackLng: 'fr-CA',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : 'fr-CA';
}

export async function changeLocale(locale: Locale) {
  try {
    localStorage.setItem(storageKey, locale);
  } catch {
    // not remembered, still switched
  }
  document.documentElement.lang = locale;
  await i18n.changeLanguage(locale);
}

/** The server speaks English; its known messages and codes are shown in the user's language. */
export function translateServerMessage(message: string): string {
  const table = messages[currentLocale()].errors.server as Record<string, string>;
  return table[message] ?? message;
}

export function translateErrorCode(code: string): string | undefined {
  const table = messages[currentLocale()].errors.codes as Record<string, string>;
  return table[code];
}

export { i18n };
