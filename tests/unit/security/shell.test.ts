/**
 * No untrusted string reaches a shell. Processes start in a handful of modules, as argv arrays; a
 * shell runs only the user's own configured commands (heal's `command` and `pre-retry-command`,
 * inject's `command`, a scenario's `restart_command`, the service action's `command`), each named
 * here. A new child_process import, a new shell, `shell: true`, or a `${{ }}` expression pasted into
 * a composite action's script fails this test until it is reviewed and listed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'
import * as yaml from 'js-yaml'

import { ROOT } from '../../helpers/action-runner.js'

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const file = path.join(dir, name)
    return statSync(file).isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : []
  })
}
const files = sources(path.join(ROOT, 'src')).map(file => ({
  file: path.relative(ROOT, file),
  text: readFileSync(file, 'utf8')
}))

describe('processes and shells', () => {
  it('only these modules start processes', () => {
    expect(files.filter(f => /from 'node:child_process'/.test(f.text)).map(f => f.file)).toEqual([
      'src/core/audit/python/interpreter.ts', // `python3 --version`, a fixed argv, no shell
      'src/core/check/checks/scripts.ts',
      'src/core/check/hook.ts',
      'src/core/exec/background.ts',
      'src/core/exec/run-command.ts',
      'src/core/faults/process-target.ts'
    ])
  })

  it('a shell runs only the user’s own configured commands', () => {
    const shells = files
      .filter(f => /shell: 'bash'|spawn\('bash', \['-c'/.test(f.text))
      .map(f => f.file)
    expect(shells).toEqual([
      'src/core/faults/command.ts', // inject's `command`: the user's injector
      'src/core/faults/process-target.ts', // a scenario's `restart_command`
      'src/core/heal/options.ts' // heal's `command` and `pre-retry-command`
    ])
    expect(files.filter(f => /shell:\s*true/.test(f.text)).map(f => f.file)).toEqual([])
  })

  it('composite actions pass inputs to their scripts through the environment, never pasted in', () => {
    const actions = readdirSync(path.join(ROOT, 'actions'))
    let scripts = 0
    for (const name of actions) {
      const yml = yaml.load(
        readFileSync(path.join(ROOT, 'actions', name, 'action.yml'), 'utf8')
      ) as {
        runs: { using: string; steps?: Array<{ run?: string }> }
      }
      for (const step of yml.runs.steps ?? []) {
        if (step.run === undefined) continue
        scripts++
        expect([name, step.run]).toEqual([name, expect.not.stringMatching(/\$\{\{/)])
      }
    }
    expect(scripts).toBeGreaterThan(0)
  })
})
