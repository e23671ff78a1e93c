/**
 * Secrets in a queued message. A message that carries a signer's link or a signing code must
 * reach its recipient, but the outbox, the timeline and the audit are read by staff: stored,
 * the message holds a marker in place of each secret, and the values are kept beside it only
 * until it is sent (or will never be), then erased. Shown, a marker reads as dots.
 */
const marker = (index: number) => `⟦secret:${index}⟧`;
const markers = /⟦secret:(\d+)⟧/g;

/** The message with each secret (longest first, so none hides inside another) replaced by its marker. */
export function hideSecrets<T extends { subject: string; html: string; text: string }>(
  message: T,
  secrets: readonly string[],
): T {
  const order = secrets.map((secret, index) => ({ secret, index })).filter(({ secret }) => secret.length > 0);
  order.sort((a, b) => b.secret.length - a.secret.length);
  const hide = (value: string) =>
    order.reduce((result, { secret, index }) => result.replaceAll(secret, marker(index)), value);
  return { ...message, subject: hide(message.subject), html: hide(message.html), text: hide(message.text) };
}

/** What is sent: the markers given their values back. */
export function revealSecrets(value: string, secrets: readonly string[] | null): string {
  return value.replace(markers, (found, index: string) => secrets?.[Number(index)] ?? found);
}

/** What staff see: the markers as dots. */
export function maskSecrets(value: string): string {
  return value.replace(markers, '••••••');
}
