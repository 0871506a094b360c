import path from 'node:path';
import { ROOT } from '../../../scripts/infra/local';
import { startProcess } from '../support/offline';

/** Runs `tsx scripts/<script>` to completion, as `npm run` would, and returns its exit code and output. */
export async function runScript(
  script: string,
  args: string[],
): Promise<{ code: number | null; output: string }> {
  const run = startProcess(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    [path.join('scripts', script), ...args],
    {
      cwd: ROOT,
    },
  );
  const code = await new Promise<number | null>((resolve) => run.child.once('exit', resolve));
  return { code, output: run.output() };
}
