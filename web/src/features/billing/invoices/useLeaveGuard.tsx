import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker } from 'react-router';

/**
 * Leaving a form with changes not saved asks first: inside the app with a dialog, when the tab
 * closes or reloads with the browser's own. `allow()` lets a deliberate navigation through
 * (after a save, a delete) before the form knows it is clean.
 */
export function useLeaveGuard(dirty: boolean) {
  const { t } = useTranslation();
  const allowed = useRef(false);
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      !allowed.current && dirtyRef.current && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (!allowed.current && dirtyRef.current) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);

  const modal =
    blocker.state === 'blocked' ? (
      <Modal opened onClose={() => blocker.reset()} title={t('invoices.leave.title')} size="sm">
        <Stack>
          <Text size="sm">{t('invoices.leave.message')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => blocker.reset()} data-autofocus>
              {t('invoices.leave.stay')}
            </Button>
            <Button color="red" onClick={() => blocker.proceed()} data-testid="leave-anyway">
              {t('invoices.leave.leave')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    ) : null;

  return {
    allow: () => {
      allowed.current = true;
    },
    modal,
  };
}
