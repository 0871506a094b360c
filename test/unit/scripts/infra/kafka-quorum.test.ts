import net from 'node:net';
import {
  decodeDescribeQuorumResponse,
  describeQuorum,
  encodeDescribeQuorumRequest,
} from '../../../../scripts/infra/kafka-quorum';

/** Builds a DescribeQuorum v1 response the way a broker writes it: flexible, compact, tagged fields. */
function response(correlationId: number): Buffer {
  const bytes: number[] = [];
  const int = (value: number, size: 2 | 4) => {
    const b = Buffer.alloc(size);
    if (size === 2) b.writeInt16BE(value);
    else b.writeInt32BE(value);
    bytes.push(...b);
  };
  const long = (value: number) => {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt(value));
    bytes.push(...b);
  };
  const replica = (id: number, end: number, fetched: number) => {
    int(id, 4);
    long(end);
    long(fetched);
    long(fetched);
    bytes.push(0);
  };
  int(correlationId, 4);
  bytes.push(0); // header tags
  int(0, 2); // error
  bytes.push(2); // one topic
  bytes.push('__cluster_metadata'.length + 1, ...Buffer.from('__cluster_metadata'));
  bytes.push(2); // one partition
  int(0, 4);
  int(0, 2);
  int(4, 4); // leader
  int(7, 4); // epoch
  long(191); // high watermark
  bytes.push(2);
  replica(4, 191, -1);
  bytes.push(3);
  replica(1, 191, 1_700_000_000_000);
  replica(2, 185, 1_700_000_000_000);
  // Partition tags: one tagged field (tag 0, 2 bytes), which a reader that does not know it must skip.
  bytes.push(1, 0, 2, 0xff, 0xff);
  bytes.push(0); // topic tags
  bytes.push(0); // response tags
  return Buffer.from(bytes);
}

describe('DescribeQuorum', () => {
  it('asks for the metadata partition in version 1 with a request header v2', () => {
    const request = encodeDescribeQuorumRequest(42, 'topology');

    expect(request.readInt32BE(0)).toBe(request.length - 4);
    expect(request.readInt16BE(4)).toBe(55);
    expect(request.readInt16BE(6)).toBe(1);
    expect(request.readInt32BE(8)).toBe(42);
    expect(request.readInt16BE(12)).toBe('topology'.length);
    expect(request.subarray(14).toString('latin1')).toContain('__cluster_metadata');
  });

  it('reads the active controller, its epoch and how far each voter and broker has read', () => {
    const { correlationId, quorum } = decodeDescribeQuorumResponse(response(42));

    expect(correlationId).toBe(42);
    expect(quorum).toEqual({
      leaderId: 4,
      leaderEpoch: 7,
      highWatermark: 191,
      voters: [{ replicaId: 4, logEndOffset: 191, lastFetchTimestamp: -1, lastCaughtUpTimestamp: -1 }],
      observers: [
        {
          replicaId: 1,
          logEndOffset: 191,
          lastFetchTimestamp: 1_700_000_000_000,
          lastCaughtUpTimestamp: 1_700_000_000_000,
        },
        {
          replicaId: 2,
          logEndOffset: 185,
          lastFetchTimestamp: 1_700_000_000_000,
          lastCaughtUpTimestamp: 1_700_000_000_000,
        },
      ],
    });
  });

  it('fails on a Kafka error code instead of reporting an empty quorum', () => {
    const frame = Buffer.from([0, 0, 0, 1, 0, 0, 35, 1]);
    expect(() => decodeDescribeQuorumResponse(frame)).toThrow(/error code 35/);
  });
});

/**
 * A broker stand-in on a loopback port of this process: `answer` gets the request's correlation id and the
 * socket, and replies however the test wants (whole, in pieces, wrong, or not at all).
 */
async function fakeBroker(answer: (correlationId: number, socket: net.Socket) => void) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('data', (request) => answer(request.readInt32BE(8), socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('describeQuorum', () => {
  const sized = (body: Buffer) => {
    const size = Buffer.alloc(4);
    size.writeInt32BE(body.length);
    return Buffer.concat([size, body]);
  };
  let broker: Awaited<ReturnType<typeof fakeBroker>> | undefined;
  afterEach(async () => {
    await broker?.close();
    broker = undefined;
  });

  it('reads the quorum from an answer that arrives in pieces', async () => {
    broker = await fakeBroker((id, socket) => {
      const frame = sized(response(id));
      socket.write(frame.subarray(0, 2));
      setTimeout(() => socket.write(frame.subarray(2, 30)), 5);
      setTimeout(() => socket.write(frame.subarray(30)), 10);
    });

    const quorum = await describeQuorum(broker.address);

    expect(quorum.leaderId).toBe(4);
    expect(quorum.observers.map((o) => o.replicaId)).toEqual([1, 2]);
  });

  it('refuses an answer to another request', async () => {
    broker = await fakeBroker((id, socket) => socket.write(sized(response(id + 1))));

    await expect(describeQuorum(broker.address)).rejects.toThrow('DescribeQuorum answer for another request');
  });

  it('says so when the broker hangs up, as one that does not know the request does', async () => {
    broker = await fakeBroker((_, socket) => socket.end());

    await expect(describeQuorum(broker.address)).rejects.toThrow(
      `${broker.address} closed the connection (DescribeQuorum unsupported?)`,
    );
  });

  it('gives up on a broker that does not answer', async () => {
    broker = await fakeBroker(() => undefined);

    await expect(describeQuorum(broker.address, 100)).rejects.toThrow(
      `no DescribeQuorum answer from ${broker.address} in 100 ms`,
    );
  });

  it('names the address nothing listens on', async () => {
    broker = await fakeBroker(() => undefined);
    const { address } = broker;
    await broker.close();
    broker = undefined;

    await expect(describeQuorum(address)).rejects.toThrow(
      `DescribeQuorum to ${address}: connect ECONNREFUSED`,
    );
  });
});
