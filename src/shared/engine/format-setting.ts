// A setting's value as names, tables and axes show it — sweep run names here in the engine, the
// renderer's tables and axes through components/format — so a value reads the same everywhere.

/**
 * Numbers to four significant digits (a log grid's 0.0448140474656 reads 0.04481), objects as JSON,
 * everything else as written. Only for display: the experiment keeps the exact value.
 */
export function formatSetting(value: unknown): string {
  // Infinity and NaN pass through toPrecision unchanged.
  if (typeof value === 'number') return String(Number(value.toPrecision(4)));
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}
