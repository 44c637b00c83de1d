/**
 * Which package provides a program: first what is installed (node_modules/<pkg>/package.json `bin`,
 * a site-packages distribution's entry_points.txt `console_scripts`), then the small table below of
 * well-known programs named unlike their package, then the name itself. Each table entry cites the
 * page that documents the program.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

/** npm programs named unlike their package. */
export const NODE_PROGRAMS: Readonly<Record<string, readonly string[]>> = {
  // https://www.typescriptlang.org/docs/handbook/compiler-options.html
  tsc: ['typescript'],
  tsserver: ['typescript'],
  // https://react.email/docs/cli
  email: ['react-email'],
  // https://github.com/mysticatea/npm-run-all#readme and its fork https://www.npmjs.com/package/npm-run-all2
  'run-p': ['npm-run-all', 'npm-run-all2'],
  'run-s': ['npm-run-all', 'npm-run-all2'],
  'npm-run-all': ['npm-run-all', 'npm-run-all2'],
  // https://github.com/changesets/changesets/blob/main/docs/command-line-options.md
  changeset: ['@changesets/cli'],
  // https://angular.dev/cli
  ng: ['@angular/cli'],
  // https://cli.vuejs.org/guide/cli-service.html
  'vue-cli-service': ['@vue/cli-service'],
  // https://playwright.dev/docs/test-cli
  playwright: ['@playwright/test', 'playwright']
}

/** Python console scripts named unlike their distribution. */
export const PYTHON_PROGRAMS: Readonly<Record<string, readonly string[]>> = {
  // https://babel.pocoo.org/en/latest/cmdline.html
  pybabel: ['Babel'],
  // https://www.sphinx-doc.org/en/master/man/sphinx-build.html
  'sphinx-build': ['sphinx'],
  'sphinx-apidoc': ['sphinx'],
  'sphinx-quickstart': ['sphinx'],
  // https://docs.djangoproject.com/en/stable/ref/django-admin/
  'django-admin': ['Django'],
  // https://pip-tools.readthedocs.io/en/stable/
  'pip-compile': ['pip-tools'],
  'pip-sync': ['pip-tools'],
  // https://docs.pytest.org/en/stable/how-to/usage.html
  'py.test': ['pytest']
}

/** Reads `bin` of the installed packages `names` in `dirs`' node_modules: program → packages. */
export function installedNodePrograms(
  dirs: readonly string[],
  names: readonly string[]
): { programs: Map<string, string[]>; installed: Set<string> } {
  const programs = new Map<string, string[]>()
  const installed = new Set<string>()
  for (const dir of dirs)
    for (const name of names) {
      let manifest: { bin?: unknown } | undefined
      try {
        manifest = JSON.parse(
          readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')
        ) as { bin?: unknown }
      } catch {
        continue
      }
      installed.add(name)
      const bin = manifest?.bin
      const keys =
        typeof bin === 'string'
          ? [name.replace(/^@[^/]+\//, '')]
          : bin && typeof bin === 'object'
            ? Object.keys(bin)
            : []
      for (const key of keys) programs.set(key, [...new Set([...(programs.get(key) ?? []), name])])
    }
  return { programs, installed }
}

/** Reads `console_scripts` and `gui_scripts` of every distribution in `dirs`: program → distributions. */
export function installedPythonPrograms(dirs: readonly string[]): Map<string, string[]> {
  const programs = new Map<string, string[]>()
  for (const dir of dirs) {
    let entries: string[] = []
    try {
      entries = readdirSync(dir).filter(name => name.endsWith('.dist-info'))
    } catch {
      continue
    }
    for (const entry of entries) {
      let text = ''
      let metadata = ''
      try {
        text = readFileSync(path.join(dir, entry, 'entry_points.txt'), 'utf8')
        metadata = readFileSync(path.join(dir, entry, 'METADATA'), 'utf8')
      } catch {
        if (!text) continue
      }
      const dist =
        /^Name:\s*(.+)$/m.exec(metadata)?.[1]?.trim() ?? entry.replace(/-[^-]+\.dist-info$/, '')
      let section = ''
      for (const line of text.split('\n')) {
        const header = /^\[(.+)\]/.exec(line.trim())
        if (header) section = header[1]!
        else if (section === 'console_scripts' || section === 'gui_scripts') {
          const program = /^([^=\s]+)\s*=/.exec(line.trim())?.[1]
          if (program) programs.set(program, [...(programs.get(program) ?? []), dist])
        }
      }
    }
  }
  return programs
}
