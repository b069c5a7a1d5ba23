import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { type ApiError, issuesAt } from './api';
import { FormError } from './ui';

/** What a form needs to know of its mutation(s): useMutation's second element has both. */
export interface SaveState {
  error: ApiError | null;
  busy: boolean;
}

type Values = Record<string, string | boolean>;
type KeysOf<T, V> = { [K in keyof T]: T[K] extends V ? K : never }[keyof T] & string;
type ValueEvent = { currentTarget: { value: string } };
type CheckEvent = { currentTarget: { checked: boolean } };

/**
 * A form's values, and the API's messages at its fields. `text('name', 'input.name')` gives a
 * TextField/TextArea its value, onInput and errors; `select` and `check` do the same for a
 * SelectField and a CheckboxField. Every path a field asks for is claimed, so <ApiForm> lists at
 * the top only the issues no field of the form shows (and a hidden field's issue is not lost).
 * `states` are the mutations the form sends (the first failed one's error is shown).
 */
export function useForm<T extends Values>(initial: T | (() => T), ...states: SaveState[]) {
  const [values, setValues] = useState<T>(initial);
  const error = states.find((s) => s.error)?.error ?? null;
  const busy = states.some((s) => s.busy);
  // Filled while the page renders its fields; read when <ApiForm> (a child) renders after it.
  const claimed: string[] = [];
  const at = (path: string): string[] => {
    if (!claimed.includes(path)) claimed.push(path);
    return issuesAt(error, path);
  };
  const set = <K extends keyof T>(key: K, value: T[K]) => setValues((v) => ({ ...v, [key]: value }));
  return {
    values,
    error,
    busy,
    claimed,
    at,
    /** Paths shown by fields that read the error themselves (SchemaFields): not listed at the top. */
    claim: (...paths: string[]) => {
      for (const p of paths) if (!claimed.includes(p)) claimed.push(p);
    },
    set,
    /** Back to the first values (or to `to`), e.g. after adding one, for the next. */
    reset: (to?: T) => setValues(to ?? (typeof initial === 'function' ? initial() : initial)),
    text: (key: KeysOf<T, string>, path?: string) => ({
      value: values[key] as string,
      onInput: (e: ValueEvent) => set(key, e.currentTarget.value as T[typeof key]),
      errors: path ? at(path) : undefined,
    }),
    select: (key: KeysOf<T, string>, path?: string) => ({
      value: values[key] as string,
      onChange: (e: ValueEvent) => set(key, e.currentTarget.value as T[typeof key]),
      errors: path ? at(path) : undefined,
    }),
    check: (key: KeysOf<T, boolean>, path?: string) => ({
      checked: values[key] as boolean,
      onChange: (e: CheckEvent) => set(key, e.currentTarget.checked as T[typeof key]),
      errors: path ? at(path) : undefined,
    }),
  };
}

export type Form = ReturnType<typeof useForm>;

/**
 * A form the API validates: `noValidate` (the API's wording is the one shown), the failed
 * request said once at the top with the issues no field claims, the fields, and a submit button
 * disabled while it saves. `onSubmit` runs without the page reloading.
 */
export function ApiForm({
  form,
  onSubmit,
  submit,
  submitClass = 'primary',
  canSubmit = true,
  buttons,
  label,
  class: cls,
  children,
}: {
  form: Pick<Form, 'error' | 'busy' | 'claimed'>;
  onSubmit: () => unknown;
  /** The button's text; none: no button (a role that may not save). */
  submit?: ComponentChildren;
  submitClass?: string;
  /** False keeps the button disabled (nothing changed yet). */
  canSubmit?: boolean;
  /** Buttons beside the submit button (Cancel). */
  buttons?: ComponentChildren;
  label?: string;
  class?: string;
  children: ComponentChildren;
}) {
  const button = submit ? (
    <button type="submit" class={submitClass || undefined} disabled={form.busy || !canSubmit}>
      {submit}
    </button>
  ) : null;
  return (
    <form
      noValidate
      class={cls}
      aria-label={label}
      onSubmit={async (e) => {
        e.preventDefault();
        await onSubmit();
      }}
    >
      <FormError error={form.error} claimed={form.claimed} />
      {children}
      {buttons ? (
        <div class="buttons">
          {button}
          {buttons}
        </div>
      ) : (
        button
      )}
    </form>
  );
}
