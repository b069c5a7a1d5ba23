/**
 * A streaming CSV reader and writer (RFC 4180: comma, double quotes, "" inside quotes, CRLF or
 * LF). Written here rather than taken from csv-parse because an import must keep going past a
 * bad record: csv-parse 7 stops delivering records after a record over max_record_size, even
 * with skip_records_with_error (tried; see docs/decisions/0016). This reader never holds more
 * than one record (at most `maxRecordChars` of it), reports each bad record with the line it
 * starts on, and goes on with the next.
 */

export type CsvRecord =
  /** `line`: the 1-based line of the file on which the record starts. */
  { line: number; fields: string[]; error?: undefined } | { line: number; fields?: undefined; error: string };

export interface CsvReadOptions {
  /** A longer record is reported (not kept) and skipped; default 1 MiB of characters. */
  maxRecordChars?: number;
  /** Called with the number of bytes consumed so far, for progress. */
  onBytes?: (bytes: number) => void;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Reads records from a byte stream. Invalid UTF-8 does not stop the file: the record holding
 * it is reported ("not valid UTF-8"). An empty line is no record.
 */
export async function* readCsv(
  source: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>,
  opts: CsvReadOptions = {},
): AsyncGenerator<CsvRecord> {
  const max = opts.maxRecordChars ?? 1024 * 1024;
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  let bytes = 0;
  let line = 1; // the line the reader is on
  let start = 1; // the line the current record started on
  let fields: string[] = [];
  let field = '';
  let size = 0; // characters in the current record so far
  let quoted = false; // inside a quoted field
  let afterQuote = false; // just after a closing quote (or a "" pair's first quote)
  let wasQuoted = false; // the current field began with a quote
  let error: string | null = null;
  let recordHasContent = false;

  const endField = () => {
    if (!error) fields.push(field);
    field = '';
    wasQuoted = false;
    afterQuote = false;
  };
  const endRecord = (): CsvRecord | null => {
    endField();
    const r: CsvRecord | null = !recordHasContent
      ? null
      : error
        ? { line: start, error }
        : fields.some((f) => f.includes('\uFFFD'))
          ? { line: start, error: 'Not valid UTF-8 (the file must be UTF-8)' }
          : { line: start, fields };
    fields = [];
    size = 0;
    error = null;
    recordHasContent = false;
    return r;
  };
  const fail = (message: string) => {
    if (!error) error = message;
    field = '';
    fields = [];
  };

  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buf.length;
    const text = decoder.decode(buf, { stream: true });
    const out: CsvRecord[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (!recordHasContent) {
        if (c === LF) {
          line++;
          start = line;
          continue;
        }
        if (c === CR) continue;
        recordHasContent = true;
        start = line;
      }
      if (quoted) {
        if (c === QUOTE) {
          quoted = false;
          afterQuote = true;
          continue;
        }
        if (c === LF) line++;
        if (!error) {
          if (++size > max) fail(`Record longer than ${max} characters`);
          else field += text[i];
        }
        continue;
      }
      if (afterQuote && c === QUOTE) {
        // "" inside a quoted field: one quote, and still inside.
        if (!error) field += '"';
        quoted = true;
        afterQuote = false;
        continue;
      }
      if (c === COMMA) {
        endField();
        continue;
      }
      if (c === LF) {
        line++;
        const r = endRecord();
        if (r) out.push(r);
        start = line;
        continue;
      }
      if (c === CR) continue;
      if (c === QUOTE && field === '' && !wasQuoted && !afterQuote) {
        quoted = true;
        wasQuoted = true;
        continue;
      }
      if (afterQuote) {
        fail(`Unexpected text after a closing quote on line ${line}`);
        afterQuote = false;
        continue;
      }
      if (!error) {
        if (++size > max) fail(`Record longer than ${max} characters`);
        else field += text[i];
      }
    }
    opts.onBytes?.(bytes);
    yield* out;
  }
  const tail = decoder.decode();
  if (tail) field += tail;
  if (quoted) {
    fail(`A quoted field opened on line ${start} is never closed`);
    recordHasContent = true;
  }
  const r = endRecord();
  if (r) yield r;
}

/** One CSV field: quoted when it holds a comma, quote, line break or edge space. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? v.toISOString() : String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (values: readonly unknown[]) => `${values.map(csvField).join(',')}\r\n`;
