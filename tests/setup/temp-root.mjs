// jest globalSetup and globalTeardown: every temp folder the tests make, in-process or in the
// processes they start (which inherit TMPDIR), lands under one folder that is removed after the run,
// so `npm test` leaves nothing in the OS temp dir even when a test forgets to clean up or fails.
// Workers are forked after globalSetup, so they see the new TMPDIR (docs/testing.md). The oracles'
// answers (tests/helpers/oracle-cache.ts) are kept outside it, in CHAOS_CI_TEST_CACHE, between runs.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const KEY = '__chaosCiTempRoot'

export function setup() {
  process.env.CHAOS_CI_TEST_CACHE ??= path.join(os.tmpdir(), 'chaos-ci-test-cache')
  const root = mkdtempSync(path.join(os.tmpdir(), 'chaos-ci-tests-'))
  globalThis[KEY] = { root, before: process.env.TMPDIR }
  process.env.TMPDIR = root
}

export function teardown() {
  const saved = globalThis[KEY]
  if (!saved) return
  if (saved.before === undefined) delete process.env.TMPDIR
  else process.env.TMPDIR = saved.before
  rmSync(saved.root, { recursive: true, force: true, maxRetries: 3 })
}
