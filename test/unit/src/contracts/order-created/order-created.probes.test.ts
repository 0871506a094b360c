/**
 * The tolerant-reader policy of OrderCreated as a table of probes (docs/events/order-created.md, "What a
 * consumer accepts"): for each, the schema as any JSON Schema validator reads it, the consumer's reader
 * and the documented table must give the same verdict, so none of the three can drift from the others.
 */

import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import {
  InvalidOrderEventError,
  parseOrderCreated,
  type OrderEventProblem,
} from '../../../../../src/contracts/order-created/order-created.validation';
import { orderCreated } from '../../../fakes/order-events';

const ROOT = path.resolve(__dirname, '../../../../..');
const SCHEMA = path.join(ROOT, 'src/contracts/order-created/order-created.schema.json');
const DOC = path.join(ROOT, 'docs/events/order-created.md');

interface Probe {
  probe: string;
  event: unknown;
  /** Undefined when the event is accepted. */
  refused?: { code: OrderEventProblem; field: string };
}

const violation = (field: string) => ({ code: 'SCHEMA_VIOLATION' as const, field });

const probes: Probe[] = [
  { probe: 'the documented example', event: orderCreated() },
  { probe: 'no description', event: orderCreated({ description: undefined }) },
  { probe: 'an unknown extra field', event: { ...orderCreated(), channel: 'web' } },
  {
    probe: 'a 254-character email',
    event: orderCreated({ customerEmail: `${'a'.repeat(242)}@example.com` }),
  },
  {
    probe: 'a 302-character email',
    event: orderCreated({ customerEmail: `${'a'.repeat(290)}@example.com` }),
    refused: violation('customerEmail'),
  },
  { probe: 'an email without a dot in its domain', event: orderCreated({ customerEmail: 'ana@localhost' }) },
  {
    probe: 'an email with a non-ASCII local part',
    event: orderCreated({ customerEmail: 'josé@example.com' }),
  },
  {
    probe: 'an email without @',
    event: orderCreated({ customerEmail: 'no-at-sign' }),
    refused: violation('customerEmail'),
  },
  {
    probe: 'an email with a space',
    event: orderCreated({ customerEmail: 'ana garcia@example.com' }),
    refused: violation('customerEmail'),
  },
  { probe: 'totalAmount "0.01"', event: orderCreated({ totalAmount: '0.01' }) },
  {
    probe: 'totalAmount "0.00"',
    event: orderCreated({ totalAmount: '0.00' }),
    refused: violation('totalAmount'),
  },
  {
    probe: 'totalAmount with leading zeros "007.50"',
    event: orderCreated({ totalAmount: '007.50' }),
    refused: violation('totalAmount'),
  },
  {
    probe: 'totalAmount as a JSON number',
    event: orderCreated({ totalAmount: 99.99 }),
    refused: violation('totalAmount'),
  },
  {
    probe: 'totalAmount with one decimal',
    event: orderCreated({ totalAmount: '99.9' }),
    refused: violation('totalAmount'),
  },
  {
    probe: 'currency in lower case',
    event: orderCreated({ currency: 'eur' }),
    refused: violation('currency'),
  },
  {
    probe: 'createdAt without milliseconds',
    event: orderCreated({ createdAt: '2026-01-20T10:30:00Z' }),
    refused: violation('createdAt'),
  },
  {
    probe: 'createdAt with an offset',
    event: orderCreated({ createdAt: '2026-01-20T11:30:00.000+01:00' }),
    refused: violation('createdAt'),
  },
  {
    probe: 'createdAt in month 13',
    event: orderCreated({ createdAt: '2026-13-01T10:30:00.000Z' }),
    refused: violation('createdAt'),
  },
  {
    probe: 'an upper-case eventId',
    event: orderCreated({ eventId: '3F0C1D8E-5B7A-4C1E-9D2F-6A8B7C9D0E1F' }),
    refused: violation('eventId'),
  },
  {
    probe: 'an upper-case orderId',
    event: orderCreated({ orderId: '9B2E4F1A-7C3D-4E5F-8A6B-1C2D3E4F5A6B' }),
    refused: violation('orderId'),
  },
  {
    probe: 'an empty description',
    event: orderCreated({ description: '' }),
    refused: violation('description'),
  },
  { probe: 'a description of 500 emoji', event: orderCreated({ description: '📦'.repeat(500) }) },
  {
    probe: 'a 501-character description',
    event: orderCreated({ description: 'x'.repeat(501) }),
    refused: violation('description'),
  },
  {
    probe: 'description null',
    event: orderCreated({ description: null }),
    refused: violation('description'),
  },
  {
    probe: 'no customerId',
    event: orderCreated({ customerId: undefined }),
    refused: violation('customerId'),
  },
  {
    probe: 'schemaVersion 2',
    event: orderCreated({ schemaVersion: 2 }),
    refused: { code: 'UNSUPPORTED_SCHEMA_VERSION', field: 'schemaVersion' },
  },
  {
    probe: 'schemaVersion "1" as text',
    event: orderCreated({ schemaVersion: '1' }),
    refused: { code: 'UNSUPPORTED_SCHEMA_VERSION', field: 'schemaVersion' },
  },
  {
    probe: 'eventType OrderCancelled',
    event: orderCreated({ eventType: 'OrderCancelled' }),
    refused: { code: 'UNKNOWN_EVENT_TYPE', field: 'eventType' },
  },
];

// The schema as a consumer in another language would read it: a full validator, formats included.
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const schemaAccepts = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as object);

function consumerVerdict(event: unknown): Probe['refused'] {
  try {
    parseOrderCreated(JSON.stringify(event));
    return undefined;
  } catch (error) {
    if (!(error instanceof InvalidOrderEventError)) throw error;
    return { code: error.code, field: error.field! };
  }
}

/** The rows of the table under "What a consumer accepts": probe → accepted. */
function documentedVerdicts(): Map<string, boolean> {
  const section = fs
    .readFileSync(DOC, 'utf8')
    .split(/^## What a consumer accepts.*$/m)[1]
    ?.split(/^## /m)[0];
  if (!section) throw new Error(`${DOC} has no section "What a consumer accepts"`);
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) => line.split('|').map((cell) => cell.trim()));
  return new Map(rows.map(([, probe, verdict]) => [probe!.replace(/^`|`$/g, ''), verdict === 'accepted']));
}

describe('OrderCreated: what a consumer accepts', () => {
  it.each(probes)('$probe: the schema agrees with the table', ({ event, refused }) => {
    expect(schemaAccepts(event)).toBe(refused === undefined);
  });

  it.each(probes)('$probe: the consumer agrees with the table, naming the field', ({ event, refused }) => {
    expect(consumerVerdict(event)).toEqual(refused);
  });

  it('is documented, probe by probe, in docs/events/order-created.md', () => {
    const expected = new Map(probes.map(({ probe, refused }) => [probe, refused === undefined]));

    expect(documentedVerdicts()).toEqual(expected);
  });
});
