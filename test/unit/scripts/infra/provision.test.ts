import { waitForGroupCoordinator } from '../../../../scripts/infra/provision';

/** kafkajs' error while a new broker's group coordinator loads __consumer_offsets. */
const loading = () =>
  Object.assign(new Error("The coordinator is loading and hence can't process requests for this group"), {
    type: 'COORDINATOR_LOAD_IN_PROGRESS',
    retriable: true,
  });

describe('waitForGroupCoordinator', () => {
  it('waits through a coordinator that is still loading, saying so once', async () => {
    const describeGroups = jest
      .fn()
      .mockRejectedValueOnce(loading())
      .mockRejectedValueOnce(loading())
      .mockResolvedValueOnce({ groups: [] });
    const log = jest.fn();

    await waitForGroupCoordinator({ describeGroups }, log, { intervalMs: 1 });

    expect(describeGroups).toHaveBeenCalledTimes(3);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith(expect.stringContaining("waiting for Kafka's group coordinator"));
  });

  it('says nothing when the coordinator answers at once', async () => {
    const log = jest.fn();

    await waitForGroupCoordinator({ describeGroups: jest.fn().mockResolvedValue({ groups: [] }) }, log);

    expect(log).not.toHaveBeenCalled();
  });

  it('gives up past its deadline with the last error as the cause', async () => {
    let time = 0;
    const describeGroups = jest.fn().mockImplementation(async () => {
      time += 1_000;
      throw loading();
    });

    const waiting = waitForGroupCoordinator({ describeGroups }, () => undefined, {
      timeoutMs: 5_000,
      intervalMs: 1,
      now: () => time,
    });

    await expect(waiting).rejects.toThrow("Kafka's group coordinator did not answer within 5 s");
    await expect(waiting).rejects.toMatchObject({ cause: { type: 'COORDINATOR_LOAD_IN_PROGRESS' } });
  });
});
