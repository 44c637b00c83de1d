#!/usr/bin/env node
// Builds dist/: one shared ncc bundle (dist/lib/index.js) with every action's run(), the sql.js
// runtime beside it, and a one-line ESM entry per action and for the CLI. Entries come from the
// `main:`/`post:` lines of actions/*/action.yml and the root action.yml: `dist/<name>/index.js` imports run<Name>,
// `dist/<name>/post.js` imports post<Name>.
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const dist = path.join(root, 'dist')
const pascal = name => name.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase())

rmSync(dist, { recursive: true, force: true })
const ncc = spawnSync(
  process.execPath,
  [
    path.join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
    'build',
    'src/entry-points.ts',
    '-o',
    'dist/lib',
    '--license',
    'licenses.txt',
    '--quiet'
  ],
  { cwd: root, stdio: 'inherit' }
)
if (ncc.status !== 0) process.exit(ncc.status ?? 1)

// sql.js cannot be bundled into ESM (research/action_anchors.md §1): ship its runtime beside the bundle.
const sqljs = path.join(root, 'node_modules/sql.js/dist')
copyFileSync(path.join(sqljs, 'sql-wasm.js'), path.join(dist, 'lib/sql-wasm.cjs'))
copyFileSync(path.join(sqljs, 'sql-wasm.wasm'), path.join(dist, 'lib/sql-wasm.wasm'))
chmodSync(path.join(dist, 'lib/sql-wasm.wasm'), 0o644)
chmodSync(path.join(dist, 'lib/sql-wasm.cjs'), 0o644)
writeFileSync(path.join(dist, 'package.json'), '{ "type": "module" }\n')

function writeEntry(file, line, executable = false) {
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, line)
  if (executable) chmodSync(file, 0o755)
}

const entries = []
// actions/<name>/action.yml point at ../../dist/…; the root action.yml (the pipeline) at dist/….
const actionFiles = [
  ...readdirSync(path.join(root, 'actions'))
    .sort()
    .map(name => [name, path.join(root, 'actions', name, 'action.yml')]),
  ['pipeline', path.join(root, 'action.yml')]
]
for (const [name, file] of actionFiles) {
  const yml = readFileSync(file, 'utf8')
  for (const [, kind, target] of yml.matchAll(
    /^\s+(main|post):\s*['"]?(?:\.\.\/\.\.\/)?dist\/([\w-]+\/[\w-]+\.js)/gm
  )) {
    const fn = `${kind === 'main' ? 'run' : 'post'}${pascal(name)}`
    writeEntry(path.join(dist, target), `import { ${fn} } from '../lib/index.js'; await ${fn}()\n`)
    entries.push(target)
  }
}
writeEntry(
  path.join(dist, 'cli/index.js'),
  "#!/usr/bin/env node\nimport { runCli } from '../lib/index.js'; await runCli()\n",
  true
)
console.log(
  `dist/: shared bundle dist/lib/index.js + entries ${[...entries, 'cli/index.js'].join(', ')}`
)
