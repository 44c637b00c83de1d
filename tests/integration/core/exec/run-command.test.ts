/** The exec wrapper with real child processes. */
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { UserError } from '../../../../src/core/errors.js'
import { isAlive } from '../../../../src/core/exec/process-tree.js'
import { runCommand } from '../../../../src/core/exec/run-command.js'
import { readPids, survivors, tempDir, waitForPids } from '../../../helpers/processes.js'

describe('running a command', () => {
  it('runs an argv list without a shell: nothing is interpreted', async () => {
    const result = await runCommand({ argv: ['printf', '%s|', '$HOME', 'a b'] })
    expect(result).toMatchObject({ exitCode: 0, signal: null, timedOut: false, killed: [] })
    expect(result.output).toBe('$HOME|a b|')
  })

  it('runs a script in bash with -e and pipefail, keeping stdout and stderr', async () => {
    const result = await runCommand({
      script: 'echo out; echo err >&2; false | true; echo never',
      shell: 'bash'
    })
    expect(result.exitCode).toBe(1)
    expect(result.output).toContain('out')
    expect(result.output).toContain('err')
    expect(result.output).not.toContain('never')
  })

  it('streams output live as it comes', async () => {
    const seen: string[] = []
    await runCommand(
      { script: 'echo one; echo two >&2', shell: 'sh' },
      { onOutput: (text, stream) => seen.push(`${stream}:${text.trim()}`) }
    )
    expect(seen.sort()).toEqual(['stderr:two', 'stdout:one'])
  })

  it('ends the whole tree on timeout: the command and the child it spawned are gone, by PID', async () => {
    const dir = await tempDir()
    const pids = path.join(dir, 'pids')
    // the child ignores SIGTERM, so only the SIGKILL after the grace period ends it
    const script = `echo $$ >> ${pids}; (trap '' TERM; echo $BASHPID >> ${pids}; exec sleep 60) & sleep 60`
    const result = await runCommand({ script, shell: 'bash' }, { timeoutMs: 500, graceMs: 300 })
    const started = await readPids(pids)
    expect(started).toHaveLength(2)
    expect(result.timedOut).toBe(true)
    expect(result.killed).toEqual(expect.arrayContaining(started))
    expect(await survivors(started)).toEqual([])
  })

  it('ends a child that left the process group (setsid) too', async () => {
    const dir = await tempDir()
    const pids = path.join(dir, 'pids')
    const script = `setsid bash -c 'echo $$ >> ${pids}; exec sleep 60' & sleep 60`
    const running = runCommand({ script, shell: 'bash' }, { timeoutMs: 700, graceMs: 300 })
    const escaped = await waitForPids(pids, 1)
    expect(escaped.every(isAlive)).toBe(true)
    await running
    expect(await survivors(escaped)).toEqual([])
  })

  it('ends the tree when cancelled, leaving no process behind', async () => {
    const dir = await tempDir()
    const pids = path.join(dir, 'pids')
    const controller = new AbortController()
    const running = runCommand(
      { script: `echo $$ >> ${pids}; sleep 60 & echo $! >> ${pids}; wait`, shell: 'bash' },
      { signal: controller.signal, graceMs: 500 }
    )
    const started = await waitForPids(pids, 2)
    controller.abort()
    const result = await running
    expect(result).toMatchObject({ cancelled: true, timedOut: false })
    expect(await survivors(started)).toEqual([])
  })

  it('keeps memory bounded on a flood of output, and keeps its first and last lines', async () => {
    const flood =
      "console.log('FIRST-LINE'); const line = 'x'.repeat(1023) + '\\n'; for (let i = 0; i < 40000; i++) process.stdout.write(line); console.log('LAST-LINE')"
    const result = await runCommand({ argv: [process.execPath, '-e', flood] })
    expect(result.exitCode).toBe(0)
    expect(result.outputChars).toBeGreaterThan(40_000_000)
    expect(result.output.length).toBeLessThan(16 * 1024 + 64 * 1024 + 100)
    expect(result.output.startsWith('FIRST-LINE\n')).toBe(true)
    expect(result.output.trimEnd().endsWith('LAST-LINE')).toBe(true)
    expect(result.output).toMatch(/\[… \d+ characters not kept …\]/)
  })

  it('does not wait for a background child that keeps the pipes open', async () => {
    const dir = await tempDir()
    const pids = path.join(dir, 'pids')
    const result = await runCommand({
      script: `sleep 30 & echo $! > ${pids}; echo done`,
      shell: 'bash'
    })
    expect(result.exitCode).toBe(0)
    expect(result.durationMs).toBeLessThan(10_000)
    process.kill((await readPids(pids))[0]!, 'SIGKILL')
  })

  it('names a working directory that does not exist, rather than the program', async () => {
    await expect(runCommand({ argv: ['true'] }, { cwd: '/no/such/dir' })).rejects.toThrow(
      "the working directory '/no/such/dir' does not exist."
    )
  })

  it('fails with a clear error when the program does not exist', async () => {
    await expect(runCommand({ argv: ['no-such-program-xyz'] })).rejects.toThrow(UserError)
    await expect(runCommand({ argv: ['no-such-program-xyz'] })).rejects.toThrow(
      /cannot run 'no-such-program-xyz': not found/
    )
  })
})
