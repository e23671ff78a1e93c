import { describe, expect, it } from 'vitest';
import { type BlockEntry, firstMismatch } from './audit-seal.compare.ts';

const entry = (id: string, digest = id): BlockEntry => ({ id, digest: Buffer.from(digest) });
const sealed = [entry('a'), entry('b'), entry('c')];

describe('firstMismatch', () => {
  it.each([
    ['nothing changed', [entry('a'), entry('b'), entry('c')], null],
    ['an altered entry', [entry('a'), entry('b', 'B'), entry('c')], { kind: 'altered', entry_id: 'b' }],
    ['a deleted entry', [entry('a'), entry('c')], { kind: 'deleted', entry_id: 'b' }],
    ['the last entry deleted', [entry('a'), entry('b')], { kind: 'deleted', entry_id: 'c' }],
    [
      'an inserted entry',
      [entry('a'), entry('x'), entry('b'), entry('c')],
      { kind: 'inserted', entry_id: 'x' },
    ],
    ['an entry added at the end', [...sealed, entry('x')], { kind: 'inserted', entry_id: 'x' }],
    [
      'a duplicated id',
      [entry('a'), entry('a'), entry('b'), entry('c')],
      { kind: 'inserted', entry_id: 'a' },
    ],
    ['an entry moved forward', [entry('c', 'C'), entry('a'), entry('b')], { kind: 'altered', entry_id: 'c' }],
    ['an entry moved back', [entry('b'), entry('c'), entry('a', 'A')], { kind: 'altered', entry_id: 'a' }],
  ] as const)('finds %s', (_name, actual, expected) => {
    expect(firstMismatch(sealed, actual)).toEqual(expected);
  });
});
