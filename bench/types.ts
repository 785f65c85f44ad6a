/** The shapes every benchmark returns: one row of the printed table, and the raw numbers behind it. */

export interface Figure {
  /** Stable key for the JSON file, e.g. `refresh.latency_p50`. */
  id: string;
  /** What is measured, as the table shows it. */
  label: string;
  value: number;
  unit: string;
  /** The target, or what the reader should compare the value with. */
  note: string;
}

export interface BenchSection {
  figures: Figure[];
  /** Everything else worth keeping in `.test-results/bench.json` (counts, means, maxima). */
  details: Record<string, unknown>;
}

export interface BenchOptions {
  /** `--quick`: the daemon's idle window is 10 s instead of 60 s. */
  quick: boolean;
  /** How many steady-state refreshes to time (at least 200). */
  refreshes: number;
  /** Writes per writer process in the two-writer test. */
  writesPerProcess: number;
  /** The daemon's idle measurement window. */
  idleWindowMs: number;
}
