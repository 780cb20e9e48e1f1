import { writeOutputFile } from '../../../src/cli/output-paths';

// Child process for output-paths' atomic-write test: replaces the file at argv[2] again and again,
// alternating two contents of 8 MB, until it is killed.

const [path] = process.argv.slice(2);
const contents = ['A', 'B'].map((letter) => letter.repeat(8 << 20));
for (let i = 0; ; i++) writeOutputFile(path, contents[i % 2], 'checkpoint file');
