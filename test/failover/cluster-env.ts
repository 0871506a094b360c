import { BROKER_COUNT_ENV, localEnv } from '../../scripts/infra/local';

// The failover tests talk to the 3-broker cluster: every client built from scripts/infra follows it.
process.env[BROKER_COUNT_ENV] = '3';
for (const [name, value] of Object.entries(localEnv())) process.env[name] = value;
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
