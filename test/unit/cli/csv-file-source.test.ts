import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { csvFileSource } from '../../../src/cli/csv-file-source';
import { importCsv, importCsvBytes } from '../../../src/shared/data/import-csv';

const dir = mkdtempSync(join(tmpdir(), 'nn-csv-source-'));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('csvFileSource', () => {
  it('streams a file of many chunks to the same dataset as the in-memory import', async () => {
    const lines = ['x,colour,y'];
    for (let i = 0; i < 20_000; i++) lines.push(`${i / 8},${['red', 'green', 'blue'][i % 3]},${i % 2 ? 'odd' : 'even'}`);
    const text = `${lines.join('\n')}\n`;
    const streamed = await importCsv(await csvFileSource(file('big.csv', text)), { split: { validation: 0.1, seed: 2 } });
    const inMemory = importCsvBytes(new TextEncoder().encode(text), 'big.csv', { split: { validation: 0.1, seed: 2 } });
    expect(streamed.dataset.rows).toBe(20_000);
    expect(streamed.dataset).toEqual(inMemory.dataset);
    expect(streamed.report).toEqual(inMemory.report);
  });

  it('streams a gzip file (by its magic number) to the same dataset as its text, and names damaged gzip data', async () => {
    const lines = ['x,colour,y'];
    for (let i = 0; i < 30_000; i++) lines.push(`${i / 8},${['red', 'green', 'blue'][i % 3]},${i % 2 ? 'odd' : 'even'}`);
    const text = `${lines.join('\n')}\n`;
    const packed = gzipSync(text);
    const gz = await importCsv(await csvFileSource(file('big.csv.gz', packed)), { split: { validation: 0.1, seed: 2 } });
    const plain = importCsvBytes(new TextEncoder().encode(text), 'big.csv.gz', { split: { validation: 0.1, seed: 2 } });
    expect(gz.dataset.rows).toBe(30_000);
    expect(gz.dataset).toEqual(plain.dataset);
    const cut = packed.subarray(0, packed.length - 100);
    await expect(importCsv(await csvFileSource(file('cut.csv.gz', cut)))).rejects.toThrow('cut.csv.gz: the gzip data is damaged or cut short');
  });

  it('reads as windows-1252 a file whose first non-UTF-8 byte comes after the sniffed head', async () => {
    const text = `city,class\n${'Bonn,a\nKiel,b\n'.repeat(6000)}M`;
    const bytes = Uint8Array.from([...new TextEncoder().encode(text), 0xfc, ...new TextEncoder().encode('nchen,a\n')]);
    const { plan, dataset } = await importCsv(await csvFileSource(file('late.csv', bytes)), { split: { validation: 0 } });
    expect([plan.encoding, dataset.featureNames.at(-1)]).toEqual(['windows-1252', 'city=München']);
    await expect(importCsv(await csvFileSource(file('late.csv', bytes)), { encoding: 'utf-8' })).rejects.toThrow('late.csv: the file is not valid UTF-8');
  });

  it('decodes windows-1252 text', async () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode('city,t\nM'), 0xfc, ...new TextEncoder().encode('nchen,a\nBonn,b\n')]);
    const { dataset } = await importCsv(await csvFileSource(file('latin.csv', bytes)), { split: { validation: 0 } });
    expect(dataset.featureNames).toEqual(['city=Bonn', 'city=München']);
  });

  it('streams a file whose header is longer than 64 KiB, plain or gzipped, to the dataset the in-memory import reads', async () => {
    const header = [...Array.from({ length: 9000 }, (_, j) => `word_${j}`), 'topic'].join(',');
    const rows = Array.from({ length: 40 }, (_, i) => [...Array.from({ length: 9000 }, (_, j) => (i + j) % 3), i % 2 ? 'sport' : 'news'].join(','));
    const text = `${header}\n${rows.join('\n')}\n`;
    const inMemory = importCsvBytes(new TextEncoder().encode(text), 'words.csv', { split: { validation: 0 } });
    expect([inMemory.dataset.rows, inMemory.dataset.features]).toEqual([40, 9000]);
    for (const [name, content] of [['words.csv', text], ['words.csv.gz', gzipSync(text)]] as const) {
      const source = await csvFileSource(file(name, content));
      // The head reaches past the 88,895-byte header to hold ten line ends.
      expect([source.head.length, source.complete]).toEqual([262_144, false]);
      const streamed = await importCsv(source, { split: { validation: 0 } });
      expect(streamed.dataset).toEqual({ ...inMemory.dataset, name: streamed.dataset.name });
    }
  });

  it('reports bad rows, unclosed quotes and binary data after the head, and a missing file', async () => {
    await expect(importCsv(await csvFileSource(file('bad.csv', 'a,b,y\n1,2,x\n3,abc,y\n4,5,x\n')), { target: 'y' })).rejects.toThrow(
      "bad.csv row 3, column 'b': expected a number, found 'abc'",
    );
    await expect(importCsv(await csvFileSource(file('quote.csv', 'a,y\n1,x\n2,"y\n3,x\n')))).rejects.toThrow(
      'quote.csv row 3: column 2 ("y) opens a quote that is never closed; expected a closing " at the end of the field (a " inside a quoted field is written "")',
    );
    const binary = `a,y\n${'1,x\n2,y\n'.repeat(10_000)}\u0000\u0000`;
    await expect(importCsv(await csvFileSource(file('binary.csv', binary)))).rejects.toThrow('binary.csv: the file is not text (it contains NUL bytes further on)');
    await expect(csvFileSource(join(dir, 'none.csv'))).rejects.toThrow(`Cannot read CSV file '${join(dir, 'none.csv')}': no such file.`);
  });
});
