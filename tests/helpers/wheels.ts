/** Builds a tiny pure-Python wheel (bench/heal-corpus/fixtures/make_wheel.py), for pip installs with no network. */
import { execFileSync } from 'node:child_process'
import path from 'node:path'

import { ROOT } from './action-runner.js'

/** Writes `<dist>-1.0-py3-none-any.whl` (providing `module`) into `dir`; returns its path. */
export function buildWheel(dir: string, dist: string, module: string): string {
  return execFileSync('python3', [
    path.join(ROOT, 'bench/heal-corpus/fixtures/make_wheel.py'),
    dir,
    dist,
    module
  ])
    .toString()
    .trim()
}
