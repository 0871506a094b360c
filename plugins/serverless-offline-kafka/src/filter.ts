/**
 * Lambda event filtering for Kafka event sources: a record is delivered when its value matches at least one
 * pattern (patterns are ORed); with no pattern every record is delivered. AWS filters Kafka records on
 * `value` only. A JSON pattern (`{ value: { field: [rules] } }`) matches values that are JSON objects; a
 * rule list (`{ value: [rules] }`) matches the value as a plain UTF-8 string.
 */
export type FilterPattern = Record<string, unknown>;

const OPERATORS = new Set(['prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'numeric', 'exists']);
const NUMERIC_OPERATORS = new Set(['=', '<', '<=', '>', '>=']);

export class FilterPatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterPatternError';
  }
}

/**
 * Checks a `filterPatterns` entry once, at start, so a typo fails loudly instead of silently dropping
 * every record.
 * @throws FilterPatternError naming the offending part.
 */
export function validateFilterPattern(pattern: unknown, where: string): FilterPattern {
  if (!isObject(pattern)) throw new FilterPatternError(`${where} must be an object`);
  const keys = Object.keys(pattern);
  if (keys.length !== 1 || keys[0] !== 'value') {
    throw new FilterPatternError(
      `${where} filters on ${keys.map((k) => `"${k}"`).join(', ') || 'nothing'}: Kafka event sources filter on "value" only`,
    );
  }
  validateNode(pattern.value, `${where}.value`);
  return pattern;
}

function validateNode(node: unknown, where: string): void {
  if (Array.isArray(node)) {
    if (node.length === 0) throw new FilterPatternError(`${where} is an empty rule list`);
    node.forEach((rule, i) => validateRule(rule, `${where}[${i}]`));
    return;
  }
  if (!isObject(node)) throw new FilterPatternError(`${where} must be a rule list or an object`);
  for (const [key, child] of Object.entries(node)) {
    if (key === '$or') {
      if (!Array.isArray(child) || child.length < 2)
        throw new FilterPatternError(`${where}.$or must list at least two patterns`);
      child.forEach((alternative, i) => validateNode(alternative, `${where}.$or[${i}]`));
    } else {
      validateNode(child, `${where}.${key}`);
    }
  }
}

function validateRule(rule: unknown, where: string): void {
  if (rule === null || ['string', 'number', 'boolean'].includes(typeof rule)) return;
  if (!isObject(rule)) throw new FilterPatternError(`${where} is not a valid rule`);
  const [operator, ...others] = Object.keys(rule);
  if (operator === undefined || others.length > 0 || !OPERATORS.has(operator)) {
    throw new FilterPatternError(
      `${where} uses ${JSON.stringify(rule)}: supported operators are ${[...OPERATORS].join(', ')}`,
    );
  }
  if (operator === 'numeric') validateNumeric(rule.numeric, where);
  if (operator === 'exists' && typeof rule.exists !== 'boolean')
    throw new FilterPatternError(`${where}.exists must be true or false`);
}

function validateNumeric(spec: unknown, where: string): void {
  const valid =
    Array.isArray(spec) &&
    (spec.length === 2 || spec.length === 4) &&
    spec.every((part, i) => (i % 2 === 0 ? NUMERIC_OPERATORS.has(part as string) : typeof part === 'number'));
  if (!valid) throw new FilterPatternError(`${where}.numeric must look like [">", 0] or [">", 0, "<=", 5]`);
}

/** True when the record value (raw bytes, null for a tombstone) passes the filter patterns. */
export function passesFilters(patterns: readonly FilterPattern[], value: Buffer | null): boolean {
  if (patterns.length === 0) return true;
  const text = value === null ? undefined : value.toString('utf8');
  let json: unknown;
  let parsed = false;
  const asJson = () => {
    if (!parsed) {
      parsed = true;
      json = parseJson(text);
    }
    return json;
  };
  return patterns.some((pattern) => {
    const node = pattern.value;
    if (Array.isArray(node)) return matchRules(node, text, text !== undefined);
    // A JSON pattern never matches a value that is not a JSON object: AWS drops such records.
    const document = asJson();
    return isObject(document) && matchObject(node as FilterPattern, document);
  });
}

function matchObject(pattern: FilterPattern, data: Record<string, unknown> | undefined): boolean {
  return Object.entries(pattern).every(([key, node]) => {
    if (key === '$or') return (node as FilterPattern[]).some((alternative) => matchObject(alternative, data));
    const present = data !== undefined && Object.prototype.hasOwnProperty.call(data, key);
    const value = present ? data[key] : undefined;
    if (Array.isArray(node)) return matchRules(node, value, present);
    return matchObject(node as FilterPattern, isObject(value) ? value : undefined);
  });
}

function matchRules(rules: unknown[], value: unknown, present: boolean): boolean {
  return rules.some((rule) => {
    if (isObject(rule) && 'exists' in rule) return present === rule.exists;
    if (!present) return false;
    // A list in the data matches when any of its elements does.
    const candidates = Array.isArray(value) ? value : [value];
    return candidates.some((candidate) => matchRule(rule, candidate));
  });
}

function matchRule(rule: unknown, value: unknown): boolean {
  if (!isObject(rule)) return rule === value;
  if ('prefix' in rule) return typeof value === 'string' && value.startsWith(String(rule.prefix));
  if ('suffix' in rule) return typeof value === 'string' && value.endsWith(String(rule.suffix));
  if ('equals-ignore-case' in rule)
    return (
      typeof value === 'string' && value.toLowerCase() === String(rule['equals-ignore-case']).toLowerCase()
    );
  if ('anything-but' in rule) return !matchesAnythingBut(rule['anything-but'], value);
  if ('numeric' in rule) return typeof value === 'number' && matchesNumeric(rule.numeric as unknown[], value);
  return false;
}

function matchesAnythingBut(excluded: unknown, value: unknown): boolean {
  if (Array.isArray(excluded)) return excluded.includes(value);
  if (isObject(excluded)) return matchRule(excluded, value);
  return excluded === value;
}

function matchesNumeric(spec: unknown[], value: number): boolean {
  for (let i = 0; i < spec.length; i += 2) {
    const bound = spec[i + 1] as number;
    const holds = {
      '=': value === bound,
      '<': value < bound,
      '<=': value <= bound,
      '>': value > bound,
      '>=': value >= bound,
    }[spec[i] as string];
    if (!holds) return false;
  }
  return true;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
