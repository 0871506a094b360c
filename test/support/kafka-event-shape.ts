/**
 * The structure of a Kafka invocation event with its values replaced by their JSON types, so an event
 * built locally can be compared with AWS's documented example field by field. Record keys and header
 * names vary by topic, so records are listed flat and each header is reduced to "one name → bytes".
 */
export interface KafkaEventLike {
  records: Record<
    string,
    Array<{ topic: string; partition: number; headers: Array<Record<string, unknown>> }>
  >;
  [field: string]: unknown;
}

export function typeShape(value: unknown): unknown {
  if (Array.isArray(value))
    return value.length === 0
      ? []
      : [...new Set(value.map((v) => JSON.stringify(typeShape(v))))].map((s) => JSON.parse(s));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, child]) => [key, typeShape(child)]),
    );
  }
  return value === null ? 'null' : typeof value;
}

export function recordShape(record: KafkaEventLike['records'][string][number]): unknown {
  return typeShape({
    ...record,
    headers: record.headers.map((header) =>
      Object.keys(header).length === 1 ? { name: Object.values(header)[0] } : { invalid: header },
    ),
  });
}

export function envelopeShape({ records: _records, ...envelope }: KafkaEventLike): unknown {
  return typeShape(envelope);
}

/** True when every group of records sits under `<topic>-<partition>` and is in offset order. */
export function recordsAreGroupedByPartition(event: KafkaEventLike): boolean {
  return Object.entries(event.records).every(
    ([key, records]) =>
      records.every((r) => `${r.topic}-${r.partition}` === key) &&
      records.every(
        (r, i) =>
          i === 0 ||
          (r as unknown as { offset: number }).offset >
            (records[i - 1] as unknown as { offset: number }).offset,
      ),
  );
}
