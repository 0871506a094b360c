import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  OrderStatisticsPort,
  RecordOutcome,
} from '../../application/ports/order-statistics.repository.port';
import { AnalyticsStoreUnavailableError } from '../../domain/analytics.errors';
import type { DailyTotals, OrderFact, Totals } from '../../domain/order-fact';
import type { ReportRange } from '../../domain/report-range.value-object';

/**
 * One table, three kinds of item under a string key `pk` + `sk`:
 * - `EVENT#<eventId>` / `COUNTED`: the mark that an event was counted (kept: a replay may come any time);
 * - `MONTH#<YYYY-MM>` / `DAY#<YYYY-MM-DD>#<currency>`: a day's counters, a month per partition so a
 *   report of up to 366 days is at most 13 queries;
 * - `CUSTOMER#<customerId>` / `CURRENCY#<currency>`: a customer's counters.
 * Counters are `orders` and `revenueCents` (whole hundredths: exact; read back as a bigint past 2^53).
 */
export class DynamoDbOrderStatisticsRepository implements OrderStatisticsPort {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async record(fact: OrderFact): Promise<RecordOutcome> {
    const add = (key: Record<string, string>, fields: Record<string, string>) => ({
      Update: {
        TableName: this.tableName,
        Key: key,
        UpdateExpression: `SET ${Object.keys(fields)
          .map((name) => `#${name} = :${name}`)
          .join(', ')} ADD #orders :one, #revenueCents :amount`,
        ExpressionAttributeNames: {
          '#orders': 'orders',
          '#revenueCents': 'revenueCents',
          ...Object.fromEntries(Object.keys(fields).map((name) => [`#${name}`, name])),
        },
        ExpressionAttributeValues: {
          ':one': 1,
          ':amount': fact.amount,
          ...Object.fromEntries(Object.entries(fields).map(([name, value]) => [`:${name}`, value])),
        },
      },
    });
    try {
      // One transaction: the counters move if and only if the event's mark is written now. A redelivered
      // event finds its mark, the transaction is cancelled, and nothing is added twice.
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...countedMarkKey(fact.eventId),
                  orderId: fact.orderId,
                  countedAt: this.clock().toISOString(),
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            add(dayKey(fact.day, fact.currency), { day: fact.day, currency: fact.currency }),
            add(customerKey(fact.customerId, fact.currency), {
              customerId: fact.customerId,
              currency: fact.currency,
            }),
          ],
        }),
      );
      return 'counted';
    } catch (error) {
      // The reasons come in the order of TransactItems: the first is the event's mark.
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      ) {
        return 'already-counted';
      }
      // A TransactionConflict (another delivery of the same day's counters at the same moment) included.
      throw unavailable(error);
    }
  }

  async daily(range: ReportRange): Promise<DailyTotals[]> {
    const months = await Promise.all(
      range.months().map((month) =>
        this.query({
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': `MONTH#${month}`,
            ':from': `DAY#${range.from}#`,
            // '~' sorts after every currency code: the last day's items are all included.
            ':to': `DAY#${range.to}#~`,
          },
        }),
      ),
    );
    return months.flat().map((item) => ({ day: String(item.day), ...totalsOf(item) }));
  }

  async customer(customerId: string): Promise<Totals[]> {
    const items = await this.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}` },
    });
    return items.map(totalsOf);
  }

  private async query(
    input: Pick<
      ConstructorParameters<typeof QueryCommand>[0],
      'KeyConditionExpression' | 'ExpressionAttributeValues'
    >,
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    try {
      do {
        const page = await this.documents.send(
          new QueryCommand({
            TableName: this.tableName,
            ...input,
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    } catch (error) {
      throw unavailable(error);
    }
    return items;
  }
}

/** The key of an event's mark, written with its counters: the console reads it for an order's timeline. */
export const countedMarkKey = (eventId: string) => ({ pk: `EVENT#${eventId}`, sk: 'COUNTED' });
const dayKey = (day: string, currency: string) => ({
  pk: `MONTH#${day.slice(0, 7)}`,
  sk: `DAY#${day}#${currency}`,
});
const customerKey = (customerId: string, currency: string) => ({
  pk: `CUSTOMER#${customerId}`,
  sk: `CURRENCY#${currency}`,
});

function totalsOf(item: Record<string, unknown>): Totals {
  return {
    currency: String(item.currency),
    orders: Number(item.orders),
    // A number below 2^53, a bigint above (the document client's choice): exact either way.
    revenue: BigInt(item.revenueCents as number | bigint),
  };
}

/** Throttling, timeouts, 5xx, a conflicting transaction, a missing table: all retried, nothing dropped. */
function unavailable(error: unknown): AnalyticsStoreUnavailableError {
  const name = error instanceof Error ? error.name : 'UnknownError';
  return new AnalyticsStoreUnavailableError(`DynamoDB ${name}`, 5, { cause: error });
}
