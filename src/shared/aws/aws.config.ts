import { NodeHttpHandler } from '@smithy/node-http-handler';
import { millisecondsEnv, once, optionalEnv } from '../config/env';

/** Where the AWS SDK clients go: the function's region, and locally the emulator. */
export const awsConfig = once(() => ({
  region: optionalEnv('AWS_REGION') ?? 'us-east-1',
  /** Set locally (MiniStack/LocalStack); unset on AWS, where the SDK finds the regional endpoint. */
  endpoint: optionalEnv('AWS_ENDPOINT_URL'),
}));

/**
 * How long one SDK call may take. Each attempt is aborted once `requestTimeoutMs` passes without an
 * answer (connecting included): `throwOnRequestTimeout`, because without it the handler only logs a
 * warning and the call waits for as long as the server does, up to the Lambda's own timeout. Two attempts
 * (the SDK's backoff between them is at most a few hundred milliseconds on the first retry), so one call
 * ends within about 2 × requestTimeoutMs + 0.5 s: 4.5 s by default, well under what each function's
 * timeout in serverless.yml leaves it. On AWS, DynamoDB and SES answer in milliseconds. The SES client makes
 * one attempt (ses-client.ts: a send is not idempotent).
 */
export const awsCallLimits = once(() => ({
  connectionTimeoutMs: 1000,
  requestTimeoutMs: millisecondsEnv('AWS_REQUEST_TIMEOUT_MS', 2000),
  maxAttempts: 2,
}));

/** What every SDK client of ours is built with: bounded retries, and a deadline on each attempt. */
export const awsClientConfig = () => {
  const limits = awsCallLimits();
  return {
    region: awsConfig().region,
    ...(awsConfig().endpoint ? { endpoint: awsConfig().endpoint } : {}),
    maxAttempts: limits.maxAttempts,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: limits.connectionTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      throwOnRequestTimeout: true,
    }),
  };
};
