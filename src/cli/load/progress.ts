/**
 * Load progress: on a terminal one line rewritten in place (rows, rows/s, ETA from the share of the
 * file read); elsewhere (CI logs, pipes) a plain line every few seconds.
 */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

export class Progress {
  private readonly started: number;
  private lastPrint = 0;

  constructor(
    private readonly out: ProgressOutput,
    private readonly totalBytes: number,
    private readonly now: () => number = Date.now,
    private readonly everyMs = out.isTTY ? 250 : 5000,
  ) {
    this.started = now();
  }

  update(rows: number, bytesRead: number): void {
    const t = this.now();
    if (t - this.lastPrint < this.everyMs) return;
    this.lastPrint = t;
    const line = this.line(rows, bytesRead, t);
    this.out.write(this.out.isTTY ? `\r\x1b[2K${line}` : `${line}\n`);
  }

  /** Clears the live line; the caller prints the summary. */
  done(): void {
    if (this.out.isTTY && this.lastPrint > 0) this.out.write('\r\x1b[2K');
  }

  line(rows: number, bytesRead: number, t = this.now()): string {
    const seconds = Math.max((t - this.started) / 1000, 0.001);
    const share = this.totalBytes > 0 ? Math.min(bytesRead / this.totalBytes, 1) : 0;
    const eta = share > 0 ? (seconds / share) * (1 - share) : NaN;
    return `${rows.toLocaleString('en')} rows  ${formatRate(rows / seconds)} rows/s  ${(share * 100).toFixed(0)}%  ETA ${formatDuration(eta)}`;
  }
}

export function formatRate(perSecond: number): string {
  return Math.round(perSecond).toLocaleString('en');
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(0)}s`;
  const m = Math.floor(seconds / 60);
  return m < 60
    ? `${m}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
