import { describe, expect, it } from 'vitest';
import { classifyFiles } from '../../../src/renderer/src/features/datasets/ImportPanel';
import { filesFromPicker, folderNameOf } from '../../../src/renderer/src/features/datasets/folder-files';

const file = (name: string, relative = '') => Object.assign(new File(['x'], name), { webkitRelativePath: relative }) as File;

describe('what a set of dropped files is', () => {
  it('one CSV file, two IDX files (raw or gzipped), or an explanation', () => {
    expect(classifyFiles([file('iris.csv')])).toMatchObject({ kind: 'csv' });
    expect(classifyFiles([file('train-images-idx3-ubyte.gz'), file('train-labels-idx1-ubyte')])).toMatchObject({ kind: 'idx' });
    expect(classifyFiles([file('a.csv'), file('b.csv'), file('c.png')])).toEqual({
      error: 'Drop one CSV file, two IDX files (images and labels), or a folder with one subfolder per class; got 3 files (a.csv, b.csv, c.png).',
    });
  });

  it('a picked folder keeps the paths starting at its own name', () => {
    const files = filesFromPicker([file('1.png', 'flowers/rose/1.png'), file('2.png', 'flowers/daisy/2.png')]);
    expect(files.map((f) => f.path)).toEqual(['flowers/rose/1.png', 'flowers/daisy/2.png']);
    expect(folderNameOf(files)).toBe('flowers');
  });
});
