import { useTranslation } from 'react-i18next';

/** An instant to the second, in the viewer's language and time zone: audit entries are read that closely. */
export function useInstant() {
  const { i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'medium' });
  return (value: string) => format.format(new Date(value));
}
