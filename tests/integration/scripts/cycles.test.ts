/** scripts/cycles.mjs, the lint step that fails on an import cycle (#20 item 3). */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { tempDir } from '../../helpers/processes.js'

// from this file, not the working directory (another test file may have left the worker elsewhere)
const root = path.resolve(import.meta.dirname, '../../..')
const script = path.join(root, 'scripts/cycles.mjs')

describe('the import-cycle check', () => {
  it('finds no cycle in src', () => {
    expect(
      execFileSync(process.execPath, [script, 'src'], { cwd: root, encoding: 'utf8' })
    ).toMatch(/^no import cycles in src \(\d+ modules\)/)
  })

  it('fails on a cycle, type-only imports included, and names its modules', async () => {
    const dir = path.join(await tempDir(), 'src')
    await mkdir(path.join(dir, 'stage'), { recursive: true })
    await writeFile(path.join(dir, 'stage/run.ts'), "import { describe } from './describe.js'\n")
    await writeFile(
      path.join(dir, 'stage/describe.ts'),
      "import type { Payload } from './run.js'\nexport const describe = 1\n"
    )
    await writeFile(path.join(dir, 'leaf.ts'), "import { describe } from './stage/describe.js'\n")
    const run = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' })
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/1 import cycle\(s\)/)
    expect(run.stderr).toMatch(/stage\/describe\.ts ⇄ .*stage\/run\.ts/)
    expect(run.stderr).not.toMatch(/leaf\.ts/)
  })
})
