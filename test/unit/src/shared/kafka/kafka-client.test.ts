import { logLevel } from 'kafkajs';
import { kafkaLog } from '../../../../../src/shared/kafka/kafka-client';
import { captureLogs, type CapturedLogs } from '../../../../support/logs';

describe('kafkaLog', () => {
  let captured: CapturedLogs;
  beforeEach(() => {
    captured = captureLogs();
  });
  afterEach(() => captured.restore());

  it("prints kafkajs' lines as JSON with their level", () => {
    kafkaLog({
      namespace: 'Connection',
      level: logLevel.ERROR,
      label: 'ERROR',
      log: { timestamp: '2026-01-20T10:30:00.000Z', message: 'Connection timeout', broker: 'localhost:9092' },
    });

    expect(captured.lines).toEqual([
      {
        level: 'ERROR',
        logger: 'kafkajs',
        message: '[Connection] Connection timeout',
        timestamp: '2026-01-20T10:30:00.000Z',
        broker: 'localhost:9092',
      },
    ]);
  });

  it('leaves out the warning about bounded retries, which are bounded on purpose', () => {
    kafkaLog({
      namespace: 'Producer',
      level: logLevel.WARN,
      label: 'WARN',
      log: {
        timestamp: '2026-01-20T10:30:00.000Z',
        message: 'Limiting retries for the idempotent producer may invalidate EoS guarantees',
      },
    });

    expect(captured.lines).toEqual([]);
  });
});
