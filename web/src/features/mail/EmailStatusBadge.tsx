import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { EmailStatus, EmailSummary } from './mail.api';

const colors: Record<EmailStatus, string> = {
  queued: 'blue',
  sent: 'teal',
  failed: 'red',
  suppressed: 'gray',
};

/** The message's status; a suppressed one says why in its tooltip and for screen readers. */
export function EmailStatusBadge({ email }: { email: Pick<EmailSummary, 'status' | 'suppressed_reason'> }) {
  const { t } = useTranslation();
  const label = t(`mail.status.${email.status}`);
  const reason = email.suppressed_reason ? t(`mail.reasons.${email.suppressed_reason}`) : null;
  const badge = (
    <Badge color={colors[email.status]} variant="light" aria-label={reason ? `${label} : ${reason}` : label}>
      {label}
    </Badge>
  );
  return reason ? <Tooltip label={reason}>{badge}</Tooltip> : badge;
}
