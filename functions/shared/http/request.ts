import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpError } from '../middleware/http-error';

type JsonType = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null';
type ValueOf<T extends JsonType> = T extends 'string' ? string : T extends 'number' ? number : unknown;

/** Which JSON types a field may hold, and whether it must be there. */
interface FieldRule<T extends JsonType = JsonType, Required extends boolean = boolean> {
  types: readonly T[];
  required: Required;
}

type Body<R extends Record<string, FieldRule>> = {
  [K in keyof R]: R[K] extends FieldRule<infer T, infer Required>
    ? Required extends true
      ? ValueOf<T>
      : ValueOf<T> | undefined
    : never;
};

export const required = <T extends JsonType>(...types: T[]): FieldRule<T, true> => ({
  types,
  required: true,
});
export const optional = <T extends JsonType>(...types: T[]): FieldRule<T, false> => ({
  types,
  required: false,
});

/**
 * Checks the shape of a JSON body: an object holding only the named fields, each of an allowed JSON
 * type. The domain checks its own rules (an email's syntax, an amount's decimals) after.
 * @throws HttpError 400 INVALID_BODY, UNKNOWN_FIELD, MISSING_FIELD or INVALID_TYPE, naming the field.
 */
export function readBody<R extends Record<string, FieldRule>>(body: unknown, rules: R): Body<R> {
  if (jsonType(body) !== 'object') throw new HttpError(400, 'INVALID_BODY', 'the body must be a JSON object');
  const fields = body as Record<string, unknown>;
  // A misspelt optional field would otherwise be dropped without a word.
  const unknown = Object.keys(fields).find((name) => !Object.hasOwn(rules, name));
  // An empty name cannot be a `field` (the error schema wants a non-empty path): say so in the message.
  if (unknown === '') throw new HttpError(400, 'UNKNOWN_FIELD', 'the body has a field with an empty name');
  if (unknown !== undefined) throw new HttpError(400, 'UNKNOWN_FIELD', `unknown field ${unknown}`, unknown);
  for (const [name, rule] of Object.entries(rules)) {
    if (!Object.hasOwn(fields, name)) {
      if (rule.required) throw new HttpError(400, 'MISSING_FIELD', `${name} is required`, name);
    } else if (!rule.types.includes(jsonType(fields[name]))) {
      throw new HttpError(400, 'INVALID_TYPE', `${name} must be a ${rule.types.join(' or ')}`, name);
    }
  }
  return fields as Body<R>;
}

function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as JsonType;
}

/** The `{id}` of the route (API Gateway always fills it for routes that declare it). */
export function pathId(event: APIGatewayProxyEventV2): string {
  return event.pathParameters?.id ?? '';
}
