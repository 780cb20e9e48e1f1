import { describe, expect, it } from 'vitest';
import { extensionOf, listImageFolder } from '../../../../src/shared/data/image-folder';

describe('listImageFolder', () => {
  it('takes classes from subfolders (sorted), strips the picked folder, ignores hidden files, reports the rest', () => {
    const listing = listImageFolder(
      [
        'pets/dog/b.PNG',
        'pets/dog/a.jpg',
        'pets/cat/1.webp',
        'pets/cat/.DS_Store',
        'pets/cat/nested/2.gif',
        'pets/.git/config',
        'pets/cat/notes.txt',
        'pets/readme.md',
        'pets/bird/Thumbs.db',
        'pets/fish/scan.tiff',
        'pets/cat/LICENSE',
        'pets/dog/logo.svg',
      ],
      { folderName: 'pets', includesRoot: true },
    );
    expect(listing.classes).toEqual([
      { name: 'cat', files: ['pets/cat/1.webp', 'pets/cat/nested/2.gif'] },
      { name: 'dog', files: ['pets/dog/a.jpg', 'pets/dog/b.PNG'] },
    ]);
    expect(listing.skipped).toEqual([
      { path: 'pets/cat/notes.txt', reason: 'not an image (.txt; expected png, jpg, jpeg, gif, bmp, webp)' },
      { path: 'pets/readme.md', reason: 'not inside a class folder' },
      { path: 'pets/fish/scan.tiff', reason: 'not an image (.tiff; expected png, jpg, jpeg, gif, bmp, webp)' },
      { path: 'pets/cat/LICENSE', reason: 'not an image (no extension; expected png, jpg, jpeg, gif, bmp, webp)' },
      { path: 'pets/dog/logo.svg', reason: 'a vector image (.svg), not supported: export it as PNG at the size you want' },
    ]);
    // bird holds only a hidden system file, fish only a skipped one; an explicit empty folder counts too.
    expect(listing.emptyClasses).toEqual(['fish']);
    const withFolders = listImageFolder(['a\\1.png', 'b\\2.png', 'c/'], { folderName: 'x', includesRoot: false });
    expect(withFolders.classes.map((c) => c.name)).toEqual(['a', 'b']);
    expect(withFolders.emptyClasses).toEqual(['c']);
  });

  it('ignores system folders and files, empty path segments and the picked folder itself; a dot in a folder name is no extension', () => {
    const listing = listImageFolder(
      ['pets/', 'pets//cat/1.png', 'pets/dog/2.png', 'pets/cat/desktop.ini', 'pets/__MACOSX/cat/1.png', 'pets/v1.2/README', 'pets/zebra/', 'pets/ant/x.txt'],
      { folderName: 'pets', includesRoot: true },
    );
    expect(listing.classes).toEqual([
      { name: 'cat', files: ['pets//cat/1.png'] },
      { name: 'dog', files: ['pets/dog/2.png'] },
    ]);
    expect(listing.skipped.map((s) => s.reason)).toEqual(['not an image (no extension; expected png, jpg, jpeg, gif, bmp, webp)', 'not an image (.txt; expected png, jpg, jpeg, gif, bmp, webp)']);
    expect(listing.emptyClasses).toEqual(['ant', 'v1.2', 'zebra']);
    expect(['a/b.JPEG', 'a.b/c', 'a/.png', 'a/b.'].map(extensionOf)).toEqual(['jpeg', '', '', '']);
  });

  it('needs at least two classes with images', () => {
    expect(() => listImageFolder(['c/a.svg', 'c/b.txt', 'c/c.txt'], { folderName: 'one', includesRoot: false })).toThrow(
      'one: no images in class subfolders (left out: 1 vector image (.svg), not supported: export them as PNG; 2 other files); expected one subfolder per class, at least two, holding png/jpg/jpeg/gif/bmp/webp files',
    );
    expect(() => listImageFolder(['c/a.svgz', 'd/b.svg', 'e/c.wmf'], { folderName: 'v', includesRoot: false })).toThrow(
      'v: no images in class subfolders (left out: 3 vector images (.svg, .svgz, .wmf), not supported: export them as PNG); expected',
    );
    expect(() => listImageFolder(['c/a.txt'], { folderName: 'o', includesRoot: false })).toThrow('o: no images in class subfolders (left out: 1 other file); expected');
    expect(() => listImageFolder(['cats/1.png', 'cats/2.png'], { folderName: 'cats', includesRoot: false })).toThrow(
      "cats: images in one class folder only ('cats'); expected one subfolder per class, at least two",
    );
    expect(() => listImageFolder(['a.png', 'b.png'], { folderName: 'flat', includesRoot: false })).toThrow('flat: no images in class subfolders');
    expect(() => listImageFolder(['icons/apps/a.svg', 'icons/apps/b.svgz', 'icons/ui/c.svg', 'icons/ui/index.theme'], { folderName: 'icons', includesRoot: true })).toThrow(
      'icons: no images in class subfolders (left out: 3 vector images (.svg, .svgz), not supported: export them as PNG; 1 other file); expected one subfolder per class',
    );
  });
});
