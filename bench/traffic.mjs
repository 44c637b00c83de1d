// Traffic generator and fault proxy benches: every side runs in its own process against the same
// local server, side by side in one run.
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import path from 'node:path'

import { compiledModules } from './compiled.mjs'
import { median } from './timing.mjs'

const root = path.resolve(import.meta.dirname, '..')
const here = path.join(root, 'bench/traffic')
const node = process.execPath
const SECONDS = Number(process.env.BENCH_TRAFFIC_SECONDS ?? 5)

/** Starts `node script args` and resolves with its first stdout line and a stop function. */
function startChild(script, args) {
  const child = spawn(node, [path.join(here, script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit']
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.stdout.once('data', data =>
      resolve({ line: data.toString().trim(), stop: () => child.kill('SIGTERM') })
    )
  })
}

function runJson(file, args) {
  return JSON.parse(
    execFileSync(file, args, { maxBuffer: 1 << 26 })
      .toString()
      .trim()
      .split('\n')
      .at(-1)
  )
}

function hasWrk() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' })
    return true
  } catch (error) {
    return error.status === 1 // wrk --version exits 1 after printing
  }
}

/** Runs a child to completion and returns its CPU time (user + system) per request, in µs. */
function cpuPerRequest(file, args, requests) {
  const run = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', file, ...args], { maxBuffer: 1 << 26 })
  const match = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(run.stderr?.toString() ?? '')
  if (run.status !== 0 || !match) return NaN
  return ((Number(match[1]) + Number(match[2])) * 1e6) / requests
}

const f0 = value => Math.round(value).toLocaleString('en-US')
const f2 = value => value.toFixed(2)

export async function trafficSection() {
  const { dir } = await compiledModules()
  const server = await startChild('server.mjs', [])
  const url = `http://127.0.0.1:${server.line}/`
  try {
    // Best of two runs for every side: this VM's neighbours are noisy, and a stall is not the tool's.
    const autocannonRuns = [1, 2].map(() =>
      runJson(node, [
        path.join(root, 'node_modules/autocannon/autocannon.js'),
        '-c',
        '50',
        '-d',
        String(SECONDS),
        '-j',
        url
      ])
    )
    const autocannon = autocannonRuns.reduce((a, b) =>
      a.requests.total / a.duration >= b.requests.total / b.duration ? a : b
    )
    const autocannonRps = autocannon.requests.total / autocannon.duration
    let wrkRps = null
    if (hasWrk()) {
      for (let run = 0; run < 2; run++) {
        const out = execFileSync('wrk', ['-t1', '-c50', `-d${SECONDS}s`, url]).toString()
        wrkRps = Math.max(wrkRps ?? 0, Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]))
      }
    }
    const sweep = []
    for (let rate = 4000; rate <= 80_000; rate += rate < 20_000 ? 4000 : 2000) {
      const ok = result =>
        result.errors === 0 && result.completed >= result.due * 0.995 && result.lag_p99 <= 10
      const runs = []
      for (let run = 0; run < 2 && !runs.some(ok); run++)
        runs.push(
          runJson(node, [path.join(here, 'generator.mjs'), dir, url, String(rate), String(SECONDS)])
        )
      const result = runs.find(ok) ?? runs.at(-1)
      const sustained = ok(result)
      sweep.push({ rate, ...result, sustained })
      if (!sustained && sweep.filter(row => !row.sustained).length >= 2) break
    }
    const CPU_RATE = 16_000
    const cpu = {
      ours: cpuPerRequest(
        node,
        [path.join(here, 'generator.mjs'), dir, url, String(CPU_RATE), String(SECONDS)],
        CPU_RATE * (SECONDS + 1)
      ),
      autocannon: cpuPerRequest(
        node,
        [
          path.join(root, 'node_modules/autocannon/autocannon.js'),
          '-c',
          '100',
          '-R',
          String(CPU_RATE),
          '-d',
          String(SECONDS + 1),
          '-j',
          url
        ],
        CPU_RATE * (SECONDS + 1)
      )
    }
    const best = sweep.filter(row => row.sustained).at(-1)
    const bestRate = best?.rate ?? 0
    return `## Traffic generator: throughput with accurate latency

One local keep-alive HTTP server (its own process, a 20-byte JSON answer); each generator in its own
process, ${SECONDS} s per run, best of two runs per side (and per rate), on this 2-core machine, where
the server and the generator share both cores. autocannon and wrk run closed-loop with 50
connections and report the most they can push. chaos-ci's generator is open-loop: requests are due at a
fixed rate and latency counts from when each was due, so it is run at rising rates; a rate is
**sustained** when every due request completed without error and the generator kept its own schedule
(p99 of the send lag, how late requests left after they were due, at or under 10 ms). Past that
point the latency it reports includes its own delay, and the results file says so (\`send_lag_ms\`).

| generator | requests/s | ÷ autocannon |
| --- | --- | --- |
| autocannon 9 (\`-c 50\`, closed loop) | ${f0(autocannonRps)} | 1.00× |
| wrk 4.1 (\`-t1 -c50\`, closed loop, C) | ${wrkRps === null ? 'not installed (apt-get install wrk)' : f0(wrkRps)} | ${wrkRps === null ? '—' : `${f2(wrkRps / autocannonRps)}×`} |
| chaos-ci, highest sustained open-loop rate | ${f0(bestRate)} | ${f2(bestRate / autocannonRps)}× |

The sweep (latency in ms from the intended start):

| rate due (/s) | completed (/s) | errors | send lag p99 | p50 | p90 | p99 | max | sustained |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${sweep.map(row => `| ${f0(row.rate)} | ${f0(row.throughput)} | ${row.errors} | ${row.lag_p99} | ${row.p50} | ${row.p90} | ${row.p99} | ${row.max} | ${row.sustained ? 'yes' : 'no'} |`).join('\n')}

At the same offered load the two Node generators cost about the same CPU: ${cpu.ours.toFixed(1)} µs per request
for chaos-ci and ${cpu.autocannon.toFixed(1)} µs for autocannon (\`-R ${f0(CPU_RATE)}\`, user + system time over the
requests sent, ${SECONDS} s). chaos-ci's generator speaks HTTP/1.1 on raw kept-alive sockets
(\`src/core/traffic/http1.ts\`) rather than through Node's \`http\` client.`
  } finally {
    server.stop()
  }
}

export async function proxySection() {
  const { dir } = await compiledModules()
  const ROUNDS = Number(process.env.BENCH_PROXY_ROUNDS ?? 5)
  const REQUESTS = Number(process.env.BENCH_PROXY_REQUESTS ?? 5000)
  const server = await startChild('server.mjs', [])
  const proxies = {}
  try {
    for (const kind of ['bare', 'tcp', 'http'])
      proxies[kind] = await startChild('proxy.mjs', [dir, kind, server.line])
    const sides = {
      direct: server.line,
      'bare Node net pipe': proxies.bare.line,
      'chaos-ci TcpProxy (no toxics)': proxies.tcp.line,
      'chaos-ci HttpFaultProxy (no fault)': proxies.http.line
    }
    const samples = Object.fromEntries(Object.keys(sides).map(name => [name, { p50: [], p99: [] }]))
    for (let round = 0; round < ROUNDS; round++)
      for (const [name, port] of Object.entries(sides)) {
        const result = runJson(node, [path.join(here, 'pingpong.mjs'), port, String(REQUESTS)])
        samples[name].p50.push(result.p50)
        samples[name].p99.push(result.p99)
      }
    const rows = Object.entries(samples).map(([name, s]) => ({
      name,
      p50: median(s.p50),
      p99: median(s.p99)
    }))
    const direct = rows[0]
    const us = value => `${value.toFixed(0)} µs`
    const tcp = rows[2]
    return `## Fault proxy: pass-through overhead

Sequential requests over one kept-alive connection (Toxiproxy's own benchmark method), ${REQUESTS} per
run after 500 warm-up requests, ${ROUNDS} interleaved rounds; medians of the per-round p50 and p99. The
server, each proxy and the client are separate processes on this 2-core machine.

| path | p50 | p99 | p50 over direct | p99 over direct |
| --- | --- | --- | --- | --- |
${rows.map(row => `| ${row.name} | ${us(row.p50)} | ${us(row.p99)} | ${row === direct ? '—' : us(row.p50 - direct.p50)} | ${row === direct ? '—' : us(row.p99 - direct.p99)} |`).join('\n')}

The TCP proxy in pass-through adds **${us(tcp.p50 - direct.p50)} at p50** (target: ≤ 100 µs, Toxiproxy's claim;
Toxiproxy 2.0's own benchmark measured ~270 µs per small request). The HTTP-aware proxy parses and
re-sends each request, so it costs more; it is used only for \`http_fault\` scenarios, and the baseline
of each scenario is measured through the same proxy as its fault, so the overhead cancels out of
every degradation figure.`
  } finally {
    for (const proxy of Object.values(proxies)) proxy.stop()
    server.stop()
  }
}
