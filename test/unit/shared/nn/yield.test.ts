import { afterEach, describe, expect, it, vi } from 'vitest';
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

describe('the way a host yields', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  /** The module evaluated anew, so it picks its way under the globals stubbed now. */
  const freshYield = async () => {
    vi.resetModules();
    return (await import('../../../../src/shared/nn/yield')).yieldToEventLoop;
  };

  it('is a MessageChannel where there is no setImmediate (browsers, Web Workers)', async () => {
    let channels = 0;
    vi.stubGlobal('setImmediate', undefined);
    vi.stubGlobal(
      'MessageChannel',
      class extends MessageChannel {
        constructor() {
          super();
          channels++;
        }
      },
    );
    const timeout = vi.spyOn(globalThis, 'setTimeout');
    const yieldOnce = await freshYield();
    await yieldOnce();
    await yieldOnce();
    expect(channels).toBe(1);
    expect(timeout).not.toHaveBeenCalled();
  });

  it('is setTimeout(0) where there is neither', async () => {
    vi.stubGlobal('setImmediate', undefined);
    vi.stubGlobal('MessageChannel', undefined);
    const timeout = vi.spyOn(globalThis, 'setTimeout');
    const yieldOnce = await freshYield();
    await yieldOnce();
    expect(timeout).toHaveBeenCalledWith(expect.any(Function), 0);
    let timerRan = false;
    setTimeout(() => (timerRan = true), 2);
    expect(await yieldUntil(yieldOnce, () => timerRan)).toBeGreaterThan(0);
  });

  it('works with message ports that have no unref, as in browsers', async () => {
    // A browser's MessagePort: no unref (a Node one has it, to let the process exit).
    class BrowserChannel {
      port1: { onmessage: (() => void) | null } = { onmessage: null };
      port2 = { postMessage: () => setTimeout(() => this.port1.onmessage?.(), 0) };
    }
    vi.stubGlobal('MessageChannel', BrowserChannel);
    const yieldOnce = channelYield();
    const order: number[] = [];
    await Promise.all([0, 1].map((i) => yieldOnce().then(() => order.push(i))));
    expect(order).toEqual([0, 1]);
  });
});

