// Adapts a wonka source (what urql returns) to an async iterator that unsubscribes when the consumer
// stops early (`break`, `return`, an abort signal) and ends when the source ends.
import { onEnd, pipe, subscribe, type Source } from "wonka";

export function iterate<T>(source: Source<T>, signal?: AbortSignal): AsyncIterableIterator<T> {
  const queue: T[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const subscription = pipe(
    source,
    onEnd(() => {
      ended = true;
      notify();
    }),
    subscribe((value: T) => {
      queue.push(value);
      notify();
    }),
  );
  const stop = () => {
    if (!ended) subscription.unsubscribe();
    ended = true;
    notify();
  };
  signal?.addEventListener("abort", stop, { once: true });

  return {
    async next(): Promise<IteratorResult<T, undefined>> {
      for (;;) {
        if (queue.length > 0) return { value: queue.shift()!, done: false };
        if (ended) {
          signal?.removeEventListener("abort", stop);
          return { value: undefined, done: true };
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    async return(): Promise<IteratorResult<T, undefined>> {
      stop();
      queue.length = 0;
      signal?.removeEventListener("abort", stop);
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
