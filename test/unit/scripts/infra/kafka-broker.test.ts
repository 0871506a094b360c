import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  allBrokersRegistered,
  clusterId,
  newClusterId,
  KAFKA_LOG,
  kafkaAnswers,
  kafkaJavaMissing,
  kafkaPids,
  nodeFiles,
  registeredBrokers,
  stopKafka,
} from '../../../../scripts/infra/kafka-broker';
import { CLUSTER, LOCAL_DIR, SINGLE_NODE } from '../../../../scripts/infra/local';
import { readPid, stopDaemon, toolOutput } from '../../../../scripts/infra/processes';
import { FakeKafkaAdmin } from '../../fakes/kafka-admin';

// No process is started, signalled or asked: pid files, stops and `java -version` are answered here.
jest.mock('../../../../scripts/infra/processes');
const mockAdmin = { current: new FakeKafkaAdmin(), brokers: [] as string[][] };
jest.mock('kafkajs', () => ({
  ...jest.requireActual('kafkajs'),
  Kafka: class {
    constructor({ brokers }: { brokers: string[] }) {
      mockAdmin.brokers.push(brokers);
    }
    admin() {
      return mockAdmin.current;
    }
  },
}));

const node = (id: number) => CLUSTER.nodes.find((n) => n.nodeId === id)!;

beforeEach(() => {
  jest.resetAllMocks();
  mockAdmin.current = new FakeKafkaAdmin();
  mockAdmin.brokers = [];
});

describe('nodeFiles', () => {
  it('keeps the single node where it always was, under .local/kafka', () => {
    expect(nodeFiles(SINGLE_NODE, SINGLE_NODE.nodes[0]!)).toEqual({
      node: SINGLE_NODE.nodes[0],
      name: 'Kafka',
      dir: path.join(LOCAL_DIR, 'kafka'),
      dataDir: path.join(LOCAL_DIR, 'kafka', 'data'),
      config: path.join(LOCAL_DIR, 'kafka', 'server.properties'),
      logFile: KAFKA_LOG,
      pidFile: path.join(LOCAL_DIR, 'kafka', 'kafka.pid'),
    });
  });

  it('gives each node of the cluster a folder of its own under .local/kafka-cluster, named by its role', () => {
    const broker = nodeFiles(CLUSTER, node(2));
    const controller = nodeFiles(CLUSTER, node(4));

    expect(broker).toMatchObject({
      name: 'Kafka broker 2',
      dir: path.join(LOCAL_DIR, 'kafka-cluster', 'broker-2'),
      dataDir: path.join(LOCAL_DIR, 'kafka-cluster', 'broker-2', 'data'),
      logFile: path.join(LOCAL_DIR, 'kafka-cluster', 'broker-2', 'server.log'),
      pidFile: path.join(LOCAL_DIR, 'kafka-cluster', 'broker-2', 'kafka.pid'),
    });
    expect(controller).toMatchObject({
      name: 'Kafka controller',
      dir: path.join(LOCAL_DIR, 'kafka-cluster', 'controller'),
    });
    const dirs = CLUSTER.nodes.map((n) => nodeFiles(CLUSTER, n).dataDir);
    expect(new Set(dirs).size).toBe(CLUSTER.nodes.length);
  });
});

describe('newClusterId', () => {
  it("never starts with '-', which kafka-storage would read as an option", () => {
    const draws = [Buffer.from('fb' + '00'.repeat(15), 'hex'), Buffer.from('00'.repeat(16), 'hex')];
    expect(draws[0]!.toString('base64url').startsWith('-')).toBe(true);

    expect(newClusterId(() => draws.shift()!)).toBe('AAAAAAAAAAAAAAAAAAAAAA');
  });
});

describe('clusterId', () => {
  let dir: string;
  beforeEach(() => {
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-cluster-')), 'kafka-cluster');
  });
  afterEach(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('is 16 random bytes in base64url, as KRaft wants it', () => {
    expect(clusterId(SINGLE_NODE, dir)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(clusterId(SINGLE_NODE, dir)).not.toBe(clusterId(SINGLE_NODE, dir));
  });

  it('is the same for every node of the cluster, and after a restart, so a node formatted again rejoins', () => {
    const first = clusterId(CLUSTER, dir);

    expect(first).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(clusterId(CLUSTER, dir)).toBe(first);
    expect(fs.readFileSync(path.join(dir, 'cluster-id'), 'utf8')).toBe(first);
  });
});

describe('kafkaJavaMissing', () => {
  it('accepts Java 17 and newer, whatever the vendor prints around the version', () => {
    jest
      .mocked(toolOutput)
      .mockReturnValue('openjdk version "21.0.2" 2024-01-16\nOpenJDK Runtime Environment');
    expect(kafkaJavaMissing()).toBeUndefined();

    jest.mocked(toolOutput).mockReturnValue('java version "17.0.9" 2023-10-17 LTS');
    expect(kafkaJavaMissing()).toBeUndefined();
  });

  it('names an older Java, one it cannot read, and a missing one', () => {
    jest.mocked(toolOutput).mockReturnValue('java version "1.8.0_392"');
    expect(kafkaJavaMissing()).toBe('Kafka 4 needs Java 17 or newer; java -version says 1');

    jest.mocked(toolOutput).mockReturnValue('something else entirely');
    expect(kafkaJavaMissing()).toBe('Kafka 4 needs Java 17 or newer; java -version says unknown');

    jest.mocked(toolOutput).mockReturnValue(undefined);
    expect(kafkaJavaMissing()).toBe('Java 17 or newer is not installed (java not on PATH)');
  });
});

describe('kafkaPids', () => {
  it('maps the nodes that run, by node id, from their pid files', () => {
    const pids = new Map([
      [nodeFiles(CLUSTER, node(1)).pidFile, 101],
      [nodeFiles(CLUSTER, node(4)).pidFile, 104],
    ]);
    jest.mocked(readPid).mockImplementation((file) => pids.get(file));

    expect(kafkaPids(CLUSTER)).toEqual(
      new Map([
        [1, 101],
        [4, 104],
      ]),
    );
  });
});

describe('stopKafka', () => {
  it('stops the brokers before the controller, so they hand leadership over, and names what it stopped', async () => {
    const order: string[] = [];
    let brokersStopping = 0;
    jest.mocked(stopDaemon).mockImplementation(async (pidFile) => {
      const { name } = CLUSTER.nodes.map((n) => nodeFiles(CLUSTER, n)).find((f) => f.pidFile === pidFile)!;
      if (name.includes('broker')) brokersStopping++;
      else expect(brokersStopping).toBe(3);
      await new Promise((resolve) => setTimeout(resolve, 1));
      order.push(name);
      return name === 'Kafka broker 2' ? undefined : name === 'Kafka broker 3' ? 'killed' : 'stopped';
    });

    const stopped = await stopKafka(CLUSTER);

    expect(order.at(-1)).toBe('Kafka controller');
    expect(stopped).toEqual([
      'Kafka broker 1',
      'Kafka broker 3 (killed: it did not stop within 30 s)',
      'Kafka controller',
    ]);
  });

  it('stops only the nodes asked for', async () => {
    jest.mocked(stopDaemon).mockResolvedValue('stopped');

    expect(await stopKafka(CLUSTER, [3])).toEqual(['Kafka broker 3']);
    expect(stopDaemon).toHaveBeenCalledTimes(1);
    expect(stopDaemon).toHaveBeenCalledWith(nodeFiles(CLUSTER, node(3)).pidFile, 30_000);
  });
});

describe('registeredBrokers', () => {
  it('asks the brokers of the layout which are registered, and disconnects', async () => {
    mockAdmin.current.brokers = [3, 1].map((nodeId) => ({
      nodeId,
      host: 'localhost',
      port: nodeId * 10_000 + 9092,
    }));

    expect(await registeredBrokers(CLUSTER)).toEqual([1, 3]);
    expect(mockAdmin.brokers).toEqual([['localhost:19092', 'localhost:29092', 'localhost:39092']]);
    expect(mockAdmin.current.disconnects).toBe(1);
  });

  it('is undefined when no broker answers', async () => {
    mockAdmin.current.failWith = new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092');

    expect(await registeredBrokers(SINGLE_NODE)).toBeUndefined();
    expect(await kafkaAnswers(SINGLE_NODE)).toBe(false);
    expect(mockAdmin.current.disconnects).toBe(2);
  });

  it('counts the cluster as up only when all three brokers are registered', async () => {
    mockAdmin.current.brokers = [1, 2].map((nodeId) => ({ nodeId, host: 'localhost', port: 9092 }));
    expect(await kafkaAnswers(CLUSTER)).toBe(true);
    expect(await allBrokersRegistered(CLUSTER)).toBe(false);

    mockAdmin.current.brokers.push({ nodeId: 3, host: 'localhost', port: 9092 });
    expect(await allBrokersRegistered(CLUSTER)).toBe(true);
  });
});
