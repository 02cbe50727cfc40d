/** A column of a DataTable: label, width (CSS grid track), cell text. */
export interface Column<R> {
  label: string;
  width: string;
  cell: (row: R) => string | number;
  numeric?: boolean;
  mono?: boolean;
  /** Full text on hover when the cell is cut. */
  title?: boolean;
  /**
   * Lower priority: from 721 px up to FULL_TABLE_PX of screen, shown in a second line of the row
   * ("Tracker … · Address …") instead of a column, so the columns left fit without sideways
   * scrolling. Above that every column has its own track; at 720 px and below, cards.
   */
  minor?: boolean;
  /** Its track while the minor columns are folded into the second line (else `width`). */
  foldedWidth?: string;
}

/** Screens wider than this show every column of a table; narrower ones fold its minor columns. */
export const FULL_TABLE_PX = 1300;
