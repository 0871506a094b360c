import type { RecentOrder, StepState, Timeline, TimelineStep } from '../../api';
import type { CapturedEmailInfo, RawRecord, StoredNotification, StoredOrder } from '../sources';

/** Where the order's OrderCreated sits on the topic, as read from Kafka or as recorded on the order. */
export interface EventPosition {
  topic: string;
  partition: number;
  offset: number;
  /** The record's timestamp, epoch ms. */
  timestamp: number | undefined;
}

export interface TimelineInputs {
  orderId: string;
  order: StoredOrder | undefined;
  event: EventPosition | undefined;
  notifications: StoredNotification[];
  /** The captured email whose message id SES gave notify. */
  email: CapturedEmailInfo | undefined;
  /** The notify group's committed offset on the event's partition, if it has one. */
  committed: number | undefined;
  notifyGroup: string;
  /** analytics-service, when the system has it: its group, when it counted the event, its commit. */
  analytics?: { group: string; countedAt: string | undefined; committed: number | undefined };
}

type Details = Array<[string, string]>;
type Draft = Omit<TimelineStep, 't'> & { ms: number | undefined };

/**
 * One order's path through the system, laid out as the design's processing timeline: each step with its
 * time in milliseconds from the first one, and what the system recorded about it. A step the system did
 * not record (an order stored before it recorded that) says so instead of guessing.
 */
export function orderTimeline(input: TimelineInputs): Timeline {
  const { order, event, email } = input;
  // The notification of the order's own event; an order has one event, so one notification.
  const notification =
    input.notifications.find((n) => n.eventId === order?.eventId) ?? input.notifications.at(-1);
  const pending = order?.pendingEvent !== undefined;
  const settled = notification !== undefined && notification.status !== 'PENDING';
  const consumed = event !== undefined && input.committed !== undefined && input.committed > event.offset;
  const eventAt =
    event?.timestamp !== undefined ? new Date(event.timestamp).toISOString() : order?.eventTimestamp;

  const steps: Draft[] = [
    draft('request', 'POST /api/orders arrived', order?.requestReceivedAt, order === undefined, [
      ['order', input.orderId],
    ]),
    draft(
      'placed',
      'order-service accepted the input; asks user-service, stores the order',
      order?.createdAt,
      true,
      [
        ['status', order?.status ?? '—'],
        ['eventId', order?.eventId ?? '—'],
      ],
    ),
    draft(
      'published',
      event
        ? `OrderCreated sent to ${event.topic} · partition ${event.partition} · offset ${event.offset}`
        : 'OrderCreated sent to the event bus',
      eventAt,
      order === undefined || pending,
      [
        ...when(event, (e): Details => [
          ['partition', String(e.partition)],
          ['offset', String(e.offset)],
          ['key', input.orderId],
        ]),
        ...when(pending || undefined, (): Details => [['state', 'pending: not on the bus yet']]),
      ],
    ),
    {
      // The answer leaves once the acknowledgement is recorded on the order: one DynamoDB write later.
      ...draft(
        'responded',
        'acknowledged by Kafka (acks=all) → 201 Created {id, status: "PENDING"}',
        order?.eventPublishedAt,
        order === undefined,
        [
          [
            'client',
            pending
              ? 'answered 201 with the event still pending'
              : 'answered right after this is recorded on the order (one DynamoDB write)',
          ],
        ],
      ),
      customerAnswered: true,
    },
    draft(
      'received',
      'notification-service received the event',
      notification?.receivedAt ?? notification?.createdAt,
      true,
      [
        ['group', input.notifyGroup],
        ...when(notification?.batchSize, (size): Details => [
          ['batch', `${size} record${size === 1 ? '' : 's'}`],
        ]),
        ...when(notification, (n): Details => [['attempt', String(n.attempts)]]),
      ],
    ),
    draft('sent', 'SES accepted the email', notification?.sentAt, notification?.status !== 'FAILED', [
      ...when(notification?.providerMessageId, (id): Details => [['messageId', id]]),
      ...when(email, (e): Details => [
        ['subject', e.subject],
        ['to', e.to.join(', ')],
      ]),
    ]),
    draft(
      'status',
      `notification ${notification?.status ?? 'not created yet'}`,
      settled ? (notification.sentAt ?? notification.updatedAt) : undefined,
      true,
      [
        ...when(notification?.lastError, (error): Details => [['last error', error]]),
        ...when(event, (): Details => [
          ['offset committed', consumed ? `yes (${input.committed})` : 'not yet'],
        ]),
      ],
    ),
  ];

  const { analytics } = input;
  const alongside: Draft[] = analytics
    ? [
        draft(
          'counted',
          'analytics-service counted the order in its daily and customer totals',
          analytics.countedAt,
          true,
          [
            ['group', analytics.group],
            ...when(event, (e): Details => [
              [
                'offset committed',
                analytics.committed !== undefined && analytics.committed > e.offset
                  ? `yes (${analytics.committed})`
                  : 'not yet',
              ],
            ]),
          ],
        ),
      ]
    : [];

  const known = [...steps, ...alongside].map((s) => s.ms).filter((v): v is number => v !== undefined);
  const origin = known.length > 0 ? Math.min(...known) : undefined;
  // Totals count from the request only: from a later step they would look shorter than they were.
  const start = ms(order?.requestReceivedAt);
  const answered = ms(order?.eventPublishedAt);
  const relative = ({ ms: at, ...rest }: Draft): TimelineStep => ({
    ...rest,
    t: at === undefined || origin === undefined ? undefined : at - origin,
  });
  const sent = ms(notification?.sentAt);
  return {
    orderId: input.orderId,
    found: order !== undefined || event !== undefined,
    steps: steps.map(relative),
    alongside: alongside.map(relative),
    complete: settled && (analytics === undefined || analytics.countedAt !== undefined),
    totals: {
      answeredMs: start !== undefined && answered !== undefined ? answered - start : undefined,
      emailMs: start !== undefined && sent !== undefined ? sent - start : undefined,
    },
    status: notification?.status,
    email: email ? { messageId: email.messageId, subject: email.subject, to: email.to } : undefined,
  };
}

/**
 * A step at `at`; without a time it is `waiting` when the system will record it once it gets there, or
 * `not-recorded` when it has gone past without recording it.
 */
function draft(
  key: TimelineStep['key'],
  title: string,
  at: string | undefined,
  expected: boolean,
  details: Details,
): Draft {
  const value = ms(at);
  const state: StepState = value !== undefined ? 'done' : expected ? 'waiting' : 'not-recorded';
  return {
    key,
    title,
    at: value === undefined ? undefined : new Date(value).toISOString(),
    ms: value,
    state,
    details,
  };
}

function when<T>(value: T | undefined, details: (value: T) => Details): Details {
  return value === undefined ? [] : details(value);
}

function ms(at: string | undefined): number | undefined {
  if (at === undefined) return undefined;
  const value = Date.parse(at);
  return Number.isNaN(value) ? undefined : value;
}

/** OrderCreated records, newest first, as the list of recent orders. Other records are left out. */
export function recentOrders(records: RawRecord[], limit: number): RecentOrder[] {
  const orders: RecentOrder[] = [];
  for (const record of records) {
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(record.value?.toString('utf8') ?? '') as Record<string, unknown>;
    } catch {
      continue;
    }
    if (event.eventType !== 'OrderCreated' || typeof event.orderId !== 'string') continue;
    orders.push({
      orderId: event.orderId,
      partition: record.partition,
      offset: record.offset,
      timestamp: record.timestamp,
      customerEmail: text(event.customerEmail),
      totalAmount: text(event.totalAmount),
      currency: text(event.currency),
    });
  }
  return orders.sort((a, b) => b.timestamp - a.timestamp).slice(0, limit);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
