import { Button, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { changeLocale, currentLocale } from '../i18n';

/** One click switches between French and English; the choice is remembered. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const next = currentLocale() === 'fr-CA' ? 'en-CA' : 'fr-CA';
  return (
    <Tooltip label={t('app.switchLanguage')}>
      <Button
        variant="subtle"
        color="gray"
        size="compact-md"
        aria-label={t('app.switchLanguage')}
        lang={next}
        onClick={() => void changeLocale(next)}
        data-testid="language-switch"
      >
        {t('app.languageShort')}
      </Button>
    </Tooltip>
  );
}
