import { randomUUID } from 'node:crypto';
import type { Customer } from './load';

const ATTEMPTS = 3;

/**
 * Registers `count` customers through `POST /api/users`, each with an address of its own at example.com (a
 * reserved domain: nothing could ever be delivered there). The first few one at a time, then `concurrency`
 * at a time: a cold function starts one environment per concurrent request, and on a busy machine several
 * cold starts at once can outlast the function's timeout. A customer that fails is tried again, under a
 * new address (the failed attempt may have registered the first one), at most 3 times.
 */
export async function registerCustomers(api: string, count: number, concurrency = 4): Promise<Customer[]> {
  const run = randomUUID().slice(0, 8);
  const customers: Customer[] = [];
  let next = 0;
  const register = async (n: number): Promise<Customer> => {
    let failure = '';
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const email = `bench-${run}-${n}-${attempt}@example.com`;
      const response = await fetch(new URL('/api/users', api), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Bench Customer ${n}`, email }),
        signal: AbortSignal.timeout(60_000),
      });
      if (response.status === 201) return { id: ((await response.json()) as { id: string }).id, email };
      failure = `${response.status}: ${(await response.text()).slice(0, 300)}`;
    }
    throw new Error(`POST /api/users failed ${ATTEMPTS} times, last with ${failure}`);
  };
  const worker = (until: number) => async () => {
    while (next < until) customers.push(await register(next++));
  };
  await worker(Math.min(count, concurrency))();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker(count)));
  return customers;
}
