/**
 * order-service's wiring: the only place that picks its concrete adapters. Everything is built on first
 * use, so a function constructs (and needs the configuration of) only what it uses.
 *
 * Each `lazy(...)` is marked pure: a function's bundle then keeps only the wiring it uses, and with
 * package.json's `"sideEffects": false` esbuild drops the client modules nothing uses (get-order ships no
 * kafkajs). test/template/bundles.test.ts checks each bundle.
 */

import { randomUUID } from 'node:crypto';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { dynamoDb, dynamoDbClient } from '../shared/aws/dynamodb-client';
import { connectedProducer } from '../shared/kafka/kafka-client';
import { lazy } from '../shared/lazy';
import { DynamoDbOrderRepository } from './adapters/dynamodb/dynamodb-order.repository';
import { HttpUserDirectory } from './adapters/http/http-user.directory';
import { KafkaOrderEventPublisher } from './adapters/kafka/kafka-order-event.publisher';
import { CreateOrderUseCase } from './application/use-cases/create-order.use-case';
import { GetOrderUseCase } from './application/use-cases/get-order.use-case';
import { RelayPendingEventsUseCase } from './application/use-cases/relay-pending-events.use-case';
import {
  idempotencyConfig,
  orderEventsConfig,
  ordersConfig,
  outboxRelayConfig,
  userServiceConfig,
} from './orders.config';

const clock = { now: () => new Date() };
const ids = { newId: () => randomUUID() };

const orders = /* @__PURE__ */ lazy(() => new DynamoDbOrderRepository(dynamoDb(), ordersConfig().table));
/** One publisher for create-order and the relay: a relayed event goes out exactly as the direct one. */
const orderEvents = /* @__PURE__ */ lazy(
  () =>
    new KafkaOrderEventPublisher(
      connectedProducer,
      orderEventsConfig().topic,
      orderEventsConfig().publishTimeoutMs,
    ),
);

export const createOrder = /* @__PURE__ */ lazy(
  () =>
    new CreateOrderUseCase(
      orders(),
      new HttpUserDirectory(userServiceConfig().url, userServiceConfig().timeoutMs),
      orderEvents(),
      clock,
      ids,
    ),
);
export const getOrder = /* @__PURE__ */ lazy(() => new GetOrderUseCase(orders()));
export const relayPendingEvents = /* @__PURE__ */ lazy(
  () =>
    new RelayPendingEventsUseCase(orders(), orderEvents(), clock, {
      minPendingAgeMs: outboxRelayConfig().minPendingAgeMs,
      pageSize: outboxRelayConfig().pageSize,
    }),
);

/**
 * Where create-order's Idempotency-Key records live: Powertools' DynamoDB layer on the container's client
 * (so its calls have our timeouts and retries), default attribute names (`id`, `expiration` for the TTL).
 */
export const createOrderIdempotencyStore = /* @__PURE__ */ lazy(
  () =>
    new DynamoDBPersistenceLayer({
      tableName: idempotencyConfig().table,
      awsSdkV3Client: dynamoDbClient(),
    }),
);
