/**
 * analytics-service's wiring: the only place that picks its concrete adapters, each built on first use
 * and marked pure, so the report functions' bundles keep no kafkajs (test/template/bundles.test.ts).
 */

import { dynamoDb } from '../shared/aws/dynamodb-client';
import { connectedProducer } from '../shared/kafka/kafka-client';
import { KafkaDeadLetterPublisher } from '../shared/kafka/kafka-dead-letter.publisher';
import { kafkaConfig } from '../shared/kafka/kafka.config';
import { lazy } from '../shared/lazy';
import { DynamoDbOrderStatisticsRepository } from './adapters/dynamodb/dynamodb-order-statistics.repository';
import { GetCustomerTotalsUseCase } from './application/use-cases/get-customer-totals.use-case';
import { GetDailyReportUseCase } from './application/use-cases/get-daily-report.use-case';
import { RecordOrderUseCase } from './application/use-cases/record-order.use-case';
import { analyticsDeliveryConfig, analyticsStoreConfig } from './analytics.config';

const statistics = /* @__PURE__ */ lazy(
  () => new DynamoDbOrderStatisticsRepository(dynamoDb(), analyticsStoreConfig().table),
);

export const recordOrder = /* @__PURE__ */ lazy(() => {
  const { deadLetterTopic, deadLetterTimeoutMs } = analyticsDeliveryConfig();
  // Read now so a missing KAFKA_BROKERS fails the first invocation, not the first unreadable event.
  kafkaConfig();
  return new RecordOrderUseCase({
    statistics: statistics(),
    deadLetters: new KafkaDeadLetterPublisher(
      connectedProducer,
      deadLetterTopic,
      'analytics-service',
      deadLetterTimeoutMs,
    ),
  });
});

export const getDailyReport = /* @__PURE__ */ lazy(() => new GetDailyReportUseCase(statistics()));

export const getCustomerTotals = /* @__PURE__ */ lazy(() => new GetCustomerTotalsUseCase(statistics()));
