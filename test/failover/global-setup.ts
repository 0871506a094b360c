import { up } from '../../scripts/infra/manager';
import { CLUSTER } from '../../scripts/infra/local';

/**
 * The failover suite runs on the 3-broker cluster (and the emulator), started when it does not run and
 * stopped again by global-teardown; a cluster that was already running is left running.
 */
export default async function globalSetup(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const log = (line: string) => process.stderr.write(`[infra] ${line}\n`);
  const result = await up(log, CLUSTER);
  (globalThis as { __clusterUp?: typeof result }).__clusterUp = result;
}
