/** One sealed entry: its id and the SHA-256 of its canonical form. */
export type BlockEntry = {
  id: string;
  digest: Buffer;
};

export interface Mismatch {
  kind: 'altered' | 'deleted' | 'inserted';
  entry_id: string;
}

/**
 * The first place where a block's rows today (`actual`) differ from what was sealed, both in
 * block order (tx_id, id): an entry whose content changed, one that is gone, or one that
 * appeared inside the sealed range. Null when they are the same.
 */
export function firstMismatch(sealed: readonly BlockEntry[], actual: readonly BlockEntry[]): Mismatch | null {
  const sealedById = new Map(sealed.map((entry) => [entry.id, entry.digest]));
  const actualById = new Map(actual.map((entry) => [entry.id, entry.digest]));
  const seen = new Set<string>();
  for (let index = 0; index < Math.max(sealed.length, actual.length); index++) {
    const was = sealed[index];
    const is = actual[index];
    // A second row with a sealed id (possible once its primary key is dropped) was inserted.
    if (is && seen.has(is.id)) return { kind: 'inserted', entry_id: is.id };
    if (is) seen.add(is.id);
    if (was && is && was.id === is.id) {
      if (!was.digest.equals(is.digest)) return { kind: 'altered', entry_id: was.id };
      continue;
    }
    if (is && !sealedById.has(is.id)) return { kind: 'inserted', entry_id: is.id };
    if (was && !actualById.has(was.id)) return { kind: 'deleted', entry_id: was.id };
    // Both are still there, in another order: the one whose content changed (its transaction id) moved.
    if (is && !sealedById.get(is.id)!.equals(is.digest)) return { kind: 'altered', entry_id: is.id };
    if (was) return { kind: 'altered', entry_id: was.id };
    if (is) return { kind: 'inserted', entry_id: is.id };
  }
  return null;
}
