// Timing helpers for `npm run bench`: spawn-to-exit wall time, interleaved runs, medians.
import { spawn } from 'node:child_process'

/** Runs `file args` to completion; resolves with the wall time in ms. Rejects on a non-zero exit. */
export function timeCommand(file, args, { env = process.env, cwd, expectCode = 0 } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(file, args, { env, cwd, stdio: 'ignore' })
    child.on('error', reject)
    child.on('close', code => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      if (code !== expectCode) reject(new Error(`${file} ${args.join(' ')} exited ${code}`))
      else resolve(ms)
    })
  })
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * Times each named side `runs` times, interleaved round by round after `warmup` rounds, so every side
 * sees the same machine load. Returns [{ name, median, min, max }] in the order given.
 */
export async function interleaved(sides, { runs, warmup = 2 }) {
  const times = Object.fromEntries(Object.keys(sides).map(name => [name, []]))
  for (let round = 0; round < runs + warmup; round++) {
    for (const [name, side] of Object.entries(sides)) {
      const ms = await side()
      if (round >= warmup) times[name].push(ms)
    }
  }
  return Object.entries(times).map(([name, values]) => ({
    name,
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values)
  }))
}

/** A Markdown table of interleaved timings, with each median as a ratio of the first side's. */
export function timingTable(rows) {
  const base = rows[0].median
  const ms = value => `${value.toFixed(1)} ms`
  return [
    `| command | median | min | max | median ÷ first row |`,
    `| --- | --- | --- | --- | --- |`,
    ...rows.map(
      row =>
        `| \`${row.name}\` | ${ms(row.median)} | ${ms(row.min)} | ${ms(row.max)} | ${(row.median / base).toFixed(2)}× |`
    )
  ].join('\n')
}
