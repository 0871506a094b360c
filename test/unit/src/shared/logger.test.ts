import { createLogger } from '../../../../src/shared/logger';
import { captureLogs, type CapturedLogs } from '../../../support/logs';

describe('createLogger', () => {
  let captured: CapturedLogs;
  const saved = { ...process.env };

  beforeEach(() => {
    captured = captureLogs();
  });
  afterEach(() => {
    captured.restore();
    process.env = { ...saved };
  });

  it('prints one JSON line with level, message, time, service and handler', () => {
    createLogger('order-service', 'create-order').info('order created', { orderId: 'o-1' });

    expect(captured.lines).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'order created',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        service: 'order-service',
        handler: 'create-order',
        orderId: 'o-1',
      }),
    ]);
  });

  it('keeps the real level and message when a field has one of their names', () => {
    createLogger('s', 'h').info('order created', { level: 'fake', message: 'forged', orderId: 'o-1' });

    const line = captured.lines.find((l) => l.message === 'order created');
    expect(line).toMatchObject({ level: 'INFO', message: 'order created', orderId: 'o-1' });
  });

  it('prints an error with its stack and cause, also when it sits inside a field', () => {
    const cause = new Error('connection reset');
    const error = new TypeError('cannot publish', { cause });

    createLogger('s', 'h').error('order event not processed', { attempt: { error, partition: 2 } });

    const [line] = captured.lines;
    expect(line).toMatchObject({
      level: 'ERROR',
      attempt: {
        partition: 2,
        error: {
          name: 'TypeError',
          message: 'cannot publish',
          stack: expect.stringContaining('logger.test.ts'),
          cause: { name: 'Error', message: 'connection reset', stack: expect.any(String) },
        },
      },
    });
  });

  it.each([
    ['POWERTOOLS_LOG_LEVEL', 'WARN', ['WARN', 'ERROR']],
    ['LOG_LEVEL', 'DEBUG', ['DEBUG', 'INFO', 'WARN', 'ERROR']],
  ])('takes its level from %s=%s', (variable, level, printed) => {
    delete process.env.POWERTOOLS_LOG_LEVEL;
    delete process.env.LOG_LEVEL;
    process.env[variable] = level;
    const logger = createLogger('s', 'h');

    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');

    expect(captured.lines.map((line) => line.level)).toEqual(printed);
  });

  it('prints INFO and above when the environment sets no level', () => {
    delete process.env.POWERTOOLS_LOG_LEVEL;
    delete process.env.LOG_LEVEL;
    delete process.env.AWS_LAMBDA_LOG_LEVEL;
    const logger = createLogger('s', 'h');

    logger.debug('d');
    logger.info('i');

    expect(captured.lines.map((line) => line.level)).toEqual(['INFO']);
  });
});
