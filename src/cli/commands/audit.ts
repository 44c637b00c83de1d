/** `chaos-ci audit [paths…]`: the sentinel from a terminal. Exit 0 clean, 1 failing findings, 2 bad input. */
import path from 'node:path'

import type { Command } from 'commander'

import { loadAuditConfig } from '../../core/audit/config.js'
import { AUDIT_INPUTS, parseAuditOptions } from '../../core/audit/options.js'
import { auditMarkdown, auditPayload, auditStatus, auditText } from '../../core/audit/report.js'
import { runSentinel } from '../../core/audit/sentinel.js'
import { stepPasses } from '../../core/results/status.js'
import { flag, flagValue } from '../flags.js'
import { type CliIO, EXIT, outText, parseFormat } from '../output.js'
import { emitStage } from '../stage.js'

interface AuditFlags {
  config?: string
  fix?: boolean
  install?: boolean
  dryRun?: boolean
  failOn?: string
  workingDirectory?: string
  format: string
  resultsDir?: string
}

export async function auditCommand(paths: string[], flags: AuditFlags, io: CliIO): Promise<number> {
  const startedAt = new Date()
  const format = parseFormat(flags.format)
  const options = parseAuditOptions({
    ...flags,
    paths: paths.join('\n'),
    fix: flagValue(flags.fix),
    install: flagValue(flags.install),
    dryRun: flagValue(flags.dryRun)
  })
  const config = await loadAuditConfig(
    options.config && path.resolve(options.workingDirectory, options.config)
  )
  if (options.paths.length > 0) config.paths = options.paths
  const cwd = path.resolve(options.workingDirectory)
  const outcome = await runSentinel(cwd, config, {
    ...options,
    onOutput: text => io.err(text.trimEnd())
  })
  if (outcome.diff)
    io.err(`${options.dryRun ? 'dry run: fix would write' : 'fix wrote'}:\n${outcome.diff}`)
  for (const change of outcome.changes)
    io.err(
      `${change.action}: ${change.name} (${change.import}; ${change.confidence}, ${change.source}) ${change.file} — ${change.reason}`
    )
  const results = await emitStage(io, format, {
    stage: 'audit',
    status: auditStatus(outcome.result.findings, options.failOn),
    payload: auditPayload(outcome.result, outcome.changes, Date.now() - startedAt.getTime()),
    startedAt,
    ...(flags.resultsDir ? { dir: flags.resultsDir } : {})
  })
  if (format === 'markdown')
    io.out(auditMarkdown(outcome.result, outcome.changes, options.dryRun ? outcome.diff : ''))
  else if (format === 'text') outText(io, auditText(outcome.result))
  return stepPasses(results.status) ? EXIT.ok : EXIT.failed
}

export function registerAudit(
  program: Command,
  io: CliIO,
  done: (code: Promise<number>) => void
): void {
  const command = program
    .command('audit')
    .description(
      'find missing, unused and misplaced dependencies (Python and JS/TS); --fix declares them safely'
    )
    .argument('[paths...]', 'folders to scan (default: the config, or the whole project)')
    .option(`--${AUDIT_INPUTS.config} <file>`, 'audit config file (YAML)')
    .option(
      `--${AUDIT_INPUTS.failOn} <rules>`,
      'findings that make the exit code 1 (default: missing)'
    )
    .option(`--${AUDIT_INPUTS.workingDirectory} <dir>`, 'project root (default: .)')
    .option('--format <format>', 'text, json (the results file) or markdown', 'text')
    .option('--results-dir <dir>', 'also write a chaos-ci results file there')
  flag(command, AUDIT_INPUTS.fix, 'declare missing dependencies (high/medium confidence only)')
  flag(command, AUDIT_INPUTS.install, 'install what --fix added (pip; npm --ignore-scripts)')
  flag(command, AUDIT_INPUTS.dryRun, 'show the diff --fix would write; write nothing')
  command.action((paths: string[], flags: AuditFlags) => done(auditCommand(paths, flags, io)))
}
