/**
 * Built-in stress workers, each a child Node process (so the healer, the traffic generator and the
 * proxy keep running): a busy CPU loop, a memory hog, a disk writer. Each is registered for the
 * undo before it starts, saved for the post step as a PID to kill, and measured from /proc.
 */
import { type BackgroundProcess, startBackground } from '../exec/background.js'
import type { Rollback } from '../experiment/rollback.js'

const CPU = 'for (;;) {}'

/** argv: bytes, rampMs. Allocates and touches `bytes` in 16 MiB blocks over `rampMs`, then holds. */
const MEMORY = `
const total = Number(process.argv[1]), ramp = Number(process.argv[2]), block = 16 * 1024 * 1024
const held = []
let done = 0
const blocks = Math.ceil(total / block)
const step = () => {
  const size = Math.min(block, total - done)
  if (size <= 0) { console.log('ready ' + done); return setInterval(() => held.length, 1 << 30) }
  held.push(Buffer.allocUnsafe(size).fill(1))
  done += size
  setTimeout(step, ramp / blocks)
}
step()
`

/** argv: dir, bytesCap. Writes 1 MiB blocks with fsync into its own file, rewriting from the start at the cap. */
const DISK = `
const fs = require('node:fs'), path = require('node:path')
const [dir, cap] = [process.argv[1], Number(process.argv[2])]
const file = path.join(dir, 'worker-' + process.pid)
const block = Buffer.alloc(1024 * 1024, 7)
let fd = fs.openSync(file, 'w'), offset = 0, written = 0, last = 0
for (;;) {
  fs.writeSync(fd, block, 0, block.length, offset)
  fs.fsyncSync(fd)
  offset = offset + block.length >= cap ? 0 : offset + block.length
  written += block.length
  if (Date.now() - last > 100) { last = Date.now(); console.log('written ' + written) }
}
`

export type WorkerKind = 'cpu' | 'memory' | 'disk'

const CODE: Record<WorkerKind, string> = { cpu: CPU, memory: MEMORY, disk: DISK }

/** Starts a worker; its kill is registered (and saved for the post step) before it starts. */
export function startWorker(
  kind: WorkerKind,
  args: string[],
  rollback: Rollback,
  env: NodeJS.ProcessEnv
): BackgroundProcess {
  let worker: BackgroundProcess | null = null
  rollback.register(`stop the ${kind} worker`, () => worker?.stop(1000))
  worker = startBackground(process.execPath, ['-e', CODE[kind], ...args], { env })
  // Its PID is known only now: saved for the post step in case this process dies.
  const pid = worker.pid
  rollback.register(`check the ${kind} worker ${pid} is gone`, () => worker?.stop(1000), {
    kind: 'kill',
    name: `${kind} worker ${pid}`,
    pid
  })
  return worker
}

/** Parses a size such as 256M, 512MB, 1G or 1.5GiB into bytes; null when it is not one. */
export function parseSize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$/i.exec(text)
  if (!match) return null
  const power = ['', 'k', 'm', 'g', 't'].indexOf(match[2]!.toLowerCase())
  return Math.round(Number(match[1]) * 1024 ** power)
}
