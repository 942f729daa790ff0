// The worker loop under every queue: it waits pollMs between ticks unless woken, keeps a wake-up that
// arrives during a tick (the next tick starts at once), reports a failing tick and goes on, and stop()
// ends the wait and returns only once the tick in progress is done.
import { describe, expect, it } from "vitest";
import { WorkerLoop } from "../../../server/services/queue/worker-loop.ts";

const LONG_POLL_MS = 60_000;

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("WorkerLoop", () => {
  it("ticks at start, then waits for the poll interval unless woken", async () => {
    let ticks = 0;
    const loop = new WorkerLoop(
      async () => void ticks++,
      LONG_POLL_MS,
      () => {},
    );
    loop.start();
    await until(() => ticks === 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(ticks).toBe(1);
    loop.wakeUp();
    await until(() => ticks === 2);
    await loop.stop();
    expect(loop.running).toBe(false);
  });

  it("keeps a wake-up that arrives during a tick: the next tick starts without waiting", async () => {
    let ticks = 0;
    const first = deferred();
    const loop = new WorkerLoop(
      async () => {
        ticks++;
        if (ticks === 1) await first.promise;
      },
      LONG_POLL_MS,
      () => {},
    );
    loop.start();
    await until(() => ticks === 1);
    loop.wakeUp();
    first.resolve();
    await until(() => ticks === 2);
    await loop.stop();
  });

  it("reports a failing tick and keeps going", async () => {
    const errors: unknown[] = [];
    let ticks = 0;
    const loop = new WorkerLoop(
      async () => {
        ticks++;
        if (ticks === 1) throw new Error("database unavailable");
      },
      10,
      (error) => errors.push(error),
    );
    loop.start();
    await until(() => ticks >= 2);
    await loop.stop();
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe("database unavailable");
  });

  it("stop() ends the wait at once, and awaits a tick in progress", async () => {
    const idle = new WorkerLoop(
      async () => {},
      LONG_POLL_MS,
      () => {},
    );
    idle.start();
    const started = Date.now();
    await idle.stop();
    expect(Date.now() - started).toBeLessThan(1000);

    const inTick = deferred();
    const release = deferred();
    let finished = false;
    const busy = new WorkerLoop(
      async () => {
        inTick.resolve();
        await release.promise;
        finished = true;
      },
      LONG_POLL_MS,
      () => {},
    );
    busy.start();
    await inTick.promise;
    const stopped = busy.stop();
    setTimeout(() => release.resolve(), 30);
    await stopped;
    expect(finished).toBe(true);
  });
});
