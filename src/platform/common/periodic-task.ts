/**
 * A background loop of a worker: `work` now and then every `everyMs`, never two runs at once (a
 * tick that finds the previous run still going is skipped), errors handed to `onError` so one bad
 * run does not end the loop. `stop` clears the timer and waits for the run in progress.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;

  constructor(
    private readonly work: () => Promise<void>,
    private readonly everyMs: number,
    private readonly onError: (message: string) => void,
  ) {}

  start(): void {
    const run = (): void => {
      if (this.current) return;
      this.current = this.work()
        .catch((e: unknown) => this.onError(e instanceof Error ? e.message : String(e)))
        .finally(() => (this.current = null));
    };
    run();
    this.timer = setInterval(run, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.current;
  }
}
