import { notifications } from '@mantine/notifications';
import { i18n } from '../i18n';
import { errorMessage } from '../lib/errors';

export function notifySuccess(message: string) {
  notifications.show({ message, color: 'teal', autoClose: 3000 });
}

export function notifyError(error: unknown) {
  notifications.show({ message: errorMessage(error, i18n.t), color: 'red', autoClose: 6000 });
}
