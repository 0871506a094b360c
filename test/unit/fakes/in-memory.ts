/** In-memory stand-ins for the ports: they behave like the real adapters, with failures on demand. */

import type { ClockPort, IdGeneratorPort } from '../../../src/shared/application/clock.port';
import type {
  OrderEventPublisherPort,
  PublishedEvent,
} from '../../../src/orders/application/ports/order-event.publisher.port';
import type {
  OrderRepositoryPort,
  PendingEvents,
  PlacedOrder,
} from '../../../src/orders/application/ports/order.repository.port';
import { OrderAlreadyExistsError } from '../../../src/orders/domain/order.errors';
import type { UserDirectoryPort } from '../../../src/orders/application/ports/user-directory.port';
import type { UserRepositoryPort } from '../../../src/users/application/ports/user.repository.port';
import type { Customer } from '../../../src/orders/domain/customer.entity';
import type { Order } from '../../../src/orders/domain/order.entity';
import type { OrderCreatedEvent } from '../../../src/contracts/order-created/order-created.event';
import { emailIdentity } from '../../../src/users/domain/email.value-object';
import type { User } from '../../../src/users/domain/user.entity';
import { EmailAlreadyRegisteredError } from '../../../src/users/domain/user.errors';

export const fixedClock = (iso = '2026-01-20T10:30:00.000Z'): ClockPort => ({ now: () => new Date(iso) });

/** Ids in order: "00000000-0000-4000-8000-000000000001", …02, … */
export function sequentialIds(): IdGeneratorPort {
  let next = 0;
  return { newId: () => `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}` };
}

export class InMemoryUserRepository implements UserRepositoryPort {
  readonly users = new Map<string, User>();
  failWith?: Error;

  async add(user: User): Promise<void> {
    if (this.failWith) throw this.failWith;
    const taken = [...this.users.values()].some((u) => emailIdentity(u.email) === emailIdentity(user.email));
    if (taken) throw new EmailAlreadyRegisteredError('a user with this email already exists');
    this.users.set(user.id, user);
  }

  async findById(id: string): Promise<User | undefined> {
    if (this.failWith) throw this.failWith;
    return this.users.get(id);
  }

  async findByEmail(email: string): Promise<User | undefined> {
    if (this.failWith) throw this.failWith;
    return [...this.users.values()].find((u) => emailIdentity(u.email) === emailIdentity(email));
  }
}

export class InMemoryOrderRepository implements OrderRepositoryPort {
  readonly orders = new Map<
    string,
    {
      order: Order;
      eventId?: string;
      pendingEvent?: OrderCreatedEvent;
      requestReceivedAt?: Date;
      publishedAt?: Date;
      where?: PublishedEvent;
    }
  >();
  failAdd?: Error;
  failMark?: Error;
  failFind?: Error;

  async add(order: Order, event: OrderCreatedEvent, requestReceivedAt?: Date): Promise<void> {
    if (this.failAdd) throw this.failAdd;
    if (this.orders.has(order.id)) throw new OrderAlreadyExistsError(`an order with id ${order.id} exists`);
    this.orders.set(order.id, {
      order,
      pendingEvent: event,
      ...(requestReceivedAt ? { requestReceivedAt } : {}),
    });
  }

  async markEventPublished(
    orderId: string,
    eventId: string,
    publishedAt: Date,
    where: PublishedEvent,
  ): Promise<void> {
    if (this.failMark) throw this.failMark;
    const stored = this.orders.get(orderId);
    if (stored?.pendingEvent?.eventId !== eventId) throw new Error(`no pending event ${eventId}`);
    const { pendingEvent: _published, ...rest } = stored;
    this.orders.set(orderId, { ...rest, eventId, publishedAt, where });
  }

  async findPendingEvents(createdBefore: Date, limit: number): Promise<PendingEvents> {
    if (this.failFind) throw this.failFind;
    const due = [...this.orders.values()]
      .flatMap(({ pendingEvent }) => (pendingEvent ? [pendingEvent] : []))
      .filter((event) => Date.parse(event.createdAt) < createdBefore.getTime())
      .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    return { events: due.slice(0, limit), more: due.length > limit };
  }

  async findById(id: string): Promise<Order | undefined> {
    return this.orders.get(id)?.order;
  }

  async findPlaced(id: string): Promise<PlacedOrder | undefined> {
    if (this.failFind) throw this.failFind;
    const stored = this.orders.get(id);
    if (!stored) return undefined;
    const { order, pendingEvent, eventId } = stored;
    return pendingEvent
      ? { order, eventId: pendingEvent.eventId, pendingEvent }
      : { order, eventId: eventId! };
  }
}

export class FakeUserDirectory implements UserDirectoryPort {
  readonly customers = new Map<string, Customer>();
  readonly asked: string[] = [];
  failWith?: Error;

  async findCustomer(userId: string): Promise<Customer | undefined> {
    this.asked.push(userId);
    if (this.failWith) throw this.failWith;
    return this.customers.get(userId);
  }
}

export class RecordingPublisher implements OrderEventPublisherPort {
  readonly published: OrderCreatedEvent[] = [];
  failWith?: Error;

  /** Each event lands at the next offset of partition 1, stamped with the epoch plus its offset. */
  async publish(event: OrderCreatedEvent): Promise<PublishedEvent> {
    if (this.failWith) throw this.failWith;
    this.published.push(event);
    const offset = this.published.length - 1;
    return { partition: 1, offset, timestamp: new Date(offset) };
  }
}
