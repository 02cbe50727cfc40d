/**
 * One turn of the event loop, so that messages waiting for this thread (a scan worker's answer,
 * the next batch to scan) run: setImmediate in Node, a MessageChannel message elsewhere — not
 * setTimeout(0), which a chain of them clamps to 4 ms per turn.
 */
export function eventTurn(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => void };
  if (g.setImmediate) return new Promise((resolve) => g.setImmediate!(resolve));
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}
