// The loop under the migration runner and the webhook dispatcher (after pg-boss's worker): run a tick, then
// wait `pollMs` unless woken. A wake-up that arrives while a tick runs is kept, so the next tick starts at
// once instead of after the poll interval; stop() ends the wait and returns when the current tick is done.
export class WorkerLoop {
  private loop: Promise<void> | undefined;
  private stopped = true;
  private wake: (() => void) | undefined;
  private woken = false;

  constructor(
    private readonly tick: () => Promise<void>,
    private readonly pollMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  get running(): boolean {
    return !this.stopped;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Skips the current wait (or the next one, when a tick is running). */
  wakeUp(): void {
    this.woken = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.woken = false;
      try {
        await this.tick();
      } catch (error) {
        this.onError(error);
      }
      if (this.stopped) break;
      if (this.woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
