// Milliseconds since this host process started: monotonic, fractional (nanosecond resolution).
// `performance.now()` says the same, but Node 20 loads perf_hooks and ten internal modules on the
// first access of the global `performance` (1–2.5 ms of every `miros run` start-up on this
// machine, issue 4); process.uptime() reads the same monotonic clock (uv_hrtime) with nothing to
// load.
export function hostMilliseconds(): number {
  return process.uptime() * 1000;
}
