import { Button, Checkbox, Collapse, Fieldset, Group, Select, SimpleGrid, Stack, TagsInput, TextInput, Textarea } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { useMembers } from '../shared/useMembers';
import { allWorkplacesQuery } from '../api/workplaces';
import { useWorkplaceParts } from '../shared/workplaceLookups';
import { contactFieldLabel, type ContactFormValues } from './contactFields';
import { MEMBERSHIP_LABELS } from '../shared/levels';
import { LanguageSelect, LanguagesMultiSelect } from '../shared/LanguageSelect';

const PHONE = /^\+?[0-9 ().\-/]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The API's checks, so most mistakes show before saving. */
export function validateContact(values: ContactFormValues): Partial<Record<keyof ContactFormValues, string>> {
  const errors: Partial<Record<keyof ContactFormValues, string>> = {};
  if (values.full_name.trim() === '') errors.full_name = i18next.t('Enter their name');
  else if (values.full_name.trim().length > 200) errors.full_name = i18next.t('Use at most {characters, plural, one {# character} other {# characters}}', {
      characters: 200,
    });
  const phone = values.phone.trim();
  if (phone !== '' && (!PHONE.test(phone) || phone.replace(/\D/g, '').length < 5)) {
    errors.phone = i18next.t('Enter a phone number: digits, spaces and + ( ) - . / only');
  }
  if (values.email.trim() !== '' && !EMAIL.test(values.email.trim())) errors.email = i18next.t('Enter a valid email address');
  if (values.tags.some((tag) => tag.trim().length > 50)) errors.tags = i18next.t('Each tag must be at most {characters, plural, one {# character} other {# characters}}', {
      characters: 50,
    });
  return errors;
}

interface Props {
  groupId: string;
  form: UseFormReturnType<ContactFormValues>;
}

/** The fields of a contact, grouped: who and where, how to reach them, records. */
export function ContactFields({ groupId, form }: Props) {
  const { t } = useTranslation();
  const workplaces = useQuery(allWorkplacesQuery(groupId));
  const members = useMembers(groupId);
  const values = form.getValues();
  const parts = useWorkplaceParts(groupId, values.workplace_id);
  const [records, recordsToggle] = useDisclosure(
    values.source !== '' || values.lawful_basis !== '' || values.consent_note !== '' || values.external_id !== '',
  );

  const select = (field: 'workplace_id' | 'department_id' | 'shift_id' | 'organiser_id') => ({
    ...form.getInputProps(field),
    value: values[field] || null,
    onChange: (value: string | null) => {
      form.setFieldValue(field, value ?? '');
      if (field === 'workplace_id') {
        form.setFieldValue('department_id', '');
        form.setFieldValue('shift_id', '');
      }
    },
    comboboxProps: { withinPortal: true },
  });

  return (
    <Stack gap="md">
      <Fieldset legend={t('Who and where')}>
        <Stack gap="sm">
          <TextInput label={contactFieldLabel('full_name')} required autoComplete="off" {...form.getInputProps('full_name')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label={contactFieldLabel('workplace_id')}
              data={(workplaces.data ?? []).map((w) => ({ value: w.id, label: w.name }))}
              searchable
              clearable
              placeholder={t('None')}
              {...select('workplace_id')}
            />
            <TextInput label={contactFieldLabel('job_title')} {...form.getInputProps('job_title')} />
            <Select
              label={contactFieldLabel('department_id')}
              data={parts.departmentOptions}
              clearable
              disabled={values.workplace_id === ''}
              placeholder={values.workplace_id === '' ? t('Choose a workplace first') : t('None')}
              {...select('department_id')}
            />
            <Select
              label={contactFieldLabel('shift_id')}
              data={parts.shiftOptions}
              clearable
              disabled={values.workplace_id === ''}
              placeholder={values.workplace_id === '' ? t('Choose a workplace first') : t('None')}
              {...select('shift_id')}
            />
            <TextInput label={contactFieldLabel('union')} {...form.getInputProps('union')} />
            <Select
              label={contactFieldLabel('membership_status')}
              data={Object.entries(MEMBERSHIP_LABELS).map(([value, label]) => ({ value, label }))}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('membership_status')}
            />
          </SimpleGrid>
          <Checkbox
            label={t('On the organising committee')}
            description={t('Counts in committee coverage whatever their assessment')}
            {...form.getInputProps('committee', { type: 'checkbox' })}
          />
        </Stack>
      </Fieldset>
      <Fieldset legend={t('Reaching them')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={contactFieldLabel('phone')} type="tel" inputMode="tel" autoComplete="off" {...form.getInputProps('phone')} />
          <TextInput label={contactFieldLabel('email')} type="email" autoComplete="off" {...form.getInputProps('email')} />
          <LanguageSelect
            label={contactFieldLabel('preferred_language')}
            placeholder={t('Choose or type to search')}
            {...form.getInputProps('preferred_language')}
            value={values.preferred_language || null}
            onChange={(value) => {
              form.setFieldValue('preferred_language', value ?? '');
              // The preferred language is not listed again among the others.
              form.setFieldValue(
                'other_languages',
                values.other_languages.filter((code) => code !== value),
              );
            }}
          />
          <LanguagesMultiSelect
            label={contactFieldLabel('other_languages')}
            placeholder={values.other_languages.length === 0 ? t('Choose or type to search') : undefined}
            maxValues={10}
            exclude={values.preferred_language ? [values.preferred_language] : []}
            {...form.getInputProps('other_languages')}
          />
          <Select
            label={contactFieldLabel('organiser_id')}
            description={t('The member who keeps in touch with them')}
            data={members.options}
            clearable
            placeholder={t('Nobody')}
            {...select('organiser_id')}
          />
        </SimpleGrid>
      </Fieldset>
      <TagsInput label={contactFieldLabel('tags')} description={t('Press Enter after each tag')} clearable {...form.getInputProps('tags')} />
      <Textarea label={contactFieldLabel('notes')} autosize minRows={3} maxRows={12} {...form.getInputProps('notes')} />
      <div>
        <Button
          variant="subtle"
          px={0}
          h="auto"
          mih={36}
          styles={{ label: { whiteSpace: 'normal', textAlign: 'start' } }}
          onClick={recordsToggle.toggle}
          aria-expanded={records}
        >
          {records ? t('Hide record keeping') : t('Record keeping: source, lawful basis, consent')}
        </Button>
        <Collapse in={records}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mt="xs">
            <TextInput label={contactFieldLabel('source')} {...form.getInputProps('source')} />
            <TextInput label={contactFieldLabel('lawful_basis')} {...form.getInputProps('lawful_basis')} />
            <Textarea label={contactFieldLabel('consent_note')} autosize minRows={2} {...form.getInputProps('consent_note')} />
            <TextInput label={contactFieldLabel('external_id')} {...form.getInputProps('external_id')} />
          </SimpleGrid>
        </Collapse>
      </div>
    </Stack>
  );
}

export function FormButtons({ saving, onCancel, label }: { saving: boolean; onCancel: () => void; label: string }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end" gap="sm">
      <Button variant="default" onClick={onCancel}>
        {t('Cancel')}
      </Button>
      <Button type="submit" loading={saving}>
        {label}
      </Button>
    </Group>
  );
}
