import { useId } from 'preact/hooks';
import { issuesAt } from './api';
import { CheckboxField, SelectField, TextField } from './ui';

/**
 * The part of JSON Schema (draft 2020-12, as zod writes it) that the rule catalogue's argument
 * schemas use: objects of integers, strings (enum, uuid, pattern) and arrays of those.
 */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: (string | number)[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  default?: unknown;
}

export interface References {
  catalogItems: { id: string; name: string; costPoints: number; active: boolean }[];
  tiers: { id: string; name: string }[];
  currency: string;
}

export type Args = Record<string, unknown>;

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** `amountMinor` → "Amount", `catalogItemId` → "Catalogue item", `minQuantity` → "Min quantity". */
export function humanize(name: string): string {
  const special: Record<string, string> = {
    catalogItemId: 'Catalogue item',
    toTierId: 'To tier',
    tierIds: 'Tiers',
    percentOfBase: 'Percent of base points',
    templateKey: 'Message template key',
  };
  if (special[name]) return special[name];
  const words = name
    .replace(/Minor$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function currencyDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

const isTime = (s: JsonSchema) =>
  !!s.pattern && new RegExp(s.pattern).test('09:30') && !new RegExp(s.pattern).test('9:3');
const isMoney = (name: string, s: JsonSchema) => s.type === 'integer' && /Minor$/.test(name);
const isWeekdays = (name: string, s: JsonSchema) =>
  s.type === 'array' &&
  name === 'days' &&
  s.items?.type === 'integer' &&
  s.items.minimum === 1 &&
  s.items.maximum === 7;

/**
 * What the form holds for one argument, as typed. `toArgs` turns it into the JSON the API
 * takes; what cannot be read as a number is sent as typed, so the API's message for the field
 * says what is wrong, beside it.
 */
export function toArgs(schema: JsonSchema, form: Args, refs: References): Args {
  const out: Args = {};
  for (const [name, s] of Object.entries(schema.properties ?? {})) {
    const v = form[name];
    if (
      v === undefined ||
      v === '' ||
      (Array.isArray(v) && v.length === 0 && !schema.required?.includes(name))
    )
      continue;
    if (isMoney(name, s) && typeof v === 'string') {
      const n = Number(v.replace(',', '.'));
      out[name] = Number.isFinite(n) ? Math.round(n * 10 ** currencyDigits(refs.currency)) : v;
    } else if (s.type === 'integer' && typeof v === 'string') {
      const n = Number(v);
      out[name] = v.trim() !== '' && Number.isFinite(n) ? n : v;
    } else if (s.type === 'array' && typeof v === 'string') {
      const parts = v
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      out[name] =
        s.items?.type === 'integer' ? parts.map((p) => (Number.isFinite(Number(p)) ? Number(p) : p)) : parts;
    } else {
      out[name] = v;
    }
  }
  return out;
}

/** The reverse of `toArgs`, for a saved definition opened in the editor. */
export function fromArgs(schema: JsonSchema, args: Args, refs: References): Args {
  const out: Args = {};
  for (const [name, s] of Object.entries(schema.properties ?? {})) {
    const v = args[name];
    if (v === undefined || v === null) continue;
    if (isMoney(name, s) && typeof v === 'number')
      out[name] = String(v / 10 ** currencyDigits(refs.currency));
    else if (s.type === 'integer' && typeof v === 'number') out[name] = String(v);
    else if (s.type === 'array' && Array.isArray(v) && !isWeekdays(name, s) && !/tierIds$/.test(name))
      out[name] = v.join(', ');
    else out[name] = v;
  }
  return out;
}

/**
 * A form generated from one building block's argument schema: a field per property, its type
 * chosen from the schema (numbers, money in the programme's currency, times, week days,
 * catalogue items and tiers by name), the API's message for `path.<property>` beside it.
 */
export function SchemaFields({
  schema,
  value,
  onChange,
  path,
  error,
  refs,
}: {
  schema: JsonSchema;
  value: Args;
  onChange: (v: Args) => void;
  path: string;
  error: unknown;
  refs: References;
}) {
  const props = Object.entries(schema.properties ?? {});
  if (!props.length) return <p class="hint">Nothing to set.</p>;
  const set = (name: string, v: unknown) => onChange({ ...value, [name]: v });
  return (
    <div class="args">
      {props.map(([name, s]) => {
        const required = schema.required?.includes(name) ?? false;
        const label = `${humanize(name)}${required ? '' : ' (optional)'}`;
        const errors = issuesAt(error, `${path}.${name}`);
        const v = value[name];
        if (/catalogItemId$/.test(name))
          return (
            <SelectField
              key={name}
              label={label}
              value={(v as string) ?? ''}
              required={required}
              onChange={(e) => set(name, e.currentTarget.value)}
              errors={errors}
              options={[
                ['', '— choose an item —'],
                ...refs.catalogItems.map(
                  (i) => [i.id, `${i.name} (${i.costPoints} points)${i.active ? '' : ', inactive'}`] as const,
                ),
              ]}
            />
          );
        if (/tierId$/.test(name))
          return (
            <SelectField
              key={name}
              label={label}
              value={(v as string) ?? ''}
              onChange={(e) => set(name, e.currentTarget.value)}
              errors={errors}
              options={[
                ['', required ? '— choose a tier —' : 'Any tier'],
                ...refs.tiers.map((t) => [t.id, t.name] as const),
              ]}
            />
          );
        if (s.type === 'array' && (/tierIds$/.test(name) || isWeekdays(name, s))) {
          const options: [string | number, string][] = /tierIds$/.test(name)
            ? refs.tiers.map((t) => [t.id, t.name])
            : WEEKDAYS.map((d, i) => [i + 1, d]);
          return (
            <CheckGroup
              key={name}
              legend={label}
              options={options}
              value={(v as (string | number)[]) ?? []}
              onChange={(next) => set(name, next)}
              errors={errors}
            />
          );
        }
        if (s.enum)
          return (
            <SelectField
              key={name}
              label={label}
              value={(v as string) ?? ''}
              onChange={(e) => set(name, e.currentTarget.value)}
              errors={errors}
              options={[
                ...(required ? [] : [['', '—'] as const]),
                ...s.enum.map((o) => [String(o), String(o)] as const),
              ]}
            />
          );
        if (isMoney(name, s))
          return (
            <TextField
              key={name}
              label={`${label} in ${refs.currency}`}
              type="number"
              step="0.01"
              min="0"
              inputMode="decimal"
              required={required}
              value={(v as string) ?? ''}
              onInput={(e) => set(name, e.currentTarget.value)}
              errors={errors}
            />
          );
        if (s.type === 'integer')
          return (
            <TextField
              key={name}
              label={label}
              type="number"
              step="1"
              min={s.minimum ?? (s.exclusiveMinimum != null ? s.exclusiveMinimum + 1 : undefined)}
              max={s.maximum != null && s.maximum < 1e12 ? s.maximum : undefined}
              required={required}
              placeholder={s.default != null ? String(s.default) : undefined}
              value={(v as string) ?? ''}
              onInput={(e) => set(name, e.currentTarget.value)}
              errors={errors}
            />
          );
        if (s.type === 'array')
          return (
            <TextField
              key={name}
              label={label}
              hint="Separate several with commas."
              required={required}
              value={(v as string) ?? ''}
              onInput={(e) => set(name, e.currentTarget.value)}
              errors={errors}
            />
          );
        return (
          <TextField
            key={name}
            label={label}
            type={isTime(s) ? 'time' : 'text'}
            required={required}
            maxLength={s.maxLength}
            value={(v as string) ?? ''}
            onInput={(e) => set(name, e.currentTarget.value)}
            errors={errors}
          />
        );
      })}
    </div>
  );
}

function CheckGroup({
  legend,
  options,
  value,
  onChange,
  errors,
}: {
  legend: string;
  options: [string | number, string][];
  value: (string | number)[];
  onChange: (v: (string | number)[]) => void;
  errors: string[];
}) {
  const id = useId();
  return (
    <fieldset aria-describedby={errors.length ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {options.map(([v, label]) => (
        <CheckboxField
          key={String(v)}
          label={label}
          checked={value.includes(v)}
          onChange={(e) => onChange(e.currentTarget.checked ? [...value, v] : value.filter((x) => x !== v))}
        />
      ))}
      {errors.length ? (
        <span class="field-error" id={`${id}-error`}>
          {errors.join(' ')}
        </span>
      ) : null}
    </fieldset>
  );
}
