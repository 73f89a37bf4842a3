/** How hard one host may be asked. */
export interface HostLimits {
  /** Requests at once. */
  concurrency: number;
  /** Minimum ms between the starts of two requests. */
  minDelayMs: number;
}

/**
 * Politeness per remote host: at most `concurrency` requests at once and at least `minDelayMs`
 * between the starts of two requests, whatever source or job they come from. One instance is
 * shared by every client of the process (`sharedHostLimiter`), so two runs on the same host
 * share its budget. Each request brings its own limits (its source's `politeness`); the host
 * state (active count, last start) is common.
 */
export class HostLimiter {
  private readonly hosts = new Map<string, { active: number; lastStart: number; waiting: Array<() => void> }>();

  constructor(private readonly defaults: HostLimits = { concurrency: 2, minDelayMs: 0 }) {}

  async run<T>(host: string, task: () => Promise<T>, limits: Partial<HostLimits> = {}): Promise<T> {
    const concurrency = Math.max(1, limits.concurrency ?? this.defaults.concurrency);
    const minDelayMs = Math.max(0, limits.minDelayMs ?? this.defaults.minDelayMs);
    const state = this.state(host);
    while (state.active >= concurrency) {
      await new Promise<void>((resolve) => state.waiting.push(resolve));
    }
    state.active++;
    try {
      // Re-check after every sleep: concurrent waiters wake together and only one may go.
      for (let wait = state.lastStart + minDelayMs - Date.now(); wait > 0; wait = state.lastStart + minDelayMs - Date.now()) {
        await sleep(wait);
      }
      state.lastStart = Date.now();
      return await task();
    } finally {
      state.active--;
      state.waiting.shift()?.();
      if (state.active === 0 && state.waiting.length === 0 && Date.now() - state.lastStart > 60_000) {
        this.hosts.delete(host);
      }
    }
  }

  /** Requests running now to a host (tests, metrics). */
  active(host: string): number {
    return this.hosts.get(host)?.active ?? 0;
  }

  private state(host: string) {
    let state = this.hosts.get(host);
    if (!state) {
      state = { active: 0, lastStart: 0, waiting: [] };
      this.hosts.set(host, state);
    }
    return state;
  }
}

/** The process-wide limiter every `HttpClient` uses unless given another. */
export const sharedHostLimiter = new HostLimiter();

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
