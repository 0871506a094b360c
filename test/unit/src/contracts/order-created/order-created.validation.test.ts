import {
  InvalidOrderEventError,
  parseOrderCreated,
} from '../../../../../src/contracts/order-created/order-created.validation';
import { orderCreated } from '../../../fakes/order-events';

const parse = (value: unknown) => parseOrderCreated(JSON.stringify(value));
const problemOf = (value: unknown) => {
  try {
    parse(value);
  } catch (error) {
    if (error instanceof InvalidOrderEventError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('expected the event to be refused');
};

describe('parseOrderCreated', () => {
  it('reads the documented example into the event, keeping only the fields of the contract', () => {
    const event = parse({ ...orderCreated(), somethingNew: true });

    expect(event).toEqual(orderCreated());
  });

  it('accepts an event without a description', () => {
    expect(parse(orderCreated({ description: undefined })).description).toBeUndefined();
  });

  it('says what the field must be, in the words of the schema', () => {
    expect(() => parse(orderCreated({ totalAmount: '007.50' }))).toThrow(
      'totalAmount must be a decimal string greater than 0 with exactly two decimals and no leading zeros, e.g. "99.99"',
    );
    expect(() => parse(orderCreated({ customerId: undefined }))).toThrow('customerId is required');
  });

  it('refuses text that is not JSON, or JSON that is not an object', () => {
    expect(() => parseOrderCreated('{"eventType":')).toThrow('the event is not valid JSON');
    expect(problemOf([orderCreated()])).toEqual({ code: 'MALFORMED_EVENT', field: undefined });
  });

  it('refuses another event type and another schema version, naming the field', () => {
    expect(problemOf(orderCreated({ eventType: 'OrderCancelled' }))).toEqual({
      code: 'UNKNOWN_EVENT_TYPE',
      field: 'eventType',
    });
    expect(problemOf(orderCreated({ schemaVersion: 2 }))).toEqual({
      code: 'UNSUPPORTED_SCHEMA_VERSION',
      field: 'schemaVersion',
    });
  });

  it.each([
    ['eventId', 'not-a-uuid'],
    ['orderId', 42],
    ['customerId', undefined],
    ['customerEmail', 'no-at-sign'],
    ['customerEmail', `${'a'.repeat(250)}@x.com`],
    ['totalAmount', 99.99],
    ['totalAmount', '99.9'],
    ['totalAmount', '0.00'],
    ['totalAmount', '-1.00'],
    ['currency', 'eur'],
    ['createdAt', '2026-01-20 10:30'],
    ['createdAt', '2026-13-01T10:30:00.000Z'],
    ['description', 7],
  ])('refuses %s = %j as a schema violation of that field', (field, value) => {
    expect(problemOf(orderCreated({ [field]: value }))).toEqual({ code: 'SCHEMA_VIOLATION', field });
  });
});
