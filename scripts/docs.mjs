#!/usr/bin/env node
// Renders the root action.yml's (marker name: pipeline) and each actions/*/action.yml's inputs and outputs into README.md between the markers
// <!-- action-docs:<name>:start --> and <!-- action-docs:<name>:end -->, so they are never typed twice.
// `--check` changes nothing and exits 1 when README.md is out of date (run by the tests).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

import * as yaml from 'js-yaml'
import * as prettier from 'prettier'

const root = path.resolve(import.meta.dirname, '..')
const readmePath = path.join(root, 'README.md')
const cell = text =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\s*\n\s*/g, ' ')
    .trim()

function renderAction(name, action) {
  const inputs = Object.entries(action.inputs ?? {}).map(
    ([key, spec]) =>
      `| \`${key}\` | ${cell(spec.description)} | ${spec.required ? 'yes' : 'no'} | ${spec.default === undefined || spec.default === '' ? '' : `\`${String(spec.default).replace(/\|/g, '\\|')}\``} |`
  )
  const outputs = Object.entries(action.outputs ?? {}).map(
    ([key, spec]) => `| \`${key}\` | ${cell(spec.description)} |`
  )
  return [
    `\`uses: ${name === 'pipeline' ? 'OWNER/chaos-ci' : `OWNER/chaos-ci/actions/${name}`}@v1\` — ${cell(action.description)}`,
    '',
    '| input | description | required | default |',
    '| --- | --- | --- | --- |',
    ...inputs,
    '',
    '| output | description |',
    '| --- | --- |',
    ...outputs
  ].join('\n')
}

function renderReadme(readme) {
  let text = readme
  const actions = [
    ['pipeline', 'action.yml'],
    ...readdirSync(path.join(root, 'actions'))
      .sort()
      .map(name => [name, path.join('actions', name, 'action.yml')])
  ]
  for (const [name, file] of actions) {
    const action = yaml.load(readFileSync(path.join(root, file), 'utf8'))
    const start = `<!-- action-docs:${name}:start -->`
    const end = `<!-- action-docs:${name}:end -->`
    const from = text.indexOf(start)
    const to = text.indexOf(end)
    if (from < 0 || to < from)
      throw new Error(`README.md has no ${start} … ${end} block for ${file}`)
    text = `${text.slice(0, from + start.length)}\n${renderAction(name, action)}\n${text.slice(to)}`
  }
  return text
}

const readme = readFileSync(readmePath, 'utf8')
// Formatted as `npm run lint` expects, so the generated tables and prettier agree.
const options = { ...(await prettier.resolveConfig(readmePath)), filepath: readmePath }
const rendered = await prettier.format(renderReadme(readme), options)
if (process.argv.includes('--check')) {
  if (rendered !== readme) {
    console.error(
      'README.md is out of date with action.yml or actions/*/action.yml: run `npm run docs` and commit README.md.'
    )
    process.exit(1)
  }
} else if (rendered !== readme) {
  writeFileSync(readmePath, rendered)
  console.log('README.md: action reference updated')
}
