import { spawnSync } from 'node:child_process';
import { ROOT } from '../../scripts/infra/local';
import { installCfnLint } from '../../scripts/deploy/cfn-lint';

/**
 * Packages the AWS stage exactly as a user does, `npm run package:aws` (example parameters, no credentials),
 * so every template test reads what that command writes to .serverless/. cfn-lint is installed here too:
 * its first install takes longer than a test may.
 */
export default function globalSetup(): void {
  const log = (line: string) => process.stderr.write(`[template] ${line}\n`);
  const startedAt = Date.now();
  const result = spawnSync('npm', ['run', '--silent', 'package:aws'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (result.error || result.status !== 0) {
    throw new Error(
      `npm run package:aws failed:\n${result.error?.message ?? ''}${result.stdout}${result.stderr}`,
    );
  }
  log(`packaged in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  installCfnLint(log);
}
