// Preloaded (--import) into every measured process: when the process exits, writes its peak RSS
// (KiB) and CPU time (user + system, microseconds, all threads) as JSON to file descriptor 3,
// which the benchmark opens as a pipe. Worker threads load it too; only the main thread reports.
import { writeSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeSync(3, JSON.stringify({ maxRssKb: usage.maxRSS, cpuMicros: usage.userCPUTime + usage.systemCPUTime }));
  });
}
