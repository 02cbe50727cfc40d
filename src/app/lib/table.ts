/** A column of a DataTable: label, width (CSS grid track), cell text. */
export interface Column<R> {
  label: string;
  width: string;
  cell: (row: R) => string | number;
  numeric?: boolean;
  mono?: boolean;
  /** Full text on hover when the cell is cut. */
  title?: boolean;
}
