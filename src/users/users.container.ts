/**
 * user-service's wiring: the only place that picks its concrete adapters, built on first use.
 *
 * Each `lazy(...)` is marked pure: a function's bundle then keeps only the wiring it uses, and with
 * package.json's `"sideEffects": false` esbuild drops the client modules nothing uses.
 * test/template/bundles.test.ts checks each bundle.
 */

import { randomUUID } from 'node:crypto';
import { dynamoDb } from '../shared/aws/dynamodb-client';
import { lazy } from '../shared/lazy';
import { DynamoDbUserRepository } from './adapters/dynamodb/dynamodb-user.repository';
import { CreateUserUseCase } from './application/use-cases/create-user.use-case';
import { GetUserUseCase } from './application/use-cases/get-user.use-case';
import { usersConfig } from './users.config';

const clock = { now: () => new Date() };
const ids = { newId: () => randomUUID() };

const users = /* @__PURE__ */ lazy(() => new DynamoDbUserRepository(dynamoDb(), usersConfig().table));

export const createUser = /* @__PURE__ */ lazy(() => new CreateUserUseCase(users(), clock, ids));
export const getUser = /* @__PURE__ */ lazy(() => new GetUserUseCase(users()));
