import { awsConfig } from '../aws/aws.config';
import { ConfigError, once, optionalEnv, requireEnv } from '../config/env';
import type { KafkaAuth } from './kafka-connection';

/** The brokers and how to authenticate to them, for every function that talks to Kafka. */
export const kafkaConfig = once(() => ({
  brokers: requireEnv('KAFKA_BROKERS')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean),
  clientId: optionalEnv('KAFKA_CLIENT_ID') ?? 'order-system',
  auth: kafkaAuth(),
}));

function kafkaAuth(): KafkaAuth {
  const mode = optionalEnv('KAFKA_AUTH') ?? 'none';
  switch (mode) {
    case 'none':
      return { mode, ssl: optionalEnv('KAFKA_SSL') === 'true' };
    case 'scram':
      return { mode, secretArn: requireEnv('KAFKA_SASL_SECRET_ARN') };
    case 'iam':
      return { mode, region: awsConfig().region };
    default:
      throw new ConfigError(`KAFKA_AUTH must be none, scram or iam, not "${mode}"`);
  }
}
