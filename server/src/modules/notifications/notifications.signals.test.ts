import { describe, expect, it } from 'vitest';
import type { Role } from '../../core/context.ts';
import {
  type AudienceDirectory,
  type AudienceEvent,
  linkOf,
  signalAudienceOf,
} from './notifications.audience.ts';

// The live signals' rules and the notifications' links, on a directory held in memory.
const users: Record<string, Role> = {
  admin1: 'admin',
  staff1: 'staff',
  advisor1: 'advisor',
  advisor2: 'advisor',
  clientA: 'client',
};
const directory: AudienceDirectory = {
  usersWithRoles: async (roles) =>
    Object.entries(users)
      .filter(([, role]) => roles.includes(role))
      .map(([id, role]) => ({ id, role })),
  clientUsersOf: async () => ['clientA'],
  customer: async (id) =>
    id === 'secret'
      ? { id, privacy_level: 'confidentiel', assigned_user_id: 'advisor2' }
      : { id, privacy_level: 'normal', assigned_user_id: null },
  ticketAssignee: async () => null,
  roleOf: async (id) => users[id] ?? null,
};

function event(
  type: string,
  payload: Record<string, unknown>,
  actor = 'clientA',
  customer = 'A',
): AudienceEvent {
  return { type, customer_id: customer, entity_id: 'entity', actor_id: actor, payload };
}

describe('live signals', () => {
  it('a conversation taken reaches the other advisors only', async () => {
    expect(await signalAudienceOf(event('conversation.taken', {}, 'advisor1'), directory)).toEqual([
      'advisor2',
    ]);
  });

  it("a claim's status move reaches its assignee, unless they made it", async () => {
    const move = { claim_id: 'c1', assigned_to: 'advisor1' };
    expect(await signalAudienceOf(event('claim.status_changed', move, 'staff1'), directory)).toEqual([
      'advisor1',
    ]);
    expect(await signalAudienceOf(event('claim.status_changed', move, 'advisor1'), directory)).toEqual([]);
    expect(
      await signalAudienceOf(event('claim.status_changed', { claim_id: 'c1', assigned_to: null }), directory),
    ).toEqual([]);
  });

  it('an assignee who may not see a confidentiel customer hears nothing', async () => {
    const move = { claim_id: 'c1', assigned_to: 'advisor1' };
    expect(
      await signalAudienceOf(event('claim.status_changed', move, 'staff1', 'secret'), directory),
    ).toEqual([]);
  });

  it("a customer's message reaches the advisor holding the conversation; the advisor's own does not", async () => {
    const held = { conversation_id: 'v1', claim_id: 'c1', assigned_to: 'advisor1' };
    expect(
      await signalAudienceOf(event('conversation.message_added', { ...held, author: 'customer' }), directory),
    ).toEqual(['advisor1']);
    expect(
      await signalAudienceOf(
        event('conversation.message_added', { ...held, author: 'advisor' }, 'advisor1'),
        directory,
      ),
    ).toEqual([]);
    expect(
      await signalAudienceOf(
        event('conversation.message_added', { ...held, author: 'customer', assigned_to: 'clientA' }),
        directory,
      ),
    ).toEqual([]);
  });

  it('other events signal no one', async () => {
    expect(await signalAudienceOf(event('ticket.opened', {}), directory)).toEqual([]);
  });
});

describe('links', () => {
  it('lead to pages the web has', () => {
    expect(linkOf(event('claim.escalated', { claim_id: 'c1' }))).toBe('/claims/c1');
    expect(linkOf(event('conversation.escalated', { conversation_id: 'v1', claim_id: null }))).toBe(
      '/claims/dashboard',
    );
    // Taken goes to the customer, who has no conversation page: the claim's when there is one.
    expect(linkOf(event('conversation.taken', { conversation_id: 'v1', claim_id: 'c1' }))).toBe('/claims/c1');
    expect(linkOf(event('conversation.taken', { conversation_id: 'v1', claim_id: null }))).toBeNull();
    expect(linkOf({ ...event('ticket.replied', {}), entity_id: 't1' })).toBe('/tickets/t1');
  });
});
