import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from '../../../../src/shared/schema/workbench-api';

// The preload and the main process both read the channel names from here; Electron's channels are
// one namespace per process, shared with anything else that listens, so ours carry a prefix.

describe('IPC channels', () => {
  it('are two distinct names under the "workbench:" prefix', () => {
    expect(Object.keys(IPC_CHANNELS)).toEqual(['trainerRequest', 'trainerEvents']);
    const names = Object.values(IPC_CHANNELS);
    for (const name of names) expect(name).toMatch(/^workbench:[a-z]+(-[a-z]+)*$/);
    expect(new Set(names).size).toBe(names.length);
  });
});
