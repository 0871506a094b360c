/**
 * cfn-lint, pinned, from its own git-ignored virtualenv, over the template `npm run package:aws` wrote.
 * `npm run lint:template`; the template tests run it too.
 */

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { LOCAL_DIR, ROOT } from '../infra/local';
import { toolOutput } from '../infra/processes';
import { ensurePinnedTool } from '../infra/python-venv';

export const CFN_LINT_VERSION = '1.58.0';
export const PACKAGED_TEMPLATE = path.join(ROOT, '.serverless', 'cloudformation-template-update-stack.json');

/**
 * W3005 (a DependsOn that a Ref or GetAtt already implies) is all the framework's: it lists each function's
 * role and each route's integration in DependsOn as well. Anything else at warning level or above fails.
 */
const IGNORED_CHECKS = ['W3005'];

export function installCfnLint(log: (line: string) => void): string {
  if (toolOutput('python3', ['--version']) === undefined) {
    throw new Error('cfn-lint needs Python 3.9 or newer with venv (python3 not on PATH)');
  }
  return ensurePinnedTool(
    { venv: path.join(LOCAL_DIR, 'cfn-lint-venv'), name: 'cfn-lint', version: CFN_LINT_VERSION },
    log,
  );
}

/** Lints a template; `ok` is false on any error or warning not ignored above. */
export function lintTemplate(
  template: string,
  log: (line: string) => void = () => {},
): { ok: boolean; output: string } {
  if (!fs.existsSync(template))
    throw new Error(`no template at ${template}: run \`npm run package:aws\` first`);
  const result = spawnSync(
    installCfnLint(log),
    ['--non-zero-exit-code', 'warning', '--ignore-checks', ...IGNORED_CHECKS, '--', template],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (result.error) throw result.error;
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}

if (require.main === module) {
  try {
    const { ok, output } = lintTemplate(PACKAGED_TEMPLATE, (line) => console.log(`[cfn-lint] ${line}`));
    console.log(output || `[cfn-lint] ${path.relative(ROOT, PACKAGED_TEMPLATE)}: no errors, no warnings`);
    process.exit(ok ? 0 : 1);
  } catch (error) {
    console.error(`[cfn-lint] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
