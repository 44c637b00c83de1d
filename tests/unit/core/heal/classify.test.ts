import { describe, expect, it } from '@jest/globals'

import { classify, exitStatus } from '../../../../src/core/heal/classify.js'
import { BUILTIN_RULES, type Rule } from '../../../../src/core/heal/rules.js'

const failed = (
  output: string,
  exitCode: number | null = 1,
  extra: { signal?: NodeJS.Signals; timedOut?: boolean } = {},
  rules: readonly Rule[] = BUILTIN_RULES
) =>
  classify(
    {
      exitCode,
      signal: extra.signal ?? null,
      timedOut: extra.timedOut ?? false,
      output,
      stderr: ''
    },
    rules
  )

/** A network rule as a user's .chaos-ci/heal-rules.yml would give it. */
const userRule = (name: string, pattern: RegExp): Rule => ({
  name,
  category: 'network',
  pattern,
  retryable: true,
  strategy: 'backoff',
  weight: 10,
  source: '.chaos-ci/heal-rules.yml'
})

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
      'service-5xx',
      1
    ],
    ['GET http://127.0.0.1:8000/ failed: HTTP 502', 'health_check', 'service-5xx', 1],
    ['request to the registry failed: HTTP 502', 'network', 'remote-5xx', 1],
    ['Error: getaddrinfo EAI_AGAIN registry.npmjs.org', 'network', 'dns-failure', 1],
    [
      'Error: listen EADDRINUSE: address already in use 127.0.0.1:3000',
      'network',
      'port-in-use',
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

  it('puts a missing module above the test failure it caused', () => {
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
        weight: 10,
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

const decisive = (output: string, exitCode = 1) => {
  const found = failed(output, exitCode)
  return { category: found.rule.category, rule: found.rule.name, line: found.line }
}

describe('classification by the decisive line, not the first rule that matches', () => {
  it.each([
    [
      'a warning that names ENOENT before npm rate-limits',
      "npm WARN tar ENOENT: no such file or directory, open '/x/node_modules/.staging/a'\nnpm ERR! code E429\nnpm ERR! 429 Too Many Requests - GET https://registry.npmjs.org/a",
      'network'
    ],
    [
      "a follow-on cd error after git's HTTP 503",
      "fatal: unable to access 'https://github.com/o/r/': The requested URL returned error: 503\n./build.sh: line 4: cd: r: No such file or directory",
      'network'
    ],
    [
      'an [Errno 2] after a registry 504',
      "ERROR: HTTP error 504 while getting https://files.example.org/p.whl\nFileNotFoundError: [Errno 2] No such file or directory: 'dist/p.whl'",
      'network'
    ],
    [
      "Maven's dependency wrapper around a connection reset",
      '[ERROR] Failed to execute goal on project app: Could not resolve dependencies for project o:app:jar:1.0: Could not transfer artifact o:lib:jar:2.0 from/to central (https://repo.maven.apache.org/maven2): Connection reset -> [Help 1]',
      'network'
    ],
    [
      'a test failure with one incidental network line',
      'AssertionError: expected 1\nError: read ECONNRESET',
      'test'
    ],
    ['a test summary with 429 passed', 'Tests: 1 failed, 429 passed, 430 total', 'test'],
    ['disk full in lower case', 'write /tmp/x: no space left on device', 'resource'],
    ['disk full in upper case', 'NO SPACE LEFT ON DEVICE', 'resource']
  ])('%s', (_name, output, category) => {
    expect(decisive(output).category).toBe(category)
  })

  it.each([
    [
      "fatal: unable to access 'https://github.com/o/r/': Could not resolve host: github.com",
      128,
      'network'
    ],
    ['dial tcp 142.250.1.1:443: i/o timeout', 1, 'network'],
    [
      "ReadTimeoutError: HTTPSConnectionPool(host='pypi.org', port=443): Read timed out.",
      1,
      'network'
    ],
    [
      'error An unexpected error occurred: "https://registry.yarnpkg.com/a: ESOCKETTIMEDOUT".',
      1,
      'network'
    ],
    ['curl: (6) Could not resolve host: example.org', 6, 'network'],
    [
      'curl: (7) Failed to connect to 127.0.0.1 port 8000 after 0 ms: Connection refused',
      7,
      'health_check'
    ],
    ['curl: (28) Operation timed out after 5000 milliseconds with 0 bytes received', 28, 'network'],
    [
      'curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to example.org:443',
      35,
      'network'
    ],
    ['curl: (52) Empty reply from server', 52, 'network'],
    ['curl: (56) Recv failure: Connection reset by peer', 56, 'network'],
    ['curl: (22) The requested URL returned error: 502', 22, 'health_check'],
    ['toomanyrequests: You have reached your pull rate limit.', 1, 'network'],
    [
      'Error response from daemon: Get "https://registry-1.docker.io/v2/": net/http: request canceled (Client.Timeout exceeded while awaiting headers)',
      1,
      'network'
    ],
    [
      "fatal: unable to access 'https://github.com/o/r/': The requested URL returned error: 500",
      128,
      'network'
    ],
    [
      "fatal: unable to access 'https://github.com/o/r/': gnutls_handshake() failed: The TLS connection was non-properly terminated.",
      128,
      'network'
    ],
    ['java.net.SocketException: Connection reset', 1, 'network'],
    [
      'warning: spurious network error (2 tries remaining): [28] Timeout was reached',
      101,
      'network'
    ],
    [
      'E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 1234 (apt-get)',
      100,
      'resource'
    ],
    [
      "ERROR 2002 (HY000): Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)",
      1,
      'health_check'
    ]
  ])('knows %p (exit %d) as %s', (output, exitCode, category) => {
    expect(decisive(output, exitCode).category).toBe(category)
  })

  it('keeps the runner-up and says why the decisive line won', () => {
    const found = failed('AssertionError: expected 1\nError: read ECONNRESET')
    expect(found.rule.name).toBe('test-failure')
    expect(found.runnerUp).toMatchObject({ rule: { name: 'connection-reset' }, lineNumber: 2 })
    expect(found.score).toBeGreaterThan(found.runnerUp!.score)
    expect(found.why).toMatch(
      /'test-failure' \(test\) on line 1 scored .* over 'connection-reset' \(network\) on line 2/
    )
  })

  it('lets a later line of the same weight win: the last error block decides', () => {
    const found = failed('Error: read ECONNRESET\nnpm ERR! 429 Too Many Requests - GET https://r/x')
    expect(found.rule.name).toBe('rate-limited')
  })

  it('puts a user rule above every built-in, wherever its line is', () => {
    const found = failed(
      'flaky fixture\nAssertionError: x\nModuleNotFoundError: No module named a',
      1,
      {},
      [userRule('ours', /flaky fixture/), ...BUILTIN_RULES]
    )
    expect(found.rule.name).toBe('ours')
  })
})

describe('causes the corpus taught (each fails when its rule or step is removed)', () => {
  it.each([
    [
      'GitHub answers a rate limit with 403',
      'RequestError [HttpError]: API rate limit exceeded for installation ID 1.\n  status: 403,',
      1,
      'rate-limited'
    ],
    [
      "cargo's 5xx from the registry",
      'error: failed to get 200 response from `https://crates.io/api/v1/crates/x/1.0.0/download`, got 502',
      101,
      'remote-5xx'
    ],
    [
      "Cloudflare's 52x",
      'HTTP request sent, awaiting response... 523\nERROR 523: (no description).',
      8,
      'remote-5xx'
    ],
    [
      'an index that lists a removed package',
      'E: Failed to fetch http://archive.ubuntu.com/ubuntu/pool/main/x/x_1.0_amd64.deb  404  Not Found [IP: 1.2.3.4 80]',
      100,
      'package-not-found'
    ],
    [
      'a lockfile out of date',
      ' ERR_PNPM_OUTDATED_LOCKFILE  Cannot install with "frozen-lockfile" because pnpm-lock.yaml is not up to date with package.json',
      1,
      'lockfile-mismatch'
    ],
    [
      'a changed go.sum pin',
      'verifying example.com/m@v1.0.0/go.mod: checksum mismatch\n\tdownloaded: h1:a=\n\tgo.sum:     h1:b=\nSECURITY ERROR',
      1,
      'lockfile-mismatch'
    ],
    [
      'go run outside a module',
      "go: go.mod file not found in current directory or any parent directory; see 'go help modules'",
      1,
      'go-outside-module'
    ],
    [
      'psql dialling the Unix socket',
      'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: No such file or directory\n\tIs the server running locally and accepting connections on that socket?',
      2,
      'postgres-local-socket'
    ],
    [
      "a Go program's own panic",
      'panic: runtime error: index out of range [3] with length 3\n\ngoroutine 1 [running]:\nmain.main()',
      2,
      'go-panic'
    ],
    [
      "go test's alarm",
      'panic: test timed out after 10m0s\n\trunning tests:\n\t\tTestX (10m0s)',
      1,
      'tool-deadline'
    ],
    [
      "the project's own test package",
      "E   ModuleNotFoundError: No module named 'tests.helpers'",
      2,
      'own-module-not-importable'
    ]
  ])('%s', (_name, output, exitCode, rule) => {
    expect(failed(output, exitCode).rule.name).toBe(rule)
  })

  it('puts the network first when it is the reason every failed test gives', () => {
    const found = failed(
      [
        '=========================== short test summary info ============================',
        "FAILED tests/test_a.py::test_one - requests.exceptions.ConnectionError: HTTPSConnectionPool(host='auth.example.org', port=443): Read timed out.",
        "FAILED tests/test_a.py::test_two - requests.exceptions.ConnectionError: HTTPSConnectionPool(host='auth.example.org', port=443): Read timed out.",
        '=================== 2 failed, 40 passed in 3.21s ==================='
      ].join('\n')
    )
    expect(found.rule.category).toBe('network')
    expect(found.reasons).toContain('the reason of all 2 failed tests')
    expect(found.runnerUp?.rule.category).toBe('test')
  })

  it('keeps a test failure when one failed test gives its own reason', () => {
    const found = failed(
      [
        "FAILED tests/test_a.py::test_one - requests.exceptions.ConnectionError: HTTPSConnectionPool(host='auth.example.org', port=443): Read timed out.",
        'FAILED tests/test_a.py::test_two - AssertionError: assert 1 == 2',
        '=================== 2 failed, 40 passed in 3.21s ==================='
      ].join('\n')
    )
    expect(found.rule.category).toBe('test')
  })

  it.each([
    [
      "testify's error on the line after its Error:",
      [
        '    suite.go:40: ',
        '        Error Trace:  suite.go:40',
        '        Error:        Received unexpected error:',
        '                      failed to connect to RabbitMQ: dial tcp 127.0.0.1:5672: connect: connection refused',
        '--- FAIL: TestAMQPSuite/TestDelayed (1.00s)',
        'FAIL'
      ]
    ],
    [
      'a pytest summary wrapped over lines',
      [
        'FAILED test/test_routes.py::test_items - ',
        'urllib3.exceptions.NewConnectionError: <urllib3.connection.HTTPConnection object>:',
        "Failed to establish a new connection: [Errno 111] Connection refused'))",
        '=================== 1 failed, 40 passed in 3.21s ==================='
      ]
    ],
    [
      "surefire's exception under the test's ERROR line",
      [
        '[ERROR] Tests run: 4, Failures: 0, Errors: 1, Skipped: 0, Time elapsed: 0.094 s <<< FAILURE! - in a.EchoTest',
        '[ERROR] a.EchoTest.echo  Time elapsed: 0.002 s  <<< ERROR!',
        'org.apache.http.conn.HttpHostConnectException: Connect to localhost:8082 [localhost/127.0.0.1] failed: Connection refused',
        '',
        '[ERROR] Tests run: 4, Failures: 0, Errors: 1, Skipped: 0'
      ]
    ]
  ])('reads a reason that goes on over lines: %s', (_name, lines) => {
    const found = failed(lines.join('\n'))
    expect(found.rule.category).toBe('health_check')
    expect(found.reasons).toContain('the reason of all 1 failed tests')
  })

  it('keeps a test failure whose reason is an assertion, whatever lines follow it', () => {
    const found = failed(
      [
        '    helper_test.go:65: assertion failed: ',
        '        Command:  wget -O - http://localhost:8081',
        "        wget: can't connect to remote host (127.0.0.1): Connection refused",
        '--- FAIL: TestBackwardsCompatibility (66.93s)'
      ].join('\n')
    )
    expect(found.rule.category).toBe('test')
  })

  it("reads pytest's exception lines when it printed no short summary", () => {
    const refused = failed(
      '_____ ERROR collecting tests/test_db.py _____\nE   pymongo.errors.ServerSelectionTimeoutError: localhost:27017: [Errno 111] Connection refused\n!!!! Interrupted: 1 error during collection !!!!'
    )
    expect(refused.rule.category).toBe('health_check')
    const assertion = failed(
      "_____ test_x _____\nE   AssertionError: assert 1 == 2\nE   requests.exceptions.ConnectionError: ('Connection aborted.', RemoteDisconnected())\n1 failed"
    )
    expect(assertion.rule.category).toBe('test')
  })
})

describe('causes the second round taught (each fails when its rule is removed)', () => {
  it.each([
    [
      "JCenter's outage, not Bintray's shut-down",
      "> Could not GET 'https://jcenter.bintray.com/a/b/1.0/b-1.0.pom'. Received status code 503 from server: Service Unavailable",
      1,
      'remote-5xx'
    ],
    [
      "Bintray's shut-down",
      "> Could not GET 'https://dl.bintray.com/o/r/a/b/1.0/b-1.0.pom'. Received status code 403 from server: Forbidden",
      1,
      'repository-shut-down'
    ],
    [
      'a JDK too old for the jar',
      'Exception in thread "main" java.lang.UnsupportedClassVersionError: a/Main has been compiled by a more recent version of the Java Runtime (class file version 55.0)',
      1,
      'runtime-too-old'
    ],
    [
      'a uses: ref that does not exist',
      'Error: Unable to resolve action `o/a@v9`, unable to find version `v9`',
      1,
      'action-ref-missing'
    ],
    [
      'gh without a token',
      'gh: To use GitHub CLI in a GitHub Actions workflow, set the GH_TOKEN environment variable. Example:',
      4,
      'auth-failed'
    ],
    [
      'a registry that denies a push',
      'ERROR: failed to push ghcr.io/o/i:1: denied: permission_denied: write_package',
      1,
      'auth-failed'
    ],
    [
      "wget's certificate check",
      "ERROR: cannot verify example.org's certificate, issued by 'CN=X':\n  Unable to locally verify the issuer's authority.",
      5,
      'certificate-invalid'
    ],
    [
      "wget's TLS failure",
      'Connecting to example.org (example.org)|1.2.3.4|:443... connected.\nUnable to establish SSL connection.',
      4,
      'tls-failure'
    ],
    [
      'an HTTP/2 stream reset',
      '  Caused by: http2 error\n  Caused by: stream error received: refused stream before processing any application logic',
      2,
      'connection-reset'
    ],
    [
      "pg's dropped connection",
      'could not connect to postgres: Error: Connection terminated unexpectedly',
      1,
      'connection-reset'
    ],
    [
      "curl's timeout as a warning",
      'curl: warning: failed with exit code 28',
      1,
      'network-timeout'
    ],
    [
      "Gradle's GC thrash",
      'Gradle build daemon has been stopped: since the JVM garbage collector is thrashing',
      1,
      'out-of-memory'
    ],
    [
      'a Redis still loading',
      'E   redis.exceptions.BusyLoadingError: Redis is loading the dataset in memory',
      1,
      'service-starting'
    ],
    [
      "Gradle's test task",
      "Execution failed for task ':app:test'.\n> There were failing tests. See the report at: file:///x/index.html",
      1,
      'test-failure'
    ],
    [
      "Maven's javac line",
      '[ERROR] /w/src/main/java/a/B.java:[12,5] cannot find symbol',
      1,
      'compile-error'
    ],
    ["ctest's segfaults", '\t12 - unit-a (SEGFAULT)\n\t13 - unit-b (SEGFAULT)', 8, 'segfault'],
    [
      "poetry's lock check",
      'Error: poetry.lock is not consistent with pyproject.toml. Run `poetry lock [--no-update]` to fix it.',
      1,
      'lockfile-mismatch'
    ],
    [
      'a CRD not installed',
      'error: unable to recognize "x.yaml": no matches for kind "Widget" in version "example.com/v1"',
      1,
      'kube-unknown-kind'
    ],
    [
      'a COPY of a path not in the context',
      'ERROR: failed to solve: failed to compute cache key: failed to calculate checksum of ref abc::def: "/app/x": not found',
      1,
      'build-context-missing'
    ],
    [
      "a dependency's types",
      "node_modules/@types/a/index.d.ts(3,1): error TS2304: Cannot find name 'B'.",
      2,
      'dependency-types-broken'
    ],
    [
      'an ESLint plugin not installed',
      'ESLint couldn\'t find the plugin "eslint-plugin-x".',
      2,
      'lint-plugin-missing'
    ],
    [
      'a pnpm too old for its Node',
      ' ERR_PNPM_META_FETCH_FAIL  GET https://registry.npmjs.org/pnpm: Value of "this" must be of type URLSearchParams',
      1,
      'tool-too-old-for-node'
    ],
    [
      'a test worker that died',
      ' Test Files  10 passed (10)\nError: [vitest-pool]: Worker forks emitted error.\nCaused by: Error: Worker exited unexpectedly',
      1,
      'test-worker-crashed'
    ],
    [
      'a test run that never exited',
      'Ran all test suites.\nJest did not exit one second after the test run has completed.',
      1,
      'test-run-never-exited'
    ]
  ])('%s', (_name, output, exitCode, rule) => {
    expect(failed(output, exitCode).rule.name).toBe(rule)
  })

  it("reads go test's failure messages as the reasons of its failed tests", () => {
    const refused = failed(
      '--- FAIL: TestMigrate (0.00s)\n    db_test.go:36: dial tcp 127.0.0.1:5432: connect: connection refused\nFAIL\nFAIL\texample.com/db\t0.01s'
    )
    expect(refused.rule.category).toBe('health_check')
    const own = failed(
      '--- FAIL: TestMigrate (0.00s)\n    db_test.go:36: dial tcp 127.0.0.1:5432: connect: connection refused\n--- FAIL: TestSum (0.00s)\n    sum_test.go:9: got 3, want 4\nFAIL'
    )
    expect(own.rule.category).toBe('test')
  })
})

describe('the generic tier, for tools no specific rule knows (each fails when its rule is removed)', () => {
  it.each([
    [
      'a 5xx in any HTTP words',
      'Error: getCacheEntry failed: Cache service responded with 503',
      1,
      'generic-server-error',
      true
    ],
    [
      'a registry that says it may be down',
      'error Received malformed response from registry. The registry may be down.',
      1,
      'generic-server-error',
      true
    ],
    [
      'a connection that timed out',
      'gem install: timed out connecting to rubygems.example',
      1,
      'generic-network-timeout',
      true
    ],
    [
      'a package no index has',
      'ERROR: unable to select packages:\n  jq (no such package):',
      1,
      'generic-not-found',
      false
    ],
    [
      'an input a tool refuses',
      'Error: Input required and not supplied: token\nError: the value is not valid',
      1,
      'generic-invalid-config',
      false
    ],
    [
      "rspec's failure block",
      'Failures:\n  1) Cart adds an item\n     Failure/Error: expect(cart.size).to eq(1)',
      1,
      'generic-test-failure',
      false
    ],
    [
      "flake8's codes",
      'app/views.py:12:80: E501 line too long (86 > 79 characters)',
      1,
      'generic-test-failure',
      false
    ],
    [
      'a step that went quiet',
      'No output has been received in the last 10m0s, this potentially indicates a stalled build.',
      1,
      'generic-hang',
      true
    ]
  ])('%s', (_name, output, exitCode, rule, retryable) => {
    const found = failed(output, exitCode)
    expect([found.rule.name, found.rule.retryable]).toEqual([rule, retryable])
  })

  it('lets any specific rule outrank a generic line, wherever it is', () => {
    expect(failed('npm ERR! code E429\nError: the request timed out').rule.name).toBe(
      'rate-limited'
    )
  })

  it('does not read "port 5432 failed" as a count of failed tests', () => {
    const found = failed(
      'psql: error: connection to server at "localhost" (127.0.0.1), port 5432 failed: Connection refused'
    )
    expect(found.rule.name).toBe('connection-refused')
  })

  it('does not read "Gemfile" as EMFILE', () => {
    expect(
      failed('Could not find gem rack in any of the sources listed in your Gemfile.').rule.category
    ).not.toBe('resource')
  })

  it("does not take Gradle's own wrapper for a test verdict", () => {
    expect(failed('FAILURE: Build failed with an exception.').rule.category).not.toBe('test')
  })
})

describe('causes the fifth round taught (each fails when its rule or step is removed)', () => {
  it.each([
    ['a JVM heap', '> Java heap space', 'out-of-memory', 'resource', false],
    [
      'buildkit reporting a killed step',
      'failed to solve: executor failed running [/bin/sh -c yarn build]: exit code: 137',
      'out-of-memory',
      'resource',
      false
    ],
    [
      "the runner's disk warning",
      'You are running out of disk space. The runner will stop working when the machine runs out of disk space. Free space left: 47 MB',
      'disk-full',
      'resource',
      false
    ],
    [
      "Homebrew's update lock",
      'Error: Another active Homebrew update process is already in progress.',
      'package-lock-held',
      'resource',
      true
    ],
    [
      "Terraform's state lock",
      'Error: Error acquiring the state lock',
      'state-lock-held',
      'resource',
      false
    ],
    [
      "a CDN's origin timeout page",
      '<head><title>522 Origin Connection Time-out</title></head>',
      'remote-5xx',
      'network',
      true
    ],
    [
      'an HTTP/2 GOAWAY',
      'go: read "https://proxy.golang.org/x/@v/v1.zip": http2: server sent GOAWAY and closed the connection',
      'connection-reset',
      'network',
      true
    ],
    [
      'a body cut short',
      '> Premature end of Content-Length delimited message body (expected: 17,309,408; received: 1,048,576)',
      'connection-reset',
      'network',
      true
    ],
    [
      "npm's ETARGET",
      'npm ERR! notarget No matching version found for @hint/utils@^1.0.2.',
      'package-not-found',
      'dependency',
      true
    ],
    [
      "composer's stale lock",
      'Your lock file does not contain a compatible set of packages. Please run composer update.',
      'lockfile-mismatch',
      'dependency',
      false
    ],
    [
      'a wheel that does not build',
      'ERROR: Failed building wheel for pycrypto',
      'dependency-build-failed',
      'dependency',
      false
    ],
    [
      "prettier's check",
      '[warn] Code style issues found in the above file(s). Forgot to run Prettier?',
      'lint-error',
      'test',
      false
    ],
    [
      "XCTest's assertion",
      'Tests/UnitTests.swift:18: error: UnitTests.testX : XCTAssertTrue failed',
      'test-failure',
      'test',
      false
    ],
    [
      "Playwright's missing browser",
      "browserType.launch: Executable doesn't exist at /ms-playwright/chromium-1091/chrome-linux/chrome",
      'browser-not-installed',
      'configuration',
      false
    ],
    [
      'a cloud role the workflow may not assume',
      'Error: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity',
      'auth-failed',
      'configuration',
      false
    ],
    [
      "a proxy's HTML page where JSON was due",
      `##[error]Unable to download artifact(s): Failed to ListArtifacts: Unexpected token '<', "<!DOCTYPE "... is not valid JSON`,
      'html-error-page',
      'network',
      true
    ],
    [
      'MySQL still starting',
      "ERROR 2013 (HY000): Lost connection to MySQL server at 'reading initial communication packet', system error: 0",
      'service-starting',
      'health_check',
      true
    ],
    [
      "a server's connection cap",
      'stderr: ERROR 1040 (08004): Too many connections',
      'server-limit-reached',
      'resource',
      false
    ],
    [
      "Gradle's cache lock",
      'Timeout waiting to lock file hash cache (/var/lib/jenkins/.gradle/caches/4.4/fileHashes). It is currently in use by another Gradle instance.',
      'package-lock-held',
      'resource',
      true
    ],
    [
      'a Go toolchain older than the code',
      'golang.org/x/mod/semver: cannot compile Go 1.22 code',
      'runtime-too-old',
      'configuration',
      false
    ],
    [
      'two installed packages that disagree',
      "ImportError: cannot import name 'soft_unicode' from 'markupsafe' (/usr/local/lib/python3.8/dist-packages/markupsafe/__init__.py)",
      'installed-packages-disagree',
      'dependency',
      false
    ],
    [
      'an end-of-life distribution',
      "Error: Failed to download metadata for repo 'appstream': Cannot prepare internal mirrorlist: No URLs in mirrorlist",
      'distribution-retired',
      'configuration',
      false
    ],
    [
      'an artifact no job uploaded',
      'Error: Unable to download artifact(s): Artifact not found for name: packages',
      'artifact-never-uploaded',
      'configuration',
      false
    ],
    [
      'a Cassandra that is not up',
      'NoHostAvailableException: All host(s) tried for query failed',
      'connection-refused',
      'health_check',
      true
    ]
  ])('%s', (_name, output, rule, category, retryable) => {
    const found = failed(output)
    expect([found.rule.name, found.rule.category, found.rule.retryable]).toEqual([
      rule,
      category,
      retryable
    ])
  })

  it('calls a reset from this machine the service under test, a reset from a remote host the network', () => {
    const local = failed(
      "E   urllib3.exceptions.MaxRetryError: HTTPConnectionPool(host='localhost', port=8080): Max retries exceeded (Caused by ProtocolError('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer')))"
    )
    expect([local.rule.name, local.rule.category, local.rule.strategy]).toEqual([
      'service-connection-failed',
      'health_check',
      'wait-for-health'
    ])
    // the network rule it came from is kept as the runner-up, for the journal
    expect(local.runnerUp?.rule.name).toBe('connection-reset')
    const remote = failed(
      "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='pypi.org', port=443): ('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))"
    )
    expect([remote.rule.name, remote.rule.category]).toEqual(['connection-reset', 'network'])
  })

  it("finds the host of a line that names none on the command line just above it (curl's empty reply)", () => {
    const local = failed('$ curl http://localhost:8080/\ncurl: (52) Empty reply from server', 52)
    expect(local.rule.category).toBe('health_check')
    const remote = failed(
      '$ curl https://downloads.example.org/x.tgz\ncurl: (52) Empty reply from server',
      52
    )
    expect(local.rule.name).toBe('service-connection-failed')
    expect(remote.rule.category).toBe('network')
  })

  it('calls a refusal from a host on the internet the network, and one from a services: container the service', () => {
    const remote = failed(
      '  [7] Could not connect to server (Failed to connect to static.crates.io port 443 after 1019 ms: Could not connect to server)',
      101
    )
    expect([remote.rule.name, remote.rule.category, remote.rule.strategy]).toEqual([
      'remote-connection-refused',
      'network',
      'backoff'
    ])
    expect(remote.runnerUp?.rule.name).toBe('connection-refused')
    const container = failed('Error: connect ECONNREFUSED postgres:5432 (host=postgres)')
    expect(container.rule.name).toBe('connection-refused')
  })

  it('leaves a user rule alone even when its line names this machine', () => {
    const found = failed('Connection reset by peer (127.0.0.1:8080)', 1, {}, [
      userRule('connection-reset', /Connection reset/),
      ...BUILTIN_RULES.filter(r => r.name !== 'connection-reset')
    ])
    expect(found.rule.category).toBe('network')
  })
})

describe('causes rounds 6 and 7 taught (each fails when its rule or pattern is removed)', () => {
  it.each([
    [
      "a readiness script's own verdict",
      'Container app-db-1  Started\nPostgres did not become ready\nmake: *** [Makefile:51: check] Error 1',
      'service-never-ready',
      'health_check'
    ],
    [
      'a node that did not start in its wait',
      'Error: failed to create cluster: node ci-worker-2 did not start in 40s: node state is not Running',
      'service-never-ready',
      'health_check'
    ],
    [
      'a browser refused by the app under test',
      'page.goto: net::ERR_CONNECTION_REFUSED at https://localhost:18823/',
      'connection-refused',
      'health_check'
    ],
    [
      'a Kafka partition without a leader yet',
      'kafka server: In the middle of a leadership election, there is currently no leader for this partition',
      'service-starting',
      'health_check'
    ],
    [
      "apk's unreachable index, not the packages it then names",
      'WARNING: updating and opening https://dl-cdn.alpinelinux.org/alpine/v3.18/main: temporary error (try again later)\nERROR: unable to select packages:\n  make (no such package):\n    required by: world[make]',
      'package-index-unavailable',
      'network'
    ],
    [
      "a download bazel's fetch lost",
      "ERROR: no such package '@zlib//': java.io.IOException: Error downloading [https://example.org/zlib.tar.gz] to /tmp/x",
      'transfer-failed',
      'network'
    ],
    [
      "deno's module host not answering",
      'error: error sending request for url (https://deno.land/std/semver/mod.ts)',
      'transfer-failed',
      'network'
    ],
    [
      "a CI agent's channel lost mid-build",
      "Caused: java.io.IOException: Backing channel 'JNLP4-connect connection from agent-7/10.0.0.7:63622' is disconnected.",
      'connection-reset',
      'network'
    ],
    [
      "the cache backend's own incident notice",
      'Warning: An internal error has occurred in cache backend. Please check https://www.githubstatus.com/ for any ongoing issue in actions.',
      'remote-5xx',
      'network'
    ],
    ["yum's lock", 'yum lockfile is held by another process', 'package-lock-held', 'resource'],
    [
      "yum's lock, in its own words",
      'Existing lock /var/run/yum.pid: another copy is running as pid 311.',
      'package-lock-held',
      'resource'
    ],
    ['a Jenkins agent lost', 'Agent went offline during the build', 'connection-reset', 'network'],
    [
      "Kafka's leader error code",
      'producer error: LEADER_NOT_AVAILABLE',
      'service-starting',
      'health_check'
    ],
    [
      'a uses: ref the runner cannot download',
      "##[warning]Failed to download action 'https://api.github.com/repos/o/a/tarball/vmaster'. Error Response status code does not indicate success: 404 (Not Found).",
      'action-ref-missing',
      'configuration'
    ],
    [
      "Gradle's lost download under its resolution wrapper",
      "> Could not resolve all files for configuration ':classpath'.\n   > Could not resolve a:b:1.0.\n      > Could not get resource 'https://plugins.gradle.org/m2/a/b/1.0/b-1.0.pom'.",
      'transfer-failed',
      'network'
    ],
    [
      "bun's damaged tarball",
      'error: Integrity check failed for tarball: three\nerror: IntegrityCheckFailed extracting tarball from three',
      'transfer-failed',
      'network'
    ],
    [
      'a 5xx a tool says it received',
      '✔ received 502 error, 5 attempts remaining',
      'generic-server-error',
      'network'
    ],
    [
      "a dev server that missed jest's start window",
      'Error: Server has taken more than 5000ms to start.',
      'service-never-ready',
      'health_check'
    ],
    [
      "curl's 404 with another exit code",
      'curl: (56) The requested URL returned error: 404',
      'url-not-found',
      'configuration'
    ],
    [
      'an account quota used up, before the fetch error it causes',
      'batch response: This repository is over its data quota.\nerror: failed to fetch some objects from https://example.org/x.git/info/lfs',
      'quota-exhausted',
      'resource'
    ],
    [
      'a download refused by the registry, not the service under test',
      'error: ConnectionRefused downloading tarball left-pad@1.3.0',
      'download-refused',
      'network'
    ],
    [
      "buildkit's cache key lost to a broken read, not a missing path",
      'ERROR: failed to solve: failed to compute cache key: failed to copy: read tcp 10.1.0.4:4431->10.2.0.9:443: read: connection timed out',
      'network-timeout',
      'network'
    ],
    [
      'a download whose server answered 404, under a fetch wrapper',
      'ERROR: repository @zlib failed to fetch: Error downloading [https://example.org/zlib.tar.gz]: GET returned 404 Not Found',
      'package-not-found',
      'dependency'
    ],
    [
      "curl's transfer cut short",
      'curl: (18) transfer closed with 1598752 bytes remaining to read',
      'transfer-failed',
      'network'
    ],
    [
      'a 5xx worded as a status code',
      'A 503 status code has been received, will attempt to retry the upload',
      'remote-5xx',
      'network'
    ],
    [
      'a request error with no status',
      'Internal Error: Error when performing the request to https://registry.example.org/yarn',
      'generic-server-error',
      'network'
    ],
    [
      'a compiler the kernel killed',
      'c++: internal compiler error: Killed (program cc1plus)',
      'build-process-killed',
      'resource'
    ],
    [
      'a build daemon that vanished',
      'Gradle build daemon disappeared unexpectedly (it may have been killed or may have crashed)',
      'build-process-killed',
      'resource'
    ],
    [
      "bazel's server gone",
      "Server terminated abruptly (error code: 14, error message: '', log file: 'x')",
      'build-process-killed',
      'resource'
    ],
    [
      "curl's HTTP/2 framing error",
      'curl failed [16] Error in the HTTP2 framing layer',
      'connection-reset',
      'network'
    ],
    [
      "docker's registry request cut to EOF",
      'Error response from daemon: Get "https://registry.example.org/v2/": EOF',
      'connection-reset',
      'network'
    ],
    [
      "Windows' TLS channel",
      'The request was aborted: Could not create SSL/TLS secure channel.',
      'tls-failure',
      'network'
    ],
    [
      "Java's TLS record that failed to decrypt",
      'Caused by: javax.crypto.AEADBadTagException: Tag mismatch!',
      'tls-failure',
      'network'
    ],
    [
      "Java's download cut short",
      'Error: java.io.IOException: fixed content-length: 204813376, bytes received: 45570888',
      'transfer-failed',
      'network'
    ],
    [
      'a retired major of a GitHub action',
      'Error: This request has been automatically failed because it uses a deprecated version of `actions/upload-artifact: v3`.',
      'action-deprecated',
      'configuration'
    ],
    [
      "PyPI's trusted publisher that does not match",
      '* `invalid-publisher`: valid token, but no corresponding publisher',
      'auth-failed',
      'configuration'
    ],
    [
      "a test harness's own wait for a container that gave up",
      'E       Exception: Cannot wait RabbitMQ container',
      'service-never-ready',
      'health_check'
    ],
    [
      'a linter built with an older Go than the module targets',
      "Error: can't load config: the Go language version (go1.21) used to build golangci-lint is lower than the targeted Go version (1.22)",
      'tool-built-for-older-version',
      'configuration'
    ],
    [
      'a timeout flag on an echoed command line is no timeout',
      ['  golangci-lint run --timeout=5m', 'Error: the tool stopped'].join('\n'),
      'unknown',
      'unknown'
    ],
    [
      "Maven's block on plain-http repositories",
      'Could not transfer artifact a:b:jar:1.0 from/to maven-default-http-blocker (http://0.0.0.0/): Blocked mirror for repositories: [old (http://repo.example.org, default, releases)]',
      'plain-http-repository-blocked',
      'configuration'
    ],
    [
      "wget's warning about a certificate it ignores, before the server's 503",
      [
        '10:00:00  Fetching the templating engine',
        '10:00:00  --2020-06-11 10:00:00--  https://mirror.example.org/engine/2.3/engine-bin.tar.gz',
        '10:00:00  Resolving mirror.example.org (mirror.example.org)... 192.0.2.15',
        '10:00:01  Connecting to mirror.example.org (mirror.example.org)|192.0.2.15|:443... connected.',
        "10:00:01  WARNING: cannot verify mirror.example.org's certificate, issued by 'CN=Example CA':",
        '10:00:01    Issued certificate has expired.',
        '10:00:01  HTTP request sent, awaiting response... 503 Service Unavailable',
        '10:00:01  2020-06-11 10:00:01 ERROR 503: Service Unavailable.'
      ].join('\n'),
      'remote-5xx',
      'network'
    ],
    [
      'an image built for another CPU',
      '#5 0.21 exec /bin/sh: exec format error',
      'platform-mismatch',
      'configuration'
    ],
    [
      "a node binary newer than the container's C library",
      "/__e/node20/bin/node: /lib64/libc.so.6: version `GLIBC_2.28' not found (required by /__e/node20/bin/node)",
      'platform-mismatch',
      'configuration'
    ],
    [
      'an unknown SSH host',
      'Host key verification failed.',
      'ssh-host-key-unknown',
      'configuration'
    ],
    [
      'a NumPy 2 removal',
      'AttributeError: `np.float_` was removed in the NumPy 2.0 release. Use `np.float64` instead.',
      'dependency-api-removed',
      'dependency'
    ],
    [
      'a Mongo replica set that has not elected its primary yet',
      'MongoServerError: NotPrimaryNoSecondaryOk: not master and slaveOk=false',
      'service-starting',
      'health_check'
    ],
    [
      'a simulator that did not boot',
      'xctest encountered an error (Unable to boot the Simulator. launchd failed to respond.)',
      'device-not-started',
      'health_check'
    ],
    [
      'a runner that went away',
      'The self-hosted runner: r1 lost communication with the server. Verify the machine is running and has a healthy network connection.',
      'runner-lost',
      'resource'
    ],
    [
      "rollup's native package left out by npm's optional-dependency bug",
      'Error: Cannot find module @rollup/rollup-linux-x64-gnu. npm has a bug related to optional dependencies',
      'node-module-not-found',
      'dependency'
    ]
  ])('%s', (_name, output, rule, category) => {
    const found = failed(output)
    expect([found.rule.name, found.rule.category]).toEqual([rule, category])
  })

  it('retries a compiler the kernel killed, but not a runner that went away', () => {
    expect(failed('c++: internal compiler error: Killed (program cc1plus)').rule.retryable).toBe(
      true
    )
    expect(
      failed(
        'The self-hosted runner: r1 lost communication with the server. Verify the machine is running.'
      ).rule.retryable
    ).toBe(false)
  })

  it.each([
    [
      "a Rust test's panic",
      [
        "thread 'db::tests::connects' panicked at 'failed to connect to Postgres: Error { kind: Io, cause: Some(Os { code: 104, kind: ConnectionReset, message: \"Connection reset by peer\" }) }', src/db.rs:40:14",
        'test result: FAILED. 10 passed; 1 failed; 0 ignored'
      ]
    ],
    [
      "mocha's numbered failure under its count",
      [
        '    ✓ adds one (12ms)',
        '    1) "after all" hook for "adds one"',
        '',
        '  2 passing (1s)',
        '  1 failing',
        '',
        '  1) Counter',
        '       "after all" hook for "adds one":',
        '     Uncaught Error: connect ECONNREFUSED 127.0.0.1:8080',
        '      at TCPConnectWrap.afterConnect [as oncomplete] (net.js:1159:16)'
      ]
    ],
    [
      "jest's block under its ● header",
      [
        ' FAIL  src/api.test.js',
        '  ● api › lists items',
        '',
        '    connect ECONNREFUSED 127.0.0.1:9876',
        '',
        'Tests:       1 failed, 3 passed, 4 total'
      ]
    ]
  ])('reads the reason under a runner block: %s', (_name, lines) => {
    const found = failed(lines.join('\n'))
    expect(found.rule.category).not.toBe('test')
    expect(found.reasons).toContain('the reason of all 1 failed tests')
  })

  it("keeps a test failure when jest's block holds the test's own expectation", () => {
    const found = failed(
      [
        '  ● api › lists items',
        '',
        '    expect(received).toBe(expected) // Object.is equality',
        '    connect ECONNREFUSED 127.0.0.1:9876',
        '',
        'Tests:       1 failed, 3 passed, 4 total'
      ].join('\n')
    )
    expect(found.rule.category).toBe('test')
  })

  it('keeps a test failure whose reason is a more specific cause than a refusal (an IPv6 localhost)', () => {
    const found = failed(
      [
        '  0 passing (9ms)',
        '  1 failing',
        '  1) "before all" hook in "{root}":',
        '     Error: connect ECONNREFUSED ::1:8181',
        '      at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)'
      ].join('\n')
    )
    expect(found.rule.category).toBe('test')
    expect(found.runnerUp?.rule.name).toBe('localhost-is-ipv6')
  })
})

describe('causes round 10 taught (each fails when its rule, pattern or step is removed)', () => {
  it.each([
    [
      "Cloudflare's 530 from a registry",
      'ERROR! Error when finding available api versions from default (https://galaxy.example.org) (HTTP Code: 530, Message: )',
      'remote-5xx',
      'network'
    ],
    [
      'a simulator that did not boot in time',
      'xcodebuild[100:200]  iPhoneSimulator: Timed out waiting 120 seconds for simulator to boot, current state is 1.',
      'device-not-started',
      'health_check'
    ],
    [
      "pip's download broken inside urllib3's read",
      [
        'ERROR: Exception:',
        'Traceback (most recent call last):',
        '  File "/usr/lib/python3/site-packages/pip/_vendor/urllib3/response.py", line 438, in _error_catcher',
        '    yield'
      ].join('\n'),
      'transfer-failed',
      'network'
    ],
    [
      'a binary download answered 404',
      [
        'Error: Failed downloading the Example binary.',
        'Response code: 404',
        'Response message: Not Found'
      ].join('\n'),
      'package-not-found',
      'dependency'
    ],
    [
      'a Go toolchain older than go.mod asks, with downloads of toolchains turned off',
      'go: go.mod requires go >= 1.25.1 (running go 1.24.3; GOTOOLCHAIN=local)',
      'runtime-too-old',
      'configuration'
    ],
    [
      'a chart repository never added',
      "Error: no repository definition for https://charts.example.org. Please add the missing repos via 'helm repo add'",
      'setup-incomplete',
      'configuration'
    ],
    [
      'no prebuilt binary for the settings',
      "ERROR: Missing prebuilt package for 'zlib/1.3'",
      'setup-incomplete',
      'configuration'
    ],
    [
      'a .pypirc without the named section',
      "InvalidConfiguration: Missing 'staging' section from the configuration file",
      'setup-incomplete',
      'configuration'
    ],
    [
      'a dependency cache with no file to key on',
      'Error: No file in /home/runner/work/app matched to [**/requirements.txt], make sure you have checked out the target repository',
      'setup-incomplete',
      'configuration'
    ],
    [
      'a host limit a search engine needs raised',
      'ERROR: [1] bootstrap checks failed. max virtual memory areas vm.max_map_count [65530] is too low, increase to at least [262144]',
      'setup-incomplete',
      'configuration'
    ],
    [
      'a runner told to shut down',
      '##[error]The runner has received a shutdown signal. This can happen when the runner service is stopped.',
      'runner-lost',
      'resource'
    ],
    [
      "NuGet's package downgrade, an error under warnings-as-errors",
      'error NU1605: Detected package downgrade: Example.Json from 13.0.1 to 12.0.3.',
      'package-not-found',
      'dependency'
    ],
    [
      "a Rust harness's own panic after the download that failed it",
      [
        'error: failed to download from `https://crates.example.org/api/v1/crates/serde/1.0.0/download`',
        'Caused by:',
        '  failed to get 200 response from `https://static.crates.example.org/crates/serde/serde-1.0.0.crate`, got 504',
        "thread 'main' panicked at 'tests failed for https://example.org/tool', src/tools/harness/main.rs:88:9"
      ].join('\n'),
      'remote-5xx',
      'network'
    ],
    [
      "a Rust program's crash that names no cause",
      "thread 'main' panicked at src/main.rs:12:5:\nindex out of bounds: the len is 3 but the index is 7",
      'program-panic',
      'test'
    ],
    [
      "mypy's verdict on the project's own code",
      'app/render.py:154: error: invalid syntax  [syntax]',
      'compile-error',
      'test'
    ]
  ])('%s', (_name, output, rule, category) => {
    const found = failed(output)
    expect([found.rule.name, found.rule.category]).toEqual([rule, category])
  })

  it('names the strongest outside cause when it follows the failed test block', () => {
    const found = failed(
      [
        'Error:  Tests run: 1, Failures: 0, Errors: 1, Skipped: 0, Time elapsed: 3.1 s <<< FAILURE! -- in app.DbIT',
        'Error:  app.DbIT -- Time elapsed: 3.1 s <<< ERROR!',
        'org.testcontainers.containers.ContainerLaunchException: Container startup failed for image db:latest',
        '',
        'Caused by: com.github.dockerjava.api.exception.DockerClientException: Could not build image: toomanyrequests: You have reached your pull rate limit.'
      ].join('\n')
    )
    expect([found.rule.name, found.rule.category]).toEqual(['rate-limited', 'network'])
    expect(found.reasons).toContain('the reason of all 1 failed tests')
  })
})

describe('causes round 11 taught (each fails when its rule or pattern is removed)', () => {
  it.each([
    [
      "a stream closed early (node-fetch's words)",
      'Premature close\nWaiting 16 seconds before trying again\n##[error]Premature close',
      1,
      'connection-reset',
      'network'
    ],
    [
      "Windows' words for a connection cut during a download",
      'Exception in thread "main" java.net.SocketException: Software caused connection abort: socket write error',
      1,
      'connection-reset',
      'network'
    ],
    [
      'Postgres restarting after its init scripts',
      'psql: error: connection to server at "db" (172.18.0.2), port 5432 failed: FATAL:  the database system is shutting down',
      2,
      'service-starting',
      'health_check'
    ],
    [
      'a hosted agent that disconnected',
      '##[error]The hosted runner encountered an error while running your job. (Error Type: Disconnect).',
      1,
      'runner-lost',
      'resource'
    ],
    [
      "Kotlin's compiler out of memory",
      "   > Not enough memory to run compilation. Try to increase it via 'gradle.properties':",
      1,
      'out-of-memory',
      'resource'
    ],
    [
      "a pinned archive whose upstream changed (vcpkg's hash)",
      [
        'D:\\a\\app\\vcpkg\\downloads\\lib-1.0.tar.gz.12.part: error: download from https://example.org/lib/archive/1.0.tar.gz had an unexpected hash',
        'CMake Error at scripts/cmake/vcpkg_download_distfile.cmake:124 (message):',
        '  Download failed, halting portfile.'
      ].join('\n'),
      1,
      'lockfile-mismatch',
      'dependency'
    ],
    [
      "a token service's 503 on a line of its own, under its failure header",
      'Error: Trusted publishing exchange failure: \nToken request failed: the index produced an unexpected\n503 response.',
      1,
      'index-5xx',
      'network'
    ],
    [
      'a silent curl that could not resolve its host',
      '  curl -Ls https://api.example.org/releases/latest | jq -r .url\nError: Process completed with exit code 6.',
      6,
      'curl-exit',
      'network'
    ]
  ])('%s', (_name, output, exitCode, rule, category) => {
    const found = failed(output, exitCode)
    expect([found.rule.name, found.rule.category]).toEqual([rule, category])
  })

  it("calls a silent curl's refusal from this machine the service under test", () => {
    const found = failed('  curl -fs http://127.0.0.1:8080/health', 7)
    expect(found.rule.category).toBe('health_check')
  })

  it('names no curl cause when the exit status is not one of curl’s network codes', () => {
    expect(failed('  curl -fs https://api.example.org/x', 22).rule.name).not.toBe('curl-exit')
  })
})

describe('causes round 12 taught (each fails when its rule or pattern is removed)', () => {
  it.each([
    [
      'a hosted runner that lost communication',
      'The hosted runner: GitHub Actions 5 lost communication with the server. Anything in your workflow that terminates the runner process can cause this error.',
      'runner-lost',
      'resource'
    ],
    [
      "a Jenkins agent's channel that closed",
      '00:28:47 FATAL: Channel "unknown": Remote call on JNLP4-connect connection from agent/192.0.2.8:43072 failed. The channel is closing down or has closed down',
      'connection-reset',
      'network'
    ],
    [
      "a registry's EOF, unquoted",
      'Error response from daemon: Get https://registry.example.org/v2/: EOF',
      'connection-reset',
      'network'
    ],
    [
      'a response cut off mid-JSON, not a config file',
      'RequestError [HttpError]: Unexpected end of JSON input',
      'transfer-failed',
      'network'
    ],
    [
      'a downloaded archive cut short',
      "'/home/runner/work/app/vendor/composer/tmp-1a2b.zip' is not a zip archive.",
      'transfer-failed',
      'network'
    ],
    [
      "a provider registry's discovery that failed",
      'Failed to request discovery document: Get',
      'transfer-failed',
      'network'
    ],
    [
      "Windows' lock on a file another process holds",
      "System.IO.IOException: The process cannot access the file 'D:\\a\\_temp\\env_1' because it is being used by another process.",
      'file-in-use',
      'resource'
    ]
  ])('%s', (_name, output, rule, category) => {
    const found = failed(output)
    expect([found.rule.name, found.rule.category]).toEqual([rule, category])
  })

  it('retries a file another process holds, but not a lost runner', () => {
    expect(
      failed('The process cannot access the file because it is being used by another process.').rule
        .retryable
    ).toBe(true)
    expect(failed('The hosted runner: r1 lost communication with the server.').rule.retryable).toBe(
      false
    )
  })
})

describe('causes round 13 taught (each fails when its rule or pattern is removed)', () => {
  it.each([
    [
      'a build tool on an older JDK than it needs',
      '> Android Gradle plugin requires Java 17 to run. You are currently using Java 11.',
      'toolchain-missing',
      'configuration'
    ],
    [
      'a Gradle toolchain that no repository provides',
      '> Cannot find a Java installation on your machine matching this tasks requirements: {languageVersion=17}',
      'toolchain-missing',
      'configuration'
    ],
    [
      'a meson older than the project asks for',
      'meson.build:1:0: ERROR: Meson version is 0.49.2 but project requires >=0.50.',
      'toolchain-missing',
      'configuration'
    ],
    [
      'a Windows SDK the agent lacks',
      'error MSB8036: The Windows SDK version 10.0.15063.0 was not found.',
      'toolchain-missing',
      'configuration'
    ],
    [
      'an interpreter nox cannot find',
      'nox > Session tests-3.12 failed: Python interpreter 3.12 not found.',
      'toolchain-missing',
      'configuration'
    ],
    [
      'an Xcode destination the runner lacks',
      'xcodebuild: error: Unable to find a destination matching the provided destination specifier:',
      'toolchain-missing',
      'configuration'
    ],
    [
      'signing with no team, over the "(1 failure)" summary after it',
      'Signing for "App" requires a development team. Select a development team in the project editor.\n** BUILD FAILED **\n(1 failure)',
      'signing-not-configured',
      'configuration'
    ],
    [
      'a release tool with no token',
      '[semantic-release] » ×  ENOGHTOKEN No GitHub token specified.',
      'auth-failed',
      'configuration'
    ],
    [
      "Bazel 8's disabled WORKSPACE",
      "ERROR: No repository visible as '@platforms' from main repository. The WORKSPACE file is disabled by default in Bazel 8",
      'platform-mismatch',
      'configuration'
    ],
    [
      "a new glibc's resolver thread under an old seccomp profile, not DNS",
      "Curl error (6): Couldn't resolve host name for https://mirrors.example.org/metalink [getaddrinfo() thread failed to start]",
      'platform-mismatch',
      'configuration'
    ],
    [
      "buildah's short names without a TTY",
      'error creating build container: short-name resolution enforced but cannot prompt without a TTY',
      'platform-mismatch',
      'configuration'
    ],
    [
      "CentOS 7's mirrorlist host, taken down",
      '14: curl#6 - "Could not resolve host: mirrorlist.centos.org; Unknown error"',
      'distribution-retired',
      'configuration'
    ],
    [
      "CentOS 8's AppStream",
      "Error: Failed to download metadata for repo 'AppStream'",
      'distribution-retired',
      'configuration'
    ],
    [
      'a fastlane action that does not exist',
      "[!] Could not find action, lane or variable 'esc'. Check out the documentation",
      'bad-option',
      'configuration'
    ],
    [
      'a release run over a checkout the job dirtied',
      '⨯ release failed after 0s                  error=git is in a dirty state',
      'setup-incomplete',
      'configuration'
    ],
    [
      "requests' 404, over the fetch failure it explains",
      "failed to reach any of the inventories with the following issues:\nintersphinx inventory 'https://docs.example.org/objects.inv' not fetchable due to <class 'requests.exceptions.HTTPError'>: 404 Client Error: Not Found for url: https://docs.example.org/objects.inv",
      'url-not-found',
      'configuration'
    ],
    [
      'an SDK package sdkmanager no longer has',
      "Warning: Failed to find package 'tools'",
      'package-not-found',
      'dependency'
    ],
    [
      'a yum repository whose repomd.xml is gone',
      "  - Status code: 404 for https://repo.example.org/el8/repodata/repomd.xml (IP: 192.0.2.1)\nError: Failed to download metadata for repo 'extra': Cannot download repomd.xml",
      'package-not-found',
      'dependency'
    ],
    [
      'a package every mirror answers 404 for',
      'Error: Failed to download from mirror set:\nhttps://mirror.example.org/msys/x86_64/binutils-2.34-4-x86_64.pkg.tar.zst: failed: status code 404',
      'package-not-found',
      'dependency'
    ],
    [
      "cargo's --locked",
      'error: the lock file /w/Cargo.lock needs to be updated but --locked was passed to prevent this',
      'lockfile-mismatch',
      'dependency'
    ],
    [
      "uv's --locked",
      'The lockfile at `uv.lock` needs to be updated, but `--locked` was provided. To update the lockfile, run `uv lock`.',
      'lockfile-mismatch',
      'dependency'
    ],
    [
      'a Nix fixed-output hash that moved',
      "error: hash mismatch in fixed-output derivation '/nix/store/abc-patch.diff.drv':",
      'lockfile-mismatch',
      'dependency'
    ],
    [
      "Java's TLS handshake, cut by the remote",
      'Exception in thread "main" javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake',
      'tls-failure',
      'network'
    ],
    [
      "Hex's socket closed by the registry",
      'Last message: {:get_package, "hexpm", "plug", {:error, :socket_closed_remotely}}',
      'connection-reset',
      'network'
    ],
    [
      'a build index no hex.pm mirror served',
      'Could not fetch /builds/otp/ubuntu-22.04/builds.txt from any hex.pm mirror',
      'transfer-failed',
      'network'
    ],
    [
      "a gzip stream cut short, not a shell's syntax error",
      'gyp ERR! configure error\ngyp ERR! stack Error: unexpected end of file',
      'transfer-failed',
      'network'
    ],
    [
      'an emulator whose adb shell does not answer yet',
      'Caused by: com.android.ddmlib.ShellCommandUnresponsiveException',
      'device-not-started',
      'health_check'
    ],
    [
      "mypy's summary",
      'src/app.py:41: error: Library stubs not installed for "tabulate"\nFound 2 errors in 2 files (checked 312 source files)',
      'compile-error',
      'test'
    ]
  ])('%s', (_name, output, rule, category) => {
    const found = failed(output)
    expect([found.rule.name, found.rule.category]).toEqual([rule, category])
  })

  it("does not read a shell's own syntax error as a download cut short", () => {
    expect(failed('./build.sh: line 9: syntax error: unexpected end of file').rule.name).not.toBe(
      'transfer-failed'
    )
  })
})

describe('causes round 14 taught (each fails when its rule or pattern is removed)', () => {
  it.each([
    [
      "AddressSanitizer's report",
      '==4242==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010',
      'sanitizer-report',
      'test'
    ],
    [
      "UndefinedBehaviorSanitizer's report",
      'parse.c:311:15: runtime error: left shift of negative value -1',
      'sanitizer-report',
      'test'
    ],
    [
      'a service plan used up',
      'This Nx Cloud organization has been disabled due to exceeding the FREE plan.',
      'server-limit-reached',
      'resource'
    ],
    [
      'an npm script that does not exist',
      '[WebServer] npm error Missing script: "dev"',
      'command-not-found',
      'configuration'
    ],
    [
      'a platform toolset the runner lacks',
      "error MSB8020: The build tools for Visual Studio 2022 (Platform Toolset = 'v143') cannot be found.",
      'toolchain-missing',
      'configuration'
    ],
    [
      "a pnpm older than the project's engines",
      'Your pnpm version is incompatible with "/home/runner/work/app/app".',
      'toolchain-missing',
      'configuration'
    ],
    [
      "Maven's enforcer on the JDK",
      'Error:  Rule 0: org.apache.maven.plugins.enforcer.RequireJavaVersion failed with message',
      'toolchain-missing',
      'configuration'
    ],
    [
      'a linker the runner lacks, over the compile failure it causes',
      'error: linker `x86_64-unknown-linux-gnu-gcc` not found\nerror: could not compile `demo` (build script)',
      'linker-missing',
      'configuration'
    ],
    [
      'a host under .invalid, which never resolves',
      'Get http://proxy.invalid/sumdb/sum.golang.org/supported: dial tcp: lookup proxy.invalid on 10.0.0.2:53: no such host',
      'unknown-service-host',
      'configuration'
    ],
    [
      "git's RPC failure with a 404, not a transfer cut off",
      'error: RPC failed; result=22, HTTP code = 404\nfatal: The remote end hung up unexpectedly',
      'git-http-client-error',
      'configuration'
    ],
    [
      "AWS's throttling",
      'An error occurred (Throttling) when calling the ValidateTemplate operation (reached max retries: 2): Rate exceeded',
      'rate-limited',
      'network'
    ],
    [
      "curl's wording of a host it could not resolve",
      "fatal: unable to access 'https://github.com/o/r.git/': Couldn't resolve host 'github.com'",
      'dns-failure',
      'network'
    ],
    [
      'a downloaded binary whose checksum is not the one expected',
      'npm error Expected downloaded file to have checksum: b789ef',
      'transfer-failed',
      'network'
    ],
    [
      'a tarball bun could not extract',
      'error: Fail extracting tarball for "mermaid"',
      'transfer-failed',
      'network'
    ],
    [
      'sources opam could not fetch',
      "[ERROR] The sources of the following couldn't be obtained, aborting:",
      'transfer-failed',
      'network'
    ],
    [
      "bun's 5xx",
      'error: GET https://api.github.com/repos/o/r/tarball/1c30d7d - 504',
      'remote-5xx',
      'network'
    ]
  ])('%s', (_name, output, rule, category) => {
    const found = failed(output)
    expect([found.rule.name, found.rule.category]).toEqual([rule, category])
  })

  it("still retries git's RPC failure with a 5xx or a 429", () => {
    expect(failed('error: RPC failed; result=22, HTTP code = 502').rule.retryable).toBe(true)
    expect(failed('error: RPC failed; result=22, HTTP code = 429').rule.retryable).toBe(true)
  })
})

describe('causes round 15 taught (each fails when its rule or pattern is removed)', () => {
  it.each([
    [
      "Pulumi's stack held by another update",
      'error: [409] Conflict: Another update is currently in progress.',
      'package-lock-held',
      'resource'
    ],
    [
      "coursier's cache lock race",
      'Error:      Caught java.nio.channels.OverlappingFileLockException while downloading https://repo1.maven.org/maven2/a/b/1.0/b-1.0.jar',
      'package-lock-held',
      'resource'
    ],
    [
      "Azure Pipelines' lost agent",
      '[error]We stopped hearing from agent Hosted Agent. Verify the agent machine is running.',
      'runner-lost',
      'resource'
    ],
    [
      "PgJDBC's refused connection to the database it starts",
      'Caused by: org.postgresql.util.PSQLException: Connection to localhost:32786 refused.',
      'connection-refused',
      'health_check'
    ],
    ["request-promise's 5xx", 'StatusCodeError: 503 - "<!DOCTYPE html>"', 'remote-5xx', 'network'],
    [
      "dbt's failed package fetch",
      'External connection exception occurred: not a gzip file',
      'transfer-failed',
      'network'
    ],
    [
      "etcd's own request timeout",
      'Error from server: etcdserver: request timed out',
      'tool-deadline',
      'timeout'
    ],
    [
      "pytest-timeout's verdict, over the FAILED line's test verdict",
      'FAILED tests/test_io.py::test_slow - Failed: Timeout >300.0s',
      'test-timed-out',
      'timeout'
    ],
    [
      "jest's thrown timeout, over its FAIL line and summary",
      'FAIL  src/api.spec.ts (10.2 s)\n  ● Api › edits\n\n    thrown: "Exceeded timeout of 5000 ms for a test.\n\nTests:       1 failed, 12 passed, 13 total',
      'test-timed-out',
      'timeout'
    ],
    [
      "Hypothesis's deadline, a test that ran slow",
      "        exception  = DeadlineExceeded('Test took 293.01ms, which exceeds the deadline of 200.00ms')",
      'test-timed-out',
      'timeout'
    ],
    [
      "kubectl's rollout past its progress deadline",
      'error: deployment "web" exceeded its progress deadline',
      'tool-deadline',
      'timeout'
    ],
    [
      "Maven's unreadable artifact descriptor, a POM it failed to fetch",
      '[ERROR] Failed to read artifact descriptor for org.acme:lib:jar:1.0',
      'artifact-descriptor-unreadable',
      'network'
    ],
    [
      'curl retrying an HTTP error (it retries only 408, 429 and 5xx)',
      '- Warning: Problem : HTTP error. Will retry in 2 seconds. 10 retries left.',
      'remote-5xx',
      'network'
    ],
    [
      "Testcontainers' wait for a container that never answered",
      'TimeoutError: Wait time (120.0s) exceeded for _connect',
      'service-never-ready',
      'health_check'
    ],
    [
      'MySQL gone away under a test',
      'SQLSTATE[HY000] [2006] MySQL server has gone away',
      'service-starting',
      'health_check'
    ],
    [
      "Prisma's database not up yet",
      "Can't reach database server at `localhost`:`5432`",
      'service-starting',
      'health_check'
    ],
    [
      "nodeenv's cut-off download",
      ' * Install prebuilt node (19.6.0) .Incomplete read while readingfrom https://nodejs.org/dist/node.tar.gz',
      'transfer-failed',
      'network'
    ],
    [
      "node-gyp's missing Python",
      'npm ERR! gyp ERR! find Python You need to install the latest version of Python.',
      'toolchain-missing',
      'configuration'
    ],
    [
      "stack's missing GHC",
      'No compiler found, expected minor version match with ghc-8.0.2 (x86_64)',
      'toolchain-missing',
      'configuration'
    ],
    [
      "npm's engine-strict refusal",
      'npm ERR! code EBADENGINE\nnpm ERR! engine Unsupported engine',
      'runtime-too-old',
      'configuration'
    ],
    [
      "opam's checksum of a re-generated archive",
      '[ERROR] Bad checksum for\n        /home/ci/.opam/packages.dev/pkg.1.0/1.0.tar.gz:',
      'lockfile-mismatch',
      'dependency'
    ],
    [
      "R CMD check's missing Suggests package",
      'Package suggested but not available: ‘somepkg’',
      'package-not-found',
      'dependency'
    ],
    [
      "ansible's missing collection module",
      "ERROR! couldn't resolve module/action 'pip'. This often indicates a missing collection.",
      'package-not-found',
      'dependency'
    ],
    [
      "flake8's --statistics summary",
      "76    E741 ambiguous variable name 'l'",
      'lint-error',
      'test'
    ],
    [
      'an ESLint rule its plugin no longer defines, over the lint error it is printed as',
      "  1:1  error  Definition for rule 'plugin/some-rule' was not found  plugin/some-rule",
      'lint-plugin-missing',
      'dependency'
    ],
    [
      'Testcontainers without a Docker it can use',
      'Error:  main org.testcontainers.dockerclient.DockerClientProviderStrategy: Could not find a valid Docker environment.',
      'platform-mismatch',
      'configuration'
    ],
    [
      "npm's packument still being saved by the last publish, over the 409 under it",
      'npm error 409 Conflict - PUT https://registry.npmjs.org/@acme%2fwidget -\n  Failed to save packument. A common cause is if you try to publish a new package',
      'registry-busy',
      'network'
    ],
    [
      'PyPI in read-only mode, over the 403 it answers with',
      '  HTTP Error 403: Read-only mode: Uploads are temporarily disabled.',
      'registry-busy',
      'network'
    ],
    [
      "zig's fetch cut off by the git server",
      'build.zig.zon:18:20: error: unable to discover remote git server capabilities: EndOfStream',
      'connection-reset',
      'network'
    ],
    [
      'a Cargo.toml cargo cannot read',
      'Caused by: `cargo metadata` exited with an error: error: failed to parse manifest at `/io/Cargo.toml`',
      'manifest-unparsable',
      'configuration'
    ]
  ])('%s', (_name, output, rule, category) => {
    const found = failed(output)
    expect([found.rule.name, found.rule.category]).toEqual([rule, category])
  })

  it('retries the lock races and not the lost agent', () => {
    expect(
      failed('error: [409] Conflict: Another update is currently in progress.').rule.retryable
    ).toBe(true)
    expect(
      failed('[error]We stopped hearing from agent A. Verify the agent machine is running.').rule
        .retryable
    ).toBe(false)
  })
})
