// Preloaded into every service process by `pnpm bench` (NODE_OPTIONS=--import), never by the
// services themselves: keeps a histogram of the event loop's delay and, on SIGUSR2, writes its
// percentiles (milliseconds) to BENCH_LAG_DIR/<pid>.json and starts a new one.
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const dir = process.env.BENCH_LAG_DIR;
if (dir) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  process.on('SIGUSR2', () => {
    const ms = (ns) => Math.round(ns / 1e4) / 100;
    const report = { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), at: Date.now() };
    histogram.reset();
    writeFileSync(`${dir}/${process.pid}.json`, JSON.stringify(report));
  });
}
