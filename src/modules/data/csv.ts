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
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  const parser = new CsvParser(opts.maxRecordChars ?? 1024 * 1024);
  let bytes = 0;
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buf.length;
    const out = parser.push(decoder.decode(buf, { stream: true }));
    opts.onBytes?.(bytes);
    yield* out;
  }
  const last = parser.end(decoder.decode());
  if (last) yield last;
}

/** The reader's state between characters: the record so far, and where in it the reader is. */
class CsvParser {
  private line = 1; // the line the reader is on
  private start = 1; // the line the current record started on
  private fields: string[] = [];
  private field = '';
  private size = 0; // characters in the current record so far
  private quoted = false; // inside a quoted field
  private afterQuote = false; // just after a closing quote (or a "" pair's first quote)
  private wasQuoted = false; // the current field began with a quote
  private error: string | null = null;
  private recordHasContent = false;

  constructor(private readonly max: number) {}

  /** The records that `text` completes. */
  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    for (let i = 0; i < text.length; i++) {
      const r = this.char(text.charCodeAt(i), text[i]!);
      if (r) out.push(r);
    }
    return out;
  }

  /** The last record, once the decoder's `tail` is added; a quote never closed is its error. */
  end(tail: string): CsvRecord | null {
    if (tail) this.field += tail;
    if (this.quoted) {
      this.fail(`A quoted field opened on line ${this.start} is never closed`);
      this.recordHasContent = true;
    }
    return this.endRecord();
  }

  /** One character (`c` its code); a record when it ends one. */
  private char(c: number, ch: string): CsvRecord | null {
    if (!this.recordHasContent) {
      if (c === LF) {
        this.line++;
        this.start = this.line;
        return null;
      }
      if (c === CR) return null;
      this.recordHasContent = true;
      this.start = this.line;
    }
    if (this.quoted) {
      if (c === QUOTE) {
        this.quoted = false;
        this.afterQuote = true;
        return null;
      }
      if (c === LF) this.line++;
      this.keep(ch);
      return null;
    }
    if (this.afterQuote && c === QUOTE) {
      // "" inside a quoted field: one quote, and still inside.
      if (!this.error) this.field += '"';
      this.quoted = true;
      this.afterQuote = false;
      return null;
    }
    return this.unquoted(c, ch);
  }

  /** A character outside quotes (and not the second of a "" pair). */
  private unquoted(c: number, ch: string): CsvRecord | null {
    if (c === COMMA) {
      this.endField();
      return null;
    }
    if (c === LF) {
      this.line++;
      const r = this.endRecord();
      this.start = this.line;
      return r;
    }
    if (c === CR) return null;
    if (c === QUOTE && this.field === '' && !this.wasQuoted && !this.afterQuote) {
      this.quoted = true;
      this.wasQuoted = true;
      return null;
    }
    if (this.afterQuote) {
      this.fail(`Unexpected text after a closing quote on line ${this.line}`);
      this.afterQuote = false;
      return null;
    }
    this.keep(ch);
    return null;
  }

  /** A character of the field, unless the record already failed or grows too long. */
  private keep(ch: string): void {
    if (this.error) return;
    if (++this.size > this.max) this.fail(`Record longer than ${this.max} characters`);
    else this.field += ch;
  }

  private endField(): void {
    if (!this.error) this.fields.push(this.field);
    this.field = '';
    this.wasQuoted = false;
    this.afterQuote = false;
  }

  private endRecord(): CsvRecord | null {
    this.endField();
    const { start, error, fields } = this;
    const r: CsvRecord | null = !this.recordHasContent
      ? null
      : error
        ? { line: start, error }
        : fields.some((f) => f.includes('\uFFFD'))
          ? { line: start, error: 'Not valid UTF-8 (the file must be UTF-8)' }
          : { line: start, fields };
    this.fields = [];
    this.size = 0;
    this.error = null;
    this.recordHasContent = false;
    return r;
  }

  private fail(message: string): void {
    if (!this.error) this.error = message;
    this.field = '';
    this.fields = [];
  }
}

/** One CSV field: quoted when it holds a comma, quote, line break or edge space. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? v.toISOString() : String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (values: readonly unknown[]) => `${values.map(csvField).join(',')}\r\n`;
