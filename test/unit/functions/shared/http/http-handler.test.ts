import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { httpHandler } from '../../../../../functions/shared/http/http-handler';
import { json } from '../../../../../functions/shared/http/responses';
import { DependencyUnavailableError, ValidationError } from '../../../../../src/shared/domain/domain-error';
import { createLogger } from '../../../../../src/shared/logger';
import { expectDocumented } from '../../../../support/contracts';
import { httpEvent, lambdaContext } from '../../../../support/http-event';
import { captureLogs, type CapturedLogs } from '../../../../support/logs';

class StoreDown extends DependencyUnavailableError {
  readonly code = 'ORDER_STORE_UNAVAILABLE';
}

class BadAmount extends ValidationError {
  readonly code = 'INVALID_AMOUNT';
}

const request = httpEvent({ routeKey: 'GET /api/orders/{id}', pathParameters: { id: 'x' } });

describe('httpHandler', () => {
  let captured: CapturedLogs;
  beforeEach(() => {
    captured = captureLogs();
  });
  afterEach(() => captured.restore());

  function handlerThat(work: () => Promise<APIGatewayProxyStructuredResultV2>) {
    const logger = createLogger('order-service', 'get-order');
    return httpHandler(logger).handler(async () => {
      logger.info('looking the order up');
      return work();
    });
  }

  it('puts the Lambda context on every line of the invocation', async () => {
    const context = lambdaContext('getOrder');

    await handlerThat(async () => json(200, {}))(request, context);

    expect(captured.lines).toEqual([
      expect.objectContaining({
        message: 'looking the order up',
        function_request_id: context.awsRequestId,
        function_name: 'getOrder',
        function_arn: context.invokedFunctionArn,
        cold_start: expect.any(Boolean),
        service: 'order-service',
        handler: 'get-order',
      }),
    ]);
  });

  it('answers 500 with the request id, and logs the error with its stack under that id', async () => {
    const context = lambdaContext('getOrder');
    const handler = handlerThat(async () => {
      throw new TypeError('cannot read properties of undefined', { cause: new Error('root cause') });
    });

    const result = (await handler(request, context)) as APIGatewayProxyStructuredResultV2;

    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body!)).toEqual({
      error: {
        code: 'INTERNAL_ERROR',
        message: 'the request could not be completed',
        requestId: context.awsRequestId,
      },
    });
    expectDocumented({ operation: 'GET /api/orders/{id}' }, result);
    const failure = captured.lines.find((line) => line.message === 'request failed');
    expect(failure).toMatchObject({
      level: 'ERROR',
      function_request_id: context.awsRequestId,
      requestId: context.awsRequestId,
      apiRequestId: request.requestContext.requestId,
      route: 'GET /api/orders/{id}',
      status: 500,
      error: {
        name: 'TypeError',
        stack: expect.stringContaining('http-handler.test.ts'),
        cause: { message: 'root cause' },
      },
    });
  });

  it('answers 503 with Retry-After and the request id', async () => {
    const context = lambdaContext('getOrder');
    const handler = handlerThat(async () => {
      throw new StoreDown('the order store is unavailable', 5);
    });

    const result = (await handler(request, context)) as APIGatewayProxyStructuredResultV2;

    expect(result.statusCode).toBe(503);
    expect(JSON.parse(result.body!).error).toMatchObject({
      code: 'ORDER_STORE_UNAVAILABLE',
      requestId: context.awsRequestId,
    });
    expectDocumented({ operation: 'GET /api/orders/{id}' }, result);
  });

  it("falls back to API Gateway's request id when the context has none", async () => {
    const { awsRequestId: _, ...context } = lambdaContext('getOrder');
    const handler = handlerThat(async () => {
      throw new Error('boom');
    });

    const result = (await handler(request, context as never)) as APIGatewayProxyStructuredResultV2;

    expect(JSON.parse(result.body!).error.requestId).toBe(request.requestContext.requestId);
  });

  it('gives a 4xx answer no request id and logs nothing: the answer says what to fix', async () => {
    const handler = handlerThat(async () => {
      throw new BadAmount('totalAmount must be positive', 'totalAmount');
    });

    const result = (await handler(request, lambdaContext())) as APIGatewayProxyStructuredResultV2;

    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body!)).toEqual({
      error: { code: 'INVALID_AMOUNT', message: 'totalAmount must be positive', field: 'totalAmount' },
    });
    expect(captured.lines.map((line) => line.message)).toEqual(['looking the order up']);
  });
});
