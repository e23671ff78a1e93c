import { Button, Group, Paper, SegmentedControl, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../lib/errors';
import { notifySuccess } from '../../ui/notify';
import { FormAlert } from '../customers/parts/PartForm';
import { useLogActivity } from './timeline.api';
import { type ManualActivityType, manualActivityTypes } from './timeline.types';

const fields = ['activity_type', 'title', 'description'];

export function LogActivityForm({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const log = useLogActivity(customerId);
  const [alert, setAlert] = useState<string>();
  const form = useForm({
    initialValues: { activity_type: 'note' as ManualActivityType, title: '', description: '' },
    validate: { title: (value) => (value.trim() ? null : t('auth.errors.required')) },
  });

  const submit = form.onSubmit(async (values) => {
    setAlert(undefined);
    try {
      await log.mutateAsync({
        activity_type: values.activity_type,
        title: values.title.trim(),
        description: values.description.trim() || null,
      });
      notifySuccess(t('timeline.log.done'));
      form.setValues({ title: '', description: '' });
      form.resetDirty();
    } catch (error) {
      setAlert(applyServerErrors(form, error, fields, t));
    }
  });

  return (
    <Paper withBorder p="md" radius="md">
      <form onSubmit={submit} noValidate data-testid="log-activity-form">
        <Stack gap="sm">
          <Title order={2} size="h5">
            {t('timeline.log.title')}
          </Title>
          <FormAlert message={alert} />
          <SegmentedControl
            size="xs"
            fullWidth
            aria-label={t('timeline.log.type')}
            data={manualActivityTypes.map((value) => ({ value, label: t(`timeline.types.${value}`) }))}
            {...form.getInputProps('activity_type')}
          />
          <TextInput
            label={t('timeline.log.subject')}
            placeholder={t('timeline.log.subjectPlaceholder')}
            required
            maxLength={200}
            {...form.getInputProps('title')}
          />
          <Textarea
            label={t('timeline.log.description')}
            autosize
            minRows={2}
            maxRows={6}
            {...form.getInputProps('description')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={log.isPending}>
              {t('timeline.log.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
