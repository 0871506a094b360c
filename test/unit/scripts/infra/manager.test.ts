import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  emulatorAnswers,
  MINISTACK_LOG,
  ministackPid,
  pythonMissing,
  startMinistack,
  stopMinistack,
} from '../../../../scripts/infra/aws-emulator';
import {
  allBrokersRegistered,
  installKafka,
  kafkaJavaMissing,
  kafkaPids,
  nodeFiles,
  registeredBrokers,
  startKafka,
  stopKafka,
} from '../../../../scripts/infra/kafka-broker';
import { CLUSTER, SINGLE_NODE, type KafkaLayout } from '../../../../scripts/infra/local';
import { down, status, up } from '../../../../scripts/infra/manager';
import { isPortOpen } from '../../../../scripts/infra/processes';
import { provision } from '../../../../scripts/infra/provision';
import type { Topology } from '../../../../scripts/infra/topology';
import { FakeKafkaAdmin, healthyPartitions } from '../../fakes/kafka-admin';

// Everything the manager starts, stops or asks is faked: no process, port or broker is touched.
jest.mock('../../../../scripts/infra/aws-emulator');
jest.mock('../../../../scripts/infra/processes');
jest.mock('../../../../scripts/infra/kafka-broker', () => ({
  ...jest.requireActual('../../../../scripts/infra/kafka-broker'),
  allBrokersRegistered: jest.fn(),
  installKafka: jest.fn(),
  kafkaJavaMissing: jest.fn(),
  kafkaPids: jest.fn(),
  registeredBrokers: jest.fn(),
  startKafka: jest.fn(),
  stopKafka: jest.fn(),
}));
const mockAdmin = { current: undefined as FakeKafkaAdmin | undefined };
jest.mock('../../../../scripts/infra/provision', () => ({
  ...jest.requireActual('../../../../scripts/infra/provision'),
  provision: jest.fn(),
  localKafka: () => ({ admin: () => mockAdmin.current }),
}));
const mockTopology: Topology = {
  topics: [{ name: 'order-events', partitions: 3, config: {} }],
  tables: [
    {
      TableName: 'orders',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    },
  ],
  timeToLive: [],
  sesSender: 'orders@example.com',
};
jest.mock('../../../../scripts/infra/topology', () => ({ loadTopology: () => mockTopology }));

const dynamodb = mockClient(DynamoDBClient);
const ministack = { kind: 'ministack', version: '1.5.33' } as const;

/** Which ports something listens on, for isPortOpen. */
function listening(...ports: number[]) {
  jest.mocked(isPortOpen).mockImplementation(async (port) => ports.includes(port));
}

/** The nodes of the layout whose ids are given, as `startKafka` receives them. */
const nodes = (layout: KafkaLayout, ...ids: number[]) => layout.nodes.filter((n) => ids.includes(n.nodeId));

let lines: string[];
const log = (line: string) => lines.push(line);

beforeEach(() => {
  jest.resetAllMocks();
  dynamodb.reset();
  lines = [];
  listening();
  jest.mocked(kafkaPids).mockReturnValue(new Map());
  jest.mocked(stopKafka).mockResolvedValue([]);
  mockAdmin.current = new FakeKafkaAdmin();
});

describe('infra up', () => {
  it('reuses a Kafka and an emulator that already answer, starting nothing, and provisions them', async () => {
    jest.mocked(allBrokersRegistered).mockResolvedValue(true);
    jest.mocked(emulatorAnswers).mockResolvedValue(ministack);

    const result = await up(log, CLUSTER);

    expect(result).toEqual({ started: [], layout: CLUSTER, kafkaNodes: [] });
    expect(startKafka).not.toHaveBeenCalled();
    expect(startMinistack).not.toHaveBeenCalled();
    expect(provision).toHaveBeenCalledWith(mockTopology, log, CLUSTER);
    expect(lines).toEqual([
      'Kafka already answers on localhost:19092,localhost:29092,localhost:39092: reusing it',
      'ministack 1.5.33 already answers on http://127.0.0.1:4566: reusing it',
    ]);
  });

  it('starts only the cluster nodes that do not run (a killed broker), and says it started Kafka', async () => {
    jest.mocked(allBrokersRegistered).mockResolvedValue(false);
    jest.mocked(kafkaPids).mockReturnValue(
      new Map([
        [1, 101],
        [2, 102],
        [4, 104],
      ]),
    );
    jest.mocked(emulatorAnswers).mockResolvedValue(ministack);

    const result = await up(log, CLUSTER);

    expect(result).toEqual({ started: ['kafka'], layout: CLUSTER, kafkaNodes: [3] });
    expect(installKafka).toHaveBeenCalled();
    expect(startKafka).toHaveBeenCalledWith(log, CLUSTER, nodes(CLUSTER, 3));
    expect(provision).toHaveBeenCalled();
  });

  it('waits for brokers that run but have not joined yet without starting any, and claims none', async () => {
    jest.mocked(allBrokersRegistered).mockResolvedValue(false);
    jest.mocked(kafkaPids).mockReturnValue(new Map(CLUSTER.nodes.map((n) => [n.nodeId, 100 + n.nodeId])));
    jest.mocked(emulatorAnswers).mockResolvedValue(ministack);

    const result = await up(log, CLUSTER);

    expect(result.started).toEqual([]);
    expect(installKafka).not.toHaveBeenCalled();
    expect(startKafka).toHaveBeenCalledWith(log, CLUSTER, []);
  });

  it('starts both on a fresh machine, installing each first', async () => {
    jest.mocked(allBrokersRegistered).mockResolvedValue(false);
    jest.mocked(emulatorAnswers).mockResolvedValue(undefined);

    const result = await up(log, SINGLE_NODE);

    expect(result.started.sort()).toEqual(['aws', 'kafka']);
    expect(result.kafkaNodes).toEqual([1]);
    expect(startKafka).toHaveBeenCalledWith(log, SINGLE_NODE, SINGLE_NODE.nodes);
    expect(startMinistack).toHaveBeenCalledWith(log);
  });

  it('refuses a broker port held by another program, and stops the emulator it started meanwhile', async () => {
    jest.mocked(allBrokersRegistered).mockResolvedValue(false);
    jest.mocked(emulatorAnswers).mockResolvedValue(undefined);
    listening(9092);

    await expect(up(log, SINGLE_NODE)).rejects.toThrow(
      'port 9092 is taken by something that is not a Kafka broker: free it first',
    );
    expect(startKafka).not.toHaveBeenCalled();
    expect(stopMinistack).toHaveBeenCalled();
    expect(stopKafka).not.toHaveBeenCalled();
    expect(provision).not.toHaveBeenCalled();
  });

  it("names the controller's port when that is the one taken", async () => {
    jest.mocked(allBrokersRegistered).mockResolvedValue(false);
    jest.mocked(emulatorAnswers).mockResolvedValue(ministack);
    listening(19093);

    await expect(up(log, CLUSTER)).rejects.toThrow(
      'port 19093 (Kafka controller) is taken by another program: free it first',
    );
  });

  it('says what to install for each part that cannot start, and offers docker compose instead', async () => {
    jest.mocked(allBrokersRegistered).mockResolvedValue(false);
    jest.mocked(emulatorAnswers).mockResolvedValue(undefined);
    jest.mocked(kafkaJavaMissing).mockReturnValue('Java 17 or newer is not installed (java not on PATH)');
    jest.mocked(pythonMissing).mockReturnValue('Python 3.10 or newer is not installed (python3 not on PATH)');

    const failure = up(log, SINGLE_NODE);

    await expect(failure).rejects.toThrow(
      'Java 17 or newer is not installed (java not on PATH): install a JDK 17+, or run `docker compose up -d`',
    );
    await expect(failure).rejects.toThrow(
      /\nPython 3\.10 or newer is not installed \(python3 not on PATH\): install it, or run `docker compose up -d`/,
    );
    expect(startKafka).not.toHaveBeenCalled();
    expect(startMinistack).not.toHaveBeenCalled();
  });

  it('refuses an emulator port held by something that is not an emulator, and stops the Kafka it started', async () => {
    jest.mocked(allBrokersRegistered).mockResolvedValue(false);
    jest.mocked(emulatorAnswers).mockResolvedValue(undefined);
    listening(4566);

    await expect(up(log, CLUSTER)).rejects.toThrow(
      'port 4566 is taken by something that is not an AWS emulator: free it first',
    );
    expect(stopKafka).toHaveBeenCalledWith(CLUSTER, [1, 2, 3, 4]);
    expect(stopMinistack).not.toHaveBeenCalled();
  });
});

describe('infra down', () => {
  it('stops every node of both layouts and the emulator it started, and names what it leaves running', async () => {
    jest
      .mocked(stopKafka)
      .mockImplementation(async (layout) =>
        layout === CLUSTER ? ['Kafka broker 1', 'Kafka broker 2', 'Kafka broker 3', 'Kafka controller'] : [],
      );
    jest.mocked(stopMinistack).mockResolvedValue('stopped');
    listening(9092, 4566);

    await down({ log });

    expect(stopKafka).toHaveBeenCalledWith(SINGLE_NODE, undefined);
    expect(stopKafka).toHaveBeenCalledWith(CLUSTER, undefined);
    expect(lines).toEqual([
      'stopped Kafka broker 1, Kafka broker 2, Kafka broker 3, Kafka controller',
      'stopped MiniStack (state saved in .local/ministack/state)',
      'left running: Kafka on localhost:9092 (not started by infra:up)',
      'left running: http://127.0.0.1:4566 (not started by infra:up)',
    ]);
  });

  it('with `only`, stops just what one up started: here two nodes of the cluster, and says nothing else', async () => {
    jest.mocked(stopKafka).mockResolvedValue(['Kafka broker 3']);
    listening(9092, 4566);

    await down({ only: ['kafka'], layout: CLUSTER, kafkaNodes: [3, 4], log });

    expect(stopKafka).toHaveBeenCalledTimes(1);
    expect(stopKafka).toHaveBeenCalledWith(CLUSTER, [3, 4]);
    expect(stopMinistack).not.toHaveBeenCalled();
    expect(lines).toEqual(['stopped Kafka broker 3']);
  });
});

describe('infra status', () => {
  beforeEach(() => {
    jest.mocked(emulatorAnswers).mockResolvedValue(ministack);
    jest.mocked(ministackPid).mockReturnValue(77);
    dynamodb.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE' } });
  });

  it('shows the single node, its topics, the emulator and its tables, all fine', async () => {
    jest.mocked(registeredBrokers).mockResolvedValue([1]);
    jest.mocked(kafkaPids).mockReturnValue(new Map([[1, 4242]]));
    mockAdmin.current!.topics.set('order-events', { partitions: healthyPartitions(3, [1]) });
    const kafkaLog = nodeFiles(SINGLE_NODE, SINGLE_NODE.nodes[0]!).logFile;

    const { ok, lines } = await status(SINGLE_NODE);

    expect(ok).toBe(true);
    expect(lines).toEqual([
      `Kafka      localhost:9092  started by infra:up (pid 4242, log ${kafkaLog}, data .local/kafka/data)`,
      '  topic order-events  3 partitions',
      `AWS        http://127.0.0.1:4566  ministack 1.5.33, started by infra:up (pid 77, log ${MINISTACK_LOG}, state .local/ministack/state)`,
      '  table orders  ACTIVE',
      '  SES sender orders@example.com',
    ]);
    expect(mockAdmin.current!.disconnects).toBe(1);
  });

  it('shows each node of the cluster, and a broker that is gone with the partitions it left under-replicated', async () => {
    jest.mocked(registeredBrokers).mockResolvedValue([1, 2]);
    jest.mocked(kafkaPids).mockReturnValue(
      new Map([
        [1, 101],
        [2, 102],
        [4, 104],
      ]),
    );
    jest.mocked(ministackPid).mockReturnValue(undefined);
    listening(19093);
    mockAdmin.current!.topics.set('order-events', {
      minInsyncReplicas: 2,
      partitions: [
        { partition: 0, leader: 1, replicas: [1, 2, 3], isr: [1, 2] },
        { partition: 1, leader: 2, replicas: [2, 3, 1], isr: [1, 2, 3] },
        { partition: 2, leader: 1, replicas: [3, 1, 2], isr: [1, 2] },
      ],
    });
    const files = (id: number) =>
      nodeFiles(
        CLUSTER,
        CLUSTER.nodes.find((n) => n.nodeId === id)!,
      );

    const { ok, lines } = await status(CLUSTER);

    expect(ok).toBe(false);
    expect(lines.slice(0, 5)).toEqual([
      'Kafka      a cluster of 3 brokers and a KRaft controller',
      `  broker 1  localhost:19092  started by infra:up (pid 101, log ${files(1).logFile}, data .local/kafka-cluster/broker-1/data)`,
      `  broker 2  localhost:29092  started by infra:up (pid 102, log ${files(2).logFile}, data .local/kafka-cluster/broker-2/data)`,
      '  ✗ broker 3 (localhost:39092) is not in the cluster (npm run infra:up starts it)',
      `  controller 4  localhost:19093  started by infra:up (pid 104, log ${files(4).logFile}, data .local/kafka-cluster/controller/data)`,
    ]);
    expect(lines).toContain(
      '  topic order-events  3 partitions, 3 replicas, min.insync.replicas 2, 2 under-replicated',
    );
    expect(lines).toContain('  ✗ order-events-0: 2 of 3 replicas in sync (npm run topology)');
    expect(lines).toContain('  ✗ order-events-2: 2 of 3 replicas in sync (npm run topology)');
    expect(lines).toContain('AWS        http://127.0.0.1:4566  ministack 1.5.33, external');
  });

  it('calls a healthy cluster in sync, and nodes it did not start external', async () => {
    jest.mocked(registeredBrokers).mockResolvedValue([1, 2, 3]);
    listening(19093);
    mockAdmin.current!.topics.set('order-events', { partitions: healthyPartitions(3, [1, 2, 3]) });

    const { ok, lines } = await status(CLUSTER);

    expect(ok).toBe(true);
    expect(lines).toContain('  broker 3  localhost:39092  external');
    expect(lines).toContain('  controller 4  localhost:19093  external');
    expect(lines).toContain(
      '  topic order-events  3 partitions, 3 replicas, min.insync.replicas ?, all in sync',
    );
  });

  it('names a controller that does not listen and topics with too few replicas', async () => {
    jest.mocked(registeredBrokers).mockResolvedValue([1, 2, 3]);
    mockAdmin.current!.topics.set('order-events', {
      minInsyncReplicas: 1,
      partitions: healthyPartitions(3, [1]),
    });

    const { ok, lines } = await status(CLUSTER);

    expect(ok).toBe(false);
    expect(lines).toContain('  ✗ controller 4 does not listen on localhost:19093');
    expect(lines).toContain('  ✗ topic order-events has 1 replicas, the cluster wants 3');
  });

  it('names a missing topic, a topic with other partitions than serverless.yml says, and a missing table', async () => {
    jest.mocked(registeredBrokers).mockResolvedValue([1]);
    dynamodb
      .on(DescribeTableCommand)
      .rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));

    const missing = await status(SINGLE_NODE);
    mockAdmin.current = new FakeKafkaAdmin();
    mockAdmin.current.topics.set('order-events', { partitions: healthyPartitions(1, [1]) });
    const wrong = await status(SINGLE_NODE);

    expect(missing.ok).toBe(false);
    expect(missing.lines).toContain('  ✗ topic order-events is missing (run npm run infra:up)');
    expect(missing.lines).toContain('  ✗ table orders is missing (run npm run infra:up)');
    expect(wrong.lines).toContain('  ✗ topic order-events has 1 partitions, expected 3');
  });

  it('says what does not answer at all', async () => {
    jest.mocked(registeredBrokers).mockResolvedValue(undefined);
    jest.mocked(emulatorAnswers).mockResolvedValue(undefined);

    expect(await status(CLUSTER)).toEqual({
      ok: false,
      lines: [
        '  ✗ Kafka does not answer on localhost:19092,localhost:29092,localhost:39092',
        '  ✗ no AWS emulator answers on http://127.0.0.1:4566',
      ],
    });
  });
});
