import { requestEventMetadata } from './event-metadata';
import { RequestContext } from './request-context';

describe('requestEventMetadata', () => {
  it('carries the request’s correlation id, actor and idempotency key into event metadata', () => {
    const metadata = RequestContext.run({ correlationId: 'c-1' }, () => {
      RequestContext.assign({
        actor: { id: 'clerk-1', roles: ['billing-clerk'] },
        idempotencyKey: 'k-1',
      });
      return requestEventMetadata('invoicing');
    });
    expect(metadata).toEqual({
      correlationId: 'c-1',
      causationId: null,
      actor: { id: 'clerk-1', roles: ['billing-clerk'] },
      service: 'invoicing',
      idempotencyKey: 'k-1',
    });
  });

  it('refuses to make metadata without an actor', () => {
    expect(() =>
      RequestContext.run({ correlationId: 'c-2' }, () => requestEventMetadata('invoicing')),
    ).toThrow(/No actor/);
    expect(() => requestEventMetadata('invoicing')).toThrow(/outside an HTTP request/);
  });
});
