import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconAtom2 } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export function Logo() {
  const { t } = useTranslation();
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon size={30} radius="md" variant="filled" aria-hidden>
        <IconAtom2 size={20} />
      </ThemeIcon>
      <Text fw={700} size="lg" style={{ letterSpacing: '-0.01em' }}>
        {t('app.name')}
      </Text>
    </Group>
  );
}
