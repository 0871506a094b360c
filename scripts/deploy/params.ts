import fs from 'node:fs';
import { parse } from 'yaml';

/**
 * A stage's parameters file (deploy/params.<stage>.yml): a flat YAML map of serverless.yml params. Lists
 * (subnets, security groups) become comma-separated values, which serverless.yml splits again.
 */
export type StageParams = Record<string, string>;

const NAME = /^[A-Za-z][A-Za-z0-9]*$/;

export function readStageParams(file: string): StageParams {
  if (!fs.existsSync(file)) {
    throw new Error(
      `no parameters file ${file}: copy deploy/params.example.yml and fill it in (docs/deploy.md)`,
    );
  }
  return stageParams(parse(fs.readFileSync(file, 'utf8')), file);
}

export function stageParams(raw: unknown, source: string): StageParams {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(`${source} must be a map of parameter names to values`);
  }
  const params: StageParams = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!NAME.test(name)) throw new Error(`${source}: "${name}" is not a parameter name`);
    params[name] = paramValue(value, `${source}: ${name}`);
  }
  return params;
}

function paramValue(value: unknown, where: string): string {
  if (Array.isArray(value) && value.length > 0 && value.every(isScalar)) return value.map(String).join(',');
  if (isScalar(value) && String(value).trim() !== '') return String(value);
  throw new Error(`${where} must be a value or a list of values`);
}

function isScalar(value: unknown): value is string | number | boolean {
  return ['string', 'number', 'boolean'].includes(typeof value);
}

/** The Serverless CLI's form: one `--param=name=value` per parameter. */
export function paramArgs(params: StageParams): string[] {
  return Object.entries(params).map(([name, value]) => `--param=${name}=${value}`);
}
