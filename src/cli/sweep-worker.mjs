// Entry of a sweep worker thread. Worker threads do not inherit the main thread's TypeScript
// loader, so each registers tsx itself before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./sweep-worker.ts');
