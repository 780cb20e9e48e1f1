import { chai } from 'vitest';

// expect(f).toThrow('message') and .toThrow(/pattern/) go through chai's `throws`, which checks the
// message only when the thrown value is truthy: they pass when f throws undefined or null
// (vitest-dev/vitest#7260, open). That is what a broken error helper does — one that returns
// undefined instead of an Error, as a mutation test's `() => undefined` makes it — so every such
// assertion here first requires that something other than undefined or null was thrown.
chai.use((c, utils) => {
  for (const name of ['toThrow', 'toThrowError']) {
    utils.overwriteMethod(c.Assertion.prototype, name, (original: (...args: unknown[]) => unknown) =>
      function (this: Chai.AssertionStatic, ...args: unknown[]) {
        const [expected] = args;
        const matchesText = typeof expected === 'string' || expected instanceof RegExp;
        if (matchesText && !utils.flag(this, 'negate')) {
          const promise = utils.flag(this, 'promise');
          const object = utils.flag(this, 'object');
          let threw = false;
          let thrown: unknown;
          if (promise === 'rejects') {
            threw = true;
            thrown = object;
          } else if (promise !== 'resolves' && typeof object === 'function') {
            try {
              object();
            } catch (error) {
              threw = true;
              thrown = error;
            }
            // Called once: the original assertion sees the same outcome without running f again.
            utils.flag(this, 'object', threw ? () => { throw thrown; } : () => undefined);
          }
          if (threw && (thrown === undefined || thrown === null)) {
            throw new c.AssertionError(`expected a thrown error matching ${String(expected)}, but ${String(thrown)} was thrown`);
          }
        }
        return original.apply(this, args);
      },
    );
  }
});
