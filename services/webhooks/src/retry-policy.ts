// When a failed delivery is tried again: network errors, timeouts, 5xx and 429 are worth another
// attempt; any other answer is the receiver's final word. Delays double from the base up to a
// ceiling, each drawn at random from its upper half ("equal jitter"), so receivers recovering from
// an outage are not hit by every retry at the same instant; past the window the delivery fails.

export type RetryPolicy = { baseMs: number; maxDelayMs: number; windowMs: number };

export const isRetryableStatus = (status: number) => status === 429 || status >= 500;

export function retryDelayMs(policy: RetryPolicy, attempts: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseMs * 2 ** Math.min(attempts - 1, 30));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/** The next attempt's time, or undefined when the window leaves no room for one. */
export function nextAttemptAt(policy: RetryPolicy, attempts: number, createdAt: Date, now = new Date()): Date | undefined {
  const at = new Date(now.getTime() + retryDelayMs(policy, attempts));
  return at.getTime() > createdAt.getTime() + policy.windowMs ? undefined : at;
}
