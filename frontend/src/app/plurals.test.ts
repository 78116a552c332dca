import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import ICU from 'i18next-icu';

// The plural machinery the catalogues rely on: ICU messages choose their form by each
// language's CLDR rules, which English-only plurals (one/other) would get wrong.
async function reader(language: string, message: string) {
  const instance = i18next.createInstance();
  await instance.use(ICU).init({
    lng: language,
    keySeparator: false,
    nsSeparator: false,
    resources: { [language]: { translation: { files: message } } },
  });
  return (files: number) => instance.t('files', { files });
}

describe('plural forms', () => {
  it('follow Polish rules: one, few (2–4, 22–24), many, and other for fractions', async () => {
    const t = await reader('pl', '{files, plural, one {# plik} few {# pliki} many {# plików} other {# pliku}}');
    expect(t(1)).toBe('1 plik');
    expect(t(2)).toBe('2 pliki');
    expect(t(4)).toBe('4 pliki');
    expect(t(5)).toBe('5 plików');
    expect(t(12)).toBe('12 plików');
    expect(t(22)).toBe('22 pliki');
    expect(t(25)).toBe('25 plików');
    expect(t(1.5)).toBe('1,5 pliku');
  });

  it('follow Arabic rules: zero, one, two, few (3–10), many (11–99) and other', async () => {
    const t = await reader(
      'ar',
      '{files, plural, zero {لا ملفات} one {ملف واحد} two {ملفان} few {# ملفات} many {# ملفًا} other {# ملف}}',
    );
    const latin = (text: string) => text.replace(/[\u0660-\u0669]/g, (digit) => String(digit.charCodeAt(0) - 0x0660));
    expect(t(0)).toBe('لا ملفات');
    expect(t(1)).toBe('ملف واحد');
    expect(t(2)).toBe('ملفان');
    expect(latin(t(3))).toBe('3 ملفات');
    expect(latin(t(10))).toBe('10 ملفات');
    expect(latin(t(11))).toBe('11 ملفًا');
    expect(latin(t(99))).toBe('99 ملفًا');
    expect(latin(t(100))).toBe('100 ملف');
  });
});
