/**
 * The shared reader of tool config files that load packages by name (ESLint, Babel, Prettier,
 * PostCSS, Jest, Vitest, changesets): each tool's file (eslint.ts, babel.ts, …) says which files are
 * its config, which package.json field holds it, and how the tool turns a name it reads into a
 * package (ESLint's `airbnb-base` is eslint-config-airbnb-base). Every string the config holds is
 * read; a name counts only when the project declares the package it expands to.
 */
import { lineOf } from '../manifests/types.js'
import { specifierTarget } from '../names.js'
import { baseName, type ImplicitReader, type ImplicitUse, lineAt } from './types.js'

export interface ToolConfig {
  kind: string
  /** Config file base names. */
  files: RegExp
  /** The package.json field that may hold the config instead. */
  packageJsonField?: string
  /** Read `key:` object keys too (PostCSS's `plugins: { tailwindcss: {} }`). */
  keys?: boolean
  /** The packages a string of the config may name. */
  expand(value: string): string[]
  /** Packages the config's text as a whole implies (a default the tool loads). */
  implied?(text: string): string[]
}

const QUOTED = /(['"`])((?:\\.|(?!\1)[^\\\n])*)\1/g
const YAML_SCALAR = /^\s*(?:-\s+|[\w@/-]+:\s+)([^\s#'"{}[\],][^\s#'"{},]*)\s*$/gm
const KEY = /(?:^|[{,\s])([A-Za-z_@][\w@/.-]*)\s*:/g

/** The strings of a config text, with their offsets. */
function strings(text: string, yaml: boolean, keys: boolean): Array<{ value: string; at: number }> {
  const out: Array<{ value: string; at: number }> = []
  for (const m of text.matchAll(QUOTED)) out.push({ value: m[2]!, at: m.index })
  if (yaml) for (const m of text.matchAll(YAML_SCALAR)) out.push({ value: m[1]!, at: m.index })
  if (keys) for (const m of text.matchAll(KEY)) out.push({ value: m[1]!, at: m.index })
  return out
}

/** The package a name refers to, or undefined for paths, URLs and words that are not package names. */
function packageOf(name: string): string | undefined {
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/[\w./-]*)?$/i.test(name)) return undefined
  const target = specifierTarget(name)
  return target.kind === 'package' ? target.name : undefined
}

function uses(
  config: ToolConfig,
  file: string,
  text: string,
  offset: (s: { value: string; at: number }) => number
): ImplicitUse[] {
  const yaml = /\.ya?ml$|^\.[\w-]+rc$/.test(baseName(file))
  const found = strings(text, yaml, config.keys ?? false).flatMap(s =>
    [...new Set(config.expand(s.value).flatMap(name => packageOf(name) ?? []))].map(name => ({
      name,
      kind: config.kind,
      file,
      line: offset(s),
      evidence: `${config.kind} names "${s.value}"`
    }))
  )
  const implied = (config.implied?.(text) ?? []).map(name => ({
    name,
    kind: config.kind,
    file,
    line: 1,
    evidence: `${config.kind} loads ${name} by default`
  }))
  return [...found, ...implied]
}

/** A reader for one tool's config files and package.json field. */
export function toolConfigReader(config: ToolConfig): ImplicitReader {
  return {
    kind: config.kind,
    wants: name => config.files.test(name),
    read(input) {
      const out: ImplicitUse[] = []
      for (const file of input.files) {
        const name = baseName(file)
        if (config.files.test(name)) {
          const text = input.read(file) ?? ''
          out.push(...uses(config, file, text, s => lineAt(text, s.at)))
        } else if (name === 'package.json' && config.packageJsonField) {
          const text = input.read(file) ?? ''
          let field: unknown
          try {
            field = (JSON.parse(text) as Record<string, unknown>)[config.packageJsonField]
          } catch {
            continue
          }
          if (field === undefined) continue
          const start = lineOf(text, `"${config.packageJsonField}"`)
          out.push(
            ...uses(config, file, JSON.stringify(field), s => lineOf(text, `"${s.value}"`, start))
          )
        }
      }
      return out
    }
  }
}
