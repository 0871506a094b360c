import { capacity, cpuTimes, spent } from '../../../../scripts/bench/cpu';

describe('bench CPU accounting', () => {
  it('reads the CPU time of a running process and of its main thread', () => {
    const times = cpuTimes({ bench: process.pid, gone: undefined });

    expect(Object.keys(times).sort()).toEqual(['bench', 'bench main thread']);
    expect(times.bench).toBeGreaterThan(0);
  });

  it('subtracts two readings, for the processes present in both', () => {
    expect(spent({ a: 10, b: 5 }, { a: 25, b: 5, c: 3 })).toEqual({ a: 15, b: 0 });
  });

  it('estimates capacity from the total over all cores and each single-threaded part on one core', () => {
    const perOrder = { offline: 10, 'offline main thread': 4, emulator: 6, Kafka: 2 };

    // 2 cores / 18 ms = 111/s; the emulator alone allows 166/s, the main thread 250/s.
    expect(capacity(perOrder, 2, ['emulator', 'offline main thread'])).toBeCloseTo(111.1, 1);
    // An emulator that costs more than the rest binds first.
    expect(capacity({ offline: 2, emulator: 12 }, 2, ['emulator'])).toBeCloseTo(83.3, 1);
    expect(capacity({}, 2, [])).toBeUndefined();
  });
});
