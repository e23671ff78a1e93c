import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../lib/errors';
import { notifySuccess } from '../../../ui/notify';
import { useSavePart } from '../customers.api';
import type { PartKind } from '../customers.types';

/** Saves a part (POST or PATCH) and puts the server's field errors on the form. */
export function usePartSubmit(
  customerId: string,
  kind: PartKind,
  partId: string | undefined,
  form: { setErrors(errors: Record<string, string>): void },
  fields: readonly string[],
  onDone: () => void,
) {
  const { t } = useTranslation();
  const save = useSavePart(customerId, kind);
  const [alert, setAlert] = useState<string>();
  const submit = async (body: Record<string, unknown>) => {
    setAlert(undefined);
    try {
      await save.mutateAsync({ partId, body });
      notifySuccess(partId ? t('common.saved') : t('common.created'));
      onDone();
    } catch (error) {
      setAlert(applyServerErrors(form, error, fields, t));
    }
  };
  return { submit, alert, pending: save.isPending };
}
