import { localEnv } from '../../scripts/infra/local';

// Integration tests talk to the local broker and emulator unless the environment points elsewhere.
for (const [name, value] of Object.entries(localEnv())) process.env[name] ??= value;
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
