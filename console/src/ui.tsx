import type {
  ComponentChildren,
  PartialInputHTMLAttributes,
  PartialSelectHTMLAttributes,
  TextareaHTMLAttributes,
} from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { ApiError, type Issue, otherIssues } from './api';

/** A page's heading and title; focus moves to the heading on arrival, so a screen reader announces it. */
export function Page({
  title,
  actions,
  children,
}: {
  title: string;
  actions?: ComponentChildren;
  children: ComponentChildren;
}) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Regulars console`;
    // Not on the very first load: the browser's own focus start is right then.
    if (document.body.dataset.navigated) h1.current?.focus();
    document.body.dataset.navigated = '1';
  }, [title]);
  return (
    <>
      <div class="page-head">
        <h1 ref={h1} tabIndex={-1}>
          {title}
        </h1>
        {actions ? <div class="actions">{actions}</div> : null}
      </div>
      {children}
    </>
  );
}

interface FieldProps {
  label: string;
  /** The API's messages for this field (issuesAt(error, 'input.email')). */
  errors?: string[] | undefined;
  hint?: ComponentChildren;
  class?: string;
}

function Described({
  id,
  hint,
  errors,
}: {
  id: string;
  hint?: ComponentChildren;
  errors?: string[] | undefined;
}) {
  return (
    <>
      {hint ? (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {errors?.length ? (
        <span class="field-error" id={`${id}-error`}>
          {errors.join(' ')}
        </span>
      ) : null}
    </>
  );
}

function describedBy(id: string, hint: unknown, errors?: string[]): string | undefined {
  const ids = [hint ? `${id}-hint` : '', errors?.length ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

type InputProps = FieldProps & Omit<PartialInputHTMLAttributes<HTMLInputElement>, 'label' | 'class' | 'role'>;

export function TextField({ label, errors, hint, class: cls, ...input }: InputProps) {
  const id = useId();
  return (
    <div class={`field ${cls ?? ''}`}>
      <label for={id}>{label}</label>
      <input
        id={id}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        // Preact types <input> as a union by `type`; the props are checked by InputProps above.
        {...(input as object)}
      />
      <Described id={id} hint={hint} errors={errors} />
    </div>
  );
}

type AreaProps = FieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'label' | 'class'>;

export function TextArea({ label, errors, hint, class: cls, ...area }: AreaProps) {
  const id = useId();
  return (
    <div class={`field ${cls ?? ''}`}>
      <label for={id}>{label}</label>
      <textarea
        id={id}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        {...area}
      />
      <Described id={id} hint={hint} errors={errors} />
    </div>
  );
}

type SelectProps = FieldProps &
  Omit<PartialSelectHTMLAttributes<HTMLSelectElement>, 'label' | 'class' | 'role'> & {
    options: readonly (readonly [value: string, label: string])[];
  };

export function SelectField({ label, errors, hint, options, class: cls, ...select }: SelectProps) {
  const id = useId();
  return (
    <div class={`field ${cls ?? ''}`}>
      <label for={id}>{label}</label>
      <select
        id={id}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        {...(select as object)}
      >
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
      <Described id={id} hint={hint} errors={errors} />
    </div>
  );
}

type CheckProps = FieldProps &
  Omit<PartialInputHTMLAttributes<HTMLInputElement>, 'label' | 'class' | 'type' | 'role'>;

export function CheckboxField({ label, errors, hint, class: cls, ...input }: CheckProps) {
  const id = useId();
  return (
    <div class={`field check ${cls ?? ''}`}>
      <input
        id={id}
        type="checkbox"
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        {...(input as object)}
      />
      <label for={id}>{label}</label>
      <Described id={id} hint={hint} errors={errors} />
    </div>
  );
}

/**
 * A failed request, said once at the top of its form: the message, and any field problems no
 * field of the form shows itself (`claimed` lists the paths the form's fields show).
 */
export function FormError({ error, claimed = [] }: { error: ApiError | null; claimed?: string[] }) {
  if (!error) return null;
  // An issue that only repeats the error's own message is not listed twice.
  const rest: Issue[] = otherIssues(error, claimed).filter((i) => i.message !== error.message);
  const fieldsShown = error.issues.length > otherIssues(error, claimed).length;
  return (
    <div class="form-error" role="alert">
      <p>
        {error.code === 'BAD_USER_INPUT' && fieldsShown && !rest.length
          ? 'Please correct the fields marked below.'
          : error.message}
      </p>
      {rest.length ? (
        <ul>
          {rest.map((i) => (
            <li key={i.path + i.message}>
              {i.path ? <code>{i.path}</code> : null} {i.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function ErrorBox({ error }: { error: ApiError | Error | null }) {
  if (!error) return null;
  return (
    <div class="form-error" role="alert">
      <p>
        {error instanceof ApiError && error.code === 'FORBIDDEN'
          ? 'Your role may not see this.'
          : error.message}
      </p>
    </div>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p class="loading" role="status">
      {what}…
    </p>
  );
}

/** A wide table scrolls on its own on a phone; the region is focusable so keyboards can scroll it. */
export function TableWrap({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section class="table-wrap" aria-label={`${label} (table)`} tabIndex={0}>
      {children}
    </section>
  );
}

export function Badge({ kind, children }: { kind?: string; children: ComponentChildren }) {
  return <span class={`badge ${kind ? `badge-${kind}` : ''}`}>{children}</span>;
}

/** Announced politely by screen readers: "Saved", "Rule activated". */
export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <p class="notice" role="status">
      {children}
    </p>
  );
}

/** The next page of a paged list (`usePaged`), shown only while there is one. */
export function MoreButton({
  paged,
  children,
}: {
  paged: { hasNext: boolean; busy: boolean; loadMore: () => void };
  children: ComponentChildren;
}) {
  if (!paged.hasNext) return null;
  return (
    <button type="button" onClick={paged.loadMore} disabled={paged.busy}>
      {children}
    </button>
  );
}
