/**
 * Guaranteed rollback. Every fault registers its undo *before* it acts; undos run newest first on
 * success, failure, exception, cancellation and timeout, and a failed undo never stops the others
 * (Chaos Toolkit: "a failed rollback MUST not bail the sequence of rollbacks"). Undos that another
 * process could still run (after this one is killed) are also kept as data: for the action's `post:`
 * step, and for the CLI's next run (its state file).
 */
import type { ProcessIdentity } from '../exec/process-tree.js'

/**
 * An undo the post step (or the CLI's next run) can run from saved state, after the process that
 * registered it has died. A PID comes with its identity, so a recycled PID is left alone.
 */
export type PersistedUndo =
  | { kind: 'command'; name: string; command: string; cwd?: string }
  | { kind: 'listener'; name: string; host: string; port: number }
  | ({ kind: 'signal'; name: string; pid: number; signal: 'SIGCONT' } & ProcessIdentity)
  | ({ kind: 'kill'; name: string; pid: number } & ProcessIdentity)
  | { kind: 'remove'; name: string; path: string }
  | { kind: 'exec'; name: string; argv: string[] }

export interface UndoReport {
  name: string
  ok: boolean
  error?: string
  /** What a saved undo found and did, in words (e.g. "resumed process 1234 (SIGCONT)"). */
  detail?: string
  ms: number
}

interface Entry {
  id: number
  name: string
  run: () => Promise<void> | void
  persisted?: PersistedUndo
  child?: Rollback
}

/** The time an undo may take before it counts as failed and the next one runs. */
const UNDO_TIMEOUT_MS = 15_000

export class Rollback {
  private readonly entries: Entry[] = []
  private nextId = 0
  /**
   * `onChange` receives the persisted undos still pending, after every change; `reports` collects
   * what each undo did (nested scopes share their parent's).
   */
  constructor(
    private readonly onChange?: (pending: PersistedUndo[]) => void,
    readonly reports: UndoReport[] = []
  ) {}

  get pending(): number {
    return this.entries.length
  }

  /** Registers an undo; the returned function runs it now (once) and removes it. */
  register(
    name: string,
    run: () => Promise<void> | void,
    persisted?: PersistedUndo
  ): () => Promise<UndoReport> {
    const entry: Entry = { id: this.nextId++, name, run, ...(persisted ? { persisted } : {}) }
    this.entries.push(entry)
    this.changed()
    return () => this.runOne(entry)
  }

  /**
   * A nested scope (e.g. one fault inside one scenario): its undos run when it is run, or with this
   * one's if it was not; its persisted undos are saved with this one's.
   */
  scope(name: string): Rollback {
    const child = new Rollback(() => this.changed(), this.reports)
    const entry: Entry = {
      id: this.nextId++,
      name,
      run: async () => void (await child.runAll()),
      child
    }
    this.entries.push(entry)
    return child
  }

  /** The persisted undos still pending here and in nested scopes, oldest first. */
  persistedPending(): PersistedUndo[] {
    return this.entries.flatMap(entry =>
      entry.child ? entry.child.persistedPending() : entry.persisted ? [entry.persisted] : []
    )
  }

  /** Runs every pending undo, newest first; never throws. */
  async runAll(): Promise<UndoReport[]> {
    const reports: UndoReport[] = []
    while (this.entries.length > 0) reports.push(await this.runOne(this.entries.at(-1)!))
    return reports
  }

  private async runOne(entry: Entry): Promise<UndoReport> {
    const index = this.entries.indexOf(entry)
    if (index < 0) return { name: entry.name, ok: true, ms: 0 }
    this.entries.splice(index, 1)
    const start = performance.now()
    let report: UndoReport
    try {
      await withTimeout(Promise.resolve().then(entry.run), UNDO_TIMEOUT_MS)
      report = { name: entry.name, ok: true, ms: Math.round(performance.now() - start) }
    } catch (error) {
      report = {
        name: entry.name,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
        ms: Math.round(performance.now() - start)
      }
    }
    if (!entry.child) this.reports.push(report)
    this.changed()
    return report
  }

  private changed(): void {
    this.onChange?.(this.persistedPending())
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`did not finish within ${ms} ms`)), ms)
    })
  ]).finally(() => clearTimeout(timer))
}
