import { describe, expect, it } from '@jest/globals'

import { firstCommand, isPython } from '../../../../src/core/heal/command-words.js'
import { commandEcosystem, failureEcosystem } from '../../../../src/core/heal/ecosystem.js'

const bash = (script: string) => ({ script, shell: 'bash' as const })

describe('the ecosystem of a dependency failure', () => {
  it.each([
    ["ModuleNotFoundError: No module named 'yaml'", 'python'],
    ['ImportError: cannot import name x from partially initialized module', 'python'],
    ["Error: Cannot find module 'left-pad'", 'node'],
    ["Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'x'", 'node'],
    ['main.go:6:2: missing go.sum entry for module providing package github.com/a/b', 'go'],
    ['main.go:6:2: no required module provides package github.com/acme/retry', 'go'],
    ['java.lang.ClassNotFoundException: org.acme.Client', 'java'],
    ['Could not find artifact org.acme:client:jar:1.0 in central', 'java'],
    ['exit 3', undefined]
  ])('%p is %p', (line, ecosystem) => {
    expect(failureEcosystem(line)).toBe(ecosystem)
  })
})

describe('the ecosystem a fix command installs for', () => {
  it.each([
    ['pip install -r requirements.txt', 'python'],
    ['pip3.11 install numpy', 'python'],
    ['python3 -m pip install numpy', 'python'],
    ['uv sync', 'python'],
    ['poetry install', 'python'],
    ['pipenv install', 'python'],
    ['npm ci', 'node'],
    ['cd web && pnpm install', 'node'],
    ['yarn', 'node'],
    ['npx playwright install', 'node'],
    ['go mod download', 'go'],
    ['mvn -B dependency:resolve', 'java'],
    ['./gradlew dependencies', 'java'],
    ['sudo PIP_INDEX_URL=x pip install y', 'python'],
    ['python3 setup.py develop', undefined],
    ["echo 'X = 1' > corpus_helper.py", undefined],
    ['make deps', undefined]
  ])('%p is %p', (script, ecosystem) => {
    expect(commandEcosystem(bash(script))).toBe(ecosystem)
  })
})

describe('the first command of a script', () => {
  it('keeps leading assignments as its environment, and honours quotes', () => {
    expect(firstCommand(bash(`PYTHONPATH=site A='b c' python3 -c 'import x; y'`))).toEqual({
      env: { PYTHONPATH: 'site', A: 'b c' },
      words: ['python3', '-c', 'import x; y']
    })
  })

  it('skips setup such as cd and source, and takes argv lists as they are', () => {
    expect(firstCommand(bash('cd app; . .venv/bin/activate && pytest -q')).words).toEqual([
      'pytest',
      '-q'
    ])
    expect(firstCommand({ argv: ['.venv/bin/python', '-m', 'pytest'] }).words[0]).toBe(
      '.venv/bin/python'
    )
    expect(firstCommand({ script: 'print(1)', shell: 'python' }).words).toEqual(['python3'])
  })

  it('knows a Python interpreter by its name', () => {
    for (const name of ['python', 'python3', 'python3.12', '.venv/bin/python', '/usr/bin/python3'])
      expect(isPython(name)).toBe(true)
    for (const name of ['pytest', 'python-config', 'pip', undefined])
      expect(isPython(name)).toBe(false)
  })
})
