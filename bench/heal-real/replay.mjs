// Replays one corpus case as a failing step: the first run prints the case's log to stderr and exits
// with its exit code; every later run (a retry) passes. So a retry always "heals" — which is right for
// a transient case and a faked green for a deterministic one.
//   node replay.mjs <cases file> <id> <state file>
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

const [file, id, state] = process.argv.slice(2)
if (existsSync(state)) {
  console.log('passed on the retry')
  process.exit(0)
}
writeFileSync(state, 'failed once\n')
const found = readFileSync(file, 'utf8')
  .split('\n')
  .filter(line => line.trim())
  .map(line => JSON.parse(line))
  .find(c => c.id === id)
if (!found) {
  console.error(`replay: no case ${id} in ${file}`)
  process.exit(2)
}
process.stderr.write(found.log.endsWith('\n') ? found.log : `${found.log}\n`)
process.exit(found.exit_code)
