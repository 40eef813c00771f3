import { crc32, deflateSync } from 'node:zlib';
import type { Random } from '../random';

/** A minimal PNG encoder (8-bit RGB, filter 0) and a few drawings, so that attachments are real images. */
export function encodePng(width: number, height: number, rgbPixels: Uint8Array): Buffer {
  if (rgbPixels.length !== width * height * 3) throw new RangeError('pixel buffer does not match the size');
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let row = 0; row < height; row++) {
    raw[row * (width * 3 + 1)] = 0;
    raw.set(rgbPixels.subarray(row * width * 3, (row + 1) * width * 3), row * (width * 3 + 1) + 1);
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, deflate, filter 0, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

type Colour = readonly [number, number, number];

class Canvas {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Colour,
  ) {
    this.pixels = new Uint8Array(width * height * 3);
    this.fillRect(0, 0, width, height, background);
  }

  private set(x: number, y: number, colour: Colour): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    this.pixels.set(colour, (Math.floor(y) * this.width + Math.floor(x)) * 3);
  }

  fillRect(x: number, y: number, w: number, h: number, colour: Colour): void {
    for (let row = Math.max(0, y); row < Math.min(this.height, y + h); row++) {
      for (let col = Math.max(0, x); col < Math.min(this.width, x + w); col++) this.set(col, row, colour);
    }
  }

  fillEllipse(cx: number, cy: number, rx: number, ry: number, colour: Colour): void {
    for (let row = Math.floor(cy - ry); row <= cy + ry; row++) {
      for (let col = Math.floor(cx - rx); col <= cx + rx; col++) {
        if (((col - cx) / rx) ** 2 + ((row - cy) / ry) ** 2 <= 1) this.set(col, row, colour);
      }
    }
  }

  gradient(top: Colour, bottom: Colour, y0: number, y1: number): void {
    for (let row = y0; row < y1; row++) {
      const t = (row - y0) / Math.max(1, y1 - y0);
      const colour = top.map((c, i) => Math.round(c + ((bottom[i] ?? c) - c) * t)) as unknown as Colour;
      this.fillRect(0, row, this.width, 1, colour);
    }
  }

  noise(random: Random, amount: number): void {
    for (let i = 0; i < this.pixels.length; i++) {
      this.pixels[i] = Math.max(0, Math.min(255, (this.pixels[i] ?? 0) + random.int(-amount, amount)));
    }
  }
}

export type PictureKind = 'dog' | 'site-plan' | 'vehicle-document' | 'id-card';

export function drawPicture(kind: PictureKind, random: Random): Buffer {
  const canvas = new Canvas(480, 360, [245, 245, 240]);
  switch (kind) {
    case 'dog': {
      canvas.gradient([150, 195, 235], [215, 235, 250], 0, 230);
      canvas.fillRect(0, 230, 480, 130, [95, 150, 70]);
      const fur: Colour = random.pick([
        [120, 80, 40],
        [30, 30, 30],
        [210, 170, 110],
        [240, 235, 225],
      ] as const);
      canvas.fillEllipse(240, 230, 110, 60, fur);
      canvas.fillEllipse(340, 170, 50, 45, fur);
      canvas.fillEllipse(370, 140, 14, 28, [60, 40, 25]);
      canvas.fillEllipse(355, 160, 6, 6, [10, 10, 10]);
      for (const x of [170, 210, 280, 320]) canvas.fillRect(x, 270, 18, 70, fur);
      canvas.noise(random, 12);
      break;
    }
    case 'site-plan': {
      canvas.fillRect(0, 150, 480, 60, [200, 200, 200]);
      canvas.fillRect(220, 0, 50, 360, [200, 200, 200]);
      for (let x = 0; x < 480; x += 40) canvas.fillRect(x, 178, 20, 4, [255, 255, 255]);
      canvas.fillRect(40, 40, 140, 90, [225, 210, 190]);
      canvas.fillRect(300, 230, 150, 100, [225, 210, 190]);
      canvas.fillRect(random.int(60, 140), 132, 90, 16, [220, 40, 40]);
      break;
    }
    case 'vehicle-document':
    case 'id-card': {
      const base: Colour = kind === 'vehicle-document' ? [214, 234, 214] : [230, 226, 245];
      canvas.fillRect(20, 30, 440, 300, base);
      for (let row = 70; row < 310; row += 24)
        canvas.fillRect(40, row, random.int(180, 400), 6, [90, 90, 110]);
      canvas.fillRect(360, 50, 80, 100, [200, 200, 210]);
      canvas.noise(random, 8);
      break;
    }
  }
  return encodePng(canvas.width, canvas.height, canvas.pixels);
}
