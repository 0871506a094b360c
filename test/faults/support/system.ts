import fs from 'node:fs';
import path from 'node:path';
import { AWS_ENDPOINT_URL, kafkaBrokers, ROOT } from '../../../scripts/infra/local';
import { ministackPid, startMinistack, stopMinistack } from '../../../scripts/infra/aws-emulator';
import { kafkaPid, startKafka, stopKafka } from '../../../scripts/infra/kafka-broker';
import { signalGroup } from '../../../scripts/infra/processes';
import { startServiceOffline, type RunningProcess } from '../../integration/support/offline';
import { replaceOnce, withOrderEventsTopic } from '../../../scripts/infra/service-config';

/**
 * The whole system as the fault suite runs it: a broker and an emulator of its own (LOCAL_INFRA=faults:
 * other ports, other state, so `npm run dev` and the integration tests can run meanwhile; the suite stops,
 * freezes and restarts them), and `serverless offline start` of the real
 * service as child processes, on a topic and consumer group of this run's own, with two test-only wrappers
 * in place of the create-order and notify handlers. The wrappers do nothing unless a switch file exists in
 * `switchDir`; nothing outside test/faults knows about them.
 */
export const FAULTS_DIR = path.join(ROOT, '.local', 'faults');
/** How long a held process is left before the kill: longer than one send and one DynamoDB write. */
const HOLD_SETTLE_MS = 1000;
const READY = /kafka (\d+ event sources? started|no msk or kafka events)/;
const log = (line: string) => process.stderr.write(`[faults] ${line}\n`);

export interface Offline {
  name: string;
  httpUrl: string;
  process: RunningProcess;
}

export interface Switches {
  /** The next OrderCreated publish kills the whole offline process, after the order was stored. */
  killBeforePublish(): void;
  /**
   * notify stops before its second email of an invocation and waits there for ever, and so does every
   * later send of that process: the batch is half done and uncommitted. Resolves with the pid of the
   * process that is holding, once the sends that were already under way have been recorded.
   */
  holdMidBatch(): Promise<number>;
  clear(): void;
}

export class FaultSystem {
  readonly switchDir: string;
  private readonly configs: string[] = [];
  private readonly running = new Set<Offline>();

  constructor(
    readonly runId: string,
    readonly topic: string,
    readonly group: string,
  ) {
    this.switchDir = path.join(FAULTS_DIR, `switches-${runId}`);
    fs.mkdirSync(this.switchDir, { recursive: true });
  }

  readonly switches: Switches = {
    killBeforePublish: () => fs.writeFileSync(path.join(this.switchDir, 'kill-before-publish'), ''),
    holdMidBatch: async () => {
      fs.writeFileSync(path.join(this.switchDir, 'hold-mid-batch'), '');
      const deadline = Date.now() + 60_000;
      for (;;) {
        const held = fs.readdirSync(this.switchDir).find((file) => file.startsWith('held-'));
        if (held) {
          // Sends under way when the hold began finish and record SENT; every later one holds.
          await sleep(HOLD_SETTLE_MS);
          return Number(held.slice('held-'.length));
        }
        if (Date.now() > deadline) throw new Error('notify never reached a second email with the switch on');
        await sleep(50);
      }
    },
    clear: () => {
      for (const file of fs.readdirSync(this.switchDir)) fs.rmSync(path.join(this.switchDir, file));
    },
  };

  /** Sends that notify gave up on without an answer from SES, by order (see functions/notify.ts). */
  abandonedSends(): Map<string, number> {
    const sends = new Map<string, number>();
    const file = path.join(this.switchDir, 'abandoned-sends');
    const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
    for (const orderId of lines) sends.set(orderId, (sends.get(orderId) ?? 0) + 1);
    return sends;
  }

  /** `serverless offline start` on its own ports; resolves once its Kafka event source is starting. */
  async startOffline(name: string, httpPort: number): Promise<Offline> {
    const config = this.writeConfig(httpPort);
    const started = Date.now();
    const child = startServiceOffline(
      config,
      { http: httpPort, lambda: httpPort + 2 },
      {
        // Each function runs in offline's own process, one warm container serving its requests side by
        // side. By default offline starts a worker thread per concurrent request, each compiling its
        // bundle: 50 at once on a laptop's few cores takes longer than the functions' timeouts, which would
        // measure the laptop's cold starts instead of the system (on AWS each container has a CPU of its own).
        args: ['--useInProcess'],
      },
    );
    // Its output also goes to a file, to read when a scenario fails: .local/faults/<run>-<name>.log
    const logFile = fs.createWriteStream(path.join(FAULTS_DIR, `${this.runId}-${name}.log`), { flags: 'a' });
    // Both streams write to it, so neither may end it: stdout's end came before stderr's last write once
    // (a killed offline), and the suite failed on "write after end". 'close' comes after both have ended.
    child.child.stdout!.pipe(logFile, { end: false });
    child.child.stderr!.pipe(logFile, { end: false });
    child.child.once('close', () => logFile.end());
    const offline = { name, httpUrl: `http://localhost:${httpPort}`, process: child };
    this.running.add(offline);
    await child.waitFor(READY, { timeoutMs: 180_000 });
    log(`${name} (offline on ${httpPort}) ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return offline;
  }

  /** Ctrl-C: in-flight batches finish and commit. */
  async stopOffline(offline: Offline): Promise<void> {
    await offline.process.stop();
    this.running.delete(offline);
  }

  /** SIGKILL: nothing finishes, nothing is committed, the group notices only when the session times out. */
  async killOffline(offline: Offline): Promise<void> {
    const exited = new Promise((resolve) => offline.process.child.once('exit', resolve));
    if (offline.process.child.exitCode === null && offline.process.child.signalCode === null) {
      offline.process.child.kill('SIGKILL');
      await exited;
    }
    this.running.delete(offline);
  }

  /** Waits for an offline process that killed itself (the kill switch) to be gone. */
  async exited(offline: Offline, timeoutMs = 30_000): Promise<void> {
    const child = offline.process.child;
    if (child.exitCode === null && child.signalCode === null) {
      await Promise.race([
        new Promise((resolve) => child.once('exit', resolve)),
        sleep(timeoutMs).then(() => {
          throw new Error(`${offline.name} did not exit within ${timeoutMs} ms`);
        }),
      ]);
    }
    this.running.delete(offline);
  }

  async stopKafka(): Promise<void> {
    if ((await stopKafka()).length === 0) throw new Error('Kafka was not running as started by infra:up');
    log('Kafka stopped');
  }

  async startKafka(): Promise<void> {
    await startKafka(log);
    log('Kafka started');
  }

  /** SIGSTOP: the emulator keeps its port and accepts connections, and answers nothing. */
  freezeEmulator(): void {
    signalGroup(this.emulatorPid(), 'SIGSTOP');
    log('emulator frozen');
  }

  thawEmulator(): void {
    signalGroup(this.emulatorPid(), 'SIGCONT');
    log('emulator thawed');
  }

  /** A clean stop (it saves its state), then connections are refused until it starts again. */
  async stopEmulator(): Promise<void> {
    if ((await stopMinistack()) !== 'stopped') throw new Error('MiniStack did not stop cleanly');
    log('emulator stopped');
  }

  async startEmulator(): Promise<void> {
    await startMinistack(log);
    log('emulator started');
  }

  /** Whatever a failed scenario left behind: a frozen emulator, a stopped broker or emulator. */
  async restoreInfrastructure(): Promise<void> {
    const emulator = ministackPid();
    if (emulator !== undefined) signalGroup(emulator, 'SIGCONT');
    else await this.startEmulator();
    if (kafkaPid() === undefined) await this.startKafka();
  }

  async shutdown(): Promise<void> {
    this.switches.clear();
    for (const offline of [...this.running]) await this.stopOffline(offline);
    for (const config of this.configs) fs.rmSync(path.join(ROOT, config), { force: true });
    fs.rmSync(this.switchDir, { recursive: true, force: true });
  }

  private emulatorPid(): number {
    const pid = ministackPid();
    if (pid === undefined) throw new Error('MiniStack is not running as started by infra:up');
    return pid;
  }

  /**
   * serverless.yml with this run's topic and consumer group, user-service on this instance's own port,
   * and the fault-injection wrappers as the create-order and notify handlers. Written next to
   * serverless.yml (its plugin and handler paths are relative) and removed at shutdown.
   */
  private writeConfig(httpPort: number): string {
    let config = fs.readFileSync(path.join(ROOT, 'serverless.yml'), 'utf8');
    const replace = (from: RegExp, to: string) => {
      config = replaceOnce(config, from, to);
    };
    // The suite's own broker and emulator (LOCAL_INFRA=faults), not the ones `npm run dev` may be using.
    replace(/(\n {4}kafkaBrokers: )\$\{env:KAFKA_BROKERS, 'localhost:9092'\}\n/, `$1${kafkaBrokers()}\n`);
    replace(/(\n {4}awsEndpointUrl: )http:\/\/127\.0\.0\.1:4566\n/, `$1${AWS_ENDPOINT_URL}\n`);
    // The topic and group, and with them the key of notify's mapping settings in resources.extensions.
    config = withOrderEventsTopic(config, this.topic, this.group);
    replace(/(\n {4}userServiceUrl: )http:\/\/localhost:3000\n/, `$1http://localhost:${httpPort}\n`);
    replace(
      /(\n {4}handler: )functions\/orders\/create-order\.handler\n/,
      '$1test/faults/functions/create-order.handler\n',
    );
    replace(
      /(\n {4}handler: )functions\/notifications\/order-events\.handler\n/,
      '$1test/faults/functions/notify.handler\n',
    );
    // Only the wrappers read it; serverless offline passes a function no other variable of ours.
    replace(/(\nprovider:\n(?: {2}.*\n)*? {2}environment:\n)/, `$1    FAULT_SWITCH_DIR: ${this.switchDir}\n`);
    const file = `serverless.faults-${this.runId}-${httpPort}.yml`;
    fs.writeFileSync(path.join(ROOT, file), config);
    this.configs.push(file);
    return file;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
