// chaos-ci's open-loop generator in its own process, with the settings `inject` really uses: the
// default in-flight cap (no input sets it), inject's default request timeout, slice and warm-up.
//   argv <compiled dir> <url> <rate> <seconds>
// Prints a JSON summary of the measured phase (after a 1 s warm-up that is not counted).
import path from 'node:path'

const [dir, url, rate, seconds] = process.argv.slice(2)
const { TrafficGenerator } = await import(path.join(dir, 'src/core/traffic/generator.js'))
const { INJECT_DEFAULTS } = await import(path.join(dir, 'src/core/experiment/options.js'))
const clock = { now: () => performance.now() }
const traffic = new TrafficGenerator(
  {
    url: new URL(url),
    requests: [{ method: 'GET', path: '/' }],
    rate: Number(rate),
    timeoutMs: INJECT_DEFAULTS.requestTimeoutSeconds * 1000,
    sliceMs: INJECT_DEFAULTS.sliceMs,
    rampMs: 500 // the lifecycle's warm-up: min(500 ms, a quarter of the baseline)
  },
  clock
)
traffic.phase('warmup')
await new Promise(resolve => setTimeout(resolve, 1000))
const phase = traffic.phase('run')
await new Promise(resolve => setTimeout(resolve, Number(seconds) * 1000))
await traffic.stop()
const summary = phase.summary(clock.now())
console.log(
  JSON.stringify({
    due: Number(rate) * Number(seconds),
    requests: summary.requests,
    ok: summary.ok,
    ok_per_second: summary.ok / Number(seconds),
    errors: summary.errors,
    unsent: summary.unsent ?? null,
    behind: summary.behind ?? null,
    send_lag_ms: summary.send_lag_ms,
    p50: summary.latency_ms.p50,
    p99: summary.latency_ms.p99
  })
)
