/** What one doctor check concluded: ok, a warning (works, but worth knowing), or a failure. */
export type Verdict = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  /** Stable identifier for scripts (`--json`). */
  id: string;
  /** A short label for the aligned list. */
  title: string;
  verdict: Verdict;
  /** What was found, one sentence; never a secret. */
  detail: string;
  /** How to fix it, one sentence; absent when the verdict is ok. */
  fix?: string;
  /** For `--json`: what the Pipecat Cloud CLI checks found (`cli-*`). */
  cli?: CliFacts;
}

/** One of `pipecat`, `pc`, `pcc` on PATH. */
export interface CliFacts {
  command: 'pipecat' | 'pc' | 'pcc';
  /** Where PATH finds it. */
  path: string;
  /** What `pipecat --version` (or `pc --version`) names. */
  pipecatAiCliVersion?: string;
  /** What `pipecat cloud --version` or `pcc --version` names. */
  pipecatcloudVersion?: string;
  /** The credentials file it reads in this environment; absent when it is not the Pipecat CLI. */
  credentialsFile?: string;
  sameFileAsApp?: boolean;
}

/** One check; some (the file, the network) yield several related results. */
export type Check = () => Promise<CheckResult | CheckResult[]>;

/** Runs every check concurrently; a check that throws is reported as a failure of that check. */
export async function runChecks(
  checks: readonly { id: string; title: string; run: Check }[],
): Promise<CheckResult[]> {
  const results = await Promise.all(
    checks.map(async ({ id, title, run }): Promise<CheckResult | CheckResult[]> => {
      try {
        return await run();
      } catch (error) {
        return {
          id,
          title,
          verdict: 'fail' as const,
          detail: `The check itself failed: ${error instanceof Error ? error.message : String(error)}.`,
          fix: 'Run again with PIPECAT_TRAY_DEBUG=1 and please report it.',
        };
      }
    }),
  );
  return results.flat();
}

/** Exit 0 when nothing failed (warnings allowed), 1 when anything failed. */
export function doctorExitCode(results: readonly CheckResult[]): number {
  return results.some((r) => r.verdict === 'fail') ? 1 : 0;
}
