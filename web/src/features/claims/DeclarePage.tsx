import { Box, Container, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n';
import { LanguageSwitch } from '../../ui/LanguageSwitch';
import { Logo } from '../../ui/Logo';
import { usePageTitle } from '../../ui/PageTitle';
import { ConversationWidget } from './ConversationWidget';

/** /declarer: the public page a policyholder reports a claim on, no sign-in, made for a phone. */
export function DeclarePage() {
  const { t } = useTranslation();
  usePageTitle(t('claims.widget.title'));
  const language = currentLocale().startsWith('en') ? 'en' : 'fr';
  return (
    <Box mih="100dvh" bg="var(--mantine-color-gray-0)">
      <Group justify="space-between" p="md">
        <Logo />
        <LanguageSwitch />
      </Group>
      <Container size={640} px={{ base: 'xs', sm: 'md' }} pb="xl">
        <Stack gap="sm">
          <div>
            <Title order={1} size="h2">
              {t('claims.widget.title')}
            </Title>
            <Text c="dimmed" size="sm">
              {t('claims.widget.subtitle')}
            </Text>
          </div>
          <ConversationWidget language={language} height="min(60dvh, 520px)" />
        </Stack>
      </Container>
    </Box>
  );
}
