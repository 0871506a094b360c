import { down, type UpResult } from '../../scripts/infra/manager';

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as { __infraStarted?: UpResult['started'] }).__infraStarted ?? [];
  if (started.length === 0) return;
  await down({ only: started, log: (line) => process.stderr.write(`[infra] ${line}\n`) });
}
