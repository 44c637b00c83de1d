/**
 * Load held: the traffic generator and the fault proxy (both in this process, as in a real inject
 * run) drive a loopback server (its own process) for SOAK_SECONDS (default 120) at SOAK_RATE
 * requests/s (default 5,000), a new measured phase every 30 s and a latency toxic toggled on and off
 * every 10 s, as scenarios do. The successful requests after the warm-up must be at least 98% of those due
 * at the rate (so the rate it reports is the rate it held). Every 5 s a full garbage collection runs (--expose-gc, which
 * scripts/reliability.mjs passes) and the live heap and the RSS are sampled; past the warm-up (the
 * first 30 s) both trends must be flat: the live heap's least-squares slope under 1 MiB a minute
 * (a leak of 4 bytes a request would exceed it), the RSS's under 8 MiB a minute (a leak of 30 bytes a request).
 * Those leaks grow by the minute at this rate, so the 90 s past the warm-up (18 samples) show them;
 * the 10-minute soak (SOAK_SECONDS=600) is run by hand (docs/reliability.md).
 */
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { startBackground } from '../../src/core/exec/background.js'
import { TcpProxy } from '../../src/core/proxy/tcp-proxy.js'
import { TrafficGenerator } from '../../src/core/traffic/generator.js'
import { summarize } from '../../src/core/traffic/latency.js'
import { ROOT } from '../helpers/action-runner.js'
import { figure } from './figures.js'

const SECONDS = Number(process.env.SOAK_SECONDS ?? 120)
const RATE = Number(process.env.SOAK_RATE ?? 5000)
const WARMUP_S = 30
const SECTION = `Load held: ${SECONDS} s soak at ${RATE.toLocaleString('en')} requests/s`
const MIB = 2 ** 20

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length
  const mx = points.reduce((a, [x]) => a + x, 0) / n
  const my = points.reduce((a, [, y]) => a + y, 0) / n
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0)
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0)
  return sxx === 0 ? 0 : sxy / sxx
}

describe('the soak', () => {
  it('holds the rate through the proxy with flat memory', async () => {
    const server = startBackground(
      process.execPath,
      [path.join(ROOT, 'bench/traffic/server.mjs')],
      {}
    )
    const port = Number((await server.waitForLine(/^(\d+)$/m, 10_000))[1])
    const proxy = new TcpProxy({
      listen: { host: '127.0.0.1', port: 0 },
      upstream: { host: '127.0.0.1', port }
    })
    const address = await proxy.start()
    const clock = { now: () => performance.now() }
    const traffic = new TrafficGenerator(
      {
        url: new URL(`http://127.0.0.1:${address.port}`),
        requests: [{ method: 'GET', path: '/' }],
        rate: RATE,
        timeoutMs: 2000,
        sliceMs: 1000,
        rampMs: 2000
      },
      clock
    )
    const samples: Array<[number, number]> = []
    const heap: Array<[number, number]> = []
    const started = clock.now()
    const phases = [traffic.phase('warmup')]
    let toxic = false
    const gc = (globalThis as { gc?: () => void }).gc
    if (!gc) throw new Error('run through npm run test:reliability, which passes --expose-gc')
    const sampler = setInterval(() => {
      const s = (clock.now() - started) / 1000
      gc()
      const memory = process.memoryUsage()
      samples.push([s, memory.rss / MIB])
      heap.push([s, memory.heapUsed / MIB])
    }, 5000)
    const toggler = setInterval(() => {
      toxic = !toxic
      if (toxic) proxy.setToxics([{ type: 'latency', stream: 'downstream', latency: 5, jitter: 1 }])
      else proxy.clearToxics()
    }, 10_000)
    const phaser = setInterval(() => phases.push(traffic.phase(`p${phases.length}`)), 30_000)
    try {
      await new Promise(resolve => setTimeout(resolve, SECONDS * 1000))
    } finally {
      clearInterval(sampler)
      clearInterval(toggler)
      clearInterval(phaser)
      await traffic.stop()
      await proxy.close()
      await server.stop()
    }
    const measured = phases.slice(1)
    const ok = measured.reduce((a, p) => a + p.ok, 0)
    const completed = measured.reduce((a, p) => a + summarize(p.histogram).count, 0)
    const errors = measured.reduce(
      (a, p) => a + Object.values(p.errors).reduce((x, y) => x + y, 0),
      0
    )
    const lagP99 = Math.max(...measured.map(p => summarize(p.lag).p99))
    const seconds = SECONDS - WARMUP_S
    const after = samples.filter(([s]) => s >= WARMUP_S)
    const perMinute = slope(after) * 60
    const at = (s: number) => after.find(([x]) => x >= s)?.[1] ?? 0
    const peak = Math.max(...samples.map(([, r]) => r))
    figure(SECTION, 'requests completed after the warm-up', completed)
    figure(
      SECTION,
      'successful',
      `${ok.toLocaleString('en')} (${((100 * ok) / completed).toFixed(3)}%)`
    )
    figure(SECTION, 'errors (any kind)', errors)
    figure(SECTION, 'throughput held', `${Math.round(ok / seconds).toLocaleString('en')}/s`)
    figure(SECTION, 'worst phase send-lag p99', `${lagP99.toFixed(1)} ms`)
    figure(
      SECTION,
      'RSS after the warm-up → at the end (peak)',
      `${at(WARMUP_S).toFixed(0)} → ${after.at(-1)![1].toFixed(0)} MiB (${peak.toFixed(0)} MiB)`
    )
    figure(SECTION, 'RSS trend past the warm-up (least squares)', `${perMinute.toFixed(2)} MiB/min`)
    figure(SECTION, 'RSS samples', samples.length)
    const heapAfter = heap.filter(([s]) => s >= WARMUP_S)
    const heapPerMinute = slope(heapAfter) * 60
    figure(
      SECTION,
      'live heap after a full GC: after the warm-up → at the end',
      `${heapAfter[0]![1].toFixed(1)} → ${heapAfter.at(-1)![1].toFixed(1)} MiB`
    )
    figure(SECTION, 'live heap trend past the warm-up', `${heapPerMinute.toFixed(3)} MiB/min`)
    expect(after.length).toBeGreaterThan(10)
    // The rate it reports must be the rate it held: every request due after the warm-up was answered
    // (a generator that quietly sent half as many would pass every other check here).
    expect(ok / seconds).toBeGreaterThanOrEqual(0.98 * RATE)
    expect(ok / completed).toBeGreaterThan(0.999)
    expect(heapPerMinute).toBeLessThan(1)
    expect(perMinute).toBeLessThan(8)
  })
})
