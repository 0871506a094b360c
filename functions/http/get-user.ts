import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { getUser } from '../../src/infrastructure/container';
import { createLogger } from '../../src/infrastructure/logger';
import { httpErrors } from '../middleware/http-errors.middleware';
import { pathId } from './request';
import { json, userBody } from './responses';

const logger = createLogger({ service: 'user-service', handler: 'get-user' });

/** GET /api/users/{id} → 200 the user, 404 when there is none. */
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(httpErrors(logger))
  .handler(async (event) => json(200, userBody(await getUser().execute(pathId(event)))));
