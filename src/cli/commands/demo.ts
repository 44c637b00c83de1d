/**
 * `chaos-ci demo`: the whole pipeline against the bundled demo service, locally and with no GitHub —
 * start it under a supervisor that restarts it when it dies, wait until live and ready (health),
 * audit examples/ (audit), a smoke request with healing (heal), the demo scenarios under traffic
 * (inject: latency, HTTP errors, a crash, CPU saturation; about a minute), judge them against the
 * SLOs and the earlier demo runs (validate), record every results file (record: reports/
 * chaos_history.db) and write the weekly report (report: reports/chaos-report.md) — then stop it
 * and show a one-screen verdict (or, with --format json, each stage's status from its results file).
 * `--quick` (or CHAOS_CI_DEMO_QUICK=1) runs every scenario for 2 s. The service listens on 18080, or
 * on a free port, said so, when that is taken (`--port` picks one).
 * Like `inject`, it first runs what a killed run left in the state file, and saves its own undos
 * there (the service's stop among them).
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

import type { Command } from 'commander'
import * as yaml from 'js-yaml'

import { UserError } from '../../core/errors.js'
import { type BackgroundProcess, startBackground } from '../../core/exec/background.js'
import { identify } from '../../core/exec/process-tree.js'
import type { InjectPayload } from '../../core/experiment/payload.js'
import type { Rollback } from '../../core/experiment/rollback.js'
import { openHistory, queryRows } from '../../core/history/db.js'
import { findPackageFile } from '../../core/package-files.js'
import { writeReportFile } from '../../core/report/from-file.js'
import { readResultsIn } from '../../core/results/files.js'
import type { ResultsFile } from '../../core/results/schema.js'
import { parseNumber } from '../../core/settings/parse.js'
import type { ValidatePayload } from '../../core/validate/payload.js'
import { loadLocated } from '../../core/yaml/located.js'
import { supervise } from '../demo/supervisor.js'
import { type DemoOutcome, demoVerdict } from '../demo/verdict.js'
import { flag } from '../flags.js'
import { type CliIO, EXIT, type OutputFormat, outText, parseFormat } from '../output.js'
import {
  DEFAULT_STATE_FILE,
  openRunState,
  STATE_FILE_ENV,
  stateFilePath
} from '../rollback-state.js'
import { auditCommand } from './audit.js'
import { healCommand } from './heal.js'
import { healthCommand } from './health.js'
import { recordCommand } from './history.js'
import { injectCommand } from './inject.js'
import { validateCommand } from './validate.js'

const SERVICE = path.join('examples', 'demo-service', 'server.mjs')
/** The port the demo scenarios' crash finds the service on (examples/demo-service/demo_scenarios.yml). */
export const DEMO_PORT = 18080

export interface DemoFlags {
  quick?: boolean
  /** Absent: DEMO_PORT, or a free port when that one is taken. */
  port?: string
  db: string
  report: string
  stateFile?: string
  format?: string
}

/** Finds the demo service by walking up from this module (src/ in tests, dist/lib/ when bundled). */
export function findDemoService(from?: string): string {
  const found = findPackageFile(SERVICE, from)
  if (found) return found
  throw new UserError(
    `cannot find ${SERVICE}.`,
    'Run the demo from a clone of the chaos-ci repository.'
  )
}

/**
 * How long each fault lasts with --quick: 2 s, so that the crash's restart (about 0.3 s, more on a
 * busy machine) stays well inside the crash scenario's 40% error-rate limit; at 1 s it sat at 33–41%.
 */
const QUICK_SECONDS = 2

/**
 * The scenario file; a copy beside the results when it must change: with quick every fault
 * QUICK_SECONDS long, on another port than DEMO_PORT the crash pointed at the service's port.
 */
async function scenarioFile(
  dir: string,
  work: string,
  quick: boolean,
  port: number
): Promise<string> {
  const file = path.join(dir, 'demo_scenarios.yml')
  if (!quick && port === DEMO_PORT) return file
  const doc = loadLocated(file, await readFile(file, 'utf8')).value as {
    scenarios: Array<{ duration: number; parameters?: { port?: number } }>
  }
  for (const scenario of doc.scenarios) {
    if (quick) scenario.duration = QUICK_SECONDS
    if (scenario.parameters?.port === DEMO_PORT) scenario.parameters.port = port
  }
  const copy = path.join(work, `demo_scenarios${quick ? '.quick' : ''}.yml`)
  const changes = [
    ...(quick ? [`every fault ${QUICK_SECONDS} s long (--quick)`] : []),
    ...(port !== DEMO_PORT ? [`the service on port ${port}`] : [])
  ]
  await writeFile(copy, `# ${file}, ${changes.join(', ')}\n${yaml.dump(doc)}`)
  return copy
}

/** Whether a server can listen on 127.0.0.1:`port` now; 0 asks for a free port, returned. */
function tryListen(port: number): Promise<number | null> {
  return new Promise(resolve => {
    const server = net.createServer()
    server.once('error', () => resolve(null))
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as net.AddressInfo
      server.close(() => resolve(bound))
    })
  })
}

/**
 * The service's port: --port as given (refused when taken), else DEMO_PORT, else — said so — a
 * free one, so that a second demo or another program on 18080 does not stop the demo.
 */
export async function demoPort(
  raw: string | undefined,
  log: (line: string) => void
): Promise<number> {
  if (raw !== undefined) {
    const wanted = parseNumber('port', raw, DEMO_PORT, { min: 0, max: 65_535, integer: true })
    const port = await tryListen(wanted)
    if (port === null)
      throw new UserError(
        `port ${wanted} is taken: something already listens on 127.0.0.1:${wanted}.`,
        'Stop it, choose another --port, or leave --port out to let the demo pick a free one.',
        { input: 'port' }
      )
    return port
  }
  if ((await tryListen(DEMO_PORT)) === DEMO_PORT) return DEMO_PORT
  const free = await tryListen(0)
  if (free === null) throw new Error('no free port on 127.0.0.1 for the demo service')
  log(
    `port ${DEMO_PORT} is taken (an earlier demo still running?): the demo service uses the free port ${free} instead`
  )
  return free
}

async function demoRuns(db: string): Promise<number> {
  const database = await openHistory(db)
  try {
    const [row] = queryRows<{ n: number }>(
      database,
      "SELECT COUNT(*) AS n FROM chaos_runs WHERE run_id LIKE 'local-demo-%'"
    )
    return Number(row?.n ?? 0)
  } finally {
    database.close()
  }
}

/**
 * Starts one incarnation of the service. Its stop is registered as soon as its PID is known (and
 * saved, so the next run ends it if the demo is killed), and dropped when it exits.
 */
function startService(script: string, port: number, rollback: Rollback): BackgroundProcess {
  const child = startBackground(process.execPath, [script], {
    env: { ...process.env, PORT: String(port), READY_AFTER_MS: '1500' }
  })
  const undo = rollback.register(`stop the demo service ${child.pid}`, () => child.stop(), {
    kind: 'kill',
    name: `demo service ${child.pid}`,
    pid: child.pid,
    ...identify(child.pid)
  })
  void child.exited.then(() => undo())
  return child
}

/**
 * Runs what a killed demo or inject left (its service, a paused process…) before anything else,
 * then the demo, with every undo saved to the state file until it has run.
 */
export async function demoCommand(flags: DemoFlags, io: CliIO): Promise<number> {
  const format = parseFormat(flags.format ?? 'text', ['text', 'json'])
  const run = await openRunState(stateFilePath(flags.stateFile), 'demo', line => io.err(line))
  try {
    return await runDemo(flags, format, io, run.rollback)
  } finally {
    await run.rollback.runAll()
    run.release()
  }
}

/** With --format json, stdout carries only the JSON: the stages' own text output goes to stderr. */
function onStderr(io: CliIO): CliIO {
  const err = (text: string): void => io.err(text)
  return { out: err, err, colour: { out: io.colour.err, err: io.colour.err } }
}

async function runDemo(
  flags: DemoFlags,
  format: OutputFormat,
  stdout: CliIO,
  rollback: Rollback
): Promise<number> {
  const io = format === 'json' ? onStderr(stdout) : stdout
  const started = Date.now()
  const quick = flags.quick || process.env.CHAOS_CI_DEMO_QUICK === '1'
  const script = findDemoService()
  const dir = path.dirname(script)
  const port = await demoPort(flags.port, line => io.err(line))
  const base = `http://127.0.0.1:${port}`
  const work = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-demo-'))
  const results = path.join(work, 'chaos-results')
  const db = path.resolve(flags.db)
  const report = path.resolve(flags.report)
  const config = await scenarioFile(dir, work, quick, port)
  // one local run id for every stage, so the history shows one run
  process.env.CHAOS_CI_RUN_ID ??= `local-demo-${Date.now()}`
  io.err(`starting ${SERVICE} on ${base} under the demo's supervisor`)
  const service = await supervise(
    () => startService(script, port, rollback),
    /listening on http:\/\/127\.0\.0\.1:\d+/,
    line => io.err(line)
  )
  const stages: Array<{ name: string; ok: boolean | null; run: () => Promise<number> }> = [
    {
      name: 'health',
      ok: null,
      run: () =>
        healthCommand(
          {
            url: [`${base}/api/health`, `${base}/api/health/ready`],
            body: '[{"healthy": true}, {"ready": true}, {"status": "healthy"}]',
            requiredSuccesses: '3',
            intervalSeconds: '0.2',
            maxIntervalSeconds: '2',
            timeoutSeconds: '30',
            format: 'text',
            resultsDir: results
          },
          io
        )
    },
    {
      name: 'audit',
      ok: null,
      run: () =>
        auditCommand(
          [],
          { workingDirectory: path.dirname(dir), format: 'text', resultsDir: results },
          io
        )
    },
    {
      name: 'heal',
      ok: null,
      run: () =>
        healCommand(
          [
            process.execPath,
            '-e',
            `fetch('${base}/api/items').then(r => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json() }).then(items => console.log(items.length + ' items'))`
          ],
          { maxAttempts: '3', retryDelay: '0.2', format: 'text', resultsDir: results },
          io,
          // with --format json the smoke request's own output joins the progress on stderr
          format === 'json' ? text => void process.stderr.write(text) : undefined
        )
    },
    {
      name: 'inject',
      ok: null,
      run: () =>
        injectCommand(
          {
            config,
            targetUrl: base,
            requests: 'GET /api/items\nGET /api/health',
            rate: '100',
            baselineSeconds: quick ? '1' : '3',
            sliceMs: '200',
            format: 'text',
            resultsDir: results
          },
          io,
          rollback
        )
    },
    {
      name: 'validate',
      ok: null,
      run: () =>
        validateCommand({ results, config, historyDb: db, format: 'text', resultsDir: results }, io)
    },
    {
      name: 'record',
      ok: null,
      run: async () => {
        await mkdir(path.dirname(db), { recursive: true })
        return recordCommand([results], { db }, io)
      }
    },
    {
      name: 'report',
      ok: null,
      run: async () => {
        const { data } = await writeReportFile(db, report, { end: new Date(), lookbackDays: 7 })
        io.err(`report: ${report} (${data.recommendations.length} recommendation(s))`)
        return EXIT.ok
      }
    }
  ]
  try {
    for (const stage of stages) {
      io.err(`\n▶ ${stage.name}`)
      stage.ok = (await stage.run()) === EXIT.ok
      // the later stages need the earlier ones' results: stop at a failed health or inject
      if (!stage.ok && (stage.name === 'health' || stage.name === 'inject')) break
    }
  } catch (error) {
    io.err(service.current().output())
    throw error
  } finally {
    await service.stop()
    io.err('demo service stopped')
  }
  const files = await readResultsIn(results, 'The demo writes them itself.')
  const outcome = demoOutcome(files, {
    stages: stages.map(({ name, ok }) => ({ name, ok })),
    results,
    db: path.relative(process.cwd(), db) || db,
    runs: await demoRuns(db),
    report: path.relative(process.cwd(), report) || report,
    restarts: service.restarts(),
    seconds: (Date.now() - started) / 1000
  })
  if (format === 'json') stdout.out(JSON.stringify(demoJson(outcome, files, port), null, 2))
  else outText(stdout, demoVerdict(outcome))
  return stages.every(stage => stage.ok !== false) ? EXIT.ok : EXIT.failed
}

type StageFiles = Array<{ file: string; results: ResultsFile }>

/** The verdict screen's data: the payloads and validate's status, as the stages wrote them. */
function demoOutcome(
  files: StageFiles,
  base: Omit<DemoOutcome, 'inject' | 'validate' | 'validateStatus'>
): DemoOutcome {
  const find = (stage: string): ResultsFile | undefined =>
    files.find(f => f.results.stage === stage)?.results
  const inject = find('inject')?.payload as InjectPayload | undefined
  const validate = find('validate')
  return {
    ...base,
    ...(inject ? { inject } : {}),
    ...(validate
      ? { validate: validate.payload as ValidatePayload, validateStatus: validate.status }
      : {})
  }
}

/**
 * --format json: every stage with the status its results file carries (record and report write
 * none: null), the file, and where the history and the report are.
 */
function demoJson(outcome: DemoOutcome, files: StageFiles, port: number): unknown {
  return {
    passed: outcome.stages.every(stage => stage.ok !== false),
    port,
    stages: outcome.stages.map(({ name, ok }) => {
      const file = files.find(f => f.results.stage === name)
      return {
        name,
        ran: ok !== null,
        ok,
        status: file?.results.status ?? null,
        status_reason: file?.results.status_reason ?? null,
        file: file?.file ?? null
      }
    }),
    results: outcome.results,
    db: outcome.db,
    runs: outcome.runs,
    report: outcome.report,
    restarts: outcome.restarts,
    seconds: outcome.seconds
  }
}

export function registerDemo(
  program: Command,
  io: CliIO,
  done: (code: Promise<number>) => void
): void {
  const command = program
    .command('demo')
    .description(
      'run the whole pipeline against the bundled demo service (examples/demo-service), about a minute'
    )
    .option(
      '--port <n>',
      `the demo service's port (default ${DEMO_PORT}, or a free one, said so, when that is taken; 0: a free one)`
    )
    .option('--db <file>', 'the history database', 'reports/chaos_history.db')
    .option('--report <file>', 'the weekly report', 'reports/chaos-report.md')
    .option(
      '--state-file <file>',
      `where undos are saved for chaos-ci rollback (default $${STATE_FILE_ENV}, else ${DEFAULT_STATE_FILE})`
    )
    .option('--format <format>', 'stdout: text (the verdict screen) or json', 'text')
  flag(command, 'quick', `every scenario ${QUICK_SECONDS} s long (also CHAOS_CI_DEMO_QUICK=1)`)
  command.action((flags: DemoFlags) => done(demoCommand(flags, io)))
}
