// Renders build/icons/icon.svg into the icon files the installers need, offline:
//   icon.png (512x512), linux/<N>x<N>.png (16..512), icon.ico (Windows), icon.icns (macOS).
// The SVG is drawn into a canvas by the system Chromium (driven by playwright-core), which
// hands back both the PNG bytes and the raw pixels; the .ico and .icns containers are then
// written here. Run it again after changing icon.svg:  node build/icons/make-icons.mjs
/* global Image, btoa, document -- used inside page.evaluate, which runs in the browser */
import { chromium } from 'playwright-core';
import { Buffer } from 'node:buffer';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const svg = readFileSync(join(here, 'icon.svg'), 'utf8');
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

/** Renders the SVG at each size; returns { size: { png: Buffer, rgba: Buffer } }. */
async function render() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage();
    const out = await page.evaluate(
      async ({ svgText, sizes }) => {
        const img = new Image();
        img.src = `data:image/svg+xml;base64,${btoa(svgText)}`;
        await img.decode();
        const result = {};
        for (const size of sizes) {
          const canvas = document.createElement('canvas');
          canvas.width = size;
          canvas.height = size;
          const ctx = canvas.getContext('2d');
          ctx.imageSmoothingQuality = 'high';
          ctx.drawImage(img, 0, 0, size, size);
          const rgba = Array.from(ctx.getImageData(0, 0, size, size).data);
          const png = canvas.toDataURL('image/png').slice('data:image/png;base64,'.length);
          result[size] = { png, rgba };
        }
        return result;
      },
      { svgText: svg, sizes: SIZES },
    );
    return Object.fromEntries(Object.entries(out).map(([s, v]) => [s, { png: Buffer.from(v.png, 'base64'), rgba: Buffer.from(v.rgba) }]));
  } finally {
    await browser.close();
  }
}

/** A 32-bit BMP (DIB) icon image: BITMAPINFOHEADER, bottom-up BGRA rows, 1-bit AND mask. */
function dibImage(size, rgba) {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // XOR image + AND mask
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const src = (y * size + x) * 4;
      const dst = ((size - 1 - y) * size + x) * 4;
      pixels[dst] = rgba[src + 2];
      pixels[dst + 1] = rgba[src + 1];
      pixels[dst + 2] = rgba[src];
      pixels[dst + 3] = rgba[src + 3];
    }
  }
  const maskRow = Math.ceil(size / 32) * 4;
  const mask = Buffer.alloc(maskRow * size); // all zero: alpha channel decides
  header.writeUInt32LE(pixels.length + mask.length, 20);
  return Buffer.concat([header, pixels, mask]);
}

/** .ico: small sizes as 32-bit DIBs (read by every Windows tool, NSIS included), 256 as PNG. */
function ico(images) {
  const sizes = [16, 24, 32, 48, 64, 128, 256];
  const blobs = sizes.map((s) => (s === 256 ? images[s].png : dibImage(s, images[s].rgba)));
  const head = Buffer.alloc(6 + 16 * sizes.length);
  head.writeUInt16LE(0, 0);
  head.writeUInt16LE(1, 2);
  head.writeUInt16LE(sizes.length, 4);
  let offset = head.length;
  sizes.forEach((s, i) => {
    const e = 6 + 16 * i;
    head.writeUInt8(s >= 256 ? 0 : s, e);
    head.writeUInt8(s >= 256 ? 0 : s, e + 1);
    head.writeUInt8(0, e + 2);
    head.writeUInt8(0, e + 3);
    head.writeUInt16LE(1, e + 4);
    head.writeUInt16LE(32, e + 6);
    head.writeUInt32LE(blobs[i].length, e + 8);
    head.writeUInt32LE(offset, e + 12);
    offset += blobs[i].length;
  });
  return Buffer.concat([head, ...blobs]);
}

/** .icns: PNG-compressed entries at 1x and 2x (macOS 10.7+). */
function icns(images) {
  const entries = [
    ['icp4', 16],
    ['icp5', 32],
    ['icp6', 64],
    ['ic07', 128],
    ['ic08', 256],
    ['ic09', 512],
    ['ic10', 1024],
    ['ic11', 32],
    ['ic12', 64],
    ['ic13', 256],
    ['ic14', 512],
  ].map(([type, size]) => {
    const h = Buffer.alloc(8);
    h.write(type, 0, 'ascii');
    h.writeUInt32BE(8 + images[size].png.length, 4);
    return Buffer.concat([h, images[size].png]);
  });
  const body = Buffer.concat(entries);
  const h = Buffer.alloc(8);
  h.write('icns', 0, 'ascii');
  h.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([h, body]);
}

const images = await render();
mkdirSync(join(here, 'linux'), { recursive: true });
writeFileSync(join(here, 'icon.png'), images[512].png);
for (const s of [16, 32, 48, 64, 128, 256, 512]) writeFileSync(join(here, 'linux', `${s}x${s}.png`), images[s].png);
writeFileSync(join(here, 'icon.ico'), ico(images));
writeFileSync(join(here, 'icon.icns'), icns(images));
console.log('wrote icon.png, linux/*.png, icon.ico, icon.icns');
