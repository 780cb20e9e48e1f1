// Entry of a sweep worker process (forked by sweep-pool.ts with the sweep file as its argument).
// It registers tsx itself before loading the TypeScript worker, as the `nn-workbench` launcher does.
import { register } from 'tsx/esm/api';

register();
await import('./sweep-worker.ts');
