import { up } from '../../scripts/infra/manager';

/**
 * Brings the real broker and emulator up when they are not running, and provisions them. What this run
 * started is stopped again by global-teardown; what was already running is left as it was.
 */
export default async function globalSetup(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const log = (line: string) => process.stderr.write(`[infra] ${line}\n`);
  const { started } = await up(log);
  (globalThis as { __infraStarted?: typeof started }).__infraStarted = started;
}
