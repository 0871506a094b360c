import type { TimelineStep } from '../../../console/api';
import { orderTimeline, recentOrders, type TimelineInputs } from '../../../console/server/views/timeline';
import { record } from './fakes';

const ORDER = '41062955-0f0b-4f5e-9d4f-7d3c8f7b2a10';
const EVENT = 'e7a1b2c3-0000-4000-8000-000000000001';

function inputs(overrides: Partial<TimelineInputs> = {}): TimelineInputs {
  return {
    orderId: ORDER,
    order: {
      id: ORDER,
      status: 'PENDING',
      eventId: EVENT,
      requestReceivedAt: '2026-03-01T10:00:00.000Z',
      createdAt: '2026-03-01T10:00:00.004Z',
      eventTimestamp: '2026-03-01T10:00:00.012Z',
      eventPublishedAt: '2026-03-01T10:00:00.019Z',
      eventPartition: 2,
      eventOffset: 41,
    },
    event: {
      topic: 'order-events',
      partition: 2,
      offset: 41,
      timestamp: Date.parse('2026-03-01T10:00:00.012Z'),
    },
    notifications: [
      {
        eventId: EVENT,
        orderId: ORDER,
        status: 'SENT',
        attempts: 1,
        providerMessageId: 'ses-1',
        receivedAt: '2026-03-01T10:00:00.530Z',
        createdAt: '2026-03-01T10:00:00.533Z',
        sentAt: '2026-03-01T10:00:00.561Z',
        batchSize: 3,
      },
    ],
    email: {
      messageId: 'ses-1',
      from: 'no-reply@orders.local',
      to: ['ana@example.com'],
      subject: 'Tu orden',
      sentAt: new Date(),
    },
    committed: 42,
    notifyGroup: 'notification-service-group',
    ...overrides,
  };
}

const byKey = (steps: TimelineStep[]) => Object.fromEntries(steps.map((s) => [s.key, s]));

describe('orderTimeline', () => {
  it('lays out every step in milliseconds from the request, the 201 marked as the customer’s answer', () => {
    const timeline = orderTimeline(inputs());

    expect(timeline.steps.map((s) => [s.key, s.t, s.state])).toEqual([
      ['request', 0, 'done'],
      ['placed', 4, 'done'],
      ['published', 12, 'done'],
      ['responded', 19, 'done'],
      ['received', 530, 'done'],
      ['sent', 561, 'done'],
      ['status', 561, 'done'],
    ]);
    expect(timeline.steps.find((s) => s.customerAnswered)?.key).toBe('responded');
    expect(timeline).toMatchObject({
      complete: true,
      status: 'SENT',
      totals: { answeredMs: 19, emailMs: 561 },
      email: { messageId: 'ses-1' },
    });
  });

  it('says where the event is, when notify got it (batch, attempt) and that the group moved past it', () => {
    const steps = byKey(orderTimeline(inputs()).steps);

    expect(steps.published!.title).toBe('OrderCreated sent to order-events · partition 2 · offset 41');
    expect(steps.responded!.title).toBe(
      'acknowledged by Kafka (acks=all) → 201 Created {id, status: "PENDING"}',
    );
    expect(steps.received!.details).toEqual([
      ['group', 'notification-service-group'],
      ['batch', '3 records'],
      ['attempt', '1'],
    ]);
    expect(steps.sent!.details).toContainEqual(['messageId', 'ses-1']);
    expect(steps.status!.details).toContainEqual(['offset committed', 'yes (42)']);
  });

  it('shows what is still to come as waiting while the email has not gone out', () => {
    const timeline = orderTimeline(inputs({ notifications: [], email: undefined, committed: 41 }));
    const steps = byKey(timeline.steps);

    expect(timeline.complete).toBe(false);
    expect([steps.received!.state, steps.sent!.state, steps.status!.state]).toEqual([
      'waiting',
      'waiting',
      'waiting',
    ]);
    expect(steps.status!.details).toContainEqual(['offset committed', 'not yet']);
  });

  it('shows analytics-service alongside the order’s path, on the same clock, and waits for it to count', () => {
    const analytics = {
      group: 'analytics-service-group',
      countedAt: '2026-03-01T10:00:00.541Z',
      committed: 42,
    };
    const timeline = orderTimeline(inputs({ analytics }));

    expect(timeline.steps.map((s) => s.key)).not.toContain('counted');
    expect(timeline.alongside).toEqual([
      expect.objectContaining({
        key: 'counted',
        t: 541,
        state: 'done',
        details: [
          ['group', 'analytics-service-group'],
          ['offset committed', 'yes (42)'],
        ],
      }),
    ]);
    expect(timeline.complete).toBe(true);

    const counting = orderTimeline(
      inputs({ analytics: { ...analytics, countedAt: undefined, committed: 41 } }),
    );
    expect(counting.alongside[0]).toMatchObject({ state: 'waiting', t: undefined });
    expect(counting.alongside[0]!.details).toContainEqual(['offset committed', 'not yet']);
    expect(counting.complete).toBe(false);
  });

  it('has nothing alongside in a system without analytics-service', () => {
    expect(orderTimeline(inputs()).alongside).toEqual([]);
  });

  it('says "not recorded" for an order stored before the system recorded when its request arrived', () => {
    const base = inputs();
    const { requestReceivedAt: _r, ...older } = base.order!;

    const timeline = orderTimeline({ ...base, order: older });
    const steps = byKey(timeline.steps);

    expect(steps.request!.state).toBe('not-recorded');
    // Times then count from the first step that was recorded.
    expect(steps.placed!.t).toBe(0);
    expect(timeline.totals).toEqual({ answeredMs: undefined, emailMs: undefined });
  });

  it('shows an event still owed to the bus as pending', () => {
    const base = inputs();
    const order = {
      ...base.order!,
      pendingEvent: '{}',
      eventPublishedAt: undefined,
      eventTimestamp: undefined,
    };

    const steps = byKey(
      orderTimeline({ ...base, order, event: undefined, notifications: [], email: undefined }).steps,
    );

    expect(steps.published!.state).toBe('waiting');
    expect(steps.published!.details).toContainEqual(['state', 'pending: not on the bus yet']);
  });

  it('settles on a notification that failed for good, with its reason', () => {
    const base = inputs();
    const failed = {
      ...base.notifications[0]!,
      status: 'FAILED',
      sentAt: undefined,
      providerMessageId: undefined,
      updatedAt: '2026-03-01T10:00:00.600Z',
      lastError: 'MessageRejected',
    };

    const timeline = orderTimeline({ ...base, notifications: [failed], email: undefined });
    const steps = byKey(timeline.steps);

    expect(timeline.complete).toBe(true);
    expect(steps.sent!.state).toBe('not-recorded');
    expect(steps.status).toMatchObject({ title: 'notification FAILED', t: 600, state: 'done' });
    expect(steps.status!.details).toContainEqual(['last error', 'MessageRejected']);
  });

  it('reports an unknown order as not found', () => {
    const timeline = orderTimeline(
      inputs({ order: undefined, event: undefined, notifications: [], email: undefined }),
    );

    expect(timeline.found).toBe(false);
    expect(timeline.steps.every((s) => s.state === 'waiting')).toBe(true);
  });
});

describe('recentOrders', () => {
  it('lists OrderCreated events newest first and leaves other records out', () => {
    const created = (orderId: string, timestamp: number) =>
      record(
        'order-events',
        0,
        timestamp,
        { eventType: 'OrderCreated', orderId, totalAmount: '9.99', currency: 'EUR' },
        { timestamp },
      );

    const orders = recentOrders(
      [
        created('a', 1),
        record('order-events', 1, 5, 'not json'),
        record('order-events', 1, 6, { eventType: 'Other' }),
        created('b', 2),
      ],
      10,
    );

    expect(orders.map((o) => o.orderId)).toEqual(['b', 'a']);
    expect(orders[0]).toMatchObject({ partition: 0, offset: 2, totalAmount: '9.99', currency: 'EUR' });
  });
});
