// CSV files the project writes are opened in spreadsheets, which run a cell starting with = + - @
// (or tab or CR, which some strip first) as a formula: a class named =HYPERLINK(…) in a training
// CSV would reach a predictions file as a live link. OWASP's defence: prefix such a text cell with
// a single quote and quote the cell. Numbers are left as they are ("-1.5" is a number to a
// spreadsheet, never a formula), so a regression's negative outputs stay numbers.

/** A text cell a spreadsheet would read as a formula. Also the `escapeFormulae` pattern for Papa.unparse. */
// (Only a signed number starts with a formula character, so the look-ahead names the sign.)
export const FORMULA_CELL = /^(?![+-](\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$)[=+\-@\t\r]/;

/** The cell's text as a spreadsheet shows it, not runs it: `=1+1` → `'=1+1` (quote the cell when writing it). */
export const neutralizeFormula = (text: string): string => (FORMULA_CELL.test(text) ? `'${text}` : text);
