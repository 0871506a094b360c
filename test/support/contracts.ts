/**
 * The documented contracts, docs/openapi.yaml and src/contracts/<event>/<event>.schema.json, and checks that real answers
 * and events keep them.
 */

import fs from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { parse } from 'yaml';

export const SPEC_FILE = path.resolve(__dirname, '..', '..', 'docs', 'openapi.yaml');

interface ResponseDoc {
  $ref?: string;
  headers?: Record<string, { $ref?: string; required?: boolean }>;
  content?: Record<string, { schema: unknown }>;
}

export interface OpenApiSpec {
  paths: Record<string, Record<string, { responses: Record<string, ResponseDoc> }>>;
  components: { responses: Record<string, ResponseDoc>; headers: Record<string, { required?: boolean }> };
}

export const spec = parse(fs.readFileSync(SPEC_FILE, 'utf8')) as OpenApiSpec;

// The whole document is registered once; each answer is checked against a $ref into it.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(spec as object, 'openapi');
const validators = new Map<string, ValidateFunction>();

/** Where a response is documented: an operation's status, or a shared response (for the fallback routes). */
export type Documented = { operation: string } | { response: string };

/**
 * Fails unless `result` is documented: its status for the operation ("POST /api/orders"), its required
 * headers, and its JSON body against the schema.
 */
export function expectDocumented(where: Documented, result: APIGatewayProxyStructuredResultV2): void {
  const { doc, pointer } = responseDoc(where, result.statusCode ?? 200);
  const headers = Object.fromEntries(
    Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
  for (const [name, header] of Object.entries(doc.headers ?? {})) {
    const required = header.$ref
      ? spec.components.headers[header.$ref.split('/').pop()!]?.required
      : header.required;
    if (required && headers[name.toLowerCase()] === undefined) {
      throw new Error(`${describe(where)} ${result.statusCode}: header ${name} is documented as required`);
    }
  }
  if (!doc.content) return;
  if (!headers['content-type']?.startsWith('application/json')) {
    throw new Error(`${describe(where)} ${result.statusCode}: expected a JSON answer`);
  }
  const schemaRef = `openapi#${pointer}/content/application~1json/schema`;
  let validate = validators.get(schemaRef);
  if (!validate) {
    validate = ajv.compile({ $ref: schemaRef });
    validators.set(schemaRef, validate);
  }
  const body: unknown = JSON.parse(result.body ?? 'null');
  if (!validate(body)) {
    throw new Error(
      `${describe(where)} ${result.statusCode}: body does not match docs/openapi.yaml: ` +
        `${ajv.errorsText(validate.errors)}\n${result.body}`,
    );
  }
}

function responseDoc(where: Documented, status: number): { doc: ResponseDoc; pointer: string } {
  let doc: ResponseDoc | undefined;
  let pointer: string;
  if ('response' in where) {
    doc = spec.components.responses[where.response];
    pointer = `/components/responses/${where.response}`;
  } else {
    const [method, route] = where.operation.split(' ') as [string, string];
    doc = spec.paths[route]?.[method.toLowerCase()]?.responses[String(status)];
    pointer = `/paths/${escape(route)}/${method.toLowerCase()}/responses/${status}`;
  }
  if (!doc) throw new Error(`${describe(where)}: status ${status} is not documented in docs/openapi.yaml`);
  if (doc.$ref) {
    pointer = doc.$ref.slice(1);
    doc = spec.components.responses[doc.$ref.split('/').pop()!]!;
  }
  return { doc, pointer };
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function describe(where: Documented): string {
  return 'operation' in where ? where.operation : `response ${where.response}`;
}

/** Whether docs/openapi.yaml accepts `body` as the JSON request body of `operation` ("POST /api/orders"). */
export function documentedRequest(operation: string, body: unknown): boolean {
  const [method, route] = operation.split(' ') as [string, string];
  const schemaRef = `openapi#/paths/${escape(route)}/${method.toLowerCase()}/requestBody/content/application~1json/schema`;
  let validate = validators.get(schemaRef);
  if (!validate) {
    validate = ajv.compile({ $ref: schemaRef });
    validators.set(schemaRef, validate);
  }
  return validate(body);
}

const eventSchemas = new Map<string, ValidateFunction>();

/** Fails unless `value` matches the JSON Schema of a published event in src/contracts/ (e.g. "order-created"). */
export function expectEventMatchesSchema(event: string, value: unknown): void {
  let validate = eventSchemas.get(event);
  if (!validate) {
    const file = path.resolve(__dirname, '..', '..', 'src', 'contracts', event, `${event}.schema.json`);
    validate = ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')) as object);
    eventSchemas.set(event, validate);
  }
  if (!validate(value)) {
    throw new Error(
      `${event} does not match its schema: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value)}`,
    );
  }
}
