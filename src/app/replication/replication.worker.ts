/** A replication worker: runs planned experiment runs handed to it by the pool (`pool.ts`), one at a time. */
import type { FromReplication, ToReplication } from './protocol.ts';
import { createReplicationHandler } from './worker-logic.ts';

const scope = self as unknown as Worker;
const handle = createReplicationHandler((message: FromReplication) => scope.postMessage(message));
scope.onmessage = (event: MessageEvent<ToReplication>) => handle(event.data);
