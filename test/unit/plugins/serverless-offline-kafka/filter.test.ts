import {
  FilterPatternError,
  passesFilters,
  validateFilterPattern,
  type FilterPattern,
} from '../../../../plugins/serverless-offline-kafka/src/filter';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const passes = (pattern: FilterPattern, value: Buffer | null) => passesFilters([pattern], value);

describe('passesFilters', () => {
  it('lets every record through when there is no pattern', () => {
    expect(passesFilters([], json({ any: 1 }))).toBe(true);
    expect(passesFilters([], null)).toBe(true);
  });

  it('matches a JSON value on exact values, ORing the values of one field', () => {
    const pattern = { value: { eventType: ['OrderCreated', 'OrderPaid'] } };

    expect(passes(pattern, json({ eventType: 'OrderPaid' }))).toBe(true);
    expect(passes(pattern, json({ eventType: 'OrderCancelled' }))).toBe(false);
    expect(passes(pattern, json({ other: 'OrderPaid' }))).toBe(false);
  });

  it('requires every field of a pattern (AND) and ORs the patterns of an event', () => {
    const both = { value: { eventType: ['OrderCreated'], currency: ['EUR'] } };
    const usd = { value: { currency: ['USD'] } };

    expect(passes(both, json({ eventType: 'OrderCreated', currency: 'EUR' }))).toBe(true);
    expect(passes(both, json({ eventType: 'OrderCreated', currency: 'USD' }))).toBe(false);
    expect(passesFilters([both, usd], json({ eventType: 'OrderCreated', currency: 'USD' }))).toBe(true);
  });

  it('matches nested fields and any element of a list', () => {
    const pattern = { value: { order: { tags: ['gift'] } } };

    expect(passes(pattern, json({ order: { tags: ['urgent', 'gift'] } }))).toBe(true);
    expect(passes(pattern, json({ order: { tags: ['urgent'] } }))).toBe(false);
  });

  it('supports prefix, suffix, equals-ignore-case, anything-but and numeric rules', () => {
    expect(passes({ value: { id: [{ prefix: 'ord-' }] } }, json({ id: 'ord-1' }))).toBe(true);
    expect(passes({ value: { file: [{ suffix: '.pdf' }] } }, json({ file: 'a.png' }))).toBe(false);
    expect(passes({ value: { c: [{ 'equals-ignore-case': 'eur' }] } }, json({ c: 'EUR' }))).toBe(true);
    expect(passes({ value: { s: [{ 'anything-but': ['test', 'draft'] }] } }, json({ s: 'live' }))).toBe(true);
    expect(passes({ value: { s: [{ 'anything-but': ['test', 'draft'] }] } }, json({ s: 'draft' }))).toBe(
      false,
    );
    expect(passes({ value: { s: [{ 'anything-but': { prefix: 'tmp' } }] } }, json({ s: 'tmp-1' }))).toBe(
      false,
    );
    expect(passes({ value: { n: [{ numeric: ['>', 0, '<=', 5] }] } }, json({ n: 5 }))).toBe(true);
    expect(passes({ value: { n: [{ numeric: ['>', 0, '<=', 5] }] } }, json({ n: 6 }))).toBe(false);
    expect(passes({ value: { n: [{ numeric: ['=', 3] }] } }, json({ n: '3' }))).toBe(false);
  });

  it('tells present, absent and null fields apart', () => {
    expect(passes({ value: { d: [{ exists: true }] } }, json({ d: 'x' }))).toBe(true);
    expect(passes({ value: { d: [{ exists: false }] } }, json({ other: 1 }))).toBe(true);
    expect(passes({ value: { d: [{ exists: false }] } }, json({ d: 'x' }))).toBe(false);
    expect(passes({ value: { d: [null] } }, json({ d: null }))).toBe(true);
    expect(passes({ value: { d: [null] } }, json({}))).toBe(false);
    expect(passes({ value: { d: [''] } }, json({ d: '' }))).toBe(true);
  });

  it('supports $or between field patterns', () => {
    const pattern = { value: { $or: [{ a: ['1'] }, { b: ['2'] }] } };

    expect(passes(pattern, json({ b: '2' }))).toBe(true);
    expect(passes(pattern, json({ a: '2', b: '1' }))).toBe(false);
  });

  it('matches a plain-string value against a rule list, and never against a JSON pattern', () => {
    expect(passes({ value: [{ 'anything-but': ['error'] }] }, Buffer.from('ok'))).toBe(true);
    expect(passes({ value: [{ 'anything-but': ['error'] }] }, Buffer.from('error'))).toBe(false);
    expect(passes({ value: { eventType: ['OrderCreated'] } }, Buffer.from('OrderCreated'))).toBe(false);
  });

  it('drops a tombstone for a JSON pattern', () => {
    expect(passes({ value: { eventType: ['OrderCreated'] } }, null)).toBe(false);
  });
});

describe('validateFilterPattern', () => {
  it('accepts the documented shapes', () => {
    const pattern = { value: { eventType: ['OrderCreated'], amount: [{ numeric: ['>=', 1] }] } };

    expect(validateFilterPattern(pattern, 'p')).toBe(pattern);
  });

  it('rejects filtering on anything but value, naming the key', () => {
    expect(() => validateFilterPattern({ key: ['a'] }, 'filterPatterns[0]')).toThrow(
      new FilterPatternError(
        'filterPatterns[0] filters on "key": Kafka event sources filter on "value" only',
      ),
    );
  });

  it('rejects an unknown operator and a malformed numeric rule, naming where', () => {
    expect(() => validateFilterPattern({ value: { a: [{ wildcard: '*' }] } }, 'p')).toThrow(
      /p\.value\.a\[0\]/,
    );
    expect(() => validateFilterPattern({ value: { a: [{ numeric: ['>'] }] } }, 'p')).toThrow(/numeric/);
    expect(() => validateFilterPattern({ value: { a: [] } }, 'p')).toThrow(/empty rule list/);
  });
});
