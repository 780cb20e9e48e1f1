// Base64 (RFC 4648, with padding) of raw bytes, for numbers that must travel through JSON bit for
// bit. Written out because src/shared runs where neither Node's Buffer nor the newest
// Uint8Array.toBase64 can be assumed.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  // Strings are built a chunk at a time: one concatenation per byte triple is slow on large tensors.
  const CHUNK = 3 * 4096;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, bytes.length);
    let text = '';
    for (let i = start; i < end; i += 3) {
      const n = (bytes[i] << 16) | ((i + 1 < end ? bytes[i + 1] : 0) << 8) | (i + 2 < end ? bytes[i + 2] : 0);
      text += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63];
      text += i + 1 < end ? ALPHABET[(n >> 6) & 63] : '=';
      text += i + 2 < end ? ALPHABET[n & 63] : '=';
    }
    parts.push(text);
  }
  return parts.join('');
}

/** The bytes of padded base64 text; throws on any other character or a length that is not a multiple of 4. */
export function decodeBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new Error('base64: the length is not a multiple of 4');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let out = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const code = text.charCodeAt(i + j);
      const value = code === 61 && i + j >= text.length - padding ? 0 : code < 128 ? VALUES[code] : -1;
      if (value < 0) throw new Error(`base64: unexpected character at ${i + j}`);
      n = (n << 6) | value;
    }
    if (out < bytes.length) bytes[out++] = n >> 16;
    if (out < bytes.length) bytes[out++] = (n >> 8) & 255;
    if (out < bytes.length) bytes[out++] = n & 255;
  }
  return bytes;
}
