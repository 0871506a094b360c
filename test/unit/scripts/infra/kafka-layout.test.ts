import { nodeProperties, serverProperties } from '../../../../scripts/infra/kafka-broker';
import {
  brokerAddresses,
  CLUSTER,
  layoutForCount,
  SINGLE_NODE,
  takeBrokersOption,
} from '../../../../scripts/infra/local';

const props = (text: string) =>
  Object.fromEntries(
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

describe('the Kafka layouts', () => {
  it('picks the single node for 1, the cluster for 3, and names the setting that holds anything else', () => {
    expect(layoutForCount('1', '--brokers')).toBe(SINGLE_NODE);
    expect(layoutForCount(' 3 ', 'KAFKA_BROKERS_COUNT')).toBe(CLUSTER);
    expect(layoutForCount(undefined, '--brokers')).toBeUndefined();
    expect(() => layoutForCount('2', 'KAFKA_BROKERS_COUNT')).toThrow(/KAFKA_BROKERS_COUNT must be 1 .* or 3/);
  });

  it('gives clients the brokers only, never a controller', () => {
    expect(brokerAddresses(SINGLE_NODE)).toEqual(['localhost:9092']);
    expect(brokerAddresses(CLUSTER)).toEqual(['localhost:19092', 'localhost:29092', 'localhost:39092']);
  });

  it('takes --brokers N or --brokers=N out of the arguments npm run dev passes on to serverless offline', () => {
    expect(takeBrokersOption(['--httpPort', '3300', '--brokers', '3', '--lambdaPort', '3302'])).toEqual({
      brokers: '3',
      rest: ['--httpPort', '3300', '--lambdaPort', '3302'],
    });
    expect(takeBrokersOption(['--brokers=1', '--httpPort=3300'])).toEqual({
      brokers: '1',
      rest: ['--httpPort=3300'],
    });
    expect(takeBrokersOption(['--httpPort', '3300'])).toEqual({
      brokers: undefined,
      rest: ['--httpPort', '3300'],
    });
  });
});

describe('the cluster nodes settings', () => {
  const brokers = CLUSTER.nodes.filter((node) => node.roles.includes('broker'));
  const controller = CLUSTER.nodes.find((node) => !node.roles.includes('broker'))!;

  it('makes three brokers on 19092/29092/39092 and a dedicated controller every node knows as the only voter', () => {
    expect(brokers.map((node) => node.port)).toEqual([19092, 29092, 39092]);
    for (const node of CLUSTER.nodes) {
      const p = props(nodeProperties(CLUSTER, node, `/data/${node.nodeId}`));
      expect(p['node.id']).toBe(String(node.nodeId));
      expect(p['controller.quorum.voters']).toBe(`${controller.nodeId}@localhost:19093`);
      expect(p['log.dirs']).toBe(`/data/${node.nodeId}`);
    }
    const c = props(nodeProperties(CLUSTER, controller, '/data'));
    expect(c['process.roles']).toBe('controller');
    expect(c['listeners']).toBe('CONTROLLER://localhost:19093');
    expect(c['advertised.listeners']).toBeUndefined();
  });

  it('listens on loopback only', () => {
    for (const node of CLUSTER.nodes) {
      const p = props(nodeProperties(CLUSTER, node, '/data'));
      for (const listener of p['listeners']!.split(',')) expect(listener).toMatch(/:\/\/localhost:\d+$/);
    }
  });

  it('replicates every topic, internal ones included, 3 times with 2 in sync required, and never elects an out-of-sync leader', () => {
    for (const node of CLUSTER.nodes) {
      const p = props(nodeProperties(CLUSTER, node, '/data'));
      expect(p).toMatchObject({
        'default.replication.factor': '3',
        'min.insync.replicas': '2',
        'offsets.topic.replication.factor': '3',
        'transaction.state.log.replication.factor': '3',
        'transaction.state.log.min.isr': '2',
        'unclean.leader.election.enable': 'false',
        'log.retention.hours': '168',
      });
    }
  });

  it('fences a silent broker after 3 s, which bounds a leader election after a crash', () => {
    const p = props(nodeProperties(CLUSTER, controller, '/data'));
    expect(p['broker.session.timeout.ms']).toBe('3000');
    expect(
      Number(props(nodeProperties(CLUSTER, brokers[0]!, '/data'))['broker.heartbeat.interval.ms']),
    ).toBeLessThan(3000);
  });

  it('leaves the single node as it was: one combined node on 9092/9093 without replication', () => {
    const p = props(serverProperties('/data'));
    expect(p).toMatchObject({
      'process.roles': 'broker,controller',
      listeners: 'PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093',
      'controller.quorum.voters': '1@localhost:9093',
      'default.replication.factor': '1',
      'offsets.topic.replication.factor': '1',
    });
    expect(p['broker.session.timeout.ms']).toBeUndefined();
  });
});
