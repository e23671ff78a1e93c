import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export const sha256Hex = (value: string | Buffer) => createHash('sha256').update(value).digest('hex');

export function newNonce() {
  return randomBytes(16).toString('base64url');
}

/**
 * A signer's token: an HMAC of a random nonce under the server's secret. Only its SHA-256 is
 * stored; the nonce lets the server write the link again (a later signer's turn in a
 * sequence) without keeping it. A reminder draws a new nonce: the old link stops working.
 */
export function signingToken(secret: string, signerId: string, nonce: string) {
  return createHmac('sha256', secret).update(`sign:${signerId}:${nonce}`).digest('base64url');
}

export function newCode() {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function codeHash(secret: string, signerId: string, code: string) {
  return createHmac('sha256', secret).update(`code:${signerId}:${code}`).digest('hex');
}

export function sameHash(a: string, b: string) {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
