// Sums StrykerJS results per file and per module (src/shared/nn, data, engine, schema) from the
// reports of several runs: on two cores the modules are scored a file or a few files at a time,
// each run with its own incremental file (npm run mutation -- --mutate F --incrementalFile
// reports/inc/NAME.json), and a file's newest report counts.
//   node scripts/mutation-score.mjs [report.json …]     (default: reports/**/*.json)
//   node scripts/mutation-score.mjs --survivors [report.json …]   also lists each surviving mutant
// Score as Stryker computes it: (killed + timeout) / (killed + timeout + survived + no coverage);
// compile and runtime errors are not mutants a test could kill and are left out.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const listSurvivors = args.includes('--survivors');
const given = args.filter((a) => a !== '--survivors');

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

const tally = () => ({ killed: 0, survived: 0 });
const count = (t, status) => {
  if (status === 'Killed' || status === 'Timeout') t.killed++;
  else if (status === 'Survived' || status === 'NoCoverage') t.survived++;
};
const pct = (t) => (t.killed + t.survived === 0 ? '—' : `${((100 * t.killed) / (t.killed + t.survived)).toFixed(1)}%`);
const line = (name, t) => `${name.padEnd(52)} ${String(t.killed).padStart(5)}/${String(t.killed + t.survived).padEnd(5)} ${pct(t)}`;

const modules = new Map();
const rows = [];
for (const [file, result] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
  const t = tally();
  for (const m of result.mutants) {
    count(t, m.status);
    if (listSurvivors && (m.status === 'Survived' || m.status === 'NoCoverage')) {
      const { line: l, column: c } = m.location.start;
      const replacement = m.replacement === undefined ? '' : ` → ${JSON.stringify(m.replacement).slice(0, 80)}`;
      rows.push(`  ${file}:${l}:${c} ${m.status} ${m.mutatorName}${replacement}`);
    }
  }
  const module = file.match(/^src\/shared\/[^/]+/)?.[0] ?? file;
  const mt = modules.get(module) ?? tally();
  mt.killed += t.killed;
  mt.survived += t.survived;
  modules.set(module, mt);
  console.log(line(file, t));
}
console.log('');
for (const [module, t] of modules) console.log(line(`${module} (scored files)`, t));
if (listSurvivors) console.log(['', 'Survivors:', ...rows].join('\n'));
