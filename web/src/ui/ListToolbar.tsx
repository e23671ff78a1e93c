import { Button, Kbd, Loader, TextInput } from '@mantine/core';
import { IconAdjustmentsHorizontal, IconSearch } from '@tabler/icons-react';
import type { Ref } from 'react';

/**
 * A list page's search box: `/` shown as its shortcut (not on a phone), a spinner while a new
 * page loads, ↓ into the first row, Enter opens the only row, Escape clears.
 */
export function ListSearchInput(props: {
  inputRef: Ref<HTMLInputElement>;
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  fetching: boolean;
  isPhone: boolean;
  onFirstRow: () => void;
  /** Called on Enter when the list holds exactly one row. */
  onOnlyRow?: () => void;
  size?: 'sm' | 'md';
  /** Focused when the page opens (the customer list: searching is what one comes for). */
  autoFocus?: boolean;
  testId: string;
}) {
  const large = props.size === 'md';
  return (
    <TextInput
      ref={props.inputRef}
      autoFocus={props.autoFocus}
      type="search"
      size={props.size}
      aria-label={props.label}
      placeholder={props.placeholder}
      leftSection={<IconSearch size={large ? 18 : 16} />}
      rightSection={props.fetching ? <Loader size={large ? 16 : 14} /> : props.isPhone ? null : <Kbd>/</Kbd>}
      value={props.value}
      onChange={(event) => props.onChange(event.currentTarget.value)}
      onKeyDown={(event) => {
        if (event.key === 'ArrowDown') {
          event.preventDefault();
          props.onFirstRow();
        } else if (event.key === 'Enter') {
          props.onOnlyRow?.();
        } else if (event.key === 'Escape' && props.value) {
          props.onChange('');
        }
      }}
      data-testid={props.testId}
    />
  );
}

/** On a phone, the button that shows or hides a list's filters, with how many are set. */
export function FiltersToggle(props: {
  label: string;
  active: number;
  opened: boolean;
  onToggle: () => void;
}) {
  return (
    <Button
      variant="subtle"
      size="compact-sm"
      leftSection={<IconAdjustmentsHorizontal size={16} />}
      onClick={props.onToggle}
      aria-expanded={props.opened}
      style={{ alignSelf: 'flex-start' }}
    >
      {props.label}
      {props.active ? ` (${props.active})` : ''}
    </Button>
  );
}
