/** Copies of fixture projects in temp folders, so tests that write (fix) never touch the originals. */
import { cp, mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { ROOT } from './action-runner.js'

/** A fresh copy of tests/fixtures/<name>; returns its path. */
export async function fixtureCopy(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `chaos-ci-${path.basename(name)}-`))
  await cp(path.join(ROOT, 'tests/fixtures', name), dir, { recursive: true })
  return dir
}

export const fixturePath = (name: string): string => path.join(ROOT, 'tests/fixtures', name)
