/**
 * ISO 4217 minor-unit exponents. Money is always an integer count of minor units; the
 * exponent says how many of them make one major unit (JPY 0, USD 2, KWD 3).
 */
const EXPONENTS: Record<string, number> = {
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  CLF: 4,
  UYW: 4,
};

const supported = new Set(Intl.supportedValuesOf('currency'));

export function isCurrency(code: string): boolean {
  return supported.has(code);
}

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency] ?? 2;
}

export function formatMoney(amountMinor: number, currency: string, locale = 'en'): string {
  const exp = currencyExponent(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exp,
    maximumFractionDigits: exp,
  }).format(amountMinor / 10 ** exp);
}
