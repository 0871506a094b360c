/**
 * What every HTTP function starts with, so none can forget it: the Lambda context on each log line
 * (request id, function, cold start), then the one mapping of errors to HTTP answers.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Logger } from '../../../src/shared/logger';
import { httpErrors } from '../middleware/http-errors.middleware';

/** A middy handler for API Gateway (HTTP API, payload 2.0) events; add middlewares, then `.handler(…)`. */
export function httpHandler<Event extends APIGatewayProxyEventV2 = APIGatewayProxyEventV2>(logger: Logger) {
  return middy<Event, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpErrors(logger));
}
