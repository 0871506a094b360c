import fs from 'node:fs';
import { ministackPid } from '../../scripts/infra/aws-emulator';
import { kafkaPid } from '../../scripts/infra/kafka-broker';
import { up } from '../../scripts/infra/manager';
import { RESULTS_FILE } from './support/reconcile';

/**
 * Brings the broker and emulator up like the integration tests do, but insists that they are the ones
 * `infra:up` starts: the suite stops, freezes and restarts them by their pid files, which it cannot do to a
 * broker or emulator started by something else (docker compose, another checkout).
 */
export default async function globalSetup(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const log = (line: string) => process.stderr.write(`[infra] ${line}\n`);
  const { started } = await up(log);
  (globalThis as { __infraStarted?: typeof started }).__infraStarted = started;
  if (kafkaPid() === undefined || ministackPid() === undefined) {
    throw new Error(
      'the fault suite stops and freezes Kafka and the AWS emulator, so it needs the ones `npm run infra:up` ' +
        'starts; something else answers on 9092 or 4566 (docker compose?): stop it and run the suite again',
    );
  }
  fs.rmSync(RESULTS_FILE, { force: true });
}
