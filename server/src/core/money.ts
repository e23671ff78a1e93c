/**
 * Money arithmetic: integer cents, rates in basis points (1 % = 100 bp). Pure; never a float.
 * (The full module is being written in another branch; at merge its version of this file wins.)
 */

function assertSafeInteger(value: number, name: string) {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer, got ${value}`);
}

/**
 * `basisPoints` of `cents`, rounded half-up to the cent (half away from zero for a negative
 * amount). Computed in BigInt, so no product of two safe integers loses a digit.
 */
export function percentOfCents(cents: number, basisPoints: number): number {
  assertSafeInteger(cents, 'cents');
  assertSafeInteger(basisPoints, 'basisPoints');
  const product = BigInt(cents) * BigInt(basisPoints);
  const magnitude = product < 0n ? -product : product;
  const rounded = (magnitude + 5_000n) / 10_000n;
  const result = Number(product < 0n ? -rounded : rounded);
  assertSafeInteger(result, 'result');
  return result;
}
