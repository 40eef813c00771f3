import { a4, fromTop, mm } from './page';

/**
 * DIN 5008 form B positions (A4 letter for a DL window envelope), in PDF points. The address must sit
 * exactly in the window; everything else follows the usual German business letter.
 */
export const din5008 = {
  marginLeft: mm(25),
  marginRight: mm(20),
  textWidth: a4.width - mm(25) - mm(20),
  letterheadTop: fromTop(12),
  /** Rücksendeangabe: one small line at the foot of the Zusatz- und Vermerkzone. */
  returnLineTop: fromTop(58),
  /** Anschriftzone: 27.3 mm high below the 17.7 mm Vermerkzone of the 45 mm window that starts at 45 mm. */
  recipientTop: fromTop(62.7),
  /** Text starts 5 mm inside the window (which begins 20 mm from the left) and stays 5 mm clear of its right edge. */
  recipientWidth: mm(75),
  infoBlockLeft: mm(125),
  infoBlockTop: fromTop(50),
  /** 75 mm at most; 65 mm ends it flush with the text column. */
  infoBlockWidth: mm(65),
  bodyTopFirstPage: fromTop(98.46),
  bodyTopNextPages: fromTop(20),
  /** Falzmarken for folding into three, and the Lochmarke. */
  foldMarks: [fromTop(105), fromTop(210)],
  holeMark: fromTop(148.5),
  footerBottom: mm(10),
  /** Space between the last text line and the footer rule. */
  footerGap: mm(6),
} as const;
