import { ImportError } from './import-error';

// An image folder laid out one subfolder per class (like torchvision's ImageFolder):
//   flowers/daisy/001.jpg, flowers/daisy/002.png, flowers/rose/a.webp, …
// From the list of relative paths alone this decides the classes (subfolder names, sorted; files in
// deeper folders belong to their top class folder), which files to decode, and what to report:
// skipped files by name and why, hidden files ignored silently, class folders left without images.

/** Extensions the browser decoders read (createImageBitmap): PNG, JPEG, GIF, BMP, WebP. */
export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'bmp', 'webp'] as const;

export interface ImageFolderOptions {
  /** Name for messages (the folder the user picked). */
  folderName: string;
  /**
   * The paths start with the picked folder's own name, as `webkitRelativePath` does in the browser
   * ("flowers/daisy/1.jpg"); false for paths relative to the folder (an Electron directory walk).
   */
  includesRoot: boolean;
}

export interface ImageClassFiles {
  name: string;
  /** The paths as given, sorted, so the row order never depends on the listing order. */
  files: string[];
}

export interface ImageFolderListing {
  classes: ImageClassFiles[];
  /** Files not imported, with the reason ("not an image (.txt)", "not inside a class folder"). */
  skipped: { path: string; reason: string }[];
  /** Class folders with no importable image (seen through their skipped files or a trailing-slash entry). */
  emptyClasses: string[];
}

/** Names systems add to folders; never user data. */
const SYSTEM_NAMES = new Set(['thumbs.db', 'desktop.ini', '__macosx']);
const isHidden = (segment: string) => segment.startsWith('.') || SYSTEM_NAMES.has(segment.toLowerCase());

export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export const isImagePath = (path: string) => (IMAGE_EXTENSIONS as readonly string[]).includes(extensionOf(path));

/** Vector formats: images, but not pixels; named as such rather than "not an image". */
const VECTOR_EXTENSIONS = new Set(['svg', 'svgz', 'eps', 'ai', 'emf', 'wmf']);

/** What was left out, when nothing usable is left: a folder of SVG icons is named as such. */
function leftOut(skipped: ImageFolderListing['skipped']): string {
  if (skipped.length === 0) return '';
  const vector = skipped.filter((s) => VECTOR_EXTENSIONS.has(extensionOf(s.path)));
  const kinds = [...new Set(vector.map((s) => `.${extensionOf(s.path)}`))].sort();
  const parts = [
    ...(vector.length ? [`${vector.length} vector image${vector.length === 1 ? '' : 's'} (${kinds.join(', ')}), not supported: export them as PNG`] : []),
    ...(skipped.length > vector.length ? [`${skipped.length - vector.length} other file${skipped.length - vector.length === 1 ? '' : 's'}`] : []),
  ];
  return ` (left out: ${parts.join('; ')})`;
}

/**
 * Sorts a folder listing into classes. `paths` use '/' or '\' separators; an entry ending in '/'
 * names a folder (so an empty class folder can be reported when the listing includes folders).
 * Throws when fewer than two classes have images.
 */
export function listImageFolder(paths: readonly string[], { folderName, includesRoot }: ImageFolderOptions): ImageFolderListing {
  const files = new Map<string, string[]>();
  const folders = new Set<string>();
  const skipped: ImageFolderListing['skipped'] = [];
  for (const path of paths) {
    const segments = path.replace(/\\/g, '/').split('/').filter((s) => s !== '');
    const isFolder = /[\\/]$/.test(path);
    const inside = includesRoot ? segments.slice(1) : segments;
    if (inside.length === 0 || inside.some(isHidden)) continue;
    const className = inside[0];
    if (isFolder) {
      folders.add(className);
      continue;
    }
    if (inside.length === 1) {
      skipped.push({ path, reason: 'not inside a class folder' });
      continue;
    }
    folders.add(className);
    if (!isImagePath(path)) {
      const ext = extensionOf(path);
      const reason = VECTOR_EXTENSIONS.has(ext)
        ? `a vector image (.${ext}), not supported: export it as PNG at the size you want`
        : `not an image (${ext ? `.${ext}` : 'no extension'}; expected ${IMAGE_EXTENSIONS.join(', ')})`;
      skipped.push({ path, reason });
      continue;
    }
    let list = files.get(className);
    if (!list) files.set(className, (list = []));
    list.push(path);
  }
  const names = [...files.keys()].sort();
  const classes = names.map((name) => ({ name, files: files.get(name)!.sort() }));
  const emptyClasses = [...folders].filter((f) => !files.has(f)).sort();
  if (classes.length < 2) {
    const found = classes.length === 0 ? 'no images in class subfolders' : `images in one class folder only ('${classes[0].name}')`;
    throw new ImportError({ file: folderName }, `${found}${leftOut(skipped)}; expected one subfolder per class, at least two, holding ${IMAGE_EXTENSIONS.join('/')} files`);
  }
  return { classes, skipped, emptyClasses };
}
