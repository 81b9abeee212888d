// A QR code encoder of our own: byte mode (UTF-8), error correction level M,
// versions 1..10 (up to 213 bytes). Pure: no DOM, so it is unit-tested under node.
// Reed-Solomon and block structure here, the module layout in qr-layout.js (ISO/IEC 18004).
import { Symbol } from "./qr-layout.js";

// Per version (index 1..10): [ec codewords per block, [blocks, data codewords], ...groups].
const LEVEL_M = [null,
  [10, [1, 16]], [16, [1, 28]], [26, [1, 44]], [18, [2, 32]], [24, [2, 43]],
  [16, [4, 27]], [18, [4, 31]], [22, [2, 38], [2, 39]], [22, [3, 36], [2, 37]], [26, [4, 43], [1, 44]]];
export const MAX_VERSION = 10;

function gfMultiply(x, y) {
  let z = 0;
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((y >>> i) & 1) * x;
  }
  return z;
}

function rsDivisor(degree) {
  const result = new Array(degree).fill(0);
  result[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      result[j] = gfMultiply(result[j], root);
      if (j + 1 < degree) result[j] ^= result[j + 1];
    }
    root = gfMultiply(root, 0x02);
  }
  return result;
}

/** The Reed-Solomon error correction codewords of `data`. */
export function rsRemainder(data, degree) {
  const divisor = rsDivisor(degree);
  const result = new Array(degree).fill(0);
  for (const byte of data) {
    const factor = byte ^ result.shift();
    result.push(0);
    divisor.forEach((coefficient, i) => { result[i] ^= gfMultiply(coefficient, factor); });
  }
  return result;
}

function dataCapacity(version) {
  const [, ...groups] = LEVEL_M[version];
  return groups.reduce((sum, [blocks, size]) => sum + blocks * size, 0);
}

function countBits(version) {
  return version < 10 ? 8 : 16;
}

function chooseVersion(length) {
  for (let version = 1; version <= MAX_VERSION; version++) {
    if (4 + countBits(version) + 8 * length <= 8 * dataCapacity(version)) return version;
  }
  throw new RangeError(`QR: ${length} bytes do not fit version ${MAX_VERSION}-M`);
}

function dataCodewords(bytes, version) {
  const bits = [];
  const push = (value, length) => { for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1); };
  push(0b0100, 4);
  push(bytes.length, countBits(version));
  for (const byte of bytes) push(byte, 8);
  const capacity = 8 * dataCapacity(version);
  push(0, Math.min(4, capacity - bits.length));
  push(0, (8 - (bits.length % 8)) % 8);
  const words = [];
  for (let i = 0; i < bits.length; i += 8) words.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  for (let pad = 0xec; words.length < capacity / 8; pad ^= 0xec ^ 0x11) words.push(pad);
  return words;
}

/** Data and error correction codewords, split into blocks and interleaved. */
export function interleave(words, version) {
  const [ecLength, ...groups] = LEVEL_M[version];
  const blocks = [];
  let at = 0;
  for (const [count, size] of groups) {
    for (let i = 0; i < count; i++) {
      const data = words.slice(at, at + size);
      at += size;
      blocks.push({ data, ec: rsRemainder(data, ecLength) });
    }
  }
  const longest = Math.max(...blocks.map((b) => b.data.length));
  const result = [];
  for (let i = 0; i < longest; i++) for (const b of blocks) if (i < b.data.length) result.push(b.data[i]);
  for (let i = 0; i < ecLength; i++) for (const b of blocks) result.push(b.ec[i]);
  return result;
}


/** A penalty score of a masked symbol (runs, 2×2 blocks, finder-like runs, balance). */
function penalty(modules) {
  const size = modules.length;
  let score = 0;
  const lines = [...modules, ...modules[0].map((_, x) => modules.map((row) => row[x]))];
  for (const line of lines) {
    let run = 1;
    for (let i = 1; i <= size; i++) {
      if (i < size && line[i] === line[i - 1]) run++;
      else { if (run >= 5) score += run - 2; run = 1; }
    }
    const text = line.map((d) => (d ? "1" : "0")).join("");
    score += 40 * ((text.match(/(?=10111010000|00001011101)/g) || []).length);
  }
  for (let y = 0; y + 1 < size; y++) {
    for (let x = 0; x + 1 < size; x++) {
      const c = modules[y][x];
      if (c === modules[y][x + 1] && c === modules[y + 1][x] && c === modules[y + 1][x + 1]) score += 3;
    }
  }
  const dark = modules.flat().filter(Boolean).length;
  score += 10 * Math.floor(Math.abs(dark * 20 - size * size * 10) / (size * size));
  return score;
}

/** `{version, mask, modules}` of `text` (UTF-8), level M; `mask` forces one (0..7). */
export function qrCode(text, { mask: forcedMask = null } = {}) {
  const bytes = [...new TextEncoder().encode(text)];
  const version = chooseVersion(bytes.length);
  const words = interleave(dataCodewords(bytes, version), version);
  let best = null;
  for (let mask = 0; mask < 8; mask++) {
    if (forcedMask !== null && mask !== forcedMask) continue;
    const symbol = new Symbol(version);
    symbol.drawCodewords(words);
    symbol.applyMask(mask);
    symbol.drawFormat(mask);
    const score = penalty(symbol.modules);
    if (best === null || score < best.score) best = { score, mask, modules: symbol.modules };
  }
  return { version, mask: best.mask, modules: best.modules };
}
