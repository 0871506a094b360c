import { BROKER_COUNT_ENV, localEnv } from '../../scripts/infra/local';

// Integration tests talk to the local single node and emulator unless the environment points elsewhere;
// the commands they run as child processes too, even with the 3-broker cluster running beside it.
process.env[BROKER_COUNT_ENV] ??= '1';
for (const [name, value] of Object.entries(localEnv())) process.env[name] ??= value;
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
