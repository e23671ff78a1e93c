import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  eventHash,
  genesisHash,
  type SignatureEventRow,
  verifyChain,
} from './signatures.audit.ts';

function chain(length: number): SignatureEventRow[] {
  const events: SignatureEventRow[] = [];
  let previous = genesisHash;
  for (let seq = 1; seq <= length; seq += 1) {
    const row = {
      request_id: '0190a000-0000-7000-8000-000000000001',
      seq,
      event: seq === 1 ? ('created' as const) : ('opened' as const),
      signer_id: null,
      actor_id: null,
      ip: `192.0.2.${seq}`,
      user_agent: 'Mozilla/5.0',
      at: new Date(Date.UTC(2026, 11, 1, 12, 0, seq)),
      data: { b: 1, a: ['x', { d: null, c: true }] },
      prev_hash: previous,
    };
    const hash = eventHash(row);
    events.push({ id: `id-${seq}`, ...row, hash });
    previous = hash;
  }
  return events;
}

describe('canonical serialization', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 'é' }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"y":"é","z":1}]},"b":1}',
    );
  });

  it('gives the same hash whatever the key order (jsonb reorders keys)', () => {
    const [event] = chain(1);
    const reordered = { ...event!, data: { a: ['x', { c: true, d: null }], b: 1 } };
    expect(eventHash(reordered)).toBe(event!.hash);
  });
});

describe('hash chain', () => {
  it('verifies an untouched chain', () => {
    expect(verifyChain(chain(5))).toBeNull();
  });

  it('finds an event whose content was changed', () => {
    const events = chain(5);
    events[2] = { ...events[2]!, ip: '203.0.113.9' };
    expect(verifyChain(events)).toEqual({ seq: 3, reason: 'content does not match its hash' });
  });

  it('finds an event rewritten with a fresh hash: the next link breaks', () => {
    const events = chain(5);
    const changed = { ...events[1]!, user_agent: 'forged' };
    events[1] = { ...changed, hash: eventHash(changed) };
    expect(verifyChain(events)).toEqual({ seq: 3, reason: 'previous hash does not match' });
  });

  it('finds a removed event', () => {
    const events = chain(4);
    events.splice(1, 1);
    expect(verifyChain(events)).toEqual({ seq: 3, reason: 'gap in the sequence' });
  });
});
