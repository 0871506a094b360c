import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export interface ServerlessYml {
  functions: Record<
    string,
    { handler: string; events?: { httpApi?: string | { method: string; path: string } }[] }
  >;
}

/**
 * serverless.yml as written, variables unresolved: enough to read handlers and routes without the CLI.
 * CloudFormation's short tags (!GetAtt, !Join) are read as plain values instead of warned about.
 */
export function readServerlessYml(): ServerlessYml {
  const file = path.resolve(__dirname, '..', '..', 'serverless.yml');
  return parse(fs.readFileSync(file, 'utf8'), { logLevel: 'error' }) as ServerlessYml;
}
