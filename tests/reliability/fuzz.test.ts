/**
 * Bad input, fuzzed: every parser of user-written text gets at least 10,000 generated cases — real
 * files mutated (deletions, insertions of YAML/TOML/JSON punctuation, duplicated and swapped lines),
 * documents built from the format's own vocabulary, arbitrary text, and for the scenario file and the
 * `requests` input alias-heavy YAML (anchors repeated and nested: bombs, cycles). Each case must end in a
 * parsed value or our typed UserError: never another exception (a crash with a stack trace), never a
 * hang. FUZZ_RUNS sets the cases per parser; FUZZ_SEED replays a run.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import * as yaml from 'js-yaml'

import { readPackageJson } from '../../src/core/audit/manifests/package-json.js'
import { readPyproject } from '../../src/core/audit/manifests/pyproject.js'
import { readRequirements } from '../../src/core/audit/manifests/requirements.js'
import { UserError } from '../../src/core/errors.js'
import { prepareInject } from '../../src/core/experiment/inject.js'
import { parseInjectOptions } from '../../src/core/experiment/options.js'
import { parseRules } from '../../src/core/heal/rules-file.js'
import { openBytes } from '../../src/core/history/db.js'
import { recordFile } from '../../src/core/history/files.js'
import { parseScenarioFile } from '../../src/core/scenarios/parse.js'
import { SCENARIO_TYPES } from '../../src/core/scenarios/types.js'
import { EXPRESSION_KEYS, NUMBER_KEYS, parseExpression } from '../../src/core/slo/keys.js'
import { readSloMap } from '../../src/core/slo/layers.js'
import { MAX_ALIAS_EXPANSION } from '../../src/core/yaml/aliases.js'
import { loadLocated } from '../../src/core/yaml/located.js'
import { ROOT } from '../helpers/action-runner.js'
import { healthy, injectPayload, scenario } from '../helpers/inject-results.js'
import { tempDir } from '../helpers/processes.js'
import { figure } from './figures.js'

// The benchmark's generator of synthetic runs: a realistic heal payload.
const { synthetic } = (await import(path.join(process.cwd(), 'bench/history.mjs'))) as {
  synthetic: (n: number, day: number) => { heal: { payload: unknown } }
}

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000)
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31)
const SECTION = 'Bad input, fuzzed'

const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8')

/** Punctuation that matters to the formats, plus a little of everything else. */
const PUNCTUATION = [...':-[]{}#\'"\n \t&*!|>%@,=<~;\\/.()$^?+0123456789', '\u0000', 'é', '🙂']
const fragment = fc.oneof(
  fc.string({ unit: fc.constantFrom(...PUNCTUATION), maxLength: 8 }),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 })
)

type Edit = { kind: number; at: number; length: number; text: string }
const edits = fc.array(
  fc.record({
    kind: fc.integer({ min: 0, max: 4 }),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 40 }),
    text: fragment
  }),
  { minLength: 1, maxLength: 6 }
)

/** Applies edits to a real file: delete, insert, replace, duplicate a line, swap two lines. */
function mutate(text: string, list: Edit[]): string {
  let out = text
  for (const { kind, at, length, text: insert } of list) {
    const i = out.length ? at % out.length : 0
    if (kind === 0) out = out.slice(0, i) + out.slice(i + length)
    else if (kind === 1) out = out.slice(0, i) + insert + out.slice(i)
    else if (kind === 2) out = out.slice(0, i) + insert + out.slice(i + length)
    else {
      const lines = out.split('\n')
      const a = at % lines.length
      const b = (at + length) % lines.length
      if (kind === 3) lines.splice(a, 0, lines[a]!)
      else [lines[a], lines[b]] = [lines[b]!, lines[a]!]
      out = lines.join('\n')
    }
  }
  return out
}

/** Values built from a format's own words, nested, dumped as YAML or JSON. */
function documents(words: readonly string[]): fc.Arbitrary<unknown> {
  const key = fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 10 }))
  const leaf = fc.oneof(
    fc.constantFrom(...words),
    fc.string({ maxLength: 16 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null)
  )
  return fc.letrec(tie => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('value'), { maxLength: 5 }),
      fc.dictionary(key, tie('value'), { maxKeys: 6 })
    )
  })).value
}

const dumpYaml = (value: unknown): string => {
  try {
    return yaml.dump(value, { skipInvalid: true })
  } catch {
    return String(value)
  }
}

/** Text for a parser: a mutated real file (half the cases), a vocabulary document, or anything. */
function inputs(
  samples: readonly string[],
  words: readonly string[],
  dump: (v: unknown) => string
): fc.Arbitrary<string> {
  return fc.oneof(
    {
      arbitrary: fc.tuple(fc.constantFrom(...samples), edits).map(([t, e]) => mutate(t, e)),
      weight: 5
    },
    { arbitrary: documents(words).map(dump), weight: 3 },
    { arbitrary: fc.string({ maxLength: 200 }), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 1 }
  )
}

/** One anchor of {@link aliasHeavy}: a list, a map or a scalar, and what its items refer to. */
interface AnchorSpec {
  kind: 'seq' | 'map' | 'scalar'
  width: number
  /** Per item: 1-3 the anchor that many before, 0 itself (a cycle), -1 the next (not yet defined), null a scalar. */
  refs: Array<number | null>
  leaf: string
}

const anchorSpec: fc.Arbitrary<AnchorSpec> = fc.record({
  kind: fc.constantFrom('seq', 'map', 'seq', 'map', 'scalar'),
  width: fc.integer({ min: 1, max: 12 }),
  refs: fc.array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constant(1) },
      { weight: 2, arbitrary: fc.integer({ min: 2, max: 3 }) },
      { weight: 2, arbitrary: fc.constant(null) }
    ),
    { minLength: 1, maxLength: 12 }
  ),
  leaf: fc.constantFrom('x', '1', 'true', "'p(95)<500'", 'delay_ms', '""', 'x'.repeat(200))
})

/** The anchors as `aN: &aN value` lines: each repeats earlier ones, so deep and wide ones are bombs. */
function anchorLines(specs: AnchorSpec[]): string[] {
  return specs.map((spec, i) => {
    if (spec.kind === 'scalar') return `a${i}: &a${i} ${spec.leaf}`
    const items = Array.from({ length: spec.width }, (_, k) => {
      const ref = spec.refs[k % spec.refs.length]!
      return ref === null || i - ref < 0 ? spec.leaf : `*a${i - ref}`
    })
    const body =
      spec.kind === 'seq'
        ? `[${items.join(', ')}]`
        : `{${items.map((item, k) => `k${k}: ${item}`).join(', ')}}`
    return `a${i}: &a${i} ${body}`
  })
}

/** In one case in eight, one item refers to its own anchor (a cycle) or to the next (undefined). */
const twist = fc.oneof(
  { weight: 7, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.constantFrom(0, -1)) }
)

/**
 * Alias-heavy YAML (issue #18): anchors nested up to nine deep and twelve wide, placed by `place`
 * (given the anchor lines and an alias of one of them) into a document; a quarter mutated too.
 */
function aliasHeavy(
  place: (lines: string[], alias: string, where: number) => string
): fc.Arbitrary<string> {
  const text = fc
    .tuple(fc.array(anchorSpec, { minLength: 2, maxLength: 9 }), fc.nat(), fc.nat(), twist)
    .map(([specs, pick, where, broken]) => {
      if (broken) specs[broken[0] % specs.length]!.refs[0] = broken[1]
      const alias = `*a${Math.max(0, specs.length - 1 - (pick % 2))}`
      return place(anchorLines(specs), alias, where)
    })
  return fc.oneof(
    { arbitrary: text, weight: 3 },
    { arbitrary: fc.tuple(text, edits).map(([t, e]) => mutate(t, e)), weight: 1 }
  )
}

/** A scenario file with the anchors in a parameter and the alias in one of eight places, or none. */
function scenarioWithAliases(lines: string[], alias: string, where: number): string {
  const at = (n: number, text: string, otherwise = ''): string =>
    where % 10 === n ? text : otherwise
  return [
    'scenarios:',
    '  - parameters:', // first: an alias must come after its anchor
    '      expected_impact:',
    ...lines.map(line => `        ${line}`),
    `      delay_ms: ${at(4, alias, '10')}`,
    `    name: ${at(0, alias, 'laughs')}`,
    '    type: network_delay',
    '    intensity: light',
    `    duration: ${at(1, alias, '5')}`,
    at(2, `    description: ${alias}`),
    at(3, `    slo: ${alias}`),
    `  - {name: two, type: http_fault, intensity: light, duration: 5, parameters: ${at(5, alias, '{status: 503}')}}`,
    at(6, `scenario_groups:\n  g: {scenarios: ${alias}}`),
    at(7, `safety:\n  require_confirmation: ${alias}`),
    ''
  ]
    .filter(line => line !== '')
    .join('\n')
}

/** The requests input as a YAML list: the anchors in the first body, the alias in the second request. */
function requestsWithAliases(lines: string[], alias: string, where: number): string {
  const second = [
    `- {method: POST, path: /b, body: ${alias}}`,
    `- {method: POST, path: /b, headers: ${alias}}`,
    `- {method: ${alias}, path: /b}`,
    `- ${alias}`
  ][where % 4]!
  return [
    '- method: POST',
    '  path: /a',
    '  body:',
    ...lines.map(line => `    ${line}`),
    second,
    ''
  ].join('\n')
}

/**
 * Wraps `parse` for the alias fuzzers: counts the UserErrors of the alias limit (or a cycle), and
 * serialises what `parse` returned, as the results file and the request bodies will: its JSON must
 * stay within a small multiple of the input and the limit (a bomb let through is gigabytes of it).
 */
function aliasProbe(parse: (text: string) => unknown) {
  const probe = { limited: 0, largest: 0 }
  const check = async (text: string): Promise<unknown> => {
    let value: unknown
    try {
      value = await parse(text)
    } catch (error) {
      if (error instanceof UserError && /^(YAML aliases expand|the YAML alias)/.test(error.message))
        probe.limited++
      throw error
    }
    const size = JSON.stringify(value)?.length ?? 0
    probe.largest = Math.max(probe.largest, size)
    if (size > 10 * (text.length + MAX_ALIAS_EXPANSION))
      throw new Error(`${text.length} characters of YAML gave ${size} characters of JSON`)
    return value
  }
  return { probe, check }
}

interface Tally {
  parsed: number
  userErrors: number
  maxMs: number
}

/** Runs `parse` on RUNS generated inputs; anything but a value or a UserError fails the property. */
async function fuzz(
  name: string,
  arbitrary: fc.Arbitrary<string>,
  parse: (text: string) => unknown
): Promise<Tally> {
  const tally: Tally = { parsed: 0, userErrors: 0, maxMs: 0 }
  await fc.assert(
    fc.asyncProperty(arbitrary, async text => {
      const t0 = performance.now()
      try {
        await parse(text)
        tally.parsed++
      } catch (error) {
        if (!(error instanceof UserError)) throw error
        tally.userErrors++
      } finally {
        tally.maxMs = Math.max(tally.maxMs, performance.now() - t0)
      }
    }),
    { numRuns: RUNS, seed: SEED }
  )
  figure(
    SECTION,
    name,
    `${RUNS.toLocaleString('en')} cases: ${tally.parsed.toLocaleString('en')} parsed, ${tally.userErrors.toLocaleString('en')} UserError, 0 other; slowest ${tally.maxMs.toFixed(1)} ms`
  )
  return tally
}

const SCENARIO_WORDS = [
  'slo_targets',
  'slo_severity',
  'blocking',
  'warning',
  'scenarios',
  'scenario_groups',
  'monitoring',
  'health_check',
  'endpoint',
  'environments',
  'safety',
  'abort_conditions',
  'cooldown_seconds',
  'require_confirmation',
  'auto_rollback',
  'name',
  'type',
  'intensity',
  'light',
  'medium',
  'heavy',
  'duration',
  'parameters',
  'slo',
  'recovery',
  ...Object.keys(SCENARIO_TYPES),
  ...Object.values(SCENARIO_TYPES).flat(),
  ...Object.keys(NUMBER_KEYS),
  ...Object.keys(EXPRESSION_KEYS),
  'p(95)<500',
  'rate<0.01'
]

describe('fuzzing every parser of user-written text', () => {
  it('records the seed, so a failing run can be replayed', () => {
    figure(SECTION, 'seed (FUZZ_SEED to replay)', String(SEED))
    expect(Number.isInteger(SEED)).toBe(true)
  })

  it('the scenario file', async () => {
    const samples = [
      read('examples/chaos_scenarios.yml'),
      read('examples/demo-service/chaos_scenarios.yml'),
      read('examples/demo-service/demo_scenarios.yml')
    ]
    const tally = await fuzz(
      'scenario file (parseScenarioFile)',
      inputs(samples, SCENARIO_WORDS, dumpYaml),
      text => parseScenarioFile('chaos_scenarios.yml', text)
    )
    // the generators reach both outcomes: valid files survive some mutations, most break
    expect(tally.parsed).toBeGreaterThan(0)
    expect(tally.userErrors).toBeGreaterThan(0)
  })

  it('the scenario file, alias-heavy, as far as the dry-run plan', async () => {
    const { probe, check } = aliasProbe(async text => {
      const options = parseInjectOptions({ config: 'chaos.yml', dryRun: 'true' })
      const { plan, payload } = await prepareInject(options, { read: async () => text })
      return { plan, payload }
    })
    const tally = await fuzz(
      'scenario file, alias-heavy (prepareInject, dry run)',
      aliasHeavy(scenarioWithAliases),
      check
    )
    figure(
      SECTION,
      'scenario file, alias-heavy: refused by the alias limit; largest plan as JSON',
      `${probe.limited.toLocaleString('en')} refused; ${probe.largest.toLocaleString('en')} characters`
    )
    expect(tally.parsed).toBeGreaterThan(0)
    expect(probe.limited).toBeGreaterThan(0)
  })

  it('the requests input, alias-heavy', async () => {
    const { probe, check } = aliasProbe(
      text => parseInjectOptions({ requests: text, targetUrl: 'http://127.0.0.1:8000' }).requests
    )
    const tally = await fuzz(
      'requests input, alias-heavy (parseInjectOptions)',
      aliasHeavy(requestsWithAliases),
      check
    )
    figure(
      SECTION,
      'requests input, alias-heavy: refused by the alias limit; largest requests as JSON',
      `${probe.limited.toLocaleString('en')} refused; ${probe.largest.toLocaleString('en')} characters`
    )
    expect(tally.parsed).toBeGreaterThan(0)
    expect(probe.limited).toBeGreaterThan(0)
  })

  it('SLO threshold expressions', async () => {
    const keys = Object.keys(EXPRESSION_KEYS)
    const expression = fc.oneof(
      fc
        .tuple(
          fc.constantFrom(
            'p(95)',
            'p(99.9)',
            'p(0)',
            'p(101)',
            'avg',
            'med',
            'min',
            'max',
            'rate',
            'value',
            ''
          ),
          fc.constantFrom('<', '<=', '>', '>=', '==', '===', '!=', '=>', ''),
          fc.oneof(fc.double().map(String), fc.integer().map(String), fc.string({ maxLength: 6 }))
        )
        .chain(parts => fc.constantFrom('', ' ').map(space => parts.join(space))),
      fc.string({ maxLength: 30 }),
      fc
        .tuple(fc.constantFrom('p(95)<500', 'rate<0.01', '<20'), edits)
        .map(([t, e]) => mutate(t, e))
    )
    let problems = 0
    let checks = 0
    fc.assert(
      fc.property(fc.constantFrom(...keys), expression, (key, text) => {
        const result = parseExpression(key, text, 'fuzz')
        if ('message' in result) problems++
        else {
          checks++
          if (Number.isNaN(result.threshold)) throw new Error(`NaN threshold from '${text}'`)
        }
      }),
      { numRuns: RUNS, seed: SEED }
    )
    figure(
      SECTION,
      'SLO threshold expressions (parseExpression)',
      `${RUNS.toLocaleString('en')} cases: ${checks.toLocaleString('en')} checks, ${problems.toLocaleString('en')} located problems, 0 exceptions`
    )
    expect(checks + problems).toBe(RUNS)
  })

  it('SLO maps (the slos input, a scenario’s slo:)', async () => {
    const samples = [
      "http_req_duration: ['p(95)<500', 'p(99)<900']\nhttp_req_failed: ['rate<0.01']\n",
      'min_availability_percent: 99\nblocking:\n  max_error_rate_percent: 5\nwarning:\n  max_p95_ms: 300\n',
      "recovery:\n  max_recovery_time_seconds: 20\nmttr: ['<=30']\n"
    ]
    const tally = await fuzz(
      'SLO maps (readSloMap)',
      inputs(samples, SCENARIO_WORDS, dumpYaml),
      text =>
        readSloMap(loadLocated('input slos', text), [], 'input slos', {
          levels: true,
          recovery: true
        })
    )
    expect(tally.parsed + tally.userErrors).toBe(RUNS)
  })

  it('healing rules', async () => {
    const samples = [
      "rules:\n  - name: registry\n    category: network\n    pattern: 'E503'\n  - name: lint\n    category: test\n    exit-codes: [2, 3]\n",
      '- name: a\n  category: network\n  pattern: flaky\n  ignore-case: true\n  retryable: true\n  strategy: backoff\n'
    ]
    const words = [
      'rules',
      'name',
      'category',
      'pattern',
      'ignore-case',
      'exit-codes',
      'retryable',
      'strategy',
      'network',
      'dependency',
      'resource',
      'test',
      'backoff',
      'none',
      '(unclosed',
      '.*'
    ]
    const tally = await fuzz('healing rules (parseRules)', inputs(samples, words, dumpYaml), text =>
      parseRules('heal-rules.yml', text)
    )
    expect(tally.parsed + tally.userErrors).toBe(RUNS)
  })

  it('results files, parsed and recorded into the history', async () => {
    const run = {
      repo: 'acme/shop',
      run_id: '1',
      run_attempt: 1,
      job: 'chaos',
      step: 'x',
      sha: null,
      ref: 'refs/heads/main',
      event: 'push',
      started_at: '2026-01-01T00:00:00.000Z',
      finished_at: '2026-01-01T00:00:01.000Z'
    }
    const envelope = (stage: string, payload: unknown) =>
      `${JSON.stringify({ schema: 'chaos-ci/results/v1', stage, tool_version: '0.1.0', run, payload }, null, 2)}\n`
    const samples = [
      envelope('health', {
        healthy: false,
        cancelled: false,
        attempts: 3,
        elapsed_ms: 900,
        required_successes: 3,
        expected_status: '200-299',
        body_condition: null,
        timeout_ms: 1000,
        endpoints: [
          {
            url: 'http://127.0.0.1:1/h',
            healthy: false,
            probes: 3,
            consecutive_successes: 0,
            last_kind: 'refused',
            last_status: null,
            last_error: 'ECONNREFUSED'
          }
        ]
      }),
      envelope('heal', synthetic(7, 3).heal.payload),
      envelope(
        'inject',
        injectPayload([
          healthy('search'),
          scenario({ name: 'x', status: 'failed', reason: 'slow' })
        ])
      )
    ]
    const words = [
      'schema',
      'chaos-ci/results/v1',
      'stage',
      'health',
      'heal',
      'inject',
      'validate',
      'audit',
      'run',
      'payload',
      'scenarios',
      'attempts',
      'endpoints',
      'phases',
      'recovery'
    ]
    const db = await openBytes('fuzz.db', undefined)
    const dir = await tempDir('chaos-ci-fuzz-results-')
    const file = path.join(dir, 'inject-x.json')
    const tally = await fuzz(
      'results files, parsed and recorded (recordFile)',
      inputs(samples, words, v => JSON.stringify(v) ?? ''),
      async text => {
        writeFileSync(file, text)
        return recordFile(db, file)
      }
    )
    db.close()
    expect(tally.parsed + tally.userErrors).toBe(RUNS)
  })

  it('requirements files', async () => {
    const dir = await tempDir('chaos-ci-fuzz-req-')
    const samples = [
      read('tests/fixtures/audit/py-requirements/requirements.txt'),
      'requests>=2.31 ; python_version >= "3.8"\n-r requirements-base.txt\n-e git+https://x/y.git#egg=yy\nflask[async]==3.0 \\\n  --hash=sha256:abc\n# comment\n'
    ]
    const words = [
      'requests',
      '>=',
      '==',
      '~=',
      ';',
      '-r',
      '-e',
      '--hash',
      'git+https://',
      '#egg=',
      '[extra]'
    ]
    const tally = await fuzz(
      'requirements files (readRequirements)',
      inputs(samples, words, dumpYaml),
      async text => {
        writeFileSync(path.join(dir, 'requirements.txt'), text)
        return readRequirements(dir, 'requirements.txt')
      }
    )
    expect(tally.parsed + tally.userErrors).toBe(RUNS)
  })

  it('pyproject.toml', async () => {
    const samples = [
      '[project]\nname = "shop"\ndependencies = ["requests>=2", "flask[async]"]\n[project.optional-dependencies]\ndev = ["pytest"]\n[tool.poetry.dependencies]\npython = "^3.11"\nhttpx = "*"\n'
    ]
    const words = [
      'project',
      'dependencies',
      'optional-dependencies',
      'tool',
      'poetry',
      'group',
      'name',
      '"x"',
      '[',
      ']',
      '='
    ]
    const tally = await fuzz(
      'pyproject.toml (readPyproject)',
      inputs(samples, words, dumpYaml),
      text => readPyproject('pyproject.toml', text)
    )
    expect(tally.parsed + tally.userErrors).toBe(RUNS)
  })

  it('package.json', async () => {
    const samples = [
      `${JSON.stringify(
        {
          name: 'shop',
          dependencies: { express: '^4' },
          devDependencies: { jest: '^30' },
          peerDependencies: { react: '*' },
          workspaces: ['packages/*']
        },
        null,
        2
      )}\n`
    ]
    const words = [
      'name',
      'dependencies',
      'devDependencies',
      'peerDependencies',
      'optionalDependencies',
      'workspaces',
      'express',
      '^4'
    ]
    const tally = await fuzz(
      'package.json (readPackageJson)',
      inputs(samples, words, v => JSON.stringify(v) ?? ''),
      text => readPackageJson('package.json', text)
    )
    expect(tally.parsed + tally.userErrors).toBe(RUNS)
  })
})
