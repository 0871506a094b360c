import { randomUUID } from 'node:crypto';
import { dynamoDb } from '../shared/aws/dynamodb-client';
import { connectedProducer } from '../shared/kafka/kafka-client';
import { lazy } from '../shared/lazy';
import { DynamoDbOrderRepository } from './adapters/dynamodb/dynamodb-order.repository';
import { HttpUserDirectory } from './adapters/http/http-user.directory';
import { KafkaOrderEventPublisher } from './adapters/kafka/kafka-order-event.publisher';
import { CreateOrderUseCase } from './application/use-cases/create-order.use-case';
import { GetOrderUseCase } from './application/use-cases/get-order.use-case';
import { orderEventsConfig, ordersConfig, userServiceConfig } from './orders.config';

/**
 * order-service's wiring: the only place that picks its concrete adapters. Everything is built on first
 * use, so a function constructs (and needs the configuration of) only what it uses.
 */

const clock = { now: () => new Date() };
const ids = { newId: () => randomUUID() };

const orders = lazy(() => new DynamoDbOrderRepository(dynamoDb(), ordersConfig().table));

export const createOrder = lazy(
  () =>
    new CreateOrderUseCase(
      orders(),
      new HttpUserDirectory(userServiceConfig().url, userServiceConfig().timeoutMs),
      new KafkaOrderEventPublisher(
        connectedProducer,
        orderEventsConfig().topic,
        orderEventsConfig().publishTimeoutMs,
      ),
      clock,
      ids,
    ),
);
export const getOrder = lazy(() => new GetOrderUseCase(orders()));
