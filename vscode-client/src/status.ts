// Index state → status-bar text. Pure logic: no 'vscode' import.
//
// Phases: stopped → starting → (server up) waiting for indexing → indexing N% → ready.
// "ready" means the initial index is done: either the server's indexing progress ended, or the
// server reported no progress within a grace period after start (a server that reports none).

export type Phase = 'stopped' | 'starting' | 'waiting' | 'ready' | 'failed';

/** The `value` of a `$/progress` notification for work-done progress. */
export interface WorkDoneValue {
  kind: 'begin' | 'report' | 'end';
  title?: string;
  message?: string;
  percentage?: number;
  cancellable?: boolean;
}

interface Active {
  title: string;
  message?: string;
  percentage?: number;
  seq: number;
}

export interface StatusView {
  text: string;
  tooltip: string;
  /** True while the server is busy (the view may show a spinner). */
  busy: boolean;
  error: boolean;
}

export class IndexStatus {
  private phase: Phase = 'stopped';
  private readonly active = new Map<string, Active>();
  private seq = 0;
  private sawProgress = false;
  private completedRuns = 0;
  private failure?: string;
  private readonly listeners: Array<() => void> = [];

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  get currentPhase(): Phase {
    return this.phase;
  }

  get failureMessage(): string | undefined {
    return this.failure;
  }

  /** Number of progress runs (begin…end) that have finished since the server started. */
  get finishedProgressRuns(): number {
    return this.completedRuns;
  }

  /** True when the server is up and no progress is running, i.e. queries see a complete index. */
  get isReady(): boolean {
    return this.phase === 'ready' && this.active.size === 0;
  }

  starting(): void {
    this.reset();
    this.phase = 'starting';
    this.changed();
  }

  /** The server answered `initialize`. Indexing progress is expected to follow. */
  serverStarted(): void {
    if (this.phase === 'failed') return;
    this.phase = this.sawProgress && this.active.size === 0 ? 'ready' : 'waiting';
    this.changed();
  }

  /** The grace period after start passed. With no progress seen, the server is taken as ready. */
  graceExpired(): void {
    if (this.phase === 'waiting' && !this.sawProgress) {
      this.phase = 'ready';
      this.changed();
    }
  }

  failed(message: string): void {
    this.reset();
    this.phase = 'failed';
    this.failure = message;
    this.changed();
  }

  stopped(): void {
    if (this.phase === 'failed') return;
    this.reset();
    this.phase = 'stopped';
    this.changed();
  }

  /** Feed one `$/progress` notification of work-done progress. */
  progress(token: string | number, value: WorkDoneValue): void {
    const key = String(token);
    switch (value?.kind) {
      case 'begin':
        this.sawProgress = true;
        this.active.set(key, {
          title: value.title ?? '',
          message: value.message,
          percentage: clampPercentage(value.percentage),
          seq: ++this.seq,
        });
        break;
      case 'report': {
        const a = this.active.get(key);
        if (!a) return; // report without begin (or after end): ignore
        if (value.message !== undefined) a.message = value.message;
        const pct = clampPercentage(value.percentage);
        if (pct !== undefined) a.percentage = pct;
        a.seq = ++this.seq;
        break;
      }
      case 'end':
        if (!this.active.delete(key)) return;
        this.completedRuns++;
        if (this.active.size === 0 && this.phase === 'waiting') this.phase = 'ready';
        break;
      default:
        return;
    }
    this.changed();
  }

  view(): StatusView {
    if (this.phase === 'failed') {
      return { text: 'Vcr: failed', tooltip: `Vcr server failed: ${this.failure ?? 'unknown error'}\nClick for reindex, statistics and the log.`, busy: false, error: true };
    }
    if (this.phase === 'stopped') return { text: 'Vcr: stopped', tooltip: 'Vcr server is not running.', busy: false, error: false };
    if (this.phase === 'starting') return { text: 'Vcr: starting', tooltip: 'Starting the Vcr server…', busy: true, error: false };
    const current = this.mostRecent();
    if (current) {
      const label = progressLabel(current.title);
      const pct = current.percentage !== undefined ? ` ${current.percentage}%` : '…';
      const more = this.active.size > 1 ? ` (+${this.active.size - 1})` : '';
      const tooltip = [current.title || 'Vcr', current.message].filter(Boolean).join(': ');
      return { text: `Vcr: ${label}${pct}${more}`, tooltip, busy: true, error: false };
    }
    if (this.phase === 'waiting') return { text: 'Vcr: indexing…', tooltip: 'Waiting for the Vcr server to index the workspace…', busy: true, error: false };
    return { text: 'Vcr: ready', tooltip: 'Vcr index is ready. Click for reindex, statistics and the log.', busy: false, error: false };
  }

  private mostRecent(): Active | undefined {
    let best: Active | undefined;
    for (const a of this.active.values()) if (!best || a.seq > best.seq) best = a;
    return best;
  }

  private reset(): void {
    this.active.clear();
    this.sawProgress = false;
    this.completedRuns = 0;
    this.failure = undefined;
  }
}

/** Rounds and clamps a progress percentage to 0..100; undefined for missing or non-numeric values. */
export function clampPercentage(p: unknown): number | undefined {
  if (typeof p !== 'number' || !Number.isFinite(p)) return undefined;
  return Math.max(0, Math.min(100, Math.round(p)));
}

/** "indexing" for index-related (or untitled) progress, else the lower-cased title. */
export function progressLabel(title: string): string {
  const t = title.trim();
  if (t.length === 0 || /index/i.test(t)) return 'indexing';
  return t.charAt(0).toLowerCase() + t.slice(1);
}
