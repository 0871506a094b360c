import { down, type UpResult } from '../../scripts/infra/manager';
import { resultsTable } from './support/reconcile';

/** Prints the run's table, one line per scenario, then stops what the setup started. */
export default async function globalTeardown(): Promise<void> {
  process.stderr.write(`\nfault suite\n${resultsTable()}\n\n`);
  const started = (globalThis as { __infraStarted?: UpResult['started'] }).__infraStarted ?? [];
  if (started.length === 0) return;
  await down({ only: started, log: (line) => process.stderr.write(`[infra] ${line}\n`) });
}
