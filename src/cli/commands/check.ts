/**
 * `chaos-ci check`: the pre-push checks. Exit 0 when every check passed or was skipped, 1 when one
 * failed, 2 on bad input. A Markdown report is written (reports/chaos-check.md by default).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

import type { Command } from 'commander'

import { CONVENTIONS } from '../../core/check/conventions.js'
import { checkMarkdown, checkText } from '../../core/check/describe.js'
import { installHook } from '../../core/check/hook.js'
import { CHECK_NAMES, CHECKS } from '../../core/check/registry.js'
import { runChecks, selectChecks } from '../../core/check/run.js'
import { UserError } from '../../core/errors.js'
import { parseNumber } from '../../core/settings/parse.js'
import { flag } from '../flags.js'
import { type CliIO, EXIT, outText, parseFormat } from '../output.js'

interface CheckFlags {
  fix?: boolean
  skip?: string[]
  only?: string[]
  format: string
  config?: string
  targetUrl?: string
  requireService?: boolean
  healthTimeoutSeconds?: string
  report: string | false
  installHook?: boolean
  force?: boolean
  cwd?: string
}

/** Names from repeated or comma-separated options. */
function names(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap(value => value.split(','))
    .map(n => n.trim())
    .filter(Boolean)
}

function target(raw: string | undefined): URL | undefined {
  if (!raw) return undefined
  try {
    const url = new URL(raw)
    if (url.protocol === 'http:' || url.protocol === 'https:') return url
  } catch {
    // below
  }
  throw new UserError(
    `'${raw}' is not an http(s) URL.`,
    'Give --target-url as http://host:port/path.',
    {
      input: 'target-url'
    }
  )
}

export async function checkCommand(flags: CheckFlags, io: CliIO): Promise<number> {
  const format = parseFormat(flags.format)
  const cwd = path.resolve(flags.cwd ?? '.')
  if (flags.installHook) {
    const outcome = await installHook(cwd, !!flags.force)
    io.err(
      `pre-push hook ${outcome.action}: ${outcome.file}${outcome.backup ? ` (the old one is ${outcome.backup})` : ''}`
    )
    return EXIT.ok
  }
  const selected = selectChecks(names(flags.only), names(flags.skip))
  const targetUrl = target(flags.targetUrl)
  const report = await runChecks(selected, {
    settings: {
      cwd,
      fix: !!flags.fix,
      config: flags.config ?? CONVENTIONS.scenarios,
      configGiven: flags.config !== undefined,
      ...(targetUrl ? { targetUrl } : {}),
      requireService: !!flags.requireService,
      healthTimeoutSeconds: parseNumber('health-timeout-seconds', flags.healthTimeoutSeconds, 2, {
        min: 0.1,
        max: 60
      })
    },
    env: process.env,
    log: line => io.err(line)
  })
  if (flags.report !== false) {
    const file = path.resolve(cwd, flags.report)
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, checkMarkdown(report))
  }
  if (format === 'json') io.out(JSON.stringify(report, null, 2))
  else if (format === 'markdown') io.out(checkMarkdown(report))
  else outText(io, checkText(report))
  return report.passed ? EXIT.ok : EXIT.failed
}

export function registerCheck(
  program: Command,
  io: CliIO,
  done: (code: Promise<number>) => void
): void {
  const command = program
    .command('check')
    .description(`the pre-push checks: ${CHECKS.map(c => `${c.name} (${c.about})`).join('; ')}`)
    .option('--skip <names...>', `skip these checks: ${CHECK_NAMES.join(', ')}`)
    .option('--only <names...>', 'run only these checks')
    .option('--config <file>', `the scenario file (default ${CONVENTIONS.scenarios})`)
    .option(
      '--target-url <url>',
      'the service to health-check, at the file’s monitoring endpoint (default: that endpoint, when a full URL)'
    )
    .option('--health-timeout-seconds <s>', 'the health probe’s deadline (default 2)')
    .option('--report <file>', 'write the Markdown report here', CONVENTIONS.report)
    .option('--no-report', 'write no report file')
    .option('--cwd <dir>', 'the repository root (default: .)')
    .option('--format <format>', 'stdout: text, markdown or json', 'text')
  flag(command, 'fix', 'apply the safe fixes (declare missing dependencies, set executable bits)')
  flag(command, 'require-service', 'an unreachable service fails the health check')
  flag(command, 'install-hook', 'install a git pre-push hook that runs chaos-ci check')
  flag(
    command,
    'force',
    'with --install-hook: replace a hook that is not chaos-ci’s (kept as a backup)'
  )
  command.action((flags: CheckFlags) => done(checkCommand(flags, io)))
}
