// Worker threads do not inherit tsx's loader (privatenumber/tsx#354): register it, then load
// the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./scanWorker.ts');
