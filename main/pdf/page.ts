import { type Color, rgb } from '@cantoo/pdf-lib';
import type { FontWeight } from './fonts';

/** ISO 216 A4 in PDF points (1/72 inch). */
export const a4 = { width: 595.28, height: 841.89 } as const;

export function mm(millimetres: number): number {
  return (millimetres * 72) / 25.4;
}

/** pdf-lib measures y from the bottom edge; DIN 5008 measures from the top. */
export function fromTop(millimetres: number): number {
  return a4.height - mm(millimetres);
}

export interface TextStyle {
  readonly weight: FontWeight;
  readonly size: number;
  /** Distance from one line's top to the next, in points. */
  readonly leading: number;
  readonly color: Color;
}

/** DeviceRGB only, which the sRGB output intent of PDF/A covers. */
export const ink = rgb(0.08, 0.08, 0.08);
export const muted = rgb(0.33, 0.33, 0.33);

export const styles = {
  title: { weight: 'bold', size: 12.5, leading: 17, color: ink },
  heading: { weight: 'bold', size: 10.5, leading: 15, color: ink },
  body: { weight: 'regular', size: 10.5, leading: 15, color: ink },
  label: { weight: 'regular', size: 8, leading: 11, color: muted },
  value: { weight: 'regular', size: 9, leading: 12, color: ink },
  fieldLabel: { weight: 'regular', size: 9.5, leading: 13.5, color: muted },
  fieldValue: { weight: 'regular', size: 9.5, leading: 13.5, color: ink },
  small: { weight: 'regular', size: 7, leading: 9, color: muted },
  letterhead: { weight: 'bold', size: 14, leading: 18, color: ink },
} as const satisfies Record<string, TextStyle>;
