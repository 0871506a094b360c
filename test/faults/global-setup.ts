import fs from 'node:fs';
import { ministackPid } from '../../scripts/infra/aws-emulator';
import { kafkaPid } from '../../scripts/infra/kafka-broker';
import { LOCAL_INFRA } from '../../scripts/infra/local';
import { up } from '../../scripts/infra/manager';
import { RESULTS_FILE } from './support/reconcile';

/**
 * Brings up the suite's own broker and emulator (LOCAL_INFRA=faults: ports 18092/18093 and 14566, state in
 * .local/instances/faults), and insists that they are ones `infra:up` started: the suite stops, freezes and
 * restarts them by their pid files, which it cannot do to something another program started.
 */
export default async function globalSetup(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  if (LOCAL_INFRA !== 'faults') {
    throw new Error('run the fault suite with `npm run test:faults`: it needs LOCAL_INFRA=faults');
  }
  const log = (line: string) => process.stderr.write(`[infra] ${line}\n`);
  const { started } = await up(log);
  (globalThis as { __infraStarted?: typeof started }).__infraStarted = started;
  if (kafkaPid() === undefined || ministackPid() === undefined) {
    throw new Error(
      'the fault suite stops and freezes its Kafka and AWS emulator, so it needs ones it started itself; ' +
        'something else answers on 18092 or 14566: stop it and run the suite again',
    );
  }
  fs.rmSync(RESULTS_FILE, { force: true });
}
