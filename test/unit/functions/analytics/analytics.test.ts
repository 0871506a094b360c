import mskEvent from '../../../fixtures/events/msk-order-created.json';
import type { Context } from 'aws-lambda';
import { customerTotalsHandler } from '../../../../functions/analytics/get-customer-totals';
import { dailyReportHandler } from '../../../../functions/analytics/get-daily-report';
import { orderEventsConsumer } from '../../../../functions/analytics/order-events';
import type { KafkaBatchResponse, KafkaEvent } from '../../../../functions/shared/kafka/kafka-event';
import { GetCustomerTotalsUseCase } from '../../../../src/analytics/application/use-cases/get-customer-totals.use-case';
import { GetDailyReportUseCase } from '../../../../src/analytics/application/use-cases/get-daily-report.use-case';
import { RecordOrderUseCase } from '../../../../src/analytics/application/use-cases/record-order.use-case';
import { AnalyticsStoreUnavailableError } from '../../../../src/analytics/domain/analytics.errors';
import { createLogger } from '../../../../src/shared/logger';
import { expectDocumented } from '../../../support/contracts';
import { httpEvent, lambdaContext } from '../../../support/http-event';
import { captureLogs, type CapturedLogs } from '../../../support/logs';
import { InMemoryOrderStatistics } from '../../fakes/analytics.fakes';
import { FakeDeadLetters } from '../../fakes/notification.fakes';
import { orderCreated } from '../../fakes/order-events';

const CUSTOMER = '550e8400-e29b-41d4-a716-446655440000';
const logger = createLogger('analytics-service', 'test');

/** The AWS-shaped fixture with these events as the records of partition 0 (offsets 15, 16, …) and 1. */
function batch(partition0: object[], partition1: object[] = []): KafkaEvent {
  const event = structuredClone(mskEvent) as unknown as KafkaEvent;
  const template = event.records['order-events-0']![0]!;
  const records = (partition: number, events: object[]) =>
    events.map((value, i) => ({
      ...template,
      partition,
      offset: 15 + i,
      value: Buffer.from(JSON.stringify(value)).toString('base64'),
    }));
  event.records = { 'order-events-0': records(0, partition0) };
  if (partition1.length > 0) event.records['order-events-1'] = records(1, partition1);
  return event;
}

describe('analytics order-events consumer', () => {
  let statistics: InMemoryOrderStatistics;
  let deadLetters: FakeDeadLetters;
  let handler: (event: KafkaEvent) => Promise<KafkaBatchResponse>;
  let captured: CapturedLogs;

  beforeEach(() => {
    captured = captureLogs();
    statistics = new InMemoryOrderStatistics();
    deadLetters = new FakeDeadLetters();
    const useCase = new RecordOrderUseCase({ statistics, deadLetters });
    const consumer = orderEventsConsumer(() => useCase, logger);
    handler = (event) => consumer(event, lambdaContext('analytics'));
  });
  afterEach(() => captured.restore());

  it('counts the order of the AWS-documented MSK event', async () => {
    expect(await handler(structuredClone(mskEvent) as unknown as KafkaEvent)).toEqual({
      batchItemFailures: [],
    });

    expect(statistics.days.get('2026-01-20#EUR')).toMatchObject({ orders: 1, revenue: 9999n });
  });

  it('counts each event once when the same batch is delivered again', async () => {
    const events = [1, 2, 3].map((n) =>
      orderCreated({ eventId: `00000000-0000-4000-8000-00000000000${n}`, totalAmount: '0.10' }),
    );

    await handler(batch(events));
    await handler(batch(events));

    expect(statistics.days.get('2026-01-20#EUR')).toEqual({
      day: '2026-01-20',
      currency: 'EUR',
      orders: 3,
      revenue: 30n,
    });
  });

  it('stops a partition at a record it cannot count now, names it and the later ones, and lets other partitions through', async () => {
    const ids = [1, 2, 3].map((n) => `00000000-0000-4000-8000-00000000000${n}`);
    statistics.failNext(new AnalyticsStoreUnavailableError('DynamoDB TimeoutError'));

    const response = await handler(
      batch(
        [orderCreated({ eventId: ids[0] }), orderCreated({ eventId: ids[1] })],
        [orderCreated({ eventId: ids[2] })],
      ),
    );

    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([
      { partition: 'order-events-0', offset: 15 },
      { partition: 'order-events-0', offset: 16 },
    ]);
    expect([...statistics.counted]).toEqual([ids[2]]);
    expect(captured.lines).toContainEqual(
      expect.objectContaining({ message: 'order event not recorded', retriable: true, offset: 15 }),
    );
  });

  it('sets a poison record aside and counts the next one', async () => {
    const response = await handler(batch([{ eventType: 'OrderShipped' }, orderCreated()]));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(deadLetters.quarantined[0]!.reason.code).toBe('UNKNOWN_EVENT_TYPE');
    expect(statistics.counted.size).toBe(1);
  });
});

describe('GET /api/analytics/daily and /api/analytics/customers/{id}', () => {
  let statistics: InMemoryOrderStatistics;
  let captured: CapturedLogs;
  const context = { awsRequestId: 'req-1' } as Context;

  beforeEach(async () => {
    captured = captureLogs();
    statistics = new InMemoryOrderStatistics();
    const record = new RecordOrderUseCase({ statistics, deadLetters: new FakeDeadLetters() });
    await record.execute({
      key: null,
      value: Buffer.from(JSON.stringify(orderCreated({ totalAmount: '1234.50' }))),
      headers: [],
      origin: {},
    });
  });
  afterEach(() => captured.restore());

  const daily = async (query: Record<string, string> | undefined) => {
    const handler = dailyReportHandler(() => new GetDailyReportUseCase(statistics), logger);
    const event = { ...httpEvent({ routeKey: 'GET /api/analytics/daily' }), queryStringParameters: query };
    const result = await handler(event, context);
    expectDocumented({ operation: 'GET /api/analytics/daily' }, result);
    return { status: result.statusCode, body: JSON.parse(result.body as string) };
  };

  it('answers the days with orders and the totals, revenue as an exact decimal string', async () => {
    expect(await daily({ from: '2026-01-01', to: '2026-01-31' })).toEqual({
      status: 200,
      body: {
        from: '2026-01-01',
        to: '2026-01-31',
        days: [{ date: '2026-01-20', currency: 'EUR', orders: 1, revenue: '1234.50' }],
        totals: [{ currency: 'EUR', orders: 1, revenue: '1234.50' }],
      },
    });
  });

  it.each([
    [undefined, 'from'],
    [{ from: '2026-01-01' }, 'to'],
    [{ from: '2026-02-30', to: '2026-03-01' }, 'from'],
    [{ from: '2026-03-01', to: '2026-02-01' }, 'from'],
    [{ from: '2025-01-01', to: '2026-01-02' }, 'to'],
  ])('answers 400 INVALID_REPORT_RANGE naming the field for %p', async (query, field) => {
    const { status, body } = await daily(query);

    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'INVALID_REPORT_RANGE', field });
  });

  it('answers 503 with Retry-After while the store is down', async () => {
    const handler = dailyReportHandler(
      () => ({
        execute: async () => {
          throw new AnalyticsStoreUnavailableError('DynamoDB TimeoutError');
        },
      }),
      logger,
    );
    const result = await handler(
      {
        ...httpEvent({ routeKey: 'GET /api/analytics/daily' }),
        queryStringParameters: { from: '2026-01-01', to: '2026-01-01' },
      },
      context,
    );

    expect(result.statusCode).toBe(503);
    expectDocumented({ operation: 'GET /api/analytics/daily' }, result);
  });

  const customer = async (id: string) => {
    const handler = customerTotalsHandler(() => new GetCustomerTotalsUseCase(statistics), logger);
    const result = await handler(
      httpEvent({ routeKey: 'GET /api/analytics/customers/{id}', pathParameters: { id } }),
      context,
    );
    expectDocumented({ operation: 'GET /api/analytics/customers/{id}' }, result);
    return { status: result.statusCode, body: JSON.parse(result.body as string) };
  };

  it("answers a customer's totals per currency", async () => {
    expect(await customer(CUSTOMER)).toEqual({
      status: 200,
      body: { customerId: CUSTOMER, totals: [{ currency: 'EUR', orders: 1, revenue: '1234.50' }] },
    });
  });

  it('answers 400 INVALID_CUSTOMER_ID naming the id for an id that is not a UUID', async () => {
    const { status, body } = await customer('not-a-uuid');

    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'INVALID_CUSTOMER_ID', field: 'id' });
  });
});
