import { NodeHttpHandler } from '@smithy/node-http-handler';
import { once, optionalEnv } from '../config/env';

/** Where the AWS SDK clients go: the function's region, and locally the emulator. */
export const awsConfig = once(() => ({
  region: optionalEnv('AWS_REGION') ?? 'us-east-1',
  /** Set locally (MiniStack/LocalStack); unset on AWS, where the SDK finds the regional endpoint. */
  endpoint: optionalEnv('AWS_ENDPOINT_URL'),
}));

/** What every SDK client of ours is built with: bounded retries, and a timeout on each call. */
export const awsClientConfig = () => ({
  region: awsConfig().region,
  ...(awsConfig().endpoint ? { endpoint: awsConfig().endpoint } : {}),
  maxAttempts: 3,
  requestHandler: new NodeHttpHandler({ connectionTimeout: 1000, requestTimeout: 3000 }),
});
