import { Loader, Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconUser } from '@tabler/icons-react';
import { useState } from 'react';
import { useCustomer, useCustomerSearch } from './invoices.api';

/**
 * A customer found by typing part of a name, email, phone or matricule (the server searches);
 * arrows and Enter choose one. The chosen customer stays shown even when off the results.
 */
export function CustomerPicker({
  value,
  onChange,
  ...props
}: Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange'> & {
  value: string | null;
  onChange: (id: string | null) => void;
}) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const selected = useCustomer(value);
  // Once chosen, the box shows the name: searching it again would only find that customer.
  const query = selected.data && search === selected.data.display_name ? '' : debounced;
  const results = useCustomerSearch(query);
  const options = (results.data?.data ?? []).map((customer) => ({
    value: customer.id,
    label: customer.display_name || customer.email || customer.id,
  }));
  if (selected.data && !options.some((option) => option.value === selected.data.id)) {
    options.unshift({ value: selected.data.id, label: selected.data.display_name });
  }
  return (
    <Select
      {...props}
      searchable
      clearable
      leftSection={<IconUser size={16} />}
      rightSection={results.isFetching ? <Loader size={14} /> : undefined}
      data={options}
      // The server already matched (accents, phone, matricule): nothing is filtered again here.
      filter={({ options: all }) => all}
      value={value}
      onChange={onChange}
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={results.isFetching ? undefined : props.nothingFoundMessage}
    />
  );
}
