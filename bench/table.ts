import type { MachineInfo } from './machine.js';
import type { Figure } from './types.js';

const HEADINGS = ['figure', 'value', 'unit', 'target / notes'] as const;

function formatValue(value: number): string {
  return Number.isInteger(value)
    ? String(value)
    : value.toFixed(Math.abs(value) < 10 ? 3 : 2).replace(/0+$/, '');
}

/** A plain-text table, columns padded, numbers right-aligned: readable in a terminal and a CI log. */
export function renderTable(figures: readonly Figure[]): string {
  const rows = figures.map((figure) => [figure.label, formatValue(figure.value), figure.unit, figure.note]);
  const widths = HEADINGS.map((heading, column) =>
    Math.max(heading.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) =>
        column === 1 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(HEADINGS), rule, ...rows.map(line)].join('\n');
}

/** The header: what ran where, so two tables can be compared. */
export function renderHeader(
  machine: MachineInfo,
  quick: boolean,
  windowMs: number,
  loadAtEnd: number,
): string {
  const busy = Math.max(machine.loadAverage, loadAtEnd) > machine.cores;
  return [
    'Pipecat Cloud Tray benchmark',
    `node ${machine.node} · ${machine.cpuModel} · ${machine.cores} cores · ${machine.memoryGiB} GiB · ${machine.platform}`,
    `load average (1 min): ${machine.loadAverage} at start, ${loadAtEnd} at end${busy ? ` (above ${machine.cores} cores: other work competed for the CPUs)` : ''}`,
    quick
      ? `mode: --quick (daemon idle window shortened to ${windowMs / 1000} s; the full run uses 60 s)`
      : `mode: full (daemon idle window ${windowMs / 1000} s)`,
  ].join('\n');
}
