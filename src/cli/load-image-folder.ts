import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import type { Dataset } from '../shared/data/dataset';
import { compositeOnto, ImageDatasetBuilder, type ImageBackground, type ImageColor } from '../shared/data/image-dataset-builder';
import { listImageFolder } from '../shared/data/image-folder';
import { imageHeaderProblem, readImageHeader } from '../shared/data/image-header';
import { decodePng } from './png';
import { cropResizeRgba } from './resize';

// An image folder (one subfolder per class) for the CLI: the same listing, size checks, aspect
// policy and pixel convention as the app, decoding PNG only (Node has no other decoders without
// dependencies). Other formats and broken files are skipped and listed on stderr by name.
// Transparency is composited onto the background before resizing, so a transparent pixel's stored
// colour never bleeds into its neighbours.

function walk(folder: string): string[] {
  const paths: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    const path = relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/');
    paths.push(entry.isDirectory() ? `${path}/` : path);
  }
  return paths;
}

export interface ImageFolderChoices {
  size: number;
  color: ImageColor;
  background: ImageBackground;
}

export function loadImageFolder(folder: string, { size, color, background }: ImageFolderChoices, log: (line: string) => void): Dataset {
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    throw new Error(`Cannot read image folder '${folder}': no such folder.`);
  }
  if (!isFolder) throw new Error(`Cannot read image folder '${folder}': it is a file, expected a folder with one subfolder per class.`);
  const name = basename(folder);
  const listing = listImageFolder(walk(folder), { folderName: name, includesRoot: false });
  const classes = listing.classes.map((c) => c.name);
  const builder = new ImageDatasetBuilder({ name, size, color, background, classes, expectedImages: listing.classes.reduce((n, c) => n + c.files.length, 0) });
  for (const skipped of listing.skipped) builder.skip(skipped.path, skipped.reason);
  listing.classes.forEach(({ files }, label) => {
    for (const path of files) {
      const bytes = readFileSync(join(folder, path));
      const header = readImageHeader(bytes);
      const problem = imageHeaderProblem(header);
      if (problem) {
        builder.skip(path, problem);
      } else if (header!.format !== 'png') {
        builder.skip(path, `${header!.format.toUpperCase()} is decoded in the app only; the CLI reads PNG`);
      } else {
        try {
          const image = decodePng(bytes, path);
          const transparent = compositeOnto(image.rgba, background);
          builder.add(label, cropResizeRgba(image.rgba, image.width, image.height, size), path, { transparent });
        } catch (error) {
          builder.skip(path, error instanceof Error ? error.message.replace(`${path}: `, '') : String(error));
        }
      }
    }
  });
  const { dataset, report } = builder.finish();
  if (listing.emptyClasses.length) log(`${name}: class folders without images: ${listing.emptyClasses.join(', ')}`);
  if (report.droppedClasses.length) log(`${name}: class folders left out, none of their images could be decoded: ${report.droppedClasses.join(', ')}`);
  if (report.transparent.images) log(`${name}: ${report.transparent.images} image${report.transparent.images === 1 ? '' : 's'} with transparency, composited onto ${background}`);
  if (report.skipped.length) {
    log(`${name}: ${report.skipped.length} file${report.skipped.length === 1 ? '' : 's'} skipped:`);
    for (const s of report.skipped) log(`  ${s.path}: ${s.reason}`);
  }
  return dataset;
}
