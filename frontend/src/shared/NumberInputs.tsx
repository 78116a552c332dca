import { NumberInput, type NumberInputProps } from '@mantine/core';
import i18next from 'i18next';

/**
 * Money and counts exactly as typed: no clamping to a minimum on blur (which turned "-50"
 * into 0), no dropping of a minus sign or extra decimals. A value the API would refuse stays
 * in the field with a message beside it (`validateMoney`, `validateCount`).
 */
const AS_TYPED: Partial<NumberInputProps> = {
  clampBehavior: 'none',
  allowNegative: true,
  allowDecimal: true,
  thousandSeparator: ',',
  hideControls: true,
  inputMode: 'decimal',
};

/** Pounds and pence; `value` is a number, or '' when empty. */
export function MoneyInput(props: NumberInputProps) {
  return <NumberInput leftSection="£" {...AS_TYPED} {...props} />;
}

/** A number of people or things. */
export function CountInput(props: NumberInputProps) {
  return <NumberInput {...AS_TYPED} {...props} />;
}

const MAX_MONEY = 9_999_999_999.99;
const MAX_COUNT = 10_000_000;

function asNumber(value: number | string): number {
  return typeof value === 'number' ? value : Number(value.replaceAll(',', ''));
}

/** Why a money field's value cannot be saved, or null; '' is fine unless `required`. */
export function validateMoney(value: number | string, required = false): string | null {
  if (value === '') return required ? i18next.t('Enter an amount') : null;
  const number = asNumber(value);
  if (!Number.isFinite(number)) return i18next.t('Enter an amount in pounds');
  if (number < 0) return i18next.t('The amount cannot be negative');
  if (number > MAX_MONEY) return i18next.t('That amount is too large');
  if (Math.abs(number * 100 - Math.round(number * 100)) > 1e-6) return i18next.t('Use at most two decimal places');
  return null;
}

/** Why a count field's value cannot be saved, or null; '' is fine unless `required`. */
export function validateCount(value: number | string, required = false): string | null {
  if (value === '') return required ? i18next.t('Enter a number') : null;
  const number = asNumber(value);
  if (!Number.isInteger(number) || number < 0) return i18next.t('Enter a whole number, 0 or more');
  if (number > MAX_COUNT) return i18next.t('That number is too large');
  return null;
}

/** A field's value for a request body: a number, or null when empty. */
export function numberOrNull(value: number | string): number | null {
  if (value === '') return null;
  const number = asNumber(value);
  return Number.isFinite(number) ? number : null;
}
