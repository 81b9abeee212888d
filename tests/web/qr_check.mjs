// Decodes our QR symbols with an independent reader and checks them against the
// standard's tables: format and version bits, finder/timing patterns, Reed-Solomon
// syndromes of every block, and the byte-mode payload. Exit code 1 on any failure.
import assert from "node:assert/strict";
import { qrCode } from "../../web/js/qr.js";

// ISO/IEC 18004 table C.1 (level M) and table D.1 (versions 7..10).
const FORMAT_M = [0x5412, 0x5125, 0x5e7c, 0x5b4b, 0x45f9, 0x40ce, 0x4f97, 0x4aa0];
const VERSION = { 7: 0x07c94, 8: 0x085bc, 9: 0x09a99, 10: 0x0a4d3 };
const BLOCKS = { 1: [10, [16]], 2: [16, [28]], 3: [26, [44]], 4: [18, [32, 32]], 5: [24, [43, 43]],
  6: [16, [27, 27, 27, 27]], 7: [18, [31, 31, 31, 31]], 8: [22, [38, 38, 39, 39]],
  9: [22, [36, 36, 36, 37, 37]], 10: [26, [43, 43, 43, 43, 44]] };
const ALIGN = { 1: [], 2: [6, 18], 3: [6, 22], 4: [6, 26], 5: [6, 30], 6: [6, 34],
  7: [6, 22, 38], 8: [6, 24, 42], 9: [6, 26, 46], 10: [6, 28, 50] };
const MASKS = [(r, c) => (r + c) % 2 === 0, (r) => r % 2 === 0, (r, c) => c % 3 === 0,
  (r, c) => (r + c) % 3 === 0, (r, c) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0,
  (r, c) => ((r * c) % 2) + ((r * c) % 3) === 0, (r, c) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0,
  (r, c) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0];

const EXP = [];
const LOG = [];
for (let i = 0, x = 1; i < 255; i++, x = (x << 1) ^ (x & 0x80 ? 0x11d : 0)) { EXP[i] = x; LOG[x] = i; }

function bitsAt(m, cells) {
  return cells.reduce((value, [r, c], i) => value | ((m[r][c] ? 1 : 0) << i), 0);
}

function formatCells(n) {
  const first = [0, 1, 2, 3, 4, 5, 7, 8].map((r) => [r, 8]).concat([7, 5, 4, 3, 2, 1, 0].map((c) => [8, c]));
  const second = [...Array(8).keys()].map((i) => [8, n - 1 - i]).concat([...Array(7).keys()].map((i) => [n - 7 + i, 8]));
  return [first, second];
}

function functionMap(version, n) {
  const f = Array.from({ length: n }, () => new Array(n).fill(false));
  const box = (r0, c0, h, w) => { for (let r = r0; r < r0 + h; r++) for (let c = c0; c < c0 + w; c++) f[r][c] = true; };
  box(0, 0, 9, 9); box(0, n - 8, 9, 8); box(n - 8, 0, 8, 9);
  const inFinder = (r, c) => (r < 9 && c < 9) || (r < 9 && c > n - 9) || (r > n - 9 && c < 9);
  for (const r of ALIGN[version]) for (const c of ALIGN[version]) if (!inFinder(r, c)) box(r - 2, c - 2, 5, 5);
  box(6, 0, 1, n); box(0, 6, n, 1);
  if (version >= 7) { box(0, n - 11, 6, 3); box(n - 11, 0, 3, 6); }
  return f;
}

function readCodewords(m, f) {
  const n = m.length;
  const bits = [];
  let upward = true;
  for (let right = n - 1; right > 0; right -= 2) {
    if (right === 6) right--;
    for (let k = 0; k < n; k++) {
      const r = upward ? n - 1 - k : k;
      for (const c of [right, right - 1]) if (!f[r][c]) bits.push(m[r][c] ? 1 : 0);
    }
    upward = !upward;
  }
  const words = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) words.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  return words;
}

function syndromesZero(block) {
  const [ecLength] = [block.ecLength];
  const all = [...block.data, ...block.ec];
  for (let j = 0; j < ecLength; j++) {
    let s = 0;
    for (const word of all) s = (s === 0 ? 0 : EXP[(LOG[s] + j) % 255]) ^ word;
    if (s !== 0) return false;
  }
  return true;
}

export function decode(m) {
  const n = m.length;
  const version = (n - 17) / 4;
  assert.ok(Number.isInteger(version) && version >= 1 && version <= 10, `size ${n}`);
  for (const [r0, c0] of [[0, 0], [0, n - 7], [n - 7, 0]]) {
    for (let r = 0; r < 7; r++) for (let c = 0; c < 7; c++) {
      const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
      assert.equal(m[r0 + r][c0 + c], ring !== 2, `finder at ${r0},${c0}`);
    }
  }
  for (let i = 8; i < n - 8; i++) assert.equal(m[6][i], i % 2 === 0, "timing");
  assert.equal(m[n - 8][8], true, "dark module");
  const [first, second] = formatCells(n).map((cells) => bitsAt(m, cells));
  assert.equal(first, second, "both format copies agree");
  const mask = FORMAT_M.indexOf(first);
  assert.ok(mask >= 0, `format bits ${first.toString(2)} are a level M code word`);
  if (version >= 7) {
    const topRight = [...Array(18).keys()].map((i) => [Math.floor(i / 3), n - 11 + (i % 3)]);
    const bottomLeft = topRight.map(([r, c]) => [c, r]);
    assert.equal(bitsAt(m, topRight), VERSION[version], "version bits, top right");
    assert.equal(bitsAt(m, bottomLeft), VERSION[version], "version bits, bottom left");
  }
  const f = functionMap(version, n);
  const unmasked = m.map((row, r) => row.map((dark, c) => (!f[r][c] && MASKS[mask](r, c) ? !dark : dark)));
  const words = readCodewords(unmasked, f);
  const [ecLength, sizes] = BLOCKS[version];
  const blocks = sizes.map(() => ({ data: [], ec: [], ecLength }));
  let at = 0;
  for (let i = 0; i < Math.max(...sizes); i++) blocks.forEach((b, k) => { if (i < sizes[k]) b.data.push(words[at++]); });
  for (let i = 0; i < ecLength; i++) for (const b of blocks) b.ec.push(words[at++]);
  blocks.forEach((b, k) => assert.ok(syndromesZero(b), `Reed-Solomon block ${k} of version ${version}`));
  const bits = blocks.flatMap((b) => b.data).flatMap((w) => [7, 6, 5, 4, 3, 2, 1, 0].map((i) => (w >> i) & 1));
  const take = (count) => bits.splice(0, count).reduce((a, b) => (a << 1) | b, 0);
  assert.equal(take(4), 0b0100, "byte mode");
  const length = take(version < 10 ? 8 : 16);
  const bytes = Uint8Array.from({ length }, () => take(8));
  return { version, mask, text: new TextDecoder().decode(bytes) };
}

const TEXTS = [
  "a",
  "http://127.0.0.1:8000/referee/yrd-electricians#token=3f9c2a7e1b5d4c8f9a0b1c2d3e4f5a6b",
  "https://judging.example.org/referee/%E9%95%BF%E4%B8%89%E8%A7%92-2026#token=" + "x".repeat(64),
  "长三角电工跨区域闯关邀请赛 · 裁判平板 " + "z".repeat(90),
  "y".repeat(213),
];
const seen = new Set();
for (const text of TEXTS) {
  const symbol = qrCode(text);
  const decoded = decode(symbol.modules);
  assert.equal(decoded.text, text);
  assert.equal(decoded.version, symbol.version);
  assert.equal(decoded.mask, symbol.mask);
  seen.add(symbol.version);
}
for (let mask = 0; mask < 8; mask++) {
  assert.equal(decode(qrCode(TEXTS[1], { mask }).modules).mask, mask, `forced mask ${mask}`);
}
assert.throws(() => qrCode("y".repeat(214)), RangeError);
assert.ok(seen.has(1) && seen.has(10) && [...seen].some((v) => v >= 7 && v < 10), [...seen].join());
console.log(`ok: versions ${[...seen].sort((a, b) => a - b).join(",")}`);
