/**
 * The code of the built-in load workers (run with `node -e`) and of the tether stress-ng runs under
 * (a POSIX shell script). Every one exits by itself when chaos-ci dies, however it dies (SIGKILL
 * included), so no load outlives it (issue #18): its stdin is a pipe only chaos-ci holds
 * (exec/background.ts `lifeline`), which the kernel closes with chaos-ci; the Node workers also
 * watch their parent PID change (every 250 ms, a second line). Busy loops run in 50 ms slices so
 * the event loop hears it.
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
 * `sh -c TETHER tether command args…`: runs the command (stress-ng) and ends it when chaos-ci dies.
 * A shell, not Node, so stress-ng starts at once. A watcher reads the lifeline (fd 3); at its end it
 * sends SIGTERM to the command and, a second later, SIGKILL to what is left of this process group.
 * SIGTERM to the tether passes on to the command; when the command exits, so does the group.
 */
export const TETHER = `exec 3<&0 </dev/null
"$@" 3<&- &
child=$!
(cat <&3 >/dev/null 2>&1; kill -TERM "$child" 2>/dev/null; sleep 1; kill -KILL 0) &
exec 3<&-
trap 'kill -TERM "$child" 2>/dev/null' TERM INT
while wait "$child"; status=$?; [ "$status" -gt 128 ] && kill -0 "$child" 2>/dev/null; do :; done
trap '' TERM
kill -TERM 0
exit "$status"
`
