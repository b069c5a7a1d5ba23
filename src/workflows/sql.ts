/**
 * Builds one raw statement's text and bindings together: `s.v(value)` puts a `?` where it is
 * written and the value in the bindings, in writing order. Fragments take the builder and are
 * called inline in the template that places them, so the order of the `?`s and of the values
 * cannot drift apart when parts are optional.
 */
export class Sql {
  readonly bindings: unknown[] = [];

  /** A value: `?` in the text. */
  v(value: unknown): string {
    this.bindings.push(value);
    return '?';
  }

  /** A fragment with its own `?`s and their values (a repository's SQL builder). */
  raw(text: string, bindings: readonly unknown[]): string {
    this.bindings.push(...bindings);
    return text;
  }

  /** A value given as JSON (a list of uuids, a set of rows), one parameter whatever its size. */
  json(value: unknown): string {
    this.bindings.push(JSON.stringify(value));
    return '?::jsonb';
  }
}

/** A timestamp read back from JSON built in SQL (`json_build_object` gives text, not a Date). */
export const jsonDate = (v: unknown): Date | null => (v == null ? null : new Date(v as string));
