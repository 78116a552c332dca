import { useEffect, useRef, useState } from 'react';
import { Alert, Badge, Button, Card, Group, Radio, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { defaultChoices, resolveMerge, unresolved, type MergeField, type Side } from './merge';
import { formatDateTime } from '../lib/format';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { translatedLabels } from '../lib/labels';

/** The kinds of record the conflict screen names in its heading. */
export type RecordNoun =
  | 'contact'
  | 'workplace'
  | 'department'
  | 'shift'
  | 'dispute'
  | 'ballot'
  | 'event'
  | 'action'
  | 'labels'
  | 'call_list'
  | 'saved_filter'
  | 'call_settings';

export interface FieldSpec<K extends string> {
  name: K;
  label: string;
  /** How a value reads on screen (names for ids, "none" for blanks). */
  format?: (value: unknown) => string;
}

function show<K extends string>(spec: FieldSpec<K> | undefined, value: unknown): string {
  if (spec?.format) return spec.format(value);
  if (value === null || value === undefined || value === '') return i18next.t('(empty)');
  if (Array.isArray(value)) return value.length === 0 ? i18next.t('(none)') : value.join(', ');
  if (typeof value === 'boolean') return value ? i18next.t('Yes') : i18next.t('No');
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

const STATUS_TEXT = translatedLabels({
  mine: () => i18next.t('Only you changed this'),
  theirs: () => i18next.t('Only they changed this'),
  agreed: () => i18next.t('You both made the same change'),
  conflict: () => i18next.t('You both changed this: choose one'),
});

interface Props<K extends string> {
  /** What kind of record, for the headings. */
  noun: RecordNoun;
  fields: readonly FieldSpec<K>[];
  diff: readonly MergeField<K>[];
  /** Who saved the other version and when. */
  theirs: { updatedAt: string; updatedBy: string | null; version: number };
  saving: boolean;
  onSave: (result: { changes: Partial<Record<K, unknown>>; version: number }) => void;
  onCancel: () => void;
}

/**
 * Shown when someone else saved this record while it was being edited: both
 * versions of every field either person changed, side by side, and a choice
 * per field. Nothing is saved until the person has chosen for every field
 * both changed.
 */
export function ConflictResolver<K extends string>({ noun, fields, diff, theirs, saving, onSave, onCancel }: Props<K>) {
  const { t } = useTranslation();
  // Move focus (and the view) to the explanation when the screen appears.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const [choices, setChoices] = useState<Partial<Record<K, Side>>>(() => defaultChoices(diff));
  const [tried, setTried] = useState(false);
  const open = unresolved(diff, choices);
  const byName = new Map(fields.map((field) => [field.name, field]));
  const who = theirs.updatedBy ?? t('Someone');

  return (
    <Stack gap="md" aria-labelledby="conflict-heading" component="section">
      <Alert color="orange" variant="light" role="alert">
        <Title order={2} size="h4" id="conflict-heading" mb={4} ref={heading} tabIndex={-1} style={{ outline: 'none' }}>
          {t(
            '{who} changed {noun, select, contact {this contact} workplace {this workplace} department {this department} shift {this shift} dispute {this dispute} ballot {this ballot} event {this event} action {this action} labels {this set of labels} call_list {this call list} saved_filter {this saved filter} call_settings {these call settings} other {this record}} while you were editing',
            { who, noun },
          )}
        </Title>
        <Text size="sm">
          {t(
            'Their version was saved {when}. Nothing has been overwritten. For each field below, choose which version to keep, then save.',
            { when: formatDateTime(theirs.updatedAt) },
          )}
        </Text>
      </Alert>

      {diff.length === 0 && <Text>{t('Their change touched none of the fields you edited.')}</Text>}

      {diff.map((field) => {
        const spec = byName.get(field.name);
        const label = spec?.label ?? field.name;
        const missing = tried && choices[field.name] === undefined;
        return (
          <Card key={field.name} withBorder padding="sm" data-testid={`conflict-${field.name}`}>
            <Radio.Group
              label={label}
              description={STATUS_TEXT[field.status]}
              value={choices[field.name] ?? null}
              onChange={(value) => setChoices((current) => ({ ...current, [field.name]: value as Side }))}
              error={missing ? t('Choose which version to keep') : undefined}
            >
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt="xs">
                <Radio.Card value="mine" p="sm" radius="md" aria-label={t('Keep yours for {field}: {value}', { field: label, value: show(spec, field.mine) })}>
                  <Group wrap="nowrap" align="flex-start" gap="sm">
                    <Radio.Indicator />
                    <div style={{ minWidth: 0 }}>
                      <Badge size="sm" color="indigo.9" variant="light" style={{ textTransform: 'none' }}>
                        {t('Yours')}
                      </Badge>
                      <Text size="sm" mt={4} className="break-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
                        {show(spec, field.mine)}
                      </Text>
                    </div>
                  </Group>
                </Radio.Card>
                <Radio.Card value="theirs" p="sm" radius="md" aria-label={t('Keep {who}’s for {field}: {value}', {
                    who,
                    field: label,
                    value: show(spec, field.theirs),
                  })}>
                  <Group wrap="nowrap" align="flex-start" gap="sm">
                    <Radio.Indicator />
                    <div style={{ minWidth: 0 }}>
                      <Badge size="sm" color="violet.9" variant="light" style={{ textTransform: 'none' }}>
                        {t('{who}’s (saved)', { who })}
                      </Badge>
                      <Text size="sm" mt={4} className="break-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
                        {show(spec, field.theirs)}
                      </Text>
                    </div>
                  </Group>
                </Radio.Card>
              </SimpleGrid>
              {field.status !== 'agreed' && (
                <Text size="xs" c="dimmed" mt={6} className="break-anywhere">
                  {t('Before either change: {value}', { value: show(spec, field.base) })}
                </Text>
              )}
            </Radio.Group>
          </Card>
        );
      })}

      {tried && open.length > 0 && (
        <Text c="var(--mantine-color-error)" size="sm" role="alert">
          {t('Choose a version for {fields, plural, one {one more field} other {# more fields}}.', {
            fields: open.length,
          })}
        </Text>
      )}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onCancel}>
          {t('Back to editing')}
        </Button>
        <Button
          loading={saving}
          onClick={() => {
            setTried(true);
            const result = resolveMerge(diff, choices, theirs.version);
            if (result !== null) onSave(result);
          }}
        >
          {t('Save the chosen versions')}
        </Button>
      </Group>
    </Stack>
  );
}
