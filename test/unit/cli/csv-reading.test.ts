import { describe, expect, it } from 'vitest';
import { modelRowsReading } from '../../../src/cli/csv-reading';
import type { Experiment } from '../../../src/shared/schema/experiment';

// How predict and export --verify read a CSV for a trained model: as the training file was read
// (the experiment's dataset choices), with the command line's options on top.

const trainedOn = (fields: object) => ({ csv: 'train.csv', target: 'y', ...fields }) as Experiment['dataset'];

describe('modelRowsReading', () => {
  it('reads the rows as the training file was read', () => {
    expect(modelRowsReading('predict', trainedOn({ headerLine: 3, delimiter: ';', decimal: ',', thousands: '.', encoding: 'windows-1252' }), {})).toEqual({
      skipLines: 2,
      hasHeader: true,
      delimiter: ';',
      decimal: ',',
      thousands: '.',
      encoding: 'windows-1252',
    });
    expect(modelRowsReading('predict', trainedOn({ header: false, skipLines: 1 }), {})).toEqual({ hasHeader: false, skipLines: 1 });
  });

  it('detects everything for a model trained on other data (synthetic, IDX, the app\'s stored datasets)', () => {
    expect(modelRowsReading('predict', { synthetic: 'xor' } as Experiment['dataset'], {})).toEqual({});
    expect(modelRowsReading('predict', undefined, {})).toEqual({});
  });

  it('takes the options given, in the words a shell can type', () => {
    const trained = trainedOn({ delimiter: ';', decimal: ',' });
    expect(modelRowsReading('predict', trained, { delimiter: 'tab', thousands: 'space', decimal: '.' })).toEqual({ delimiter: '\t', decimal: '.', thousands: ' ' });
    expect(modelRowsReading('predict', trained, { delimiter: 'whitespace', thousands: 'none' })).toEqual({ delimiter: 'whitespace', decimal: ',', thousands: '' });
    expect(modelRowsReading('predict', trained, { encoding: 'utf-16le' })).toMatchObject({ encoding: 'utf-16le' });
  });

  it('replaces where the training file\'s header was as one choice', () => {
    const trained = trainedOn({ headerLine: 3 });
    expect(modelRowsReading('predict', trained, { 'header-line': '1' })).toEqual({ skipLines: 0, hasHeader: true });
    // Only --skip-lines: the header is the first line after them, not still line 3.
    expect(modelRowsReading('predict', trained, { 'skip-lines': '1' })).toEqual({ skipLines: 1 });
    expect(modelRowsReading('predict', trained, { 'header-line': 'none' })).toEqual({ hasHeader: false });
    expect(modelRowsReading('predict', trained, { 'header-line': 'none', 'skip-lines': '2' })).toEqual({ hasHeader: false, skipLines: 2 });
    expect(modelRowsReading('predict', trainedOn({ header: false }), { 'header-line': '2' })).toEqual({ skipLines: 1, hasHeader: true });
  });

  it('refuses an option value it cannot take, naming the command, the option and what it takes', () => {
    const read = (options: Record<string, string>) => () => modelRowsReading('export', undefined, options);
    expect(read({ 'header-line': '0' })).toThrow("export: --header-line takes a whole number of lines from 1 or none, not '0'.");
    expect(read({ 'header-line': '2.5' })).toThrow("--header-line takes a whole number of lines from 1 or none, not '2.5'.");
    expect(read({ 'skip-lines': '-1' })).toThrow("--skip-lines takes a whole number of lines, not '-1'.");
    expect(read({ 'header-line': '2', 'skip-lines': '1' })).toThrow('--header-line 2 already skips the lines above it; leave out --skip-lines.');
    expect(read({ delimiter: '#' })).toThrow("--delimiter takes one of , ; tab | whitespace, not '#'.");
    expect(read({ decimal: 'comma' })).toThrow("--decimal takes one of . ,, not 'comma'.");
    expect(read({ thousands: ' ' })).toThrow("--thousands takes one of none , . space ', not ' '.");
    expect(read({ encoding: 'latin1' })).toThrow("--encoding takes one of utf-8 windows-1252 utf-16le utf-16be, not 'latin1'.");
    // Not a prototype key either.
    expect(read({ delimiter: 'toString' })).toThrow("--delimiter takes one of");
  });
});
