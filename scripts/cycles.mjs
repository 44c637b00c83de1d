#!/usr/bin/env node
/**
 * Fails on an import cycle in src/ (type-only imports count: a module that needs an orchestrator's
 * types is a cycle waiting to happen). Walks every `import … from`, `export … from` and `import()`
 * of a relative path, resolves `.js` to the `.ts` beside it, and prints each cycle found, one per
 * strongly connected group. `node scripts/cycles.mjs [dir]`; part of `npm run lint`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(process.argv[2] ?? 'src')
const SPEC =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g

function files(dir) {
  return readdirSync(dir).flatMap(name => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return files(full)
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [full] : []
  })
}

function edges(file) {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '')
  const out = []
  for (const match of text.matchAll(SPEC)) {
    const spec = match[1] ?? match[2]
    if (!spec?.startsWith('.')) continue
    const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts')
    out.push(target)
  }
  return out
}

/** Tarjan's strongly connected components; each with more than one module (or a self-import) is a cycle. */
function cycles(graph) {
  let index = 0
  const stack = []
  const info = new Map()
  const found = []
  const visit = node => {
    info.set(node, { index, low: index, on: true })
    index++
    stack.push(node)
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue
      if (!info.has(next)) {
        visit(next)
        info.get(node).low = Math.min(info.get(node).low, info.get(next).low)
      } else if (info.get(next).on)
        info.get(node).low = Math.min(info.get(node).low, info.get(next).index)
    }
    if (info.get(node).low === info.get(node).index) {
      const group = []
      let member
      do {
        member = stack.pop()
        info.get(member).on = false
        group.push(member)
      } while (member !== node)
      if (group.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(group.sort())
    }
  }
  for (const node of graph.keys()) if (!info.has(node)) visit(node)
  return found
}

const graph = new Map(files(root).map(file => [file, edges(file)]))
const found = cycles(graph)
const rel = file => path.relative(process.cwd(), file)
if (found.length === 0) {
  console.log(`no import cycles in ${rel(root) || '.'} (${graph.size} modules)`)
} else {
  console.error(`${found.length} import cycle(s) in ${rel(root) || '.'}:`)
  for (const group of found) console.error(`  ${group.map(rel).join(' ⇄ ')}`)
  console.error(
    'Fix: move the shared types into a leaf module (e.g. payload.ts beside the stage) that imports neither.'
  )
  process.exitCode = 1
}
