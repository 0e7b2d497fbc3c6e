import { RequestRefusedError } from './served/client';

/**
 * A bench that measures refused requests measures nothing (and used to die later on an empty list
 * of latencies): every request a bench sends goes through here, and the first refusal stops the
 * bench with the route, the status and the service's own reason.
 */

/** `res` when it is a 2xx; otherwise throws RequestRefusedError with its body. */
export async function expectOk(route: string, res: Response): Promise<Response> {
  if (res.status >= 200 && res.status < 300) return res;
  throw new RequestRefusedError(route, res.status, await res.text());
}

/** Statuses of a run's responses, counted; `refusals()` describes the non-2xx ones. */
export class StatusCounts {
  private readonly counts = new Map<number, number>();
  total = 0;

  add(status: number): void {
    this.total++;
    this.counts.set(status, (this.counts.get(status) ?? 0) + 1);
  }

  /** e.g. "401 × 1000": empty when every response was a 2xx. */
  refusals(): string {
    return [...this.counts]
      .filter(([status]) => status < 200 || status >= 300)
      .map(([status, n]) => `${status} × ${n}`)
      .join(', ');
  }
}
