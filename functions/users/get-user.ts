import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { getUser } from '../../src/users/users.container';
import { createLogger } from '../../src/shared/logger';
import { httpErrors } from '../shared/middleware/http-errors.middleware';
import { pathId } from '../shared/http/request';
import { json } from '../shared/http/responses';
import { userBody } from './user-body';

const logger = createLogger({ service: 'user-service', handler: 'get-user' });

/** GET /api/users/{id} → 200 the user, 404 when there is none. */
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(httpErrors(logger))
  .handler(async (event) => json(200, userBody(await getUser().execute(pathId(event)))));
