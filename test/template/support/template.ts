import fs from 'node:fs';
import { PACKAGED_TEMPLATE } from '../../../scripts/deploy/cfn-lint';

/** The CloudFormation template `npm run package:aws` wrote (global-setup runs it first). */
export interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}
export interface Template {
  Parameters: Record<string, { Default?: string; AllowedPattern?: string }>;
  Resources: Record<string, Resource>;
}

export function packagedTemplate(): Template {
  return JSON.parse(fs.readFileSync(PACKAGED_TEMPLATE, 'utf8')) as Template;
}

export function resourcesOfType(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** What the pseudo parameters are in the account and region the example stage stands for. */
const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '123456789012',
};

/**
 * Evaluates the intrinsic functions the template uses, the way CloudFormation would in that account:
 * parameters take their defaults, `GetAtt <table>.Arn` and `GetAtt <log group>.Arn` become the ARNs AWS
 * gives them. Lets a test compare a policy's resources to plain ARNs.
 */
export function evaluate(template: Template, value: unknown): unknown {
  const ev = (inner: unknown) => evaluate(template, inner);
  if (Array.isArray(value)) return value.map(ev);
  if (typeof value !== 'object' || value === null) return value;
  const [fn, args] = Object.entries(value)[0] as [string, unknown];
  switch (fn) {
    case 'Ref':
      return PSEUDO[args as string] ?? template.Parameters[args as string]?.Default ?? `ref:${String(args)}`;
    case 'Fn::GetAtt':
      return attribute(template, args as [string, string]);
    case 'Fn::Join': {
      const [separator, parts] = args as [string, unknown[]];
      return (ev(parts) as string[]).join(separator);
    }
    case 'Fn::Split': {
      const [separator, text] = args as [string, unknown];
      return (ev(text) as string).split(separator);
    }
    case 'Fn::Select': {
      const [index, list] = args as [number, unknown];
      return (ev(list) as unknown[])[index];
    }
    case 'Fn::Sub':
      return (args as string).replace(/\$\{([^}]+)\}/g, (_, name: string) => String(ev({ Ref: name })));
    default:
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, ev(inner)]));
  }
}

function attribute(template: Template, [logicalId, name]: [string, string]): string {
  const resource = template.Resources[logicalId];
  const region = `${PSEUDO['AWS::Region']}:${PSEUDO['AWS::AccountId']}`;
  if (resource?.Type === 'AWS::DynamoDB::Table' && name === 'Arn') {
    return `arn:aws:dynamodb:${region}:table/${String(resource.Properties.TableName)}`;
  }
  if (resource?.Type === 'AWS::Logs::LogGroup' && name === 'Arn') {
    return `arn:aws:logs:${region}:log-group:${String(resource.Properties.LogGroupName)}:*`;
  }
  return `getatt:${logicalId}.${name}`;
}
