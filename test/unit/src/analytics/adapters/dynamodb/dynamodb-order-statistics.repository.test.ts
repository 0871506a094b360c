import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbOrderStatisticsRepository } from '../../../../../../src/analytics/adapters/dynamodb/dynamodb-order-statistics.repository';
import { AnalyticsStoreUnavailableError } from '../../../../../../src/analytics/domain/analytics.errors';
import type { OrderFact } from '../../../../../../src/analytics/domain/order-fact';
import { ReportRange } from '../../../../../../src/analytics/domain/report-range.value-object';

const TABLE = 'order-system-test-analytics';
const fact: OrderFact = {
  eventId: 'e-1',
  orderId: 'o-1',
  customerId: 'c-1',
  day: '2026-01-20',
  currency: 'EUR',
  amount: 123450n,
};
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('DynamoDbOrderStatisticsRepository', () => {
  const documents = mockClient(DynamoDBDocumentClient);
  const repository = new DynamoDbOrderStatisticsRepository(
    DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
    TABLE,
    () => new Date('2026-01-20T10:30:01.000Z'),
  );

  beforeEach(() => documents.reset());

  it("writes the event's mark and adds to the day's and the customer's counters in one transaction", async () => {
    documents.on(TransactWriteCommand).resolves({});

    expect(await repository.record(fact)).toBe('counted');

    const [put, day, customer] =
      documents.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(put).toEqual({
      Put: {
        TableName: TABLE,
        Item: { pk: 'EVENT#e-1', sk: 'COUNTED', orderId: 'o-1', countedAt: '2026-01-20T10:30:01.000Z' },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    expect(day!.Update).toMatchObject({
      Key: { pk: 'MONTH#2026-01', sk: 'DAY#2026-01-20#EUR' },
      UpdateExpression: 'SET #day = :day, #currency = :currency ADD #orders :one, #revenueCents :amount',
      ExpressionAttributeValues: { ':one': 1, ':amount': 123450n, ':day': '2026-01-20', ':currency': 'EUR' },
    });
    expect(customer!.Update).toMatchObject({
      Key: { pk: 'CUSTOMER#c-1', sk: 'CURRENCY#EUR' },
      ExpressionAttributeValues: { ':one': 1, ':amount': 123450n, ':customerId': 'c-1' },
    });
  });

  it("answers already-counted when the transaction is cancelled by the event's mark", async () => {
    documents.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));

    expect(await repository.record(fact)).toBe('already-counted');
  });

  it('throws a retriable error for a conflict with another transaction, or any other failure', async () => {
    documents
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'TransactionConflict', 'None'))
      .rejectsOnce(Object.assign(new Error('slow'), { name: 'TimeoutError' }));

    await expect(repository.record(fact)).rejects.toBeInstanceOf(AnalyticsStoreUnavailableError);
    await expect(repository.record(fact)).rejects.toMatchObject({ retriable: true });
  });

  it('queries each month of a range between its first and last day, and reads counters past 2^53 exactly', async () => {
    documents
      .on(QueryCommand, {
        ExpressionAttributeValues: {
          ':pk': 'MONTH#2026-01',
          ':from': 'DAY#2026-01-31#',
          ':to': 'DAY#2026-02-01#~',
        },
      })
      .resolves({
        Items: [{ day: '2026-01-31', currency: 'EUR', orders: 2, revenueCents: 9007199254740993n }],
      });
    documents
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'MONTH#2026-02' } })
      .resolvesOnce({
        Items: [{ day: '2026-02-01', currency: 'EUR', orders: 1, revenueCents: 5 }],
        LastEvaluatedKey: { pk: 'MONTH#2026-02', sk: 'DAY#2026-02-01#EUR' },
      })
      .resolvesOnce({ Items: [{ day: '2026-02-01', currency: 'USD', orders: 1, revenueCents: 7 }] });

    expect(await repository.daily(ReportRange.of('2026-01-31', '2026-02-01'))).toEqual([
      { day: '2026-01-31', currency: 'EUR', orders: 2, revenue: 9007199254740993n },
      { day: '2026-02-01', currency: 'EUR', orders: 1, revenue: 5n },
      { day: '2026-02-01', currency: 'USD', orders: 1, revenue: 7n },
    ]);
    expect(documents.commandCalls(QueryCommand).every((call) => call.args[0].input.ConsistentRead)).toBe(
      true,
    );
  });

  it("reads a customer's counters, and reports the store down as retriable", async () => {
    documents.on(QueryCommand).resolvesOnce({ Items: [{ currency: 'USD', orders: 3, revenueCents: 300 }] });

    expect(await repository.customer('c-1')).toEqual([{ currency: 'USD', orders: 3, revenue: 300n }]);

    documents.on(QueryCommand).rejects(new Error('down'));
    await expect(repository.customer('c-1')).rejects.toBeInstanceOf(AnalyticsStoreUnavailableError);
  });
});
