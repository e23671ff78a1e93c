import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useRouteError } from 'react-router';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Center py="xl">
      <Stack align="center">
        <Title order={1} size="h2">
          404
        </Title>
        <Text>{t('app.notFound')}</Text>
        <Button component={Link} to="/customers" variant="light">
          {t('app.goHome')}
        </Button>
      </Stack>
    </Center>
  );
}

export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  console.error(error);
  return (
    <Center h="100dvh" p="md">
      <Stack align="center">
        <Title order={1} size="h3">
          {t('app.crashed')}
        </Title>
        <Button onClick={() => window.location.reload()}>{t('app.reload')}</Button>
      </Stack>
    </Center>
  );
}
