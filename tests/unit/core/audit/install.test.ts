/** `install` with a scripted process runner: which names it installs, and what it notes. */
import { describe, expect, it } from '@jest/globals'

import type { DependencyChange } from '../../../../src/core/audit/fix.js'
import { ALREADY_SATISFIED, installAdded } from '../../../../src/core/audit/install.js'
import type { CommandSpec, runCommand } from '../../../../src/core/exec/run-command.js'
import { commandResult } from '../../../helpers/command-result.js'

const change = (action: DependencyChange['action'], name: string): DependencyChange => ({
  action,
  ecosystem: 'python',
  name,
  import: name,
  file: 'requirements.txt',
  confidence: 'high',
  source: 'user-map',
  reason: ''
})

function pip(output: string) {
  const argvs: string[][] = []
  const run = (async (spec: CommandSpec) => {
    argvs.push('argv' in spec ? spec.argv : [])
    return commandResult({ output })
  }) as typeof runCommand
  return { run, argvs }
}

const settings = { cwd: '.', pipArgs: [], npmArgs: [] }

describe('installing what the sentinel chose', () => {
  it('installs names added and names already declared, never mere suggestions', async () => {
    const { run, argvs } = pip('Successfully installed a-1.0 b-1.0')
    const done = await installAdded(
      [change('added', 'a'), change('already-declared', 'b'), change('suggested', 'c')],
      settings,
      run
    )
    expect(argvs).toHaveLength(1)
    expect(argvs[0]!.slice(-2)).toEqual(['a', 'b'])
    expect(done.map(c => `${c.action} ${c.name}`)).toEqual(['installed a', 'installed b'])
    expect(done[0]!.reason).not.toContain(ALREADY_SATISFIED)
  })

  it('notes when pip found the name already satisfied for its own interpreter', async () => {
    const { run } = pip(
      'Requirement already satisfied: acme-sdk in /usr/lib/python3/site-packages (1.0)'
    )
    const [installed] = await installAdded([change('added', 'acme-sdk')], settings, run)
    expect(installed!.reason).toMatch(
      /python3 -m pip install .*acme-sdk \(pip: Requirement already satisfied\)$/
    )
  })
})
