import { describe, expect, it } from '@jest/globals'

import { classify, exitStatus } from '../../../../src/core/heal/classify.js'
import { BUILTIN_RULES, type Rule } from '../../../../src/core/heal/rules.js'

const failed = (
  output: string,
  exitCode: number | null = 1,
  extra: { signal?: NodeJS.Signals; timedOut?: boolean } = {}
) =>
  classify(
    {
      exitCode,
      signal: extra.signal ?? null,
      timedOut: extra.timedOut ?? false,
      output,
      stderr: ''
    },
    BUILTIN_RULES
  )

describe('classification by the built-in rules', () => {
  it.each([
    [
      'Traceback (most recent call last):\n  File "x.py", line 1\nModuleNotFoundError: No module named \'yaml\'',
      'dependency',
      'python-module-not-found',
      3
    ],
    [
      "node:internal/modules/cjs/loader:1228\nError: Cannot find module 'left-pad'\nRequire stack:",
      'dependency',
      'node-module-not-found',
      2
    ],
    [
      "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'chalk' imported from /app/x.mjs",
      'dependency',
      'node-module-not-found',
      1
    ],
    [
      'main.go:3:8: no required module provides package github.com/acme/nope; to add it:',
      'dependency',
      'go-module-missing',
      1
    ],
    [
      'Exception in thread "main" java.lang.NoClassDefFoundError: org/acme/Client',
      'dependency',
      'java-class-missing',
      1
    ],
    [
      'yaml.scanner.ScannerError: mapping values are not allowed here',
      'configuration',
      'yaml-syntax',
      1
    ],
    ['YAMLException: bad indentation of a mapping entry (3:5)', 'configuration', 'yaml-syntax', 1],
    ['SyntaxError: Unexpected token } in JSON at position 17', 'configuration', 'json-syntax', 1],
    [
      "FileNotFoundError: [Errno 2] No such file or directory: 'config/app.yml'",
      'configuration',
      'missing-file',
      1
    ],
    [
      'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
      'resource',
      'out-of-memory',
      1
    ],
    ['Error: ENOSPC: no space left on device, write', 'resource', 'disk-full', 1],
    [
      'npm ERR! 429 Too Many Requests - GET https://registry.example/x',
      'network',
      'rate-limited',
      1
    ],
    ['Error: connect ECONNREFUSED 127.0.0.1:8000', 'health_check', 'connection-refused', 1],
    [
      'curl: (22) The requested URL returned error: 503 Service Unavailable',
      'health_check',
      'gateway-error',
      1
    ],
    ['request failed: HTTP 502', 'health_check', 'gateway-error', 1],
    ['Error: getaddrinfo EAI_AGAIN registry.npmjs.org', 'network', 'network-transient', 1],
    [
      'Error: listen EADDRINUSE: address already in use 127.0.0.1:3000',
      'network',
      'network-transient',
      1
    ],
    ['chaos scenario failed: network_delay', 'injection', 'scenario-failed', 1],
    ['AssertionError [ERR_ASSERTION]: 2 == 3', 'test', 'test-failure', 1],
    ['Tests:       1 failed, 12 passed, 13 total', 'test', 'test-failure', 1],
    ['FAILED tests/test_api.py::test_create - assert 500 == 201', 'test', 'test-failure', 1]
  ])('classifies %p as %s by %s, citing line %d', (output, category, rule, line) => {
    const found = failed(output)
    expect(found.rule.category).toBe(category)
    expect(found.rule.name).toBe(rule)
    expect(found.lineNumber).toBe(line)
    expect(found.line).toBe(output.split('\n')[line - 1]!.trim())
  })

  it('finds an error line on stderr that a flood on stdout pushed out of the combined output', () => {
    const found = classify(
      {
        exitCode: 1,
        signal: null,
        timedOut: false,
        output: 'progress…\n[… 9000 characters not kept …]\nprogress…',
        stderr: "warn\nModuleNotFoundError: No module named 'late'"
      },
      BUILTIN_RULES
    )
    expect(found).toMatchObject({
      line: "ModuleNotFoundError: No module named 'late'",
      lineNumber: 2
    })
    expect(found.text).toContain('warn')
  })

  it('calls an exit code that matches no rule unknown', () => {
    const found = failed('something odd happened', 3)
    expect(found.rule.name).toBe('unknown')
    expect(found.rule.retryable).toBe(false)
    expect(found.line).toBeNull()
  })

  it('treats SIGKILL as exit 137: an OOM kill', () => {
    expect(exitStatus({ exitCode: null, signal: 'SIGKILL' })).toBe(137)
    expect(failed('', null, { signal: 'SIGKILL' }).rule.name).toBe('oom-kill')
    expect(failed('', 137).rule.category).toBe('resource')
  })

  it('puts a timed-out attempt in the timeout category, whatever it printed', () => {
    expect(
      failed('Error: connect ECONNREFUSED', null, { signal: 'SIGTERM', timedOut: true }).rule.name
    ).toBe('attempt-timeout')
  })

  it('lets the first matching rule win: a missing module beats the test failure it caused', () => {
    const found = failed(
      "FAILED tests/test_x.py::test_a\nModuleNotFoundError: No module named 'requests'"
    )
    expect(found.rule.category).toBe('dependency')
  })

  it('needs both the pattern and the exit code when a rule has both', () => {
    const rules: Rule[] = [
      {
        name: 'lint',
        category: 'test',
        pattern: /problems/,
        exitCodes: [2],
        retryable: false,
        strategy: 'none',
        source: 'test'
      },
      ...BUILTIN_RULES
    ]
    const output = '3 problems'
    expect(
      classify({ exitCode: 2, signal: null, timedOut: false, output, stderr: '' }, rules).rule.name
    ).toBe('lint')
    expect(
      classify({ exitCode: 1, signal: null, timedOut: false, output, stderr: '' }, rules).rule.name
    ).toBe('unknown')
  })
})
