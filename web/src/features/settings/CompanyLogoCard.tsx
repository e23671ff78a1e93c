import { Box, Button, FileButton, Group, Image, Paper, Stack, Text, Title } from '@mantine/core';
import { IconPhotoUp, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../ui/notify';
import {
  type CompanySettings,
  companyLogoUrl,
  logoMaxBytes,
  logoTypes,
  useDeleteCompanyLogo,
  useUploadCompanyLogo,
} from './settings.api';

/** Server refusals with a message of their own; anything else is the generic one. */
const errorKeys = {
  'logo.type_not_allowed': 'settings.logo.errors.type_not_allowed',
  'logo.too_large': 'settings.logo.errors.too_large',
  'logo.empty': 'settings.logo.errors.empty',
} as const;

/** The logo printed on documents and emails: its preview, a new one, or none. */
export function CompanyLogoCard({ settings }: { settings: CompanySettings }) {
  const { t } = useTranslation();
  const upload = useUploadCompanyLogo();
  const remove = useDeleteCompanyLogo();
  const [error, setError] = useState<string>();

  const choose = async (file: File | null) => {
    setError(undefined);
    if (!file) return;
    // Checked here for a quick answer; the server reads the type from the content all the same.
    if (!logoTypes.includes(file.type)) return setError(t('settings.logo.errors.type_not_allowed'));
    if (file.size === 0) return setError(t('settings.logo.errors.empty'));
    if (file.size > logoMaxBytes) return setError(t('settings.logo.errors.too_large'));
    try {
      await upload.mutateAsync(file);
      notifySuccess(t('settings.logo.saved'));
    } catch (failure) {
      const code = failure instanceof Error ? failure.message : '';
      setError(t(errorKeys[code as keyof typeof errorKeys] ?? 'settings.logo.errors.other'));
    }
  };

  const removeLogo = async () => {
    setError(undefined);
    try {
      await remove.mutateAsync();
      notifySuccess(t('settings.logo.removed'));
    } catch {
      setError(t('settings.logo.errors.other'));
    }
  };

  return (
    <Paper withBorder radius="md" p="md" data-testid="company-logo">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4">
            {t('settings.logo.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('settings.logo.help')}
          </Text>
        </div>
        <Box
          p="sm"
          bg="gray.0"
          style={{ borderRadius: 8, minHeight: 72, display: 'flex', alignItems: 'center' }}
        >
          {settings.logo_sha256 ? (
            <Image
              src={companyLogoUrl(settings.logo_sha256)}
              alt={t('settings.logo.preview', { name: settings.name })}
              maw={300}
              mah={100}
              fit="contain"
              w="auto"
              data-testid="company-logo-preview"
            />
          ) : (
            <Text size="sm" c="dimmed" data-testid="company-logo-none">
              {t('settings.logo.none')}
            </Text>
          )}
        </Box>
        <Group gap="sm">
          <FileButton onChange={(file) => void choose(file)} accept={logoTypes.join(',')}>
            {(props) => (
              <Button
                {...props}
                variant="light"
                leftSection={<IconPhotoUp size={16} />}
                loading={upload.isPending}
                data-testid="company-logo-choose"
              >
                {settings.has_logo ? t('settings.logo.replace') : t('settings.logo.choose')}
              </Button>
            )}
          </FileButton>
          {settings.has_logo && (
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={16} />}
              loading={remove.isPending}
              onClick={() => void removeLogo()}
              data-testid="company-logo-remove"
            >
              {t('settings.logo.remove')}
            </Button>
          )}
        </Group>
        {error && (
          <Text size="sm" c="red" role="alert" data-testid="company-logo-error">
            {error}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
