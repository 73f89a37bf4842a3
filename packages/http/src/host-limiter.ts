/**
 * Politeness per remote host: at most `concurrency` requests at once and at least `minDelayMs`
 * between the starts of two requests, whatever source or job they come from (in this process).
 */
export class HostLimiter {
  private readonly hosts = new Map<string, { active: number; lastStart: number; waiting: Array<() => void> }>();

  constructor(
    private readonly concurrency: number,
    private readonly minDelayMs: number,
  ) {}

  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const state = this.state(host);
    while (state.active >= this.concurrency) {
      await new Promise<void>((resolve) => state.waiting.push(resolve));
    }
    state.active++;
    try {
      const wait = state.lastStart + this.minDelayMs - Date.now();
      if (wait > 0) await sleep(wait);
      state.lastStart = Date.now();
      return await task();
    } finally {
      state.active--;
      state.waiting.shift()?.();
      if (state.active === 0 && state.waiting.length === 0 && Date.now() - state.lastStart > this.minDelayMs) {
        this.hosts.delete(host);
      }
    }
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

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
