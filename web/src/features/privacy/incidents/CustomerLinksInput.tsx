import { Loader, MultiSelect } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../lib/api';
import type { Schema } from '../../../lib/api-types';
import type { Customer } from '../../customers/customers.types';

interface Props {
  value: string[];
  onChange: (value: string[]) => void;
  error?: React.ReactNode;
  /** Names of the customers already linked (from the incident), so their chips read as names. */
  known: { id: string; display_name: string }[];
  disabled?: boolean;
}

/** Customers picked by searching the server (the same typo-tolerant search as the customer list). */
export function CustomerLinksInput({ value, onChange, error, known, disabled }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search.trim(), 250);
  const names = useRef(new Map<string, string>());
  for (const customer of known) names.current.set(customer.id, customer.display_name);

  const results = useQuery({
    queryKey: ['customers', 'list', { q: query, per_page: 10 }],
    queryFn: ({ signal }) =>
      api<{ data: Customer[]; pagination: Schema<'Pagination'> }>('/api/v1/customers', {
        query: { q: query, per_page: 10 },
        signal,
      }),
    enabled: query.length >= 2,
  });
  const found = query.length >= 2 ? (results.data?.data ?? []) : [];
  for (const customer of found) names.current.set(customer.id, customer.display_name);

  // Every chosen customer must stay in the data for its chip to show its name.
  const ids = [...new Set([...value, ...found.map((customer) => customer.id)])];
  const data = ids.map((id) => ({ value: id, label: names.current.get(id) ?? id }));

  return (
    <MultiSelect
      label={t('incidents.fields.customer_ids')}
      description={t('incidents.fields.customer_ids_help')}
      placeholder={value.length ? undefined : t('incidents.fields.customer_search')}
      leftSection={<IconSearch size={16} />}
      rightSection={results.isFetching ? <Loader size={14} /> : undefined}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The server already matched (and forgave typos); filtering again here would hide its hits.
      filter={({ options }) => options}
      hidePickedOptions
      clearable
      error={error}
      disabled={disabled}
      nothingFoundMessage={
        query.length >= 2 && !results.isFetching ? t('customers.emptySearch', { q: query }) : undefined
      }
      data-testid="incident-customers"
    />
  );
}
