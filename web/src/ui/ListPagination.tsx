import { Group, Pagination, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';

/**
 * A list's footer once it has more than one page: where you are ("Page 2 of 5") and the pages.
 * Changing page goes back to the top, where the list starts.
 */
export function ListPagination({
  pagination: { page, pages },
  label,
  onChange,
}: {
  pagination: { page: number; pages: number };
  label: string;
  onChange: (page: number) => void;
}) {
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  if (pages <= 1) return null;
  return (
    <Group justify="space-between">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Pagination
        total={pages}
        value={page}
        onChange={(next) => {
          onChange(next);
          window.scrollTo({ top: 0 });
        }}
        size="sm"
        siblings={isPhone ? 0 : 1}
      />
    </Group>
  );
}
