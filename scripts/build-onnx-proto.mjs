// Generates the ONNX protobuf encoder from ONNX's own schema, src/shared/export/onnx.proto (vendored
// verbatim, see onnx.proto.LICENSE), into src/shared/export/generated/onnx-proto.js and .d.ts
// (gitignored) with protobufjs's static code generator, pbjs. Static code, not protobufjs's
// reflection at run time: reflection compiles its encoders with `new Function`, which the app's
// Content-Security-Policy (no 'unsafe-eval') rightly forbids; the generated module only needs
// protobufjs/minimal. Only ModelProto and the messages it reaches are generated. Skips the work
// when the output is newer than the schema and this script.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const proto = join(root, 'src/shared/export/onnx.proto');
const outDir = join(root, 'src/shared/export/generated');
const outFile = join(outDir, 'onnx-proto.js');
const typesFile = join(outDir, 'onnx-proto.d.ts');

const newestInput = Math.max(statSync(proto).mtimeMs, statSync(import.meta.filename).mtimeMs);
const fresh = [outFile, typesFile].every((file) => existsSync(file) && statSync(file).mtimeMs > newestInput);
if (!fresh) {
  const pbjs = join(root, 'node_modules/protobufjs-cli/bin/pbjs');
  if (!existsSync(pbjs)) {
    process.stderr.write('build-onnx-proto: protobufjs-cli is not installed; run `npm install` (package.json lists it since the ONNX export).\n');
    process.exit(1);
  }
  const scratch = mkdtempSync(join(tmpdir(), 'onnx-proto-'));
  try {
    const filter = join(scratch, 'filter.json');
    writeFileSync(filter, JSON.stringify({ messageNames: ['onnx.ModelProto'] }));
    mkdirSync(outDir, { recursive: true });
    // keep-case: ONNX's field names (ir_version, opset_import) as written in onnx.proto;
    // force-number: int64 fields (dimensions, versions) are plain numbers, all far below 2^53.
    execFileSync(process.execPath, [pbjs, '-t', 'static-module', '-w', 'esm', '--keep-case', '--force-number',
      '--no-create', '--no-verify', '--no-convert', '--no-delimited', '--no-typeurl', '--no-service',
      '--filter', filter, '-o', outFile, '-d', proto], { stdio: 'inherit' });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
