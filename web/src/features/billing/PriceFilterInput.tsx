import { Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { centsToInput, parseDollarsToCents } from '../../lib/money';
import { useDebouncedInput } from '../../lib/url-state';

/** A price bound typed in dollars, kept in the URL in cents; what is not an amount is said beside it. */
export function PriceFilterInput({
  label,
  cents,
  error,
  onChange,
}: {
  label: string;
  cents: number | undefined;
  /** A rule across both bounds (minimum above maximum), from the page. */
  error?: string;
  onChange: (cents: number | undefined) => void;
}) {
  const { t, i18n } = useTranslation();
  const [invalid, setInvalid] = useState(false);
  const [text, setText] = useDebouncedInput(
    cents === undefined ? undefined : centsToInput(cents, i18n.language),
    (value) => {
      if (value === '') {
        setInvalid(false);
        onChange(undefined);
        return;
      }
      const parsed = parseDollarsToCents(value);
      setInvalid(parsed === null);
      if (parsed !== null) onChange(parsed);
    },
    400,
  );
  return (
    <TextInput
      size="sm"
      aria-label={label}
      placeholder={label}
      inputMode="decimal"
      rightSection={<Text size="sm">$</Text>}
      value={text}
      error={invalid ? t('catalog.errors.amount') : error}
      onChange={(event) => setText(event.currentTarget.value)}
    />
  );
}
