import { describe, expect, it } from 'vitest';
import { filterLanguages, languageName, languageOptions, SPOKEN_LANGUAGE_CODES } from './spokenLanguages';

describe('languages named in Polish', () => {
  it('names a language in Polish, and in English where Polish has no name', () => {
    expect(languageName('de', 'pl-PL')).toBe('niemiecki');
    expect(languageName('syl', 'pl-PL')).toBe('Sylheti');
  });

  it('sorts by Polish collation: ł after l', () => {
    const labels = languageOptions('pl-PL').map((option) => option.label);
    expect(labels.indexOf('lingala')).toBeLessThan(labels.indexOf('łaciński'));
    expect(labels.indexOf('łaciński')).toBeLessThan(labels.indexOf('macedoński'));
    expect(labels).toHaveLength(SPOKEN_LANGUAGE_CODES.length);
  });

  it('finds a language by its Polish name, its own name, its English name or its code', () => {
    const options = languageOptions('pl-PL');
    const found = (search: string) => filterLanguages(options, search, 'pl-PL').map((option) => option.value);
    expect(found('niemiec')).toEqual(['de']);
    expect(found('Deutsch')).toEqual(['de']);
    expect(found('german')).toEqual(['de']);
    expect(found('Lacinski')).toEqual(['la', 'sh']); // Latin, and Serbo-Croatian "(alfabet łaciński)"
    expect(found('syl')).toContain('syl');
  });
});

describe('languages named in Arabic', () => {
  it('names a language in Arabic', () => {
    expect(languageName('pl', 'ar')).toBe('البولندية');
  });

  it('sorts by Arabic collation and keeps Latin fallbacks findable', () => {
    const options = languageOptions('ar');
    const labels = options.map((option) => option.label);
    expect(labels.indexOf('الألمانية')).toBeLessThan(labels.indexOf('البولندية'));
    const found = (search: string) => filterLanguages(options, search, 'ar').map((option) => option.value);
    expect(found('البولندية')).toEqual(['pl']);
    expect(found('polski')).toEqual(['pl']);
    expect(found('Sylheti')).toEqual(['syl']);
  });
});
