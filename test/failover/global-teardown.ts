import { CLUSTER } from '../../scripts/infra/local';
import { down, type UpResult } from '../../scripts/infra/manager';

export default async function globalTeardown(): Promise<void> {
  const result = (globalThis as { __clusterUp?: UpResult }).__clusterUp;
  if (!result || result.started.length === 0) return;
  // Every node the setup started, whatever the tests killed and started again in between.
  await down({
    only: result.started,
    layout: CLUSTER,
    kafkaNodes: result.kafkaNodes,
    log: (line) => process.stderr.write(`[infra] ${line}\n`),
  });
}
