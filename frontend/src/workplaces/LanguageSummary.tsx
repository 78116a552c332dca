import { Box, Card, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { WorkplaceChart } from '../api/workplaces';
import { LanguageSelect } from '../shared/LanguageSelect';
import { formatCount } from '../lib/format';
import { languageName } from '../lib/spokenLanguages';

interface Props {
  languages: WorkplaceChart['languages'];
  /** The language the chart is narrowed to, if any. */
  selected: string | undefined;
  onSelect: (language: string | undefined) => void;
}

/** How many at the workplace speak each language, and the chart's language
 * filter: choosing a language counts only the people who speak it. */
export function LanguageSummary({ languages, selected, onSelect }: Props) {
  const { t } = useTranslation();
  return (
    // On paper the card is left out when it has nothing to say, and its filter when unused.
    <Card
      withBorder
      padding="sm"
      component="section"
      aria-labelledby="languages-heading"
      data-print={languages.length === 0 && selected === undefined ? 'hide' : undefined}
    >
      <Stack gap="xs">
        <Group justify="space-between" align="flex-end" gap="sm" wrap="wrap">
          <Text id="languages-heading" fw={600} size="sm">
            {t('Languages spoken here')}
          </Text>
          <Box data-print={selected === undefined ? 'hide' : undefined} w={{ base: '100%', xs: 260 }}>
            <LanguageSelect
              label={t('Show only people who speak')}
              placeholder={t('Any language')}
              value={selected ?? null}
              onChange={(value) => onSelect(value ?? undefined)}
              size="xs"
            />
          </Box>
        </Group>
        {languages.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('No languages recorded for the people here yet.')}
          </Text>
        ) : (
          <Group component="ul" gap={6} p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('Languages spoken here')}>
            {languages.map((entry) => (
              <li key={entry.language}>
                <UnstyledButton
                  onClick={() => onSelect(entry.language === selected ? undefined : entry.language)}
                  aria-pressed={entry.language === selected}
                  px={8}
                  py={2}
                  style={{
                    borderRadius: 'var(--mantine-radius-sm)',
                    border: '1px solid var(--mantine-color-gray-5)',
                    background: entry.language === selected ? 'var(--mantine-color-indigo-0)' : undefined,
                  }}
                >
                  <Text size="sm" span>
                    {t('{language}: {speakers}', { language: languageName(entry.language), speakers: formatCount(entry.speakers) })}
                  </Text>
                </UnstyledButton>
              </li>
            ))}
          </Group>
        )}
      </Stack>
    </Card>
  );
}
