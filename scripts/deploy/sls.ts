/**
 * `npm run sls:aws -- <command> --stage <stage> [--params <file>] [other Serverless options]`
 *
 * The Serverless CLI for an AWS stage, given the parameters of deploy/params.<stage>.yml (or --params) as
 * `--param` options: `deploy`, `package`, `info`, `logs`, `rollback`, `remove` all resolve serverless.yml
 * and need them. The local stage has its parameters in serverless.yml and is run with `sls` itself.
 */

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { LOCAL, ROOT } from '../infra/local';
import { paramArgs, readStageParams } from './params';

export interface SlsInvocation {
  args: string[];
  stage: string;
  paramsFile: string;
}

export function slsInvocation(argv: string[]): SlsInvocation {
  const args: string[] = [];
  let stage: string | undefined;
  let paramsFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') ? splitOnce(arg, '=') : [arg, undefined];
    if (flag === '--params') {
      paramsFile = inline ?? argv[++i];
      continue;
    }
    if (flag === '--stage' || flag === '-s') stage = inline ?? argv[i + 1];
    args.push(arg);
  }
  if (!args[0] || args[0].startsWith('-')) throw new Error('name the Serverless command first, e.g. deploy');
  if (!stage) throw new Error('name the AWS stage: --stage <stage>');
  if (stage === LOCAL.stage) throw new Error('the local stage is not deployed: run `sls` or `npm run dev`');
  return { args, stage, paramsFile: paramsFile ?? path.join('deploy', `params.${stage}.yml`) };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/**
 * Packaging never talks to AWS, so it runs without any credentials this shell may hold: a change that
 * made it need them (an `${ssm:…}` or `${cf:…}` variable, say) fails here, not on a clean machine.
 */
export function serverlessEnv(command: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (command !== 'package') return env;
  const clean = Object.fromEntries(
    Object.entries(env).filter(
      ([name]) => !/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE)$/.test(name),
    ),
  );
  return {
    ...clean,
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** Runs the project's Serverless CLI; resolves its exit code. */
export function runServerless(
  invocation: SlsInvocation,
  options: { stdio?: 'inherit' | 'pipe' } = {},
): { status: number; output: string } {
  const params = readStageParams(path.resolve(ROOT, invocation.paramsFile));
  const command = invocation.args[0]!;
  const result = spawnSync(
    path.join(ROOT, 'node_modules', '.bin', 'sls'),
    [...invocation.args, ...paramArgs(params)],
    {
      cwd: ROOT,
      env: serverlessEnv(command),
      stdio: options.stdio ?? 'inherit',
      encoding: 'utf8',
      // A deploy waits for CloudFormation (an MSK event source mapping takes minutes); a package, seconds.
      timeout: (command === 'package' ? 5 : 60) * 60_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (result.error) throw result.error;
  return { status: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

if (require.main === module) {
  try {
    process.exit(runServerless(slsInvocation(process.argv.slice(2))).status);
  } catch (error) {
    console.error(`[sls:aws] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
