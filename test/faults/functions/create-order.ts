import { Kafka, type Producer } from 'kafkajs';
import { takeSwitch } from './switches';

/**
 * create-order with a kill switch: while `kill-before-publish` is on, the next OrderCreated publish kills
 * the whole process instead, after the order and its pending event were stored and before anything reached
 * Kafka, as a Lambda container dying at the worst moment would.
 */
const producer = Kafka.prototype.producer;
Kafka.prototype.producer = function (this: Kafka, ...args: Parameters<Kafka['producer']>): Producer {
  const real = producer.apply(this, args);
  return {
    ...real,
    send: async (record) => {
      if (takeSwitch('kill-before-publish')) process.kill(process.pid, 'SIGKILL');
      return real.send(record);
    },
  };
};

export { handler } from '../../../functions/orders/create-order';
