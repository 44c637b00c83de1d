/**
 * Failure classification rules. Each rule names a category, whether it is worth retrying, how to heal
 * it and how decisive its match is (its weight); classify.ts scores every matching line and the best
 * one wins. Built-ins cover the common causes; user rules (rules-file.ts) outrank them and replace
 * built-ins of the same name.
 */

/** Failure categories. `test` is a real test failure: never retried by default. */
export const CATEGORIES = [
  'dependency',
  'configuration',
  'health_check',
  'network',
  'resource',
  'timeout',
  'injection',
  'test',
  'unknown'
] as const
export type Category = (typeof CATEGORIES)[number]

/** What is done between a failure and the retry. */
export const STRATEGIES = [
  'fix-dependencies',
  'wait-for-health',
  'wait-for-stable',
  'backoff',
  'none'
] as const
export type Strategy = (typeof STRATEGIES)[number]

/** The strategy a category gets when its rule names none. */
export const DEFAULT_STRATEGY: Record<Category, Strategy> = {
  dependency: 'fix-dependencies',
  configuration: 'none',
  health_check: 'wait-for-health',
  network: 'backoff',
  resource: 'backoff',
  timeout: 'backoff',
  injection: 'wait-for-stable',
  test: 'none',
  unknown: 'backoff'
}

/** Whether a category is retried when its rule does not say. Only transient causes are. */
export const DEFAULT_RETRYABLE: Record<Category, boolean> = {
  dependency: true,
  configuration: false,
  health_check: true,
  network: true,
  resource: false,
  timeout: true,
  injection: true,
  test: false,
  unknown: false
}

export interface Rule {
  name: string
  category: Category
  /** Matched against each line of the kept output. */
  pattern?: RegExp
  /** Exit codes that match; a signal counts as 128 + its number (SIGKILL is 137). */
  exitCodes?: number[]
  /** Matches attempts that ran past their timeout. */
  onTimeout?: boolean
  retryable: boolean
  strategy: Strategy
  /**
   * How decisive a match is (classify.ts scores each matching line from it). Built-in tiers: 1 a
   * wrapper line, 3 a generic symptom, 5-8 a specific cause, 12 a test runner's verdict, 14 a missing
   * module or an exhausted resource. User rules are 10 and outrank every built-in.
   */
  weight: number
  /** Exit statuses that back the match (e.g. curl's own codes); a match with one scores a little more. */
  exitHint?: number[]
  /** Where the rule came from: `built-in` or a file name. */
  source: string
}

/** The weight of a user rule (before the bonus that puts it above every built-in). */
export const USER_RULE_WEIGHT = 10

interface Extra {
  retryable?: boolean
  exitHint?: number[]
}

function builtin(
  name: string,
  category: Category,
  weight: number,
  match: Pick<Rule, 'pattern' | 'exitCodes' | 'onTimeout'>,
  extra: Extra = {}
): Rule {
  return {
    name,
    category,
    ...match,
    retryable: extra.retryable ?? DEFAULT_RETRYABLE[category],
    strategy: DEFAULT_STRATEGY[category],
    weight,
    ...(extra.exitHint ? { exitHint: extra.exitHint } : {}),
    source: 'built-in'
  }
}

/** Hosts that are this machine: a refusal or a 5xx from one of them is the service under test. */
const LOCAL = String.raw`(localhost|127\.0\.0\.1|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal)`
/** An HTTP status in an HTTP context: after HTTP, status, code, error or response, never bare. */
const HTTP = String.raw`(\bHTTP(\/[\d.]+)?|\bstatus( ?code)?|\bcode|\breturned error|\bresponse( code)?|\berror|\bgot|\bE)[\s:=({]*`
/** 500, 502-504, and Cloudflare's 520-524 and 530 (its origin failed to answer or resolve). */
const FIVE = String.raw`5(00|02|03|04|2[0-4]|30)\b`
const FIVE_TEXT = String.raw`(Internal Server Error|Bad Gateway|Service (Temporarily )?Unavailable|Gateway Time-?out|Origin Connection Time-?out|Origin is unreachable|Web server is down|Unicorn! · GitHub)`

const re = (source: string, flags = 'i'): RegExp => new RegExp(source, flags)

/** A 4xx that is the request's fault: not 403 (auth-failed), 408 or 429 (retried). */
const GIT_HTTP_4XX = String.raw`4(0[0-24-79]|1\d|2[0-8]|[3-9]\d)`

/** The built-in rules. Order only breaks ties between equal scores. */
export const BUILTIN_RULES: readonly Rule[] = [
  builtin('attempt-timeout', 'timeout', 50, { onTimeout: true }),
  // a missing module or an exhausted resource is the cause of whatever follows it
  builtin('python-module-not-found', 'dependency', 14, {
    pattern:
      /ModuleNotFoundError: No module named|ImportError: No module named|ImportError: cannot import name .* from partially/
  }),
  builtin(
    'installed-packages-disagree',
    'dependency',
    13,
    {
      // an installed package imports a name another installed package no longer has: their versions
      // disagree (an old Jinja2 on a new MarkupSafe); a pin must change
      pattern: /ImportError: cannot import name '\w+' from '[\w.]+' \(\S*(site|dist)-packages/
    },
    { retryable: false }
  ),
  builtin('own-module-not-importable', 'configuration', 14.5, {
    // the project's own test or source package: no install provides it, the import path is wrong
    pattern: /No module named '(tests?|src)(\.[\w.]+)?'/
  }),
  builtin('node-module-not-found', 'dependency', 14, {
    pattern:
      /Cannot find module ['"][^'"./][^'"]*['"]|Cannot find module ['"][^'"]*\.node['"]|ERR_MODULE_NOT_FOUND|Cannot find package ['"][^'"./]|Cannot find module @[\w-]+\/[\w.-]+\. /
  }),
  builtin('go-module-missing', 'dependency', 14, {
    pattern:
      /no required module provides package|cannot find package ".*" in any of|missing go\.sum entry|updates to go\.mod needed/
  }),
  builtin(
    'dependency-api-removed',
    'dependency',
    9,
    {
      // an installed release dropped what the code uses, or a pinned toolchain lacks a component:
      // a pin must change
      pattern:
        /was removed in the NumPy 2\.0 release|component '[\w-]+' for target '\S+' is unavailable for download/
    },
    { retryable: false }
  ),
  builtin('java-class-missing', 'dependency', 14, {
    pattern: /java\.lang\.(ClassNotFoundException|NoClassDefFoundError)/
  }),
  builtin('out-of-memory', 'resource', 14, {
    pattern:
      /JavaScript heap out of memory|Allocation failed|\bMemoryError\b|out of memory|OutOfMemoryError|GC overhead limit exceeded|Java heap space|Killed signal terminated program|garbage collector is thrashing|Cannot allocate memory|OOMKilled|oom-kill|\bsignal: killed\b|^\s*Killed\s*$|\[Killed\]|terminated by signal 9\b|signal 9 \[Killed\]|exit code:? 137\b|\bENOMEM\b|Not enough memory to run compilation|JVM heap space is exhausted/i
  }),
  builtin('disk-full', 'resource', 14, {
    pattern:
      /ENOSPC|No space left on device|Disk quota exceeded|not enough (free )?(disk )?space|running out of disk space|flood[- ]stage disk watermark|index read-only \/ allow delete/i
  }),
  builtin('too-many-open-files', 'resource', 14, { pattern: /\bEMFILE\b|[Tt]oo many open files/ }),
  builtin(
    'file-in-use',
    'resource',
    9,
    {
      // Windows' lock on a file another process holds open (an antivirus scan, a cache written by a
      // parallel job): it is gone a moment later, so the step is retried
      pattern: /The process cannot access the file .*because it is being used by another process/
    },
    { retryable: true }
  ),
  builtin(
    'package-lock-held',
    'resource',
    14,
    {
      pattern:
        /Could not get lock \/var\/lib\/(dpkg|apt)|Unable to acquire the dpkg frontend lock|is another process using it\?|Waiting for cache lock|Another active Homebrew \w+ process is already in progress|Timeout waiting to lock|File lock on \S+ could not be obtained|lockfile is held by another process|Existing lock \S+: another copy is running|\bAnother update is currently in progress\b|OverlappingFileLockException/i
    },
    { retryable: true, exitHint: [100] }
  ),
  builtin(
    'quota-exhausted',
    'resource',
    9,
    {
      // a storage or bandwidth quota of the account: it stays used up until a person frees or buys more
      pattern:
        /over (its|your) (data |storage )?quota|storage quota has been (hit|reached|exceeded)|(data|storage|bandwidth) quota (has been )?exceeded/i
    },
    { retryable: false }
  ),
  builtin('oom-kill', 'resource', 4, { exitCodes: [137] }),
  builtin(
    'build-process-killed',
    'resource',
    9,
    {
      // a compiler or build daemon the kernel (or the agent) killed when a busy runner ran short of
      // memory: the corpus has 4 of 5 pass on a rerun, so it is retried (the same kill twice stops)
      pattern:
        /internal compiler error: Killed \(program|build daemon disappeared unexpectedly|^\s*Server terminated abruptly \(error code: \d+/
    },
    { retryable: true }
  ),
  builtin('server-limit-reached', 'resource', 8, {
    // a server's own cap (its connection slots), a machine too small for the tool or a service
    // plan used up: waiting does not free any of them
    pattern:
      /ERROR 1040 \(08004\): Too many connections|FATAL: (sorry, )?too many (connections|clients)|RSRC_INSUFFICIENT_\w+|is less than the minimum allowed|organization has been disabled due to exceeding/
  }),
  builtin(
    'runner-lost',
    'resource',
    8,
    {
      // the runner machine went away: a starved or shut-down runner about as often as a blip (the
      // tune split at round 13: 7 passed on a rerun, 5 did not), so a person reads its diagnostics
      pattern:
        /lost communication with the server\. Verify the machine is running|The runner has received a shutdown signal|The hosted runner encountered an error while running your job\. \(Error Type: Disconnect\)|The hosted runner: .* lost communication with the server|We stopped hearing from agent /
    },
    { retryable: false }
  ),
  builtin(
    'state-lock-held',
    'resource',
    8,
    // Terraform's state lock outlives a crashed run: a person unlocks it, waiting changes nothing
    { pattern: /Error acquiring the state lock|Terraform acquires a state lock/ },
    { retryable: false }
  ),
  // a test runner's own verdict outranks incidental network noise in the same run
  builtin(
    'test-failure',
    'test',
    12,
    {
      pattern:
        /AssertionError|\bTests?:\s+\d+ failed|(?<!port )\b[1-9]\d* (tests? )?(failed|failing)\b(?=\s*(,|\||\bin\b|\(|$))|^\s*FAILED \S|^\s*FAIL\s|--- FAIL:|Tests run:.*(Failures|Errors): [1-9]|There (are|were) (test )?failures|There were failing tests|test result: FAILED|error: test failed|Test Files\s+\d+ failed|^\s*✕ |(?<!thread 'main' )panicked at|^E\s+(assert|AssertionError)|Expected:.*Received:|^\s*● .* › |^_+ ERROR collecting|ImportError while importing test module|errors? during collection|Error: Timeout of \d+ms exceeded|Execution failed for task '[^']*:test'|\d+ tests completed, \d+ failed|XCT\w+ failed|Failed asserting that|^\s*Test Run Failed\.|Assert\.\w+\(\) Failure|WARNING: DATA RACE|race detected during execution of test|The following TestFailure object was thrown/
    },
    { exitHint: [1] }
  ),
  builtin(
    'go-panic',
    'test',
    12,
    // a Go program's own crash (nil pointer, index out of range…); go test's timeout alarm is not one
    { pattern: /^\s*panic: (?!test timed out)\S/ },
    { exitHint: [1, 2] }
  ),
  builtin(
    'program-panic',
    'test',
    3,
    // a Rust program's own crash, not a test's verdict (a test's thread is named after the test):
    // the cause it names (a download's 5xx, a server's limit) decides when a rule knows it
    { pattern: /thread 'main' panicked at/ },
    { exitHint: [101] }
  ),
  builtin(
    'compile-error',
    'test',
    12,
    {
      pattern:
        /error TS\d{4}:|\berror\[E\d{4}\]|\.go:\d+(:\d+)?: (undefined|cannot use|syntax error|missing return|declared and not used|"[^"]+" imported and not used)|COMPILATION ERROR|error: cannot find symbol|\.(java|kt|scala):\[\d+,\d+\] |\.(c|cc|cpp|h|hpp):\d+:\d+: error:|could not compile `|^\s*(SyntaxError(?!.*JSON)|IndentationError|TabError): |^[\w./-]+\.pyi?:\d+: error: .* {2}\[[\w-]+\]\s*$|^Found \d+ errors? in \d+ files? \(checked \d+ source files?\)/
    },
    { exitHint: [1, 2] }
  ),
  builtin(
    'lint-error',
    'test',
    12,
    {
      pattern:
        /✖ \d+ problems? \(\d+ errors?|Found errors in \[[\w-]+\] linter|\d+ chart\(s\) linted, \d+ chart\(s\) failed|Treating warnings as errors because process\.env\.CI = true|^\s*Line \d+:\d+:\s+.*\s{2}[\w@/-]+\/[\w-]+$|^\s*Line \d+:\d+:\s+.*\s{2}no-[\w-]+$|Code style issues (were )?found|Forgot to run Prettier\?|^\s*\d+\s+[EFWC]\d{3} \S|^\s*\d+:\d+\s+error\s|\((errcheck|govet|staticcheck|unused|gosimple|ineffassign|revive|gofmt|goimports|typecheck|gocritic|gosec|misspell|lll)\)$/
    },
    { exitHint: [1] }
  ),
  builtin('segfault', 'test', 10, {
    pattern: /Segmentation fault|SIGSEGV|core dumped|\(SEGFAULT\)/
  }),
  builtin('sanitizer-report', 'test', 12, {
    // AddressSanitizer or UndefinedBehaviorSanitizer caught the project's own code at fault
    pattern: /ERROR: AddressSanitizer: |\.\w+:\d+:\d+: runtime error: /
  }),
  builtin('segfault-exit', 'test', 4, { exitCodes: [139] }),
  builtin(
    'test-worker-crashed',
    'resource',
    13,
    {
      // the runner lost a worker process (memory, the machine): no test failed on its assertions
      pattern: /\[vitest-pool\]: Worker \w+ emitted error|Error: Worker exited unexpectedly/
    },
    { retryable: true }
  ),
  // mistakes a person must fix
  builtin('kube-no-cluster', 'configuration', 9, {
    pattern: /(The connection to the server|Kubernetes cluster unreachable).*localhost:8080/
  }),
  builtin('tool-built-for-older-version', 'configuration', 9, {
    // a linter built with an older toolchain than the project targets: a pin must move
    pattern: /used to build golangci-lint is lower than the targeted Go version/
  }),
  builtin('plain-http-repository-blocked', 'configuration', 9, {
    // Maven 3.8.1+ refuses http:// repositories: the URL must become https
    pattern: /maven-default-http-blocker|Blocked mirror for repositories/
  }),
  builtin('platform-mismatch', 'configuration', 9, {
    // the binary, toolchain or build files do not fit the machine or tool version the job runs
    // (a new glibc that cannot start a thread under an old container runtime's seccomp profile
    // reads as a DNS failure: getaddrinfo's thread is what failed)
    pattern:
      /exec format error|version `GLIBC_[\d.]+' not found|emulation currently requires hardware acceleration|go: download go[\d.]+ for \S+: toolchain not available|Compatibility with CMake < [\d.]+ has been removed|The WORKSPACE file is disabled by default|short-name resolution enforced but cannot prompt without a TTY|getaddrinfo\(\) thread failed to start|Could not find a valid Docker environment/
  }),
  builtin('ssh-host-key-unknown', 'configuration', 9, {
    // the runner does not know the SSH host's key: a person adds it to known_hosts
    pattern: /Host key verification failed/
  }),
  builtin('unknown-service-host', 'configuration', 9, {
    // a bare service name that does not resolve, or a host under .invalid (RFC 2606: it never does)
    pattern:
      /getaddrinfo ENOTFOUND [A-Za-z][\w-]*(?![\w.-])|lookup [A-Za-z][\w-]* on [\d.:]+: no such host|could not translate host name "[A-Za-z][\w-]*" to address|Could not resolve host: [A-Za-z0-9][\w-]*(?![\w.-])|\blookup [\w.-]+\.invalid\b|Resolving [\w-]+ \([\w-]+\)\.\.\. failed/
  }),
  builtin('yaml-syntax', 'configuration', 8, {
    pattern:
      /YAMLException|yaml\.(scanner|parser|constructor|composer)\.\w*Error|mapping values are not allowed here|could not find expected ':'/
  }),
  builtin(
    'html-error-page',
    'network',
    8.5,
    {
      // a registry, API or proxy answered its HTML error page where JSON was due: the server failed,
      // not a file of the project's (a config file's own JSON errors name a token other than '<')
      pattern:
        /Unexpected token '?<'?,? .*(in JSON|is not valid JSON)|"<!DOCTYPE "\.\.\. is not valid JSON|<title>Unicorn! · GitHub<\/title>/
    },
    { retryable: true }
  ),
  builtin('manifest-unparsable', 'configuration', 8, {
    // cargo cannot read a Cargo.toml: its own message, wrapped by maturin, cross and the like
    pattern: /failed to parse manifest at `/
  }),
  builtin('json-syntax', 'configuration', 8, {
    pattern:
      /JSONDecodeError|Unexpected token .* in JSON|is not valid JSON|Expected .* in JSON at position/
  }),
  builtin('auth-failed', 'configuration', 8, {
    pattern: re(
      String.raw`Bad credentials|\b401 Unauthorized|${HTTP}40[13]\b|\b403 Forbidden|authentication (failed|required)|Permission denied \(publickey|Resource not accessible by integration|could not read Username|invalid (credentials|token|username or password)|password authentication failed|Access denied for user|unauthorized: |pull access denied|Repository not found|\bE40[13]\b|ENEEDAUTH|\(Forbidden\)|is forbidden: User|role ".*" does not exist|set the GH_TOKEN environment variable|GITHUB_TOKEN environment variable is being used for authentication|\bdenied: \w|Not authorized to perform|\bPERMISSION_DENIED\b|The caller does not have permission|No matching federated identity record|\bAADSTS\d+|Unable to get ACTIONS_ID_TOKEN_REQUEST_URL|authorization denied by plugin|status code=Forbidden|\binvalid-publisher\b|Trusted publishing exchange failure|\bENO(GH|NPM|GL)TOKEN\b|\bEINVALID(GH|NPM|GL)TOKEN\b|No (GitHub|npm|GitLab) token specified`
    )
  }),
  builtin('python-without-tls', 'configuration', 9, {
    pattern:
      /SSL module (in Python )?is not available|TLSV1_ALERT_PROTOCOL_VERSION|tlsv1 alert protocol version/i
  }),
  builtin('localhost-is-ipv6', 'configuration', 7.5, {
    // Node 17+ resolves localhost to ::1 first; a server listening on IPv4 alone refuses it forever
    pattern: /ECONNREFUSED ::1:\d+|connect ECONNREFUSED \[::1\]/
  }),
  builtin('repository-shut-down', 'configuration', 9, {
    // Bintray's dl.bintray.com stopped serving in 2021: every request there fails, however often
    // retried. JCenter (jcenter.bintray.com) stayed up read-only: its 5xx are outages, retried.
    pattern:
      /(Could not (GET|HEAD|resolve|download|get resource)|Failed|error).*\bdl\.bintray\.com\b|\bdl\.bintray\.com\b.*\b(40[0-9]|50[0-9]|Bad Gateway|Forbidden)\b/i
  }),
  builtin(
    'tool-too-old-for-node',
    'dependency',
    9,
    {
      // an old pnpm or npm on a newer Node: every run fails until the tool is upgraded
      pattern: /ERR_INVALID_THIS|Value of "this" must be of type URLSearchParams/
    },
    { retryable: false }
  ),
  builtin('runtime-too-old', 'configuration', 9, {
    // the step's JDK, Python or Node is older than what the code was built for
    pattern:
      /UnsupportedClassVersionError|npm (ERR!|error) code EBADENGINE|has been compiled by a more recent version of the Java Runtime|The engine "node" is incompatible with this module|requires a different Python: |Package '[^']+' requires a different Python|cannot compile Go \d+\.\d+ code|export data is newer version - update tool|with arch(itecture)? '?\S+'? (was )?not found|was not found for Ubuntu|externally-managed-environment|PEP 668|go\.mod requires go >= [\d.]+ \(running go [\d.]+; GOTOOLCHAIN=local\)/
  }),
  builtin('toolchain-missing', 'configuration', 9, {
    // the JDK, SDK, interpreter, build tool or simulator platform the project asks for is not the
    // one on this runner: the workflow must install or select it
    pattern:
      /requires Java \d+ to run|Cannot find a Java installation on your machine matching|Meson version is \S+ but project requires|\bMSB8036\b|The Windows SDK version \S+ was not found|Python interpreter \S+ not found|InterpreterNotFound|Unable to find a destination matching the provided destination specifier|is not installed\. Please download and install the platform|\bMSB8020\b|Your pnpm version is incompatible with|ERR_PNPM_UNSUPPORTED_ENGINE|RequireJavaVersion failed|gyp ERR! find Python You need to install|No compiler found, expected (minor )?version|The `master` repo requires CocoaPods/
  }),
  builtin('git-http-client-error', 'configuration', 10, {
    // git's smart-HTTP request got a 4xx (a repository moved or gone, a client too old for the
    // server): the "remote end hung up" that follows is its consequence, not a dropped transfer
    pattern: re(String.raw`RPC failed; result=22, HTTP code = ${GIT_HTTP_4XX}`, '')
  }),
  builtin('linker-missing', 'configuration', 15, {
    // the cross or native linker the build names is not on the runner: every crate that links
    // fails to compile because of it, so it outranks their compile errors
    pattern: /error: linker `[^`]+` not found/
  }),
  builtin('signing-not-configured', 'configuration', 9, {
    // Xcode cannot sign the product: a team, certificate or profile must be set up
    pattern:
      /Signing for "[^"]+" requires a development team|Code signing is required for product type|No signing certificate "[^"]+" found|No profiles for '[^']+' were found/
  }),
  builtin('setup-incomplete', 'configuration', 8, {
    // a tool told of something the job's own setup never provides: a chart repository never added,
    // no prebuilt binary for these settings (conan needs --build=missing), a .pypirc without the
    // named section, a cache key with no file to hash, a host limit the container needs raised, a
    // release tool that finds files the job itself wrote into the checkout
    pattern:
      /no repository definition for |Missing prebuilt package for |InvalidConfiguration: Missing '[^']+' section|No file in .* matched to \[|max virtual memory areas vm\.max_map_count \[\d+\] is too low|\bgit is in a dirty state\b/
  }),
  builtin('action-deprecated', 'configuration', 9, {
    // GitHub refuses a retired major of one of its actions: every run fails until the ref changes
    pattern: /has been automatically failed because it uses a deprecated version of/
  }),
  builtin('action-ref-missing', 'configuration', 9, {
    // a uses: ref that does not exist: the runner's own retries change nothing
    pattern:
      /Unable to resolve action `[^`]+`, unable to find version|Unable to resolve action `[^`]+`, repository not found|Failed to download action .*status code does not indicate success: 404\b/
  }),
  builtin('container-dials-itself', 'configuration', 7.5, {
    // a docker compose service's own log: inside a container, 127.0.0.1 is the container itself
    pattern: /^\s*[\w.-]+-\d+\s+\|.*(ECONNREFUSED|Connection refused).*\b(127\.0\.0\.1|localhost)\b/
  }),
  builtin('certificate-invalid', 'configuration', 8, {
    pattern:
      /certificate verify failed|self[- ]signed certificate|unable to get local issuer certificate|CERT_HAS_EXPIRED|(?<!Issued )certificate has expired|x509: certificate|(?<!WARNING: )cannot verify \S+ certificate|Unable to locally verify the issuer's authority/i
  }),
  builtin(
    'command-not-found',
    'configuration',
    8,
    {
      pattern:
        /command not found|is not recognized as an internal or external command|executable file not found in \$PATH|^\S*sh: \d+: \S+: not found|npm (error|ERR!) Missing script: /
    },
    { exitHint: [127] }
  ),
  builtin('bad-option', 'configuration', 8, {
    pattern:
      /unknown (option|flag|shorthand flag)|unrecognized (option|arguments?)|Unknown arguments?:|error: unexpected argument|Too many command line arguments|Could not find action, lane or variable/i
  }),
  builtin(
    'url-not-found',
    'configuration',
    8,
    {
      pattern:
        /curl: \((22|56)\) The requested URL returned error: 4\d\d|ERROR 404: Not Found|\b404 Client Error: Not Found for url/
    },
    { exitHint: [22, 8] }
  ),
  builtin('go-outside-module', 'configuration', 8, {
    // the step runs go in a directory without go.mod, or with a go get that modules replaced
    pattern:
      /go\.mod file not found in current directory|'go get' is no longer supported outside a module|go: cannot find main module/
  }),
  builtin('postgres-local-socket', 'configuration', 9, {
    // a client told no host dials the Unix socket; a services: container only listens on TCP
    pattern:
      /could not connect to server: No such file or directory|connection to server on socket "[^"]+" failed: No such file or directory/
  }),
  builtin('kube-unknown-kind', 'configuration', 8, {
    // the cluster lacks the API (a CRD not installed, or not a real API server)
    pattern:
      /no matches for kind|ensure CRDs are installed first|the server doesn't have a resource type/
  }),
  builtin('browser-not-installed', 'configuration', 8, {
    // Playwright's or Puppeteer's browser was never downloaded on this runner
    pattern:
      /Executable doesn't exist at|Please run the following command to download new browsers|Could not find (Chrome|Chromium|browser) \(ver/
  }),
  builtin('distribution-retired', 'configuration', 9, {
    // an end-of-life distribution whose mirrors were emptied (CentOS 8's AppStream) or taken down
    // (mirrorlist.centos.org, since CentOS 7's end in 2024): its repositories never come back, so
    // the image or the repository URLs must change
    pattern:
      /Cannot prepare internal mirrorlist: No URLs in mirrorlist|\bmirrorlist\.centos\.org\b|Failed to download metadata for repo 'AppStream'/
  }),
  builtin('artifact-never-uploaded', 'configuration', 8, {
    // download-artifact asked for a name no job of the run uploaded (or another major's artifact)
    pattern:
      /Artifact not found for name: |Unable to find any artifacts for the associated workflow/
  }),
  builtin('build-context-missing', 'configuration', 8, {
    // a Dockerfile COPY of a path the build context does not hold
    // (a transfer that broke while the key was computed is the network's, not a missing path)
    pattern:
      /failed to compute cache key(?!.*(read tcp|connection|timed out|timeout|EOF|reset))|failed to calculate checksum of ref .*not found/
  }),
  builtin('missing-file', 'configuration', 3, {
    pattern:
      /FileNotFoundError|No such file or directory|ENOENT|does not appear to contain CMakeLists\.txt/
  }),
  builtin('permission-denied', 'configuration', 3, {
    pattern: /Permission denied|EACCES|Operation not permitted/
  }),
  builtin('package-not-found', 'dependency', 6, {
    pattern:
      /Could not find artifact|not found in any repository|\breturned (code |status )?(404|410)\b|Could not find [\w.-]+:[\w.-]+:[\w.-]+|\bE404\b|404 Not Found - GET|failed to fetch \S+.*\b404\b\s+Not Found|is not in (this|the npm) registry|No matching distribution found|Could not find a version that satisfies|failed to select a version|ERESOLVE|unable to resolve dependency tree|version solving failed|Unable to locate package|manifest unknown|manifest for \S+ not found|no matching manifest|unknown revision|invalid version:|ERR_PNPM_FETCH_404|Not Found - 404|No solution found when resolving|requirements are unsatisfiable|Missing requirement: |Cannot resolve project dependencies|\bETARGET\b|No matching version found for|could not be found in any of the sources|none of the providers can be installed|Encountered problems while solving|After searching the rest of the dependency tree|The package \S+ with version \S+ could not be found|but that version could not be found|plugins meet the constraint|no available releases match the given constraints|\berror NU1(10[12]|605)\b|^\W*Response code: 404\b|Failed to find package '|Packages? (suggested|required) but not available|couldn't resolve module\/action '|Status code: 404 for \S+\/repodata\/repomd\.xml|^\s*\S+: failed: status code 404\b/i
  }),
  builtin(
    'lockfile-mismatch',
    'dependency',
    9,
    {
      // the lockfile or checksum file disagrees with the manifest: a person regenerates it
      pattern:
        /ERR_PNPM_OUTDATED_LOCKFILE|ERR_PNPM_LOCKFILE_CONFIG_MISMATCH|can only install packages when your package\.json and package-lock\.json|lockfile needs to be updated|pyproject\.toml changed significantly since poetry\.lock|poetry\.lock was last generated|poetry\.lock is not consistent with pyproject\.toml|lock file is not up to date|verifying \S+: checksum mismatch|The lockfile would have been modified|lockfile had changes, but lockfile is frozen|needs to be updated,? but `?--locked`? was (passed|provided)|hash mismatch in fixed-output derivation|cannot update the lock file .* because --locked|Your lock file does not contain a compatible set of packages|Your bundle only supports platforms|bundle lock --add-platform|download from \S+ had an unexpected hash|^\[ERROR\] Bad checksum for/
    },
    { retryable: false }
  ),
  builtin(
    'dependency-types-broken',
    'dependency',
    14,
    {
      // tsc errors inside node_modules: a dependency's types disagree with the compiler, not the code
      pattern: /node_modules\/\S+\.d\.ts.*error TS\d{4}:/
    },
    { retryable: false }
  ),
  builtin(
    'lint-plugin-missing',
    'dependency',
    // ESLint prints a rule it cannot load as a lint error of its own: the plugin's line outranks it
    14,
    {
      pattern:
        /ESLint couldn't find the plugin|The plugin "[^"]+" was referenced from the config file|Failed to load plugin '[^']+' declared in|ESLint couldn't find the config "[^"]+" to extend from|Failed to load config "[^"]+" to extend from|Definition for rule '[^']+' was not found/
    },
    { retryable: false }
  ),
  builtin(
    'dependency-build-failed',
    'dependency',
    6,
    {
      // a package that builds from source failed to build: its version or the image must change
      pattern:
        /Failed building wheel for|legacy-install-failure|Encountered error while trying to install package|Failed to build installable wheels|metadata-generation-failed|Could not build wheels for/
    },
    { retryable: false }
  ),
  builtin('dependency-wrapper', 'dependency', 1, {
    pattern: /Could not resolve dependencies for project|Could not resolve all (files|dependencies)/
  }),
  // the service under test, not up yet
  builtin('service-starting', 'health_check', 8, {
    pattern:
      /the database system is (starting up|shutting down|not yet accepting connections)|LOADING Redis is loading|BusyLoadingError|is loading the dataset in memory|ERROR 200[23] \(HY000\)|Can't connect to (local )?MySQL server|server is starting up|error occurred during the pre-login handshake|Lost connection to MySQL server at 'reading initial communication packet'|ContainerLaunchException|Container startup failed|no leader for this partition|LEADER_NOT_AVAILABLE|NotPrimaryNoSecondaryOk|not master and slaveOk=false|Can't reach database server at|\[2006\] MySQL server has gone away/i
  }),
  builtin('device-not-started', 'health_check', 8, {
    // a simulator or virtual display the job starts that did not come up in time
    pattern:
      /Unable to boot the Simulator|launchd failed to respond|Could not start Xvfb|Timed out waiting \d+ seconds for simulator to boot|ShellCommandUnresponsiveException/
  }),
  builtin(
    'connection-refused',
    'health_check',
    7,
    {
      pattern:
        /ECONNREFUSED|Connection ?refused|Connection to \S+ refused|ERR_CONNECTION_REFUSED|Failed to connect to .* port \d+|Couldn't connect to server|could not connect to server|Could not connect to Redis|actively refused|Is the server running|ServerSelectionError|NoHostAvailableException|Cannot connect to any host|AMQPConnectionError/i
    },
    { exitHint: [7] }
  ),
  builtin('download-refused', 'network', 8, {
    // a package or file download refused: the registry or mirror, not the service under test
    pattern:
      /(ConnectionRefused|Connection refused|ECONNREFUSED)\W{1,3}(while |when )?(downloading|fetching)\b|\b(downloading|fetching)\b.{0,80}(ConnectionRefused|Connection refused|ECONNREFUSED)/i
  }),
  builtin('service-5xx', 'health_check', 7.5, {
    pattern: re(
      String.raw`${LOCAL}\S*.*(${HTTP}${FIVE}|${FIVE_TEXT})|(${HTTP}${FIVE}|${FIVE_TEXT}).*${LOCAL}|curl: \(22\) The requested URL returned error: ${FIVE}`
    )
  }),
  builtin('service-not-answering', 'health_check', 7, {
    // pg_isready's own verdicts while the server starts
    pattern: /:\d+ - (no response|rejecting connections)\s*$/
  }),
  builtin('service-never-ready', 'health_check', 7, {
    // a readiness wait of the step's own that gave up: the service was not up in its time
    pattern:
      /\b(did not|didn't|never) (become|became|get|got) (ready|healthy)\b|\bdid not start in \d+\s*m?s\b|failed to verify that your server is running|has taken more than \d+ ?ms to start|\b(cannot|could not|couldn't|unable to) wait (for )?(the )?\S+ (container|service|server)\b|\.{3,}\s*gave up\s*$|\bWait time \([\d.]+s\) exceeded for \w+/i
  }),
  builtin('health-check-failed', 'health_check', 7, {
    pattern:
      /health ?check (failed|timed out)|service (is )?not (healthy|ready)|not healthy|container \S+ is unhealthy/i
  }),
  // transient trouble between CI and a remote service
  builtin(
    'rate-limited',
    'network',
    // GitHub answers a rate limit with 403: the limit's own words outrank the status line after it
    10,
    {
      pattern: re(
        String.raw`${HTTP}429\b|\b429 Too Many Requests|Too Many Requests|rate limit(ed| exceeded|ing)|toomanyrequests|secondary rate limit|API limit .{0,30} exhausted|\bE429\b|\((Throttling|ThrottlingException|TooManyRequestsException|SlowDown)\) when calling|\bRate exceeded\b`
      )
    },
    { retryable: true }
  ),
  builtin(
    'dns-failure',
    'network',
    8,
    {
      pattern:
        /Could not resolve host|Couldn't resolve host|Temporary failure in name resolution|EAI_AGAIN|getaddrinfo ENOTFOUND [\w-]+\.[\w.-]+|Name or service not known|nodename nor servname|no such host|Could not resolve (proxy|hostname)|Resolving timed out|NameResolutionError|Failed to resolve '|curl: \(6\)/i
    },
    { exitHint: [6] }
  ),
  builtin(
    'connection-reset',
    'network',
    8,
    {
      pattern:
        /ECONNRESET|Connection reset|connection was reset|socket hang up|\bEPIPE\b|Broken pipe|early EOF|unexpected disconnect|remote end hung up unexpectedly|RPC failed|Recv failure|SSL_ERROR_SYSCALL|Empty reply from server|ECONNABORTED|Connection aborted|RemoteDisconnected|IncompleteRead|ChunkedEncodingError|connection broken|server closed the connection|was not closed cleanly|Connection terminated unexpectedly|\bstream error\b|refused stream|http2 error|server sent GOAWAY|ChannelClosedException|Backing channel .* is disconnected|went offline during the build|channel is closing down or has closed down|ClosedChannelException|^\s*(Error: )?aborted\s*$|Cannot connect to the Docker daemon at tcp:\/\/|Premature end of (Content-Length|chunk coded message)|socket disconnected before secure TLS connection|curl: \((52|56)\)|Error in the HTTP\/?2 framing layer|^\W*(Error: )?Premature close\s*$|ERR_STREAM_PREMATURE_CLOSE|connection was aborted by the software in your host machine|Software caused connection abort|\bGet "?https?:\/\/[^"\s]+"?: EOF\s*$|\bsocket_closed_remotely\b|remote git server capabilities: EndOfStream/i
    },
    { exitHint: [16, 52, 56] }
  ),
  builtin(
    'network-timeout',
    'network',
    8,
    {
      pattern:
        /\bETIMEDOUT\b|ESOCKETTIMEDOUT|Read timed out|ReadTimeout(Error)?|ConnectTimeout(Error)?|Connection timed out|connect timed out|Operation timed out|Timeout was reached|\bi\/o timeout|Client\.Timeout exceeded|TLS handshake timeout|handshake timed out|^\s*ConnectionTimeout\s*$|network timeout|trouble with your network connection|ERR_SOCKET_TIMEOUT|UND_ERR_CONNECT_TIMEOUT|curl: \(28\)|curl: .*failed with exit code 28\b/i
    },
    { exitHint: [28] }
  ),
  builtin(
    'tls-failure',
    'network',
    8,
    {
      pattern:
        /gnutls_handshake\(\) failed|SSL connect error|curl: \(35\)|SSL: (UNEXPECTED_EOF|WRONG_VERSION_NUMBER)|TLS connection was non-properly terminated|tls: bad record MAC|remote error: tls|Unable to establish SSL connection|Could not create SSL\/TLS secure channel|AEADBadTagException: Tag mismatch|SSLHandshakeException|Remote host (terminated|closed connection during) the handshake/i
    },
    { exitHint: [35] }
  ),
  builtin('network-unreachable', 'network', 8, {
    pattern: /ENETUNREACH|EHOSTUNREACH|Network is unreachable|No route to host/i
  }),
  builtin(
    'package-index-unavailable',
    'network',
    // apk warns that it could not fetch an index, then names every package as missing: the
    // warning is the cause
    10,
    { pattern: /: temporary error \(try again later\)/ },
    { retryable: true }
  ),
  builtin(
    'registry-busy',
    'network',
    // the registry refuses for now and says so: npm's packument still being saved by the last
    // publish, PyPI in read-only mode; the 403 or 409 status line under it is not the cause
    10,
    {
      pattern: /Failed to save packument|Read-only mode: Uploads are temporarily disabled/
    },
    { retryable: true }
  ),
  builtin('remote-5xx', 'network', 7, {
    pattern: re(
      String.raw`${HTTP}${FIVE}|\bStatusCodeError: ${FIVE}|\b${FIVE} status code\b|\b(GET|HEAD|POST|PUT) https?:\/\/\S+ - ${FIVE}|\bE50[0234]\b|\b${FIVE} ?${FIVE_TEXT}|${FIVE_TEXT}|internal error has occurred in cache backend|Warning: (Transient problem|Problem) ?: HTTP error\b`
    )
  }),
  builtin('index-5xx', 'network', 9, {
    // an index's or token service's 5xx, printed on a line of its own under the request that failed
    // (PyPI's trusted-publishing exchange): the status outranks the exchange's failure header
    pattern: re(String.raw`^\W*${FIVE} response\.?\s*$`)
  }),
  builtin(
    'transfer-failed',
    'network',
    5,
    {
      pattern:
        /spurious network error|failed to download from|Hash Sum mismatch|integrity checksum failed|EINTEGRITY|DO NOT MATCH THE HASHES|Could not transfer artifact|Could not (GET|HEAD) '|Failed to fetch|ERR_PNPM_META_FETCH_FAIL|error sending request for url|Could not get resource '|IntegrityCheckFailed extracting tarball|Integrity check failed for tarball|IOException: Error downloading \[|unexpected EOF|Connection closed|curl: \(18\)|transfer closed with \d+ bytes remaining|fixed content-length: \d+.{0,200}bytes received: \d+|Unable to create a container for the artifact|urllib3\/response\.py", line \d+, in _error_catcher|Unexpected end of JSON input|is not a zip archive|Failed to request discovery document|from any hex\.pm mirror|Expected downloaded file to have checksum|Fail extracting tarball for|couldn't be obtained, aborting|(?<!syntax )Error: unexpected end of file\s*$|External connection exception occurred|Incomplete read while reading ?from/i
    },
    { exitHint: [18] }
  ),
  builtin(
    'artifact-descriptor-unreadable',
    'network',
    // Maven could not fetch a POM it needed: in the corpus a failed download 9 times in 10; a
    // missing artifact or a refused login says so on a line of its own, which outranks this one
    3,
    { pattern: /Failed to read artifact descriptor for / },
    { retryable: true }
  ),
  builtin('port-in-use', 'network', 7, { pattern: /EADDRINUSE|Address already in use/ }),
  builtin('scenario-failed', 'injection', 8, {
    pattern: /scenario failed|chaos injection failed|experiment (failed|deviated)/i
  }),
  builtin('tool-deadline', 'timeout', 7, {
    pattern:
      /panic: test timed out after|Timeout exceeded: try increasing it|timed out to load packages|timed out waiting for the condition|exceeded its progress deadline|\bcontext deadline exceeded\b|etcdserver: request timed out|IP not available after waiting/
  }),
  builtin(
    'test-run-never-exited',
    'timeout',
    8,
    {
      pattern:
        /Jest did not exit one second after the test run has completed|Jest has detected the following \d+ open handles?|mocha: process did not exit|Tests? (run|suite) (finished|completed) but (the )?process (did not|never) exit/
    },
    { retryable: false }
  ),
  builtin('test-timed-out', 'timeout', 16, {
    // the runner's verdict that a test ran out of time, its assertions never failed: pytest-timeout's
    // FAILED line, jest's thrown timeout, Hypothesis's deadline (jest's and Hypothesis's in the
    // corpus: 5 transient, 1 not); it outranks the run's failure summary under it
    pattern:
      /^FAILED \S+ - Failed: Timeout >[\d.]+s\s*$|^\s*thrown: \\?"Exceeded timeout of \d+ ?ms for a (test|hook)\b|DeadlineExceeded:?\s?\(?'?Test took [\d.]+ ?ms, which exceeds the deadline/
  }),
  builtin('command-timeout', 'timeout', 4, { exitCodes: [124] }),
  builtin(
    'curl-exit',
    'network',
    3,
    {
      // a silent curl (-s, -L…) says nothing; its exit status is the cause: 6 a host not resolved,
      // 7 no connection, 28 a timeout, 35 TLS, 52/56 a reply cut off (a local address: the service)
      exitCodes: [6, 7, 28, 35, 52, 56],
      pattern: /\bcurl\s+-/
    },
    { retryable: true }
  ),
  // The generic tier (weight 2): how any tool words a cause, for the tools no rule above knows. A
  // specific rule's line always outranks one of these.
  builtin(
    'generic-server-error',
    'network',
    2,
    {
      pattern: re(
        String.raw`\b(HTTP|status( code)?|response|responded with|returned|got|received|error)\W{0,3}5\d\d\b|\bHTTP 000\b|\b5\d\d (Server Error|Internal|Bad Gateway|Service Unavailable|Gateway)|server error|temporar(y|ily) (error|failure|unavailable)|may be down|try again later|intermittent|Max retries exceeded|network (error|issue|problem|failure|is unreachable)|connection (error|failed|lost|closed|timed out|was closed)|(failed|unable|could not|couldn't) to (download|fetch|connect|reach|retrieve|establish)|error (when|while) (performing|making|sending) (the |a )?request|(download|fetch|request)(ing)? .{0,80}(timed out|timeout|failed)`
      )
    },
    { retryable: true }
  ),
  builtin(
    'generic-not-found',
    'dependency',
    2,
    {
      pattern:
        /no such package|nothing provides|not found in (the )?(repository|registry|channel|index|any)|Unable to find (a )?(package|version)|PackagesNotFoundError|Could not find (a )?(package|version|gem|module)|unsatisfiable|version conflict|conflicting (requirements|dependencies)|ResolutionImpossible|breaks: world|requires (rustc|ruby|php|python|node|go|java)\b|could not be resolved/i
    },
    { retryable: false }
  ),
  builtin('generic-invalid-config', 'configuration', 2, {
    pattern:
      /\binvalid (value|option|argument|configuration|config|input|target|format)\b|is not (a )?valid\b|\b(not supported|unsupported) (option|value|argument|flag|version)|must be (set|specified|one of|provided)|is required\b|missing required|not allowed\b|licen[cs]es? .*not (been )?accepted|no such (option|command)|does not exist\b|\balready exists\b|not a git repository|is this a git repository\?|contains invalid characters|No files matching the pattern|lock file is not found|must be in a git repository|Unable to find \w+ version '[^']+' for platform|does not support targeting|is incompatible with this version of/i
  }),
  builtin(
    'generic-test-failure',
    'test',
    2.5,
    {
      // FAIL in capitals, as runners print it; Gradle's "FAILURE: Build failed" is its wrapper
      pattern:
        /^\s*(FAIL|FAILED)\b(?!:? Build)|^\s*Failure\/Error: |\.py:\d+:\d+: [EWFC]\d{3} |[Ff]ailed tests?:|\b[1-9]\d* (tests?|examples?|specs?|assertions?) failed|\b[1-9]\d* failures?\b|[Ff]ailures: [1-9]|[Aa]ssert(ion)? failed|[Ee]xpected .{1,80} (but (was|got|received)|to (equal|be|have))/
    },
    { exitHint: [1] }
  ),
  builtin(
    'generic-network-timeout',
    'network',
    2,
    {
      pattern:
        /\b(download(ing)?|fetch(ing)?|connect(ing|ion)?|request|socket|read|remote|host|http|upload(ing)?)\b.{0,60}\btimed? ?out\b|\btimed? ?out\b.{0,40}\b(download(ing)?|fetch(ing)?|connect(ing|ion)?|request|socket|reading|remote|host)\b/i
    },
    { retryable: true }
  ),
  builtin(
    'generic-hang',
    'timeout',
    2,
    {
      // a step that hung with nothing more specific said: as often a slow moment as a real hang
      // (the corpus: 27 transient, 10 deterministic), so it is retried once; the same timeout
      // twice stops the retries (repeats.ts)
      pattern:
        /timed out|(?<!-)\btimeout\b(?!=)|took too long|exceeded the (maximum|time)|no output (has been )?(received|for)|too long with no output|has exceeded the maximum execution time|The operation was canceled|job was cancell?ed/i
    },
    { retryable: true }
  )
]

/**
 * A network failure whose host is this machine (classify.ts re-labels one): the service under test
 * reset, timed out or answered 5xx while it starts. It matches nothing by itself.
 */
export const SERVICE_CONNECTION_RULE: Rule = builtin(
  'service-connection-failed',
  'health_check',
  0,
  {}
)

/** The network rules whose failure, on this machine, is the service's: see SERVICE_CONNECTION_RULE. */
export const CONNECTION_RULES: ReadonlySet<string> = new Set([
  'connection-reset',
  'network-timeout',
  'transfer-failed',
  'remote-5xx',
  'generic-server-error',
  'generic-network-timeout',
  'curl-exit'
])

/**
 * A refusal from a host on the internet (classify.ts re-labels a `connection-refused` one): the
 * network between CI and that host, not the service under test. It matches nothing by itself.
 */
export const REMOTE_REFUSED_RULE: Rule = builtin('remote-connection-refused', 'network', 0, {})

/** The rule used when none matches. */
export const UNKNOWN_RULE: Rule = builtin('unknown', 'unknown', 0, {})
