import { Group, MultiSelect, Select, Text, type ComboboxItem, type MultiSelectProps, type OptionsFilter, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { filterLanguages, languageOptions, type LanguageOption } from '../lib/spokenLanguages';

// Searchable pickers of the languages people speak: names in the reader's
// language, sorted by its collation, found by that name, the language's own
// name, its English name or its code.

function useLanguageData(exclude: readonly string[] = []) {
  // Rendered again when the reader's language changes, so the names follow it.
  useTranslation();
  const options = languageOptions().filter((option) => !exclude.includes(option.value));
  const byCode = new Map(options.map((option) => [option.value, option]));
  const filter: OptionsFilter = ({ options: shown, search }) => {
    const wanted = new Set(filterLanguages(options, search).map((option) => option.value));
    return shown.filter((item) => 'value' in item && wanted.has(item.value));
  };
  const renderOption = ({ option }: { option: ComboboxItem }) => {
    const language: LanguageOption | undefined = byCode.get(option.value);
    return (
      <Group gap="xs" wrap="nowrap" justify="space-between" w="100%">
        <Text size="sm">{option.label}</Text>
        {language?.native ? (
          <Text size="xs" c="dimmed" lang={option.value}>
            {language.native}
          </Text>
        ) : null}
      </Group>
    );
  };
  return { data: options.map(({ value, label }) => ({ value, label })), filter, renderOption };
}

type LanguageSelectProps = Omit<SelectProps, 'data' | 'filter' | 'renderOption' | 'searchable'> & {
  exclude?: readonly string[];
};

/** One language, or none. */
export function LanguageSelect({ exclude, ...props }: LanguageSelectProps) {
  const languages = useLanguageData(exclude);
  return <Select {...props} {...languages} searchable clearable comboboxProps={{ withinPortal: true }} />;
}

type LanguagesMultiSelectProps = Omit<MultiSelectProps, 'data' | 'filter' | 'renderOption' | 'searchable'> & {
  exclude?: readonly string[];
};

/** Several languages, each at most once. */
export function LanguagesMultiSelect({ exclude, ...props }: LanguagesMultiSelectProps) {
  const languages = useLanguageData(exclude);
  return <MultiSelect {...props} {...languages} searchable hidePickedOptions comboboxProps={{ withinPortal: true }} />;
}
