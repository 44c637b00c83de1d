/**
 * .github/workflows/release.yml, whose shell steps run here as the runner runs them: each step's
 * `run:` with bash -e, in order, its `env:` filled from the github context of a tag push, stopping
 * at the first failure. git is real, on a temp repository with a bare `origin`; `npm` and `gh` are
 * stubs on PATH that record their arguments (a contract test: nothing here may publish), except
 * `npm pkg`, which the real npm runs. The `uses:` steps (checkout, setup-node) are the runner's.
 */
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync
} from 'node:fs'
import { rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterAll, describe, expect, it } from '@jest/globals'
import * as yaml from 'js-yaml'

import { ROOT } from '../../helpers/action-runner.js'

interface Step {
  name?: string
  uses?: string
  run?: string
  env?: Record<string, string>
}

const WORKFLOW = yaml.load(
  readFileSync(path.join(ROOT, '.github/workflows/release.yml'), 'utf8')
) as {
  on: { push: { tags: string[] } }
  jobs: { release: { permissions: Record<string, string>; steps: Step[] } }
}
const REAL_NPM = spawnSync('bash', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim()

const temps: string[] = []
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true })
})

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`)
  return result.stdout.trim()
}

const STUB = `#!/usr/bin/env bash
# records "<tool> <args>" and, for the calls the workflow reads, answers as the real tool would
printf '%s\\n' "$(basename "$0") $*" >> "$CALLS"
case "$(basename "$0") $1 $2" in
  "npm pkg "*) exec "$REAL_NPM" "$@" ;;
  "npm run bundle") [ -n "$STALE_DIST" ] && echo "// rebuilt" >> dist/lib/index.js; exit 0 ;;
  "npm view "*) [ -n "$ON_NPM" ] && echo "$ON_NPM"; [ -n "$ON_NPM" ] ;;
  "gh release view") [ -n "$RELEASE_EXISTS" ] ;;
  "gh release create") for a in "$@"; do [ -n "$next" ] && cp "$a" "$NOTES_COPY"; next=; [ "$a" = --notes-file ] && next=1; done; exit 0 ;;
  *) exit 0 ;;
esac
`

interface Release {
  ok: boolean
  failedStep?: string
  log: string
  calls: string[]
  notes: string
  repo: string
  origin: string
}

/** A repository at `version`, committed and tagged, pushed to its own bare origin. */
function repositorySync(version: string, changelog = CHANGELOG): { repo: string; origin: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chaos-ci-release-'))
  temps.push(dir)
  const origin = path.join(dir, 'origin.git')
  const repo = path.join(dir, 'repo')
  git(dir, 'init', '--quiet', '--bare', origin)
  git(dir, 'init', '--quiet', '-b', 'main', repo)
  git(repo, 'config', 'user.email', 'release@example.invalid')
  git(repo, 'config', 'user.name', 'release test')
  mkdirSync(path.join(repo, 'scripts'))
  copyFileSync(path.join(ROOT, 'scripts/check-dist.sh'), path.join(repo, 'scripts/check-dist.sh'))
  mkdirSync(path.join(repo, 'dist/lib'), { recursive: true })
  for (const file of ['lib/index.js', 'lib/sql-wasm.cjs', 'lib/sql-wasm.wasm', 'package.json'])
    writeFileSync(path.join(repo, 'dist', file), `// ${file}\n`)
  writeFileSync(
    path.join(repo, 'package.json'),
    JSON.stringify({ name: 'chaos-ci', version }, null, 2)
  )
  writeFileSync(path.join(repo, 'CHANGELOG.md'), changelog)
  git(repo, 'add', '.')
  git(repo, 'commit', '--quiet', '-m', `release ${version}`)
  git(repo, 'remote', 'add', 'origin', origin)
  git(repo, 'push', '--quiet', 'origin', 'main')
  return { repo, origin }
}

/** Tags the repository's HEAD `tag` (after committing `version`, if given) and pushes the tag. */
function tagAndPush(repo: string, tag: string, version?: string): void {
  git(repo, 'checkout', '--quiet', '--', '.') // each release runs on a fresh checkout
  if (version) {
    writeFileSync(
      path.join(repo, 'package.json'),
      JSON.stringify({ name: 'chaos-ci', version }, null, 2)
    )
    git(repo, 'commit', '--quiet', '-am', `release ${version}`)
  }
  git(repo, 'tag', tag)
  git(repo, 'push', '--quiet', 'origin', 'main', `refs/tags/${tag}`)
}

/** Runs the workflow's shell steps for a push of `tag`, as the runner would after checkout. */
function release(
  at: { repo: string; origin: string },
  tag: string,
  stubs: Record<string, string> = {}
): Release {
  const work = path.dirname(at.repo)
  const bin = path.join(work, 'bin')
  mkdirSync(bin, { recursive: true })
  for (const tool of ['npm', 'gh']) {
    writeFileSync(path.join(bin, tool), STUB)
    chmodSync(path.join(bin, tool), 0o755)
  }
  const calls = path.join(work, `calls-${tag}`)
  const notes = path.join(work, `notes-${tag}`)
  writeFileSync(calls, '')
  writeFileSync(notes, '')
  const context: Record<string, string> = {
    'github.ref_name': tag,
    'github.token': 'ghs_test',
    'github.repository': 'acme/chaos-ci',
    'secrets.NPM_TOKEN': 'npm_test'
  }
  let log = ''
  for (const step of WORKFLOW.jobs.release.steps) {
    if (!step.run) continue
    const env: Record<string, string> = {
      PATH: `${bin}:${process.env.PATH}`,
      HOME: process.env.HOME ?? work,
      RUNNER_TEMP: work,
      GITHUB_WORKSPACE: at.repo,
      CALLS: calls,
      NOTES_COPY: notes,
      REAL_NPM,
      ...stubs
    }
    for (const [name, raw] of Object.entries(step.env ?? {}))
      env[name] = raw.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, e: string) => {
        if (!(e in context)) throw new Error(`unsupported expression ${e}`)
        return context[e]!
      })
    const result = spawnSync('bash', ['-e', '-c', step.run], {
      cwd: at.repo,
      env,
      encoding: 'utf8'
    })
    log += result.stdout + result.stderr
    if (result.status !== 0)
      return {
        ok: false,
        failedStep: step.name ?? step.run,
        log,
        calls: lines(calls),
        notes: '',
        ...at
      }
  }
  return { ok: true, log, calls: lines(calls), notes: readFileSync(notes, 'utf8'), ...at }
}

const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean)

const CHANGELOG = `# Changelog

## [Unreleased]

## [1.2.0] - 2026-12-01

### Added

- the placeholders check

## [1.1.0] - 2026-11-01

- older
`

describe('the release workflow', () => {
  it('runs on vX.Y.Z tags only, with write access to contents and an OIDC token for provenance', () => {
    expect(WORKFLOW.on.push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+'])
    expect(WORKFLOW.jobs.release.permissions).toEqual({ contents: 'write', 'id-token': 'write' })
  })

  it('publishes the release with its CHANGELOG section, moves v1, and publishes to npm with provenance', () => {
    const at = repositorySync('1.2.0')
    tagAndPush(at.repo, 'v1.2.0')
    const run = release(at, 'v1.2.0')
    expect({ ok: run.ok, log: run.ok ? '' : run.log }).toEqual({ ok: true, log: '' })
    expect(run.calls).toEqual([
      'npm ci --no-audit --no-fund',
      'npm run bundle',
      'gh release view v1.2.0',
      expect.stringMatching(
        /^gh release create v1\.2\.0 --verify-tag --title v1\.2\.0 --notes-file /
      ),
      'npm view chaos-ci@1.2.0 version',
      'npm pkg set repository.type=git repository.url=git+https://github.com/acme/chaos-ci.git',
      'npm publish --provenance --access public'
    ])
    expect(run.notes.trim()).toBe('### Added\n\n- the placeholders check')
    // the major tag, on the origin, points at the release's commit
    expect(git(at.origin, 'rev-parse', 'v1^{commit}')).toBe(
      git(at.repo, 'rev-parse', 'v1.2.0^{commit}')
    )
    const pkg = JSON.parse(readFileSync(path.join(at.repo, 'package.json'), 'utf8')) as {
      repository: { url: string }
    }
    expect(pkg.repository.url).toBe('git+https://github.com/acme/chaos-ci.git')
  })

  it('moves v1 forward to a newer release, and never back for a patch to an older line', () => {
    const at = repositorySync(
      '1.2.0',
      CHANGELOG + '\n## [1.3.0] - 2026-12-02\n\n- newer\n## [1.2.1]\n\n- patch\n'
    )
    tagAndPush(at.repo, 'v1.2.0')
    expect(release(at, 'v1.2.0').ok).toBe(true)
    tagAndPush(at.repo, 'v1.3.0', '1.3.0')
    expect(release(at, 'v1.3.0').ok).toBe(true)
    const v130 = git(at.repo, 'rev-parse', 'v1.3.0^{commit}')
    expect(git(at.origin, 'rev-parse', 'v1^{commit}')).toBe(v130)
    git(at.repo, 'checkout', '--quiet', '--force', '-b', 'release-1.2', 'v1.2.0')
    tagAndPush(at.repo, 'v1.2.1', '1.2.1')
    const patch = release(at, 'v1.2.1')
    expect(patch.ok).toBe(true)
    expect(patch.log).toMatch(/v1 stays at v1\.3\.0, newer than v1\.2\.1/)
    expect(git(at.origin, 'rev-parse', 'v1^{commit}')).toBe(v130)
    expect(patch.calls).toContain('npm publish --provenance --access public')
  })

  it('stops before publishing anything when the tag and package.json disagree, or the CHANGELOG has no section', () => {
    const at = repositorySync('1.2.0')
    tagAndPush(at.repo, 'v1.2.1')
    const wrongTag = release(at, 'v1.2.1')
    expect(wrongTag.failedStep).toBe('The tag, package.json and CHANGELOG.md agree')
    expect(wrongTag.log).toMatch(/tag v1\.2\.1 but package\.json says 1\.2\.0/)
    expect(wrongTag.calls).toEqual(['npm ci --no-audit --no-fund'])

    const noSection = repositorySync('1.4.0')
    tagAndPush(noSection.repo, 'v1.4.0')
    const run = release(noSection, 'v1.4.0')
    expect(run.failedStep).toBe('The tag, package.json and CHANGELOG.md agree')
    expect(run.log).toMatch(/CHANGELOG\.md has no '## \[1\.4\.0\]' section/)
    expect(run.calls).toEqual(['npm ci --no-audit --no-fund'])
    expect(() => git(noSection.origin, 'rev-parse', 'v1')).toThrow()
  })

  it('stops at check-dist when a fresh bundle differs from the committed dist/', () => {
    const at = repositorySync('1.2.0')
    tagAndPush(at.repo, 'v1.2.0')
    const run = release(at, 'v1.2.0', { STALE_DIST: '1' })
    expect(run.failedStep).toBe('check-dist')
    expect(run.log).toMatch(/check-dist: dist\/ differs from a fresh 'npm run bundle'/)
    expect(run.calls).toEqual(['npm ci --no-audit --no-fund', 'npm run bundle'])
    expect(() => git(at.origin, 'rev-parse', 'v1')).toThrow()
  })

  it('can be re-run: an existing release and a version already on npm are left alone', () => {
    const at = repositorySync('1.2.0')
    tagAndPush(at.repo, 'v1.2.0')
    const run = release(at, 'v1.2.0', { RELEASE_EXISTS: '1', ON_NPM: '1.2.0' })
    expect(run.ok).toBe(true)
    expect(run.log).toMatch(/release v1\.2\.0 exists already/)
    expect(run.log).toMatch(/chaos-ci@1\.2\.0 is on npm already/)
    expect(run.calls.filter(call => /release create|publish/.test(call))).toEqual([])
  })
})
