import { describe, expect, it } from 'vitest';
import { channelYield, yieldToEventLoop } from '../../../../src/shared/nn/yield';

// The training loop yields so a stop request can arrive; what matters is that messages and due
// timers really run between two yields, whichever way the host yields.

async function yieldUntil(yieldOnce: () => Promise<void>, done: () => boolean): Promise<number> {
  let yields = 0;
  while (!done() && yields < 100000) {
    await yieldOnce();
    yields++;
  }
  return yields;
}

describe('yieldToEventLoop', () => {
  for (const [name, yieldOnce] of [
    ['the host default (setImmediate in Node)', yieldToEventLoop],
    ['the MessageChannel way (browsers)', channelYield()],
  ] as const) {
    it(`lets a due timer and a posted message run: ${name}`, async () => {
      let timerRan = false;
      setTimeout(() => (timerRan = true), 2);
      await yieldUntil(yieldOnce, () => timerRan);
      expect(timerRan).toBe(true);

      let messageArrived = false;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (messageArrived = true);
      channel.port2.postMessage('stop');
      await yieldUntil(yieldOnce, () => messageArrived);
      expect(messageArrived).toBe(true);
      channel.port1.close();
    });
  }

  it('resolves every waiting yield, in order', async () => {
    const yieldOnce = channelYield();
    const order: number[] = [];
    await Promise.all([0, 1, 2].map((i) => yieldOnce().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2]);
  });
});
