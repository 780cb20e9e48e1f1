// Keys that reach an object's prototype instead of a field of its own: `obj.__proto__.x = 1`
// (or `obj.constructor.prototype.x = 1`) changes every object in the process. User-written names
// that become keys or path steps (sweep parameters, JSON files' keys) are refused when they are one.

export const UNSAFE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

export const isUnsafeKey = (key: string): boolean => (UNSAFE_KEYS as readonly string[]).includes(key);

/** The path of the first own key of `value` (or of anything inside it) that is unsafe, like ['parameters', '__proto__']. */
export function findUnsafeKey(value: unknown, path: (string | number)[] = []): (string | number)[] | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeKey(value[i], [...path, i]);
      if (found) return found;
    }
  } else if (typeof value === 'object' && value !== null) {
    // Object.keys lists an own "__proto__" (which JSON.parse creates) like any other key.
    for (const key of Object.keys(value)) {
      if (isUnsafeKey(key)) return [...path, key];
      const found = findUnsafeKey((value as Record<string, unknown>)[key], [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}
