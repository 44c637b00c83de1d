/**
 * The code of the built-in load workers, and of the tether stress-ng runs under, each run with
 * `node -e`. Every one exits by itself when chaos-ci dies, however it dies (SIGKILL included), so
 * no load outlives it (issue #18): its stdin is a pipe only chaos-ci holds (exec/background.ts
 * `lifeline`), which the kernel closes with chaos-ci, and its parent PID changes then as well
 * (checked every 250 ms, a second line). Busy loops run in 50 ms slices so the event loop hears it.
 */

/** Calls `onDeath` once chaos-ci is gone. */
const LIFELINE = `
const lifeline = onDeath => {
  process.stdin.on('end', onDeath).on('close', onDeath).on('error', onDeath).resume()
  const parent = process.ppid
  setInterval(() => process.ppid !== parent && onDeath(), 250)
}
`

/** Busy on one core, in slices. */
export const CPU = `${LIFELINE}
lifeline(() => process.exit(0))
const spin = () => {
  const until = Date.now() + 50
  while (Date.now() < until);
  setImmediate(spin)
}
spin()
`

/** argv: bytes, rampMs. Allocates and touches `bytes` in 16 MiB blocks over `rampMs`, then holds. */
export const MEMORY = `${LIFELINE}
lifeline(() => process.exit(0))
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
export const DISK = `${LIFELINE}
lifeline(() => process.exit(0))
const fs = require('node:fs'), path = require('node:path')
const [dir, cap] = [process.argv[1], Number(process.argv[2])]
const fd = fs.openSync(path.join(dir, 'worker-' + process.pid), 'w')
const block = Buffer.alloc(1024 * 1024, 7)
let offset = 0
const step = () => {
  const until = Date.now() + 50
  while (Date.now() < until) {
    fs.writeSync(fd, block, 0, block.length, offset)
    fs.fsyncSync(fd)
    offset = offset + block.length >= cap ? 0 : offset + block.length
  }
  setImmediate(step)
}
step()
`

/**
 * argv: -- command args…. Runs the command (stress-ng) in its own process group and ends that group
 * when chaos-ci dies or asks (SIGTERM): SIGTERM, then SIGKILL after 1 s. Exits with the command.
 */
export const TETHER = `${LIFELINE}
const { spawn } = require('node:child_process')
const [command, ...args] = process.argv.slice(1)
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], detached: true })
const group = signal => { try { process.kill(-child.pid, signal) } catch {} }
let ending = false
const end = () => {
  if (ending) return
  ending = true
  group('SIGTERM')
  setTimeout(() => (group('SIGKILL'), process.exit(0)), 1000)
}
child.on('error', error => (console.error(String(error)), process.exit(127)))
child.on('exit', code => (group('SIGKILL'), process.exit(code ?? 0)))
process.on('SIGTERM', end).on('SIGINT', end)
lifeline(end)
`
