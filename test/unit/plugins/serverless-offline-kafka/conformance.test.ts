import type { KafkaMessage } from 'kafkajs';
import { readBatchResponse } from '../../../../plugins/serverless-offline-kafka/src/batch-response';
import {
  buildEvent,
  type LambdaKafkaRecord,
  type SourceRecord,
} from '../../../../plugins/serverless-offline-kafka/src/event';
import { failureRecord } from '../../../../plugins/serverless-offline-kafka/src/failure-record';
import awsFailureRecord from '../../../fixtures/conformance/aws/kafka-failure-destination-record.json';
import awsPartialResponse from '../../../fixtures/conformance/aws/kafka-partial-batch-response.json';
import awsMsk from '../../../fixtures/conformance/aws/msk-event.json';
import awsSelfManaged from '../../../fixtures/conformance/aws/self-managed-kafka-event.json';
import powertoolsAvro from '../../../fixtures/conformance/powertools/avro.json';
import powertoolsDefault from '../../../fixtures/conformance/powertools/default.json';
import powertoolsProtobuf from '../../../fixtures/conformance/powertools/protobuf.json';
import powertoolsConfluent from '../../../fixtures/conformance/powertools/protobuf-complex.confluent.json';
import powertoolsGlue from '../../../fixtures/conformance/powertools/protobuf-complex.glue.json';
import { typeShape } from '../../../support/kafka-event-shape';

/**
 * The golden payloads of test/fixtures/conformance (AWS's documentation, Powertools' test events) against
 * what the local event source builds from the same records as read from a broker, and what it accepts back.
 */
interface GoldenRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  timestampType: string;
  key?: string | null;
  value?: string;
  headers: Array<Record<string, number[]>>;
}
interface GoldenEvent {
  eventSource: string;
  eventSourceArn?: string;
  bootstrapServers: string;
  records: Record<string, GoldenRecord[]>;
}

/** The record as kafkajs hands it over: raw bytes, headers as buffers of the (unsigned) bytes. */
function asRead(record: GoldenRecord): SourceRecord {
  const bytes = (base64: string | null | undefined) =>
    typeof base64 === 'string' ? Buffer.from(base64, 'base64') : null;
  const message = {
    offset: String(record.offset),
    timestamp: String(record.timestamp),
    key: bytes(record.key),
    value: bytes(record.value),
    attributes: 0,
    headers: Object.fromEntries(
      record.headers.map((header) => {
        const [name, values] = Object.entries(header)[0]!;
        return [name, Buffer.from(values.map((b) => (b < 0 ? b + 256 : b)))];
      }),
    ),
  } as KafkaMessage;
  return { topic: record.topic, partition: record.partition, message };
}

function rebuild(golden: GoldenEvent) {
  const source = golden.eventSourceArn
    ? { type: 'msk' as const, arn: golden.eventSourceArn }
    : { type: 'kafka' as const };
  return buildEvent(source, golden.bootstrapServers, Object.values(golden.records).flat().map(asRead));
}

/**
 * The event as the local event source writes it: without the fields a mapping with a schema registry adds
 * (it has none), and without a null key (it leaves the key out, as AWS's examples do for a keyless record).
 */
function asLocal(golden: GoldenEvent): GoldenEvent {
  return {
    ...golden,
    records: Object.fromEntries(
      Object.entries(golden.records).map(([key, list]) => [
        key,
        list.map((record) => {
          const copy = { ...record } as Record<string, unknown>;
          delete copy.keySchemaMetadata;
          delete copy.valueSchemaMetadata;
          if (copy.key === null) delete copy.key;
          return copy as unknown as GoldenRecord;
        }),
      ]),
    ),
  };
}

describe('conformance with the AWS documentation', () => {
  it.each([
    ['the MSK example event', awsMsk as GoldenEvent],
    ['the self-managed Kafka example event', awsSelfManaged as GoldenEvent],
  ])('builds %s from the same record', (_name, golden) => {
    const event = rebuild(golden);
    const [record] = Object.values(event.records).flat() as LambdaKafkaRecord[];
    const [expected] = Object.values(golden.records).flat();

    // The example's key is not canonical base64 (see the fixtures' README): same bytes, other spelling.
    expect({ ...event, records: { 'mytopic-0': [{ ...record, key: expected!.key }] } }).toEqual(golden);
    expect(Buffer.from(record!.key!, 'base64')).toEqual(Buffer.from(expected!.key!, 'base64'));
    expect(typeShape(event)).toEqual(typeShape(golden));
  });

  it('writes the failure-destination record AWS documents, field for field', () => {
    const golden = awsFailureRecord;
    const [payloadRecord] = Object.values(golden.payload.records).flat();

    const written = failureRecord(asRead(payloadRecord!), {
      functionArn: golden.requestContext.functionArn,
      source: { type: 'msk', arn: golden.KafkaBatchInfo.eventSourceArn },
      bootstrapServers: golden.KafkaBatchInfo.bootstrapServers,
      condition: 'RetriesExhausted',
      invokeCount: golden.requestContext.approximateInvokeCount,
      requestId: golden.requestContext.requestId,
      response: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      now: new Date(golden.timestamp),
    });

    expect(typeShape(written)).toEqual(typeShape(golden));
    // The documentation leaves these three open (plugin README): its example's recordInfo is not the
    // payload's record, and payloadSize is not the payload's JSON size. We write what they name.
    expect(written.KafkaBatchInfo.recordInfo).toEqual({
      offset: '100',
      timestamp: '2025-06-05T09:44:52.330Z',
    });
    expect(written.KafkaBatchInfo.payloadSize).toBe(Buffer.byteLength(JSON.stringify(written.payload)));
    expect({
      ...written,
      KafkaBatchInfo: { ...written.KafkaBatchInfo, recordInfo: undefined, payloadSize: undefined },
    }).toEqual({
      ...golden,
      KafkaBatchInfo: { ...golden.KafkaBatchInfo, recordInfo: undefined, payloadSize: undefined },
    });
  });

  it('reads the documented partial batch response as one failed record', () => {
    const [record] = Object.values((awsMsk as GoldenEvent).records).flat();

    expect(readBatchResponse(awsPartialResponse, [asRead(record!)])).toEqual({
      kind: 'partial',
      failed: new Map([['mytopic-0', [15]]]),
    });
  });

  it.each([
    [
      'the "topic-partition" key of a Powertools pull request example',
      { 'topic-partition': 'mytopic-0', offset: 15 },
    ],
    ['the string identifier of middy’s documentation', 'mytopic-0-15'],
  ])('treats %s as malformed: the whole batch fails, as AWS says', (_name, itemIdentifier) => {
    const [record] = Object.values((awsMsk as GoldenEvent).records).flat();

    expect(readBatchResponse({ batchItemFailures: [{ itemIdentifier }] }, [asRead(record!)])).toMatchObject({
      kind: 'invalid',
    });
  });
});

describe("conformance with Powertools' Kafka test events", () => {
  it('builds the default event, leaving out a null key as it leaves out a missing one', () => {
    const golden = powertoolsDefault as GoldenEvent;

    expect(rebuild(golden)).toEqual(asLocal(golden));
    expect(golden.records['mytopic-0']!.map((r) => r.key)).toEqual(['cmVjb3JkS2V5', undefined, null]);
  });

  it.each([
    ['avro', powertoolsAvro],
    ['protobuf', powertoolsProtobuf],
    ['protobuf-complex.confluent', powertoolsConfluent],
    ['protobuf-complex.glue', powertoolsGlue],
  ])(
    'builds the %s event, binary values byte for byte (schema registry metadata and null keys aside)',
    (_name, golden) => {
      expect(rebuild(golden as GoldenEvent)).toEqual(asLocal(golden as GoldenEvent));
    },
  );
});
