// Sums StrykerJS results per file and per module (src/shared/nn, data, engine, schema) from the
// reports of several runs: on two cores the modules are scored a file or a few files at a time,
// each run with its own incremental file (npm run mutation -- --mutate F --incrementalFile
// reports/inc/NAME.json), and a file's newest report counts.
//   node scripts/mutation-score.mjs [report.json …]     (default: reports/**/*.json)
//   node scripts/mutation-score.mjs --survivors [report.json …]   also lists each surviving mutant
//     that no entry of the equivalent-mutant ledger explains
//   node scripts/mutation-score.mjs --stale [report.json …]   lists ledger entries that match no
//     survivor of the reports (the code moved, or a test now kills the mutant)
// Score as Stryker computes it: (killed + timeout) / (killed + timeout + survived + no coverage);
// compile and runtime errors are not mutants a test could kill and are left out. The last column
// also counts as settled the survivors test/mutation/equivalent explains: one JSON file per source
// file (its path under src/shared, .ts → .json), each entry a surviving mutant by position,
// mutator and replacement, with the reason no test can tell it from the original.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const LEDGER_DIR = 'test/mutation/equivalent';
const args = process.argv.slice(2);
const listSurvivors = args.includes('--survivors');
const listStale = args.includes('--stale');
const given = args.filter((a) => !a.startsWith('--'));

function jsonFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsonFiles(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : [],
  );
}

const reports = (given.length > 0 ? given : jsonFiles('reports'))
  .map((path) => ({ path, mtime: statSync(path).mtimeMs, json: JSON.parse(readFileSync(path, 'utf8')) }))
  .filter((r) => r.json && typeof r.json.files === 'object')
  .sort((a, b) => a.mtime - b.mtime);

/** file → its mutants in the newest report that has it */
const files = new Map();
for (const r of reports) for (const [file, result] of Object.entries(r.json.files)) files.set(file, result);

const keyOf = (file, at, mutator, replacement) => `${file}|${at}|${mutator}|${replacement}`;
/** key → ledger entry; each entry: { at: "line:column", mutator, replacement, reason } */
const ledger = new Map();
if (existsSync(LEDGER_DIR)) {
  for (const path of jsonFiles(LEDGER_DIR)) {
    const { file, survivors } = JSON.parse(readFileSync(path, 'utf8'));
    for (const e of survivors) {
      if (typeof e.reason !== 'string' || e.reason.trim() === '') throw new Error(`${path}: the entry at ${e.at} gives no reason`);
      ledger.set(keyOf(file, e.at, e.mutator, e.replacement), { ...e, file, path, used: false });
    }
  }
}

const tally = () => ({ killed: 0, explained: 0, survived: 0 });
const pct = (n, t) => (t.killed + t.explained + t.survived === 0 ? '—' : `${((100 * n) / (t.killed + t.explained + t.survived)).toFixed(1)}%`);
const line = (name, t) =>
  `${name.padEnd(52)} ${String(t.killed).padStart(5)}/${String(t.killed + t.explained + t.survived).padEnd(5)} ${pct(t.killed, t).padStart(6)}` +
  `   +${String(t.explained).padEnd(4)} equivalent → ${pct(t.killed + t.explained, t).padStart(6)}`;

const modules = new Map();
const rows = [];
console.log(`${'file'.padEnd(52)} killed/total         (ledger)  killed or equivalent`);
for (const [file, result] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
  const t = tally();
  for (const m of result.mutants) {
    if (m.status === 'Killed' || m.status === 'Timeout') t.killed++;
    else if (m.status === 'Survived' || m.status === 'NoCoverage') {
      const { line: l, column: c } = m.location.start;
      const entry = ledger.get(keyOf(file, `${l}:${c}`, m.mutatorName, m.replacement));
      if (entry) {
        entry.used = true;
        t.explained++;
      } else {
        t.survived++;
        const replacement = m.replacement === undefined ? '' : ` → ${JSON.stringify(m.replacement).slice(0, 80)}`;
        if (listSurvivors) rows.push(`  ${file}:${l}:${c} ${m.status} ${m.mutatorName}${replacement}`);
      }
    }
  }
  const module = file.match(/^src\/shared\/[^/]+/)?.[0] ?? file;
  const mt = modules.get(module) ?? tally();
  for (const k of Object.keys(t)) mt[k] += t[k];
  modules.set(module, mt);
  console.log(line(file, t));
}
console.log('');
for (const [module, t] of modules) console.log(line(`${module} (scored files)`, t));
if (listSurvivors) console.log(['', 'Survivors no ledger entry explains:', ...rows].join('\n'));
if (listStale) {
  const stale = [...ledger.values()].filter((e) => !e.used && files.has(e.file));
  console.log(['', 'Ledger entries that match no survivor of these reports:', ...stale.map((e) => `  ${e.path}: ${e.at} ${e.mutator} → ${JSON.stringify(e.replacement)}`)].join('\n'));
}
