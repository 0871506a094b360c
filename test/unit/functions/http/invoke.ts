import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { httpEvent, lambdaContext, type Request } from '../../../support/http-event';

type Handler = (event: never, context: Context) => Promise<unknown>;

/** Calls a handler as API Gateway would and returns its answer with the body parsed. */
export async function invoke(handler: Handler, request: Request) {
  const event: APIGatewayProxyEventV2 = httpEvent(request);
  const result = (await handler(event as never, lambdaContext())) as APIGatewayProxyStructuredResultV2;
  return {
    result,
    status: result.statusCode,
    headers: result.headers ?? {},
    body: JSON.parse(result.body ?? 'null'),
  };
}
