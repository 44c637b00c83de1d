// The overload bench (issue #22 §1): chaos-ci's open-loop generator, with the settings `inject`
// really uses, offered twice a one-loop Node server's capacity, against a closed-loop client
// (autocannon) that the server paces, and against wrk2 at the same rate when it is installed.
// Interleaved rounds; ratios per round, as medians and ranges. `BENCH_ONLY=overload npm run bench`
// runs this section alone; `node bench/overload.mjs` prints it without touching docs/benchmarks.md.
import { execFileSync } from 'node:child_process'
import http from 'node:http'
import path from 'node:path'

import { compiledModules } from './compiled.mjs'
import { median } from './timing.mjs'
import { runJson, startChild } from './traffic.mjs'

const root = path.resolve(import.meta.dirname, '..')
const node = process.execPath
const SECONDS = Number(process.env.BENCH_OVERLOAD_SECONDS ?? 5)
const ROUNDS = Number(process.env.BENCH_OVERLOAD_ROUNDS ?? 3)
const CONNECTIONS = 50

const f0 = value => Math.round(value).toLocaleString('en-US')
const f2 = value => value.toFixed(2)
const range = values => `${f2(Math.min(...values))}–${f2(Math.max(...values))}`

/** wrk2 from WRK2=/path or from PATH (as `wrk2`); null when neither is there. */
function findWrk2() {
  const candidates = process.env.WRK2 ? [process.env.WRK2] : ['wrk2']
  for (const file of candidates) {
    try {
      execFileSync(file, ['-v'], { stdio: 'ignore' })
      return file
    } catch (error) {
      if (error.code !== 'ENOENT' && typeof error.status === 'number') return file // -v exits 1
    }
  }
  return null
}

/** The server's counts, over a connection of its own (closed after), which the counts include. */
function stats(port) {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/__stats', agent: false }, res => {
        let body = ''
        res.on('data', chunk => (body += chunk))
        res.on('end', () => resolve(JSON.parse(body)))
      })
      .on('error', reject)
  })
}

/** Runs one side against the server; returns what it measured plus the server's own counts. */
async function measured(port, run) {
  const before = await stats(port)
  const result = run()
  const after = await stats(port)
  return {
    ...result,
    served: (after.requests - before.requests) / SECONDS,
    opened: after.connections - before.connections - 1 // less the /__stats request's own
  }
}

export async function overloadSection() {
  const { dir } = await compiledModules()
  const server = await startChild('server.mjs', [])
  const port = Number(server.line)
  const url = `http://127.0.0.1:${port}/`
  const autocannon = seconds =>
    runJson(node, [
      path.join(root, 'node_modules/autocannon/autocannon.js'),
      '-c',
      String(CONNECTIONS),
      '-d',
      String(seconds),
      '-j',
      url
    ])
  const wrk2 = findWrk2()
  try {
    autocannon(2) // warm the server up
    const capacity = autocannon(3)['2xx'] / 3
    const rate = Math.round(2 * capacity)
    const rows = { closed: [], ours: [], wrk2: [] }
    for (let round = 0; round < ROUNDS; round++) {
      rows.closed.push(
        await measured(port, () => {
          // autocannon runs S s after its own connect; the server counts the whole run
          const r = autocannon(SECONDS)
          return { ok_per_second: r['2xx'] / r.duration, errors: r.errors + r.timeouts }
        })
      )
      rows.ours.push(
        await measured(port, () =>
          runJson(node, [
            path.join(root, 'bench/traffic/overload-generator.mjs'),
            dir,
            url,
            String(rate),
            String(SECONDS)
          ])
        )
      )
      if (wrk2)
        rows.wrk2.push(
          await measured(port, () => {
            const out = execFileSync(wrk2, [
              '-t1',
              '-c1024',
              `-d${SECONDS}s`,
              `-R${rate}`,
              url
            ]).toString()
            const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN)
            const timeouts = Number(/timeout (\d+)/.exec(out)?.[1] ?? 0)
            return { ok_per_second: rps, errors: timeouts }
          })
        )
    }
    return render({ capacity, rate, rows, wrk2 })
  } finally {
    server.stop()
  }
}

function render({ capacity, rate, rows, wrk2 }) {
  const ratios = rows.ours.map((ours, i) => ours.ok_per_second / rows.closed[i].ok_per_second)
  const servedRatios = rows.ours.map((ours, i) => ours.served / rows.closed[i].served)
  const wrkRatios = rows.wrk2.map((w, i) => w.ok_per_second / rows.closed[i].ok_per_second)
  const med = (list, key) => median(list.map(row => row[key]))
  const ours = rows.ours
  const timeouts = ours.map(r => r.errors.timeout)
  const unsent = ours.map(r => r.unsent ?? 0)
  return `## Traffic generator under overload

One local keep-alive Node server (one event loop, its own process) on this shared 2-core machine
(figures vary with the neighbours' load). Its capacity, measured first by autocannon closed loop
(\`-c ${CONNECTIONS}\`, 3 s): **${f0(capacity)} requests/s**. chaos-ci's generator alone (in its own node process, not the whole \`chaos-ci inject\`
command) is then offered
**${f0(rate)} requests/s** (twice that) with \`inject\`'s own settings: the default in-flight cap (1024; no
input sets it), the default 2 s request timeout, 250 ms slices and the 500 ms ramp. ${ROUNDS} interleaved
rounds of ${SECONDS} s per side; the server counts the connections each side opened and the requests it
served.

| side | successes/s (median) | served by the server/s | connections opened | timeouts | not sent (generator's cap) |
| --- | --- | --- | --- | --- | --- |
| autocannon 9 closed loop (\`-c ${CONNECTIONS}\`) | ${f0(med(rows.closed, 'ok_per_second'))} | ${f0(med(rows.closed, 'served'))} | ${f0(med(rows.closed, 'opened'))} | ${f0(med(rows.closed, 'errors'))} | — |
| chaos-ci at 2× capacity | ${f0(med(ours, 'ok_per_second'))} | ${f0(med(ours, 'served'))} | ${f0(med(ours, 'opened'))} | ${f0(median(timeouts))} | ${f0(median(unsent))} (behind: ${ours.map(r => r.behind ?? '—').join(', ')}) |
| wrk2 at 2× capacity (\`-t1 -c1024 -R${rate}\`) | ${wrk2 ? f0(med(rows.wrk2, 'ok_per_second')) : 'not measured (no wrk2: put it on PATH or set WRK2=/path/to/wrk2)'} | ${wrk2 ? f0(med(rows.wrk2, 'served')) : '—'} | ${wrk2 ? f0(med(rows.wrk2, 'opened')) : '—'} | ${wrk2 ? f0(med(rows.wrk2, 'errors')) : '—'} | — |

**chaos-ci's successes ÷ the closed loop's, per round: median ${f2(median(ratios))}× (range ${range(ratios)})**
(target: at least 0.90×); requests the server served, chaos-ci's ÷ the closed loop's: median
${f2(median(servedRatios))}× (${range(servedRatios)}).${wrk2 ? ` wrk2's ÷ the closed loop's: median ${f2(median(wrkRatios))}× (${range(wrkRatios)}).` : ' wrk2: not measured.'}
Requests due while all 1024 were in flight, and not sent within a few ms, are counted as not sent
(\`unsent\`), apart from the service's errors; the results say which side fell behind (\`behind\`).
When it is the service (it held every connection), those requests count against its availability
and error rate, as the SLOs judge them (docs/slos.md).`
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await overloadSection())
