// Whether a dataset's features are the pixels of an image, read from the feature names the image
// importers give them: "pixel{y}_{x}" (IDX files), "{y}_{x}" (grayscale folders) and
// "{y}_{x}_r|g|b" (colour folders), row by row. Views use it to draw a row as a picture.

export interface ImageGeometry {
  height: number;
  width: number;
  channels: 1 | 3;
}

export function imageGeometry(featureNames: readonly string[]): ImageGeometry | null {
  const match = /^(?:pixel)?(\d+)_(\d+)(_b)?$/.exec(featureNames.at(-1) ?? '');
  if (!match) return null;
  const height = Number(match[1]) + 1;
  const width = Number(match[2]) + 1;
  const channels = match[3] ? 3 : 1;
  if (height * width * channels !== featureNames.length) return null;
  // The first name follows the same pattern, so a table that happens to end in "3_4" is not taken for an image.
  const first = channels === 3 ? /^0_0_r$/ : /^(?:pixel)?0_0$/;
  return first.test(featureNames[0]) ? { height, width, channels } : null;
}
