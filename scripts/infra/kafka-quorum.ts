import net from 'node:net';

/**
 * The KRaft controller quorum, as Kafka's DescribeQuorum API (KIP-595, KIP-836) reports it: the active
 * controller, its epoch, and how far each voter and observer (the brokers) has read the metadata log.
 *
 * kafkajs has no call for it, and its `describeCluster().controller` is not the controller in KRaft: a
 * broker answers Metadata with a random alive broker as "controller" (KIP-590: clients never talk to the
 * controller; admin requests sent there are forwarded). So this file speaks the one request itself. A
 * broker forwards DescribeQuorum to the active controller. Version 1, flexible encoding (compact strings
 * and arrays, tagged fields), request header v2, response header v1.
 */
export interface QuorumReplica {
  replicaId: number;
  logEndOffset: number;
  /** Milliseconds since the epoch; -1 when unknown (and always for the leader itself). */
  lastFetchTimestamp: number;
  lastCaughtUpTimestamp: number;
}

export interface Quorum {
  leaderId: number;
  leaderEpoch: number;
  highWatermark: number;
  voters: QuorumReplica[];
  observers: QuorumReplica[];
}

const DESCRIBE_QUORUM = 55;
const VERSION = 1;
const METADATA_TOPIC = '__cluster_metadata';

export function encodeDescribeQuorumRequest(correlationId: number, clientId: string): Buffer {
  const client = Buffer.from(clientId, 'utf8');
  const topic = Buffer.from(METADATA_TOPIC, 'utf8');
  const header = Buffer.alloc(10);
  header.writeInt16BE(DESCRIBE_QUORUM, 0);
  header.writeInt16BE(VERSION, 2);
  header.writeInt32BE(correlationId, 4);
  header.writeInt16BE(client.length, 8);
  const body = Buffer.concat([
    header,
    client,
    uvarint(0), // header tagged fields
    uvarint(1 + 1), // one topic
    uvarint(topic.length + 1),
    topic,
    uvarint(1 + 1), // one partition
    int32(0),
    uvarint(0), // partition tagged fields
    uvarint(0), // topic tagged fields
    uvarint(0), // request tagged fields
  ]);
  return Buffer.concat([int32(body.length), body]);
}

/** Decodes a DescribeQuorum v1 response (without its 4-byte size); throws on a Kafka error code. */
export function decodeDescribeQuorumResponse(frame: Buffer): { correlationId: number; quorum: Quorum } {
  const r = new Reader(frame);
  const correlationId = r.int32();
  r.skipTaggedFields();
  const errorCode = r.int16();
  if (errorCode !== 0) throw new Error(`DescribeQuorum answered error code ${errorCode}`);
  let quorum: Quorum | undefined;
  const topics = r.compactLength();
  for (let t = 0; t < topics; t++) {
    const name = r.compactString();
    const partitions = r.compactLength();
    for (let p = 0; p < partitions; p++) {
      const partition = r.int32();
      const partitionError = r.int16();
      const leaderId = r.int32();
      const leaderEpoch = r.int32();
      const highWatermark = r.int64();
      const voters = r.array(() => r.replica());
      const observers = r.array(() => r.replica());
      r.skipTaggedFields();
      if (partitionError !== 0) throw new Error(`DescribeQuorum answered error code ${partitionError}`);
      if (name === METADATA_TOPIC && partition === 0)
        quorum = { leaderId, leaderEpoch, highWatermark, voters, observers };
    }
    r.skipTaggedFields();
  }
  if (!quorum) throw new Error(`DescribeQuorum did not describe ${METADATA_TOPIC}`);
  return { correlationId, quorum };
}

/** Asks one broker (host:port) who the controllers are; rejects after `timeoutMs`. */
export function describeQuorum(address: string, timeoutMs = 3000): Promise<Quorum> {
  const [host, port] = splitAddress(address);
  const correlationId = Math.floor(Math.random() * 0x7fffffff);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let received = Buffer.alloc(0);
    const finish = (error: Error | undefined, quorum?: Quorum) => {
      socket.destroy();
      if (error) reject(error);
      else resolve(quorum!);
    };
    socket.setTimeout(timeoutMs, () =>
      finish(new Error(`no DescribeQuorum answer from ${address} in ${timeoutMs} ms`)),
    );
    socket.once('error', (error) => finish(new Error(`DescribeQuorum to ${address}: ${error.message}`)));
    socket.once('close', () =>
      finish(new Error(`${address} closed the connection (DescribeQuorum unsupported?)`)),
    );
    socket.once('connect', () => socket.write(encodeDescribeQuorumRequest(correlationId, 'topology')));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4 || received.length < 4 + received.readInt32BE(0)) return;
      try {
        const decoded = decodeDescribeQuorumResponse(received.subarray(4, 4 + received.readInt32BE(0)));
        if (decoded.correlationId !== correlationId)
          throw new Error('DescribeQuorum answer for another request');
        finish(undefined, decoded.quorum);
      } catch (error) {
        finish(error as Error);
      }
    });
  });
}

function splitAddress(address: string): [string, number] {
  const index = address.lastIndexOf(':');
  return [address.slice(0, index), Number(address.slice(index + 1))];
}

function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value, 0);
  return buffer;
}

function uvarint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value >>> 0;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

class Reader {
  private offset = 0;
  constructor(private readonly buffer: Buffer) {}

  int16(): number {
    const value = this.buffer.readInt16BE(this.offset);
    this.offset += 2;
    return value;
  }

  int32(): number {
    const value = this.buffer.readInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  int64(): number {
    const value = this.buffer.readBigInt64BE(this.offset);
    this.offset += 8;
    return Number(value);
  }

  uvarint(): number {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = this.buffer.readUInt8(this.offset++);
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
      shift += 7;
    }
  }

  /** A compact array or string length: stored plus one, zero meaning null. */
  compactLength(): number {
    return Math.max(this.uvarint() - 1, 0);
  }

  compactString(): string {
    const length = this.compactLength();
    const value = this.buffer.toString('utf8', this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  array<T>(read: () => T): T[] {
    return Array.from({ length: this.compactLength() }, read);
  }

  replica(): QuorumReplica {
    const replica = {
      replicaId: this.int32(),
      logEndOffset: this.int64(),
      lastFetchTimestamp: this.int64(),
      lastCaughtUpTimestamp: this.int64(),
    };
    this.skipTaggedFields();
    return replica;
  }

  skipTaggedFields(): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint(); // tag
      const size = this.uvarint();
      this.offset += size;
    }
  }
}
