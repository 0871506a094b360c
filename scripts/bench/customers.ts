import { randomUUID } from 'node:crypto';
import type { Customer } from './load';

/**
 * Registers `count` customers through `POST /api/users`, `concurrency` at a time, each with an address of
 * its own at example.com (a reserved domain: nothing could ever be delivered there).
 */
export async function registerCustomers(api: string, count: number, concurrency = 8): Promise<Customer[]> {
  const run = randomUUID().slice(0, 8);
  const customers: Customer[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      const email = `bench-${run}-${n}@example.com`;
      const response = await fetch(new URL('/api/users', api), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Bench Customer ${n}`, email }),
        signal: AbortSignal.timeout(30_000),
      });
      if (response.status !== 201)
        throw new Error(`POST /api/users answered ${response.status}: ${await response.text()}`);
      const { id } = (await response.json()) as { id: string };
      customers.push({ id, email });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return customers;
}
