/**
 * `scripts`: the scripts the scenario file and the workflows name must at least parse — Python
 * compiled in memory (as py_compile does, without writing __pycache__), JavaScript with `node --check`,
 * TypeScript with the project's own compiler (syntax only), shell with `bash -n` — and a script run directly needs a shebang and the executable bit (--fix sets
 * the bit).
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'

import { type Check, type CheckFinding, failedWith, skipped } from '../check.js'
import { CONVENTIONS } from '../conventions.js'
import { filesIn, hasShebang, isExecutable, makeExecutable } from '../files.js'

const REFERENCE =
  /(?:^|[\s'"=:(])((?:python3?|node|bash|sh|tsx|ts-node|bun|deno\s+run)\s+(?:-[\w=-]+\s+)*)?((?:\.\/)?[\w@+-][\w./@+-]*\.(?:py|js|mjs|cjs|sh|ts|mts))(?=$|[\s'";)])/gm

interface Reference {
  file: string
  /** Named after an interpreter (python3 x.py), not run directly. */
  viaInterpreter: boolean
  from: string
}

/** Script paths named in `text` that exist inside `cwd`. */
function references(cwd: string, text: string, from: string): Reference[] {
  const out: Reference[] = []
  for (const match of text.matchAll(REFERENCE)) {
    const file = path.normalize(match[2]!)
    if (file.startsWith('..') || path.isAbsolute(file)) continue
    if (existsSync(path.join(cwd, file)))
      out.push({ file, viaInterpreter: match[1] !== undefined, from })
  }
  return out
}

function run(argv: string[], cwd: string): { ok: boolean; output: string } {
  const result = spawnSync(argv[0]!, argv.slice(1), { cwd, encoding: 'utf8', timeout: 20_000 })
  return {
    ok: result.status === 0,
    output: `${result.stderr ?? ''}${result.stdout ?? ''}`.trim() || String(result.error ?? '')
  }
}

function available(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0
}

const PY_COMPILE = 'import sys; compile(open(sys.argv[1], "rb").read(), sys.argv[1], "exec")'

interface TypeScriptApi {
  transpileModule(
    source: string,
    options: { fileName: string; reportDiagnostics: boolean }
  ): {
    diagnostics?: Array<{
      start?: number
      messageText: string | { messageText: string }
    }>
  }
}

/** The project's own TypeScript compiler, when it has one (chaos-ci ships none). */
function projectTypeScript(cwd: string): TypeScriptApi | undefined {
  try {
    return createRequire(path.join(cwd, 'package.json'))('typescript') as TypeScriptApi
  } catch {
    return undefined
  }
}

/** Syntax errors of a TypeScript file, by the project's compiler (no type checking). */
async function typeScriptErrors(
  ts: TypeScriptApi,
  full: string,
  file: string
): Promise<Array<{ line: number; message: string }>> {
  const source = await readFile(full, 'utf8')
  const { diagnostics = [] } = ts.transpileModule(source, {
    fileName: file,
    reportDiagnostics: true
  })
  return diagnostics.map(d => ({
    line: source.slice(0, d.start ?? 0).split('\n').length,
    message: typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText
  }))
}

export const scripts: Check = {
  name: 'scripts',
  about: 'scripts the config and workflows name parse, and can run as they are called',
  async run({ settings }) {
    const sources = [
      settings.config,
      ...(await filesIn(settings.cwd, CONVENTIONS.workflows)).filter(f => /\.ya?ml$/.test(f))
    ].filter(file => existsSync(path.resolve(settings.cwd, file)))
    const found = new Map<string, Reference>()
    for (const source of sources)
      for (const ref of references(
        settings.cwd,
        await readFile(path.resolve(settings.cwd, source), 'utf8'),
        source
      ))
        if (!found.has(ref.file) || !ref.viaInterpreter) found.set(ref.file, ref)
    if (found.size === 0) return skipped('no script is named in the scenario file or the workflows')
    const findings: CheckFinding[] = []
    const fixed: string[] = []
    const notes: string[] = []
    const python = available('python3')
    const ts = projectTypeScript(settings.cwd)
    for (const { file, viaInterpreter, from } of found.values()) {
      const full = path.join(settings.cwd, file)
      const ext = path.extname(file)
      const parse =
        ext === '.py'
          ? python
            ? ['python3', '-c', PY_COMPILE, file]
            : null
          : ext === '.sh'
            ? ['bash', '-n', file]
            : ext === '.ts' || ext === '.mts'
              ? null
              : [process.execPath, '--check', file]
      if ((ext === '.ts' || ext === '.mts') && ts) {
        for (const error of await typeScriptErrors(ts, full, file))
          findings.push({
            message: `${file} (named in ${from}) does not parse: ${error.message}`,
            file,
            line: error.line,
            fix: 'Fix the syntax error: the step that runs it would fail.'
          })
      } else if (parse) {
        const result = run(parse, settings.cwd)
        if (!result.ok)
          findings.push({
            message: `${file} (named in ${from}) does not parse: ${result.output.split('\n').slice(-3).join(' ')}`,
            file,
            fix: 'Fix the syntax error: the step that runs it would fail.'
          })
      } else
        notes.push(
          ext === '.py'
            ? `${file}: python3 is not installed here`
            : `${file}: the project has no TypeScript compiler (node_modules/typescript)`
        )
      if (viaInterpreter) continue
      if (!(await hasShebang(full)))
        findings.push({
          message: `${file} is run directly (in ${from}) but has no #! line.`,
          file,
          line: 1,
          fix: 'Add a shebang (e.g. #!/usr/bin/env python3), or call it through its interpreter.'
        })
      else if (!(await isExecutable(full))) {
        if (settings.fix) {
          await makeExecutable(full)
          fixed.push(`${file}: made executable`)
        } else
          findings.push({
            message: `${file} is run directly (in ${from}) but is not executable.`,
            file,
            fix: `chmod +x ${file} (chaos-ci check --fix does it)`
          })
      }
    }
    return failedWith(
      `${found.size} script(s) named in ${sources.length} file(s)${notes.length ? `; not parsed: ${notes.join('; ')}` : ''}`,
      findings,
      fixed
    )
  }
}
