/**
 * A plain-text report of trained weights, for the `train` command and the bench: one row per level
 * with m, u and the match weight log2(m/u) it adds, then the prior, the EM sessions and convergence.
 */
import type { TrainedWeights } from './em';
import { describeDiagnostics } from './training-report';

const sig = (value: number): string => (value >= 0.001 ? value.toFixed(4) : value.toExponential(2));
const bits = (value: number): string => `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;

export function describeWeights(weights: TrainedWeights): string[] {
  const rows: string[][] = [['comparison', 'level', 'm', 'u', 'weight (bits)']];
  for (const comparison of weights.comparisons) {
    comparison.levels.forEach((level, l) => {
      if (!level) return;
      rows.push([
        l === 1 ? comparison.name : '',
        level.label,
        sig(level.m),
        sig(level.u),
        bits(Math.log2(level.m / level.u)),
      ]);
    });
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const table = rows.map((row) =>
    row
      .map((cell, c) => (c >= 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd(),
  );
  const sessions = weights.sessions.map(
    (s) =>
      `  ${s.rule === '*' ? 'all blocked pairs' : `rule ${s.rule}`}: ${s.pairs} pairs, ` +
      (s.estimated.length > 0 ? `estimated ${s.estimated.join(', ')}` : 'λ only') +
      `, ${s.iterations} iterations${s.converged ? '' : ' (not converged)'}`,
  );
  return [
    ...table,
    '',
    `λ (prior) = ${weights.prior.toExponential(3)}: about one match in ${Math.round(1 / weights.prior).toLocaleString('en')} record pairs` +
      (weights.ruleLambda
        ? ` (from deterministic rules: ${weights.ruleLambda.pairs} pairs, recall ${weights.ruleLambda.recall})`
        : ' (EM)'),
    `EM: ${weights.iterations} iterations over ${weights.sessions.length} sessions, ` +
      `${weights.converged ? 'converged' : 'NOT converged (raise maxIterations or check the config)'}; ` +
      `${weights.records} records, ${weights.pairsBlocked} blocked pairs, u from ${weights.pairsSampledForU} random pairs`,
    ...sessions,
    '',
    ...describeDiagnostics(weights.diagnostics),
  ];
}
