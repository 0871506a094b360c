import { GetCustomerTotalsUseCase } from '../../../../../../src/analytics/application/use-cases/get-customer-totals.use-case';
import { GetDailyReportUseCase } from '../../../../../../src/analytics/application/use-cases/get-daily-report.use-case';
import { RecordOrderUseCase } from '../../../../../../src/analytics/application/use-cases/record-order.use-case';
import {
  AnalyticsStoreUnavailableError,
  InvalidCustomerIdError,
} from '../../../../../../src/analytics/domain/analytics.errors';
import { DeadLetterUnavailableError } from '../../../../../../src/shared/domain/domain-error';
import { InMemoryOrderStatistics } from '../../../../fakes/analytics.fakes';
import { FakeDeadLetters } from '../../../../fakes/notification.fakes';
import { inbound, orderCreated } from '../../../../fakes/order-events';

const CUSTOMER = '550e8400-e29b-41d4-a716-446655440000';
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('RecordOrderUseCase', () => {
  let statistics: InMemoryOrderStatistics;
  let deadLetters: FakeDeadLetters;
  let useCase: RecordOrderUseCase;

  beforeEach(() => {
    statistics = new InMemoryOrderStatistics();
    deadLetters = new FakeDeadLetters();
    useCase = new RecordOrderUseCase({
      statistics,
      deadLetters,
      clock: () => new Date('2026-01-20T10:30:01.000Z'),
    });
  });

  it("counts an order in its UTC day's and its customer's totals", async () => {
    const event = orderCreated({ totalAmount: '10.10' });

    expect(await useCase.execute(inbound(event))).toEqual({
      outcome: 'counted',
      eventId: event.eventId,
      orderId: event.orderId,
    });
    expect([...statistics.days.values()]).toEqual([
      { day: '2026-01-20', currency: 'EUR', orders: 1, revenue: 1010n },
    ]);
    expect([...statistics.customers.values()]).toEqual([{ currency: 'EUR', orders: 1, revenue: 1010n }]);
  });

  it('counts an event delivered again only once', async () => {
    const event = orderCreated();

    await useCase.execute(inbound(event, 15));
    const again = await useCase.execute(inbound(event, 16));

    expect(again.outcome).toBe('already-counted');
    expect(statistics.days.get('2026-01-20#EUR')).toMatchObject({ orders: 1, revenue: 9999n });
  });

  it('sets an unreadable event aside with why, and counts nothing', async () => {
    const result = await useCase.execute(inbound(orderCreated({ totalAmount: 99.99 })));

    expect(result).toEqual({ outcome: 'dead-lettered', code: 'SCHEMA_VIOLATION', field: 'totalAmount' });
    expect(deadLetters.quarantined).toHaveLength(1);
    expect(deadLetters.quarantined[0]!.reason).toMatchObject({
      code: 'SCHEMA_VIOLATION',
      field: 'totalAmount',
      at: new Date('2026-01-20T10:30:01.000Z'),
    });
    expect(statistics.counted.size).toBe(0);
  });

  it.each([
    [null, 'the message has no value'],
    [Buffer.from([0xff, 0xfe]).toString('latin1'), 'the event is not valid JSON'],
  ])('sets aside a message with value %p', async (value, message) => {
    const result = await useCase.execute(inbound(value));

    expect(result).toMatchObject({ outcome: 'dead-lettered', code: 'MALFORMED_EVENT' });
    expect(deadLetters.quarantined[0]!.reason.message).toBe(message);
  });

  it('throws a retriable error when the store is down, so the record is delivered again', async () => {
    statistics.failNext(new AnalyticsStoreUnavailableError('DynamoDB TimeoutError'));

    await expect(useCase.execute(inbound(orderCreated()))).rejects.toMatchObject({ retriable: true });
    expect(await useCase.execute(inbound(orderCreated()))).toMatchObject({ outcome: 'counted' });
  });

  it('throws a retriable error when an unreadable event cannot be set aside', async () => {
    deadLetters.failOnce(new DeadLetterUnavailableError('broker down'));

    await expect(useCase.execute(inbound('not json'))).rejects.toBeInstanceOf(DeadLetterUnavailableError);
  });
});

describe('GetDailyReportUseCase', () => {
  it('lists each day and currency in the range, and totals each currency on its own', async () => {
    const statistics = new InMemoryOrderStatistics();
    const record = new RecordOrderUseCase({ statistics, deadLetters: new FakeDeadLetters() });
    const orders: [string, string, string][] = [
      ['2026-01-19T23:59:59.999Z', '0.10', 'EUR'],
      ['2026-01-20T00:00:00.000Z', '0.20', 'EUR'],
      ['2026-01-20T12:00:00.000Z', '0.10', 'EUR'],
      ['2026-01-20T12:00:00.000Z', '5.00', 'USD'],
      ['2026-01-22T00:00:00.000Z', '1.00', 'EUR'],
    ];
    for (const [n, [createdAt, totalAmount, currency]] of orders.entries()) {
      await record.execute(inbound(orderCreated({ eventId: uuid(n + 1), createdAt, totalAmount, currency })));
    }

    const report = await new GetDailyReportUseCase(statistics).execute('2026-01-20', '2026-01-21');

    expect(report).toEqual({
      from: '2026-01-20',
      to: '2026-01-21',
      days: [
        { day: '2026-01-20', currency: 'EUR', orders: 2, revenue: 30n },
        { day: '2026-01-20', currency: 'USD', orders: 1, revenue: 500n },
      ],
      totals: [
        { currency: 'EUR', orders: 2, revenue: 30n },
        { currency: 'USD', orders: 1, revenue: 500n },
      ],
    });
  });

  it('refuses a bad range before asking the store', async () => {
    const statistics = new InMemoryOrderStatistics();
    statistics.failNext(new Error('must not be called'));

    await expect(
      new GetDailyReportUseCase(statistics).execute('2026-01-02', '2026-01-01'),
    ).rejects.toMatchObject({ code: 'INVALID_REPORT_RANGE', field: 'from' });
  });
});

describe('GetCustomerTotalsUseCase', () => {
  it("answers the customer's totals per currency, for an id in any case", async () => {
    const statistics = new InMemoryOrderStatistics();
    await new RecordOrderUseCase({ statistics, deadLetters: new FakeDeadLetters() }).execute(
      inbound(orderCreated({ customerId: CUSTOMER })),
    );

    expect(await new GetCustomerTotalsUseCase(statistics).execute(CUSTOMER.toUpperCase())).toEqual({
      customerId: CUSTOMER,
      totals: [{ currency: 'EUR', orders: 1, revenue: 9999n }],
    });
    expect(await new GetCustomerTotalsUseCase(statistics).execute(uuid(7))).toEqual({
      customerId: uuid(7),
      totals: [],
    });
  });

  it('refuses an id that is not a UUID, naming it', async () => {
    await expect(
      new GetCustomerTotalsUseCase(new InMemoryOrderStatistics()).execute('nope'),
    ).rejects.toMatchObject({ constructor: InvalidCustomerIdError, field: 'id' });
  });
});
