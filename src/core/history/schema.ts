/**
 * The history schema, as forward-only migrations. `PRAGMA user_version` is the number of migrations
 * applied; each migration runs in the transaction that bumps it. Never edit a released migration:
 * add one.
 */

/** Migration N (1-based) is MIGRATIONS[N - 1]. */
export const MIGRATIONS: readonly string[] = [
  // 1: the seed's four tables, made real, with natural keys so imports are idempotent
  `
  CREATE TABLE chaos_runs (
    id INTEGER PRIMARY KEY,
    run_key TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    repo TEXT,
    run_id TEXT NOT NULL,
    run_attempt INTEGER NOT NULL,
    job TEXT,
    sha TEXT,
    ref TEXT,
    event TEXT,
    started_at TEXT NOT NULL,
    finished_at TEXT
  );
  CREATE TABLE stage_results (
    id INTEGER PRIMARY KEY,
    result_key TEXT NOT NULL UNIQUE,
    run_key TEXT NOT NULL REFERENCES chaos_runs(run_key),
    stage TEXT NOT NULL,
    step TEXT,
    status TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    duration_ms INTEGER,
    tool_version TEXT,
    payload TEXT NOT NULL
  );
  CREATE TABLE chaos_failures (
    id INTEGER PRIMARY KEY,
    result_key TEXT NOT NULL,
    seq INTEGER NOT NULL,
    stage TEXT NOT NULL,
    category TEXT NOT NULL,
    rule TEXT,
    message TEXT,
    occurred_at TEXT NOT NULL,
    UNIQUE (result_key, seq)
  );
  CREATE TABLE healing_attempts (
    id INTEGER PRIMARY KEY,
    result_key TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    command TEXT,
    category TEXT,
    rule TEXT,
    strategy TEXT,
    strategy_outcome TEXT,
    decision TEXT,
    exit_code INTEGER,
    duration_ms INTEGER,
    healed INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    UNIQUE (result_key, attempt)
  );
  CREATE TABLE dependency_changes (
    id INTEGER PRIMARY KEY,
    result_key TEXT NOT NULL,
    seq INTEGER NOT NULL,
    action TEXT NOT NULL,
    ecosystem TEXT,
    name TEXT NOT NULL,
    import_name TEXT,
    file TEXT,
    confidence TEXT,
    source TEXT,
    reason TEXT,
    changed_at TEXT NOT NULL,
    UNIQUE (result_key, seq)
  );
  CREATE INDEX chaos_runs_started ON chaos_runs(started_at);
  CREATE INDEX stage_results_run ON stage_results(run_key, stage);
  CREATE INDEX chaos_failures_time ON chaos_failures(occurred_at, category);
  CREATE INDEX healing_attempts_time ON healing_attempts(started_at, category);
  `,
  // 2: chaos experiments: scenario results, per-phase metrics and SLO verdicts, for trends
  `
  CREATE TABLE scenario_results (
    id INTEGER PRIMARY KEY,
    result_key TEXT NOT NULL,
    seq INTEGER NOT NULL,
    scenario TEXT NOT NULL,
    type TEXT,
    intensity TEXT,
    status TEXT NOT NULL,
    started_at TEXT NOT NULL,
    duration_ms INTEGER,
    error TEXT,
    UNIQUE (result_key, seq)
  );
  CREATE TABLE scenario_metrics (
    id INTEGER PRIMARY KEY,
    result_key TEXT NOT NULL,
    seq INTEGER NOT NULL,
    phase TEXT NOT NULL,
    samples INTEGER,
    availability_percent REAL,
    error_rate_percent REAL,
    p50_ms REAL,
    p95_ms REAL,
    p99_ms REAL,
    throughput_rps REAL,
    recovery_seconds REAL,
    UNIQUE (result_key, seq, phase)
  );
  CREATE TABLE slo_results (
    id INTEGER PRIMARY KEY,
    result_key TEXT NOT NULL,
    scenario TEXT NOT NULL,
    slo TEXT NOT NULL,
    value REAL,
    threshold REAL,
    severity TEXT,
    verdict TEXT NOT NULL,
    baseline_median REAL,
    UNIQUE (result_key, scenario, slo)
  );
  CREATE INDEX scenario_results_trend ON scenario_results(scenario, started_at);
  CREATE INDEX slo_results_verdict ON slo_results(verdict);
  `,
  // 3: dependency-audit findings, so the weekly report can show them recurring
  `
  CREATE TABLE audit_findings (
    id INTEGER PRIMARY KEY,
    result_key TEXT NOT NULL,
    seq INTEGER NOT NULL,
    rule TEXT NOT NULL,
    ecosystem TEXT NOT NULL,
    name TEXT NOT NULL,
    file TEXT,
    line INTEGER,
    found_at TEXT NOT NULL,
    UNIQUE (result_key, seq)
  );
  CREATE INDEX audit_findings_name ON audit_findings(rule, name);
  `,
  // 4: validate's comparison with history: the band beside the median, and whether it regressed
  `
  ALTER TABLE slo_results ADD COLUMN baseline_low REAL;
  ALTER TABLE slo_results ADD COLUMN baseline_high REAL;
  ALTER TABLE slo_results ADD COLUMN regression INTEGER NOT NULL DEFAULT 0;
  `,
  // 5: results schema v2 (docs/results-schema.md): the envelope's status in one vocabulary, with its
  // reason; validate's verdict per scenario, tied to inject's row, so the report shows the validated
  // verdict; each run's end is its last stage's
  `
  ALTER TABLE stage_results ADD COLUMN status_reason TEXT;
  UPDATE stage_results SET status = 'warned' WHERE stage = 'audit' AND status = 'warnings';
  UPDATE stage_results SET status = 'warned' WHERE stage = 'heal' AND status = 'flaky-pass';
  UPDATE stage_results SET status = 'passed' WHERE status = 'recorded';
  CREATE TABLE scenario_verdicts (
    id INTEGER PRIMARY KEY,
    result_key TEXT NOT NULL,
    seq INTEGER NOT NULL,
    scenario TEXT NOT NULL,
    verdict TEXT NOT NULL,
    reason TEXT,
    inject_key TEXT,
    inject_seq INTEGER,
    UNIQUE (result_key, seq)
  );
  CREATE INDEX scenario_verdicts_inject ON scenario_verdicts(inject_key, inject_seq);
  CREATE INDEX scenario_verdicts_name ON scenario_verdicts(scenario);
  INSERT OR IGNORE INTO scenario_verdicts (result_key, seq, scenario, verdict, reason)
    SELECT s.result_key, CAST(j.key AS INTEGER) + 1, json_extract(j.value, '$.name'),
           json_extract(j.value, '$.verdict'), json_extract(j.value, '$.reason')
      FROM stage_results s, json_each(s.payload, '$.scenarios') j
     WHERE s.stage = 'validate' AND json_valid(s.payload)
       AND json_type(j.value, '$.name') = 'text' AND json_type(j.value, '$.verdict') = 'text';
  UPDATE chaos_runs SET finished_at = (
    SELECT MAX(s.finished_at) FROM stage_results s WHERE s.run_key = chaos_runs.run_key)
   WHERE EXISTS (SELECT 1 FROM stage_results s
                  WHERE s.run_key = chaos_runs.run_key AND s.finished_at > COALESCE(chaos_runs.finished_at, ''));
  UPDATE chaos_runs SET started_at = (
    SELECT MIN(s.started_at) FROM stage_results s WHERE s.run_key = chaos_runs.run_key)
   WHERE EXISTS (SELECT 1 FROM stage_results s
                  WHERE s.run_key = chaos_runs.run_key AND s.started_at < chaos_runs.started_at);
  `,
  // 6: compact keys (issue #22): a stage refers to its run, and a row to its stage, by integer id
  // instead of repeating the text keys in every row and index (2 years at 50 runs a day: 105 MB became
  // 52 MB); child tables are WITHOUT ROWID, keyed by (stage, seq), so the key is stored once; indexes
  // are the ones the report and validate's baseline use. The natural keys stay: a run's run_key, a
  // stage's (run, step, stage), a row's (stage, seq). Rows whose stage was pruned are dropped.
  `
  CREATE TABLE stages (
    id INTEGER PRIMARY KEY,
    run INTEGER NOT NULL REFERENCES chaos_runs(id),
    step TEXT NOT NULL,
    stage TEXT NOT NULL,
    status TEXT NOT NULL,
    status_reason TEXT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    duration_ms INTEGER,
    tool_version TEXT,
    payload TEXT NOT NULL,
    UNIQUE (run, step, stage)
  );
  INSERT INTO stages (id, run, step, stage, status, status_reason, started_at, finished_at,
                      duration_ms, tool_version, payload)
    SELECT s.id, r.id, COALESCE(s.step, ''), s.stage, s.status, s.status_reason, s.started_at,
           s.finished_at, s.duration_ms, s.tool_version, s.payload
      FROM stage_results s JOIN chaos_runs r ON r.run_key = s.run_key ORDER BY s.id;
  CREATE TABLE failures (
    result INTEGER NOT NULL, seq INTEGER NOT NULL, stage TEXT NOT NULL, category TEXT NOT NULL,
    rule TEXT, message TEXT, occurred_at TEXT NOT NULL, PRIMARY KEY (result, seq)) WITHOUT ROWID;
  INSERT INTO failures SELECT s.id, f.seq, f.stage, f.category, f.rule, f.message, f.occurred_at
    FROM chaos_failures f JOIN stage_results s ON s.result_key = f.result_key;
  CREATE TABLE attempts (
    result INTEGER NOT NULL, attempt INTEGER NOT NULL, command TEXT, category TEXT, rule TEXT,
    strategy TEXT, strategy_outcome TEXT, decision TEXT, exit_code INTEGER, duration_ms INTEGER,
    healed INTEGER NOT NULL, started_at TEXT NOT NULL, PRIMARY KEY (result, attempt)) WITHOUT ROWID;
  INSERT INTO attempts SELECT s.id, h.attempt, h.command, h.category, h.rule, h.strategy,
         h.strategy_outcome, h.decision, h.exit_code, h.duration_ms, h.healed, h.started_at
    FROM healing_attempts h JOIN stage_results s ON s.result_key = h.result_key;
  CREATE TABLE changes (
    result INTEGER NOT NULL, seq INTEGER NOT NULL, action TEXT NOT NULL, ecosystem TEXT,
    name TEXT NOT NULL, import_name TEXT, file TEXT, confidence TEXT, source TEXT, reason TEXT,
    changed_at TEXT NOT NULL, PRIMARY KEY (result, seq)) WITHOUT ROWID;
  INSERT INTO changes SELECT s.id, d.seq, d.action, d.ecosystem, d.name, d.import_name, d.file,
         d.confidence, d.source, d.reason, d.changed_at
    FROM dependency_changes d JOIN stage_results s ON s.result_key = d.result_key;
  CREATE TABLE scenarios (
    result INTEGER NOT NULL, seq INTEGER NOT NULL, scenario TEXT NOT NULL, type TEXT,
    intensity TEXT, status TEXT NOT NULL, started_at TEXT NOT NULL, duration_ms INTEGER,
    error TEXT, PRIMARY KEY (result, seq)) WITHOUT ROWID;
  INSERT INTO scenarios SELECT s.id, x.seq, x.scenario, x.type, x.intensity, x.status,
         x.started_at, x.duration_ms, x.error
    FROM scenario_results x JOIN stage_results s ON s.result_key = x.result_key;
  CREATE TABLE metrics (
    result INTEGER NOT NULL, seq INTEGER NOT NULL, phase TEXT NOT NULL, samples INTEGER,
    availability_percent REAL, error_rate_percent REAL, p50_ms REAL, p95_ms REAL, p99_ms REAL,
    throughput_rps REAL, recovery_seconds REAL, PRIMARY KEY (result, seq, phase)) WITHOUT ROWID;
  INSERT INTO metrics SELECT s.id, m.seq, m.phase, m.samples, m.availability_percent,
         m.error_rate_percent, m.p50_ms, m.p95_ms, m.p99_ms, m.throughput_rps, m.recovery_seconds
    FROM scenario_metrics m JOIN stage_results s ON s.result_key = m.result_key;
  CREATE TABLE slos (
    result INTEGER NOT NULL, scenario TEXT NOT NULL, slo TEXT NOT NULL, value REAL, threshold REAL,
    severity TEXT, verdict TEXT NOT NULL, baseline_median REAL, baseline_low REAL,
    baseline_high REAL, regression INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (result, scenario, slo)) WITHOUT ROWID;
  INSERT INTO slos SELECT s.id, l.scenario, l.slo, l.value, l.threshold, l.severity, l.verdict,
         l.baseline_median, l.baseline_low, l.baseline_high, l.regression
    FROM slo_results l JOIN stage_results s ON s.result_key = l.result_key;
  CREATE TABLE verdicts (
    result INTEGER NOT NULL, seq INTEGER NOT NULL, scenario TEXT NOT NULL, verdict TEXT NOT NULL,
    reason TEXT, inject_key TEXT, inject_seq INTEGER, PRIMARY KEY (result, seq)) WITHOUT ROWID;
  INSERT INTO verdicts SELECT s.id, v.seq, v.scenario, v.verdict, v.reason, v.inject_key,
         v.inject_seq
    FROM scenario_verdicts v JOIN stage_results s ON s.result_key = v.result_key;
  CREATE TABLE findings (
    result INTEGER NOT NULL, seq INTEGER NOT NULL, rule TEXT NOT NULL, ecosystem TEXT NOT NULL,
    name TEXT NOT NULL, file TEXT, line INTEGER, found_at TEXT NOT NULL,
    PRIMARY KEY (result, seq)) WITHOUT ROWID;
  INSERT INTO findings SELECT s.id, a.seq, a.rule, a.ecosystem, a.name, a.file, a.line, a.found_at
    FROM audit_findings a JOIN stage_results s ON s.result_key = a.result_key;
  DROP TABLE stage_results; DROP TABLE chaos_failures; DROP TABLE healing_attempts;
  DROP TABLE dependency_changes; DROP TABLE scenario_results; DROP TABLE scenario_metrics;
  DROP TABLE slo_results; DROP TABLE scenario_verdicts; DROP TABLE audit_findings;
  ALTER TABLE stages RENAME TO stage_results;
  ALTER TABLE failures RENAME TO chaos_failures;
  ALTER TABLE attempts RENAME TO healing_attempts;
  ALTER TABLE changes RENAME TO dependency_changes;
  ALTER TABLE scenarios RENAME TO scenario_results;
  ALTER TABLE metrics RENAME TO scenario_metrics;
  ALTER TABLE slos RENAME TO slo_results;
  ALTER TABLE verdicts RENAME TO scenario_verdicts;
  ALTER TABLE findings RENAME TO audit_findings;
  CREATE INDEX chaos_failures_time ON chaos_failures(occurred_at);
  CREATE INDEX dependency_changes_time ON dependency_changes(changed_at);
  CREATE INDEX scenario_results_time ON scenario_results(started_at);
  CREATE INDEX scenario_verdicts_inject ON scenario_verdicts(inject_key, inject_seq);
  CREATE INDEX audit_findings_time ON audit_findings(found_at);
  `
]

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length

/**
 * The `PRAGMA application_id` of every chaos-ci history: "CHCI" in ASCII. It tells a chaos-ci file
 * from another application's SQLite database at the same path (./identity.ts).
 */
export const APPLICATION_ID = 0x43484349

/** Tables every chaos-ci history has had since migration 1: how a file from before the id is known. */
export const FIRST_TABLES: readonly string[] = ['chaos_runs', 'stage_results']
