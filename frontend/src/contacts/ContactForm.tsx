import { Button, Collapse, Fieldset, Group, Select, SimpleGrid, Stack, TagsInput, TextInput, Textarea } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useMembers } from '../shared/useMembers';
import { allWorkplacesQuery } from '../api/workplaces';
import { useWorkplaceParts } from '../shared/workplaceLookups';
import { CONTACT_LABELS as L, type ContactFormValues } from './contactFields';
import { MEMBERSHIP_LABELS } from '../shared/levels';

const PHONE = /^\+?[0-9 ().\-/]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The API's checks, so most mistakes show before saving. */
export function validateContact(values: ContactFormValues): Partial<Record<keyof ContactFormValues, string>> {
  const errors: Partial<Record<keyof ContactFormValues, string>> = {};
  if (values.full_name.trim() === '') errors.full_name = 'Enter their name';
  else if (values.full_name.trim().length > 200) errors.full_name = 'Use at most 200 characters';
  const phone = values.phone.trim();
  if (phone !== '' && (!PHONE.test(phone) || phone.replace(/\D/g, '').length < 5)) {
    errors.phone = 'Enter a phone number: digits, spaces and + ( ) - . / only';
  }
  if (values.email.trim() !== '' && !EMAIL.test(values.email.trim())) errors.email = 'Enter a valid email address';
  if (values.tags.some((tag) => tag.trim().length > 50)) errors.tags = 'Each tag must be at most 50 characters';
  return errors;
}

interface Props {
  groupId: string;
  form: UseFormReturnType<ContactFormValues>;
}

/** The fields of a contact, grouped: who and where, how to reach them, records. */
export function ContactFields({ groupId, form }: Props) {
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
      <Fieldset legend="Who and where">
        <Stack gap="sm">
          <TextInput label={L.full_name} required autoComplete="off" {...form.getInputProps('full_name')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label={L.workplace_id}
              data={(workplaces.data ?? []).map((w) => ({ value: w.id, label: w.name }))}
              searchable
              clearable
              placeholder="None"
              {...select('workplace_id')}
            />
            <TextInput label={L.job_title} {...form.getInputProps('job_title')} />
            <Select
              label={L.department_id}
              data={parts.departmentOptions}
              clearable
              disabled={values.workplace_id === ''}
              placeholder={values.workplace_id === '' ? 'Choose a workplace first' : 'None'}
              {...select('department_id')}
            />
            <Select
              label={L.shift_id}
              data={parts.shiftOptions}
              clearable
              disabled={values.workplace_id === ''}
              placeholder={values.workplace_id === '' ? 'Choose a workplace first' : 'None'}
              {...select('shift_id')}
            />
            <TextInput label={L.union} {...form.getInputProps('union')} />
            <Select
              label={L.membership_status}
              data={Object.entries(MEMBERSHIP_LABELS).map(([value, label]) => ({ value, label }))}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('membership_status')}
            />
          </SimpleGrid>
        </Stack>
      </Fieldset>
      <Fieldset legend="Reaching them">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={L.phone} type="tel" inputMode="tel" autoComplete="off" {...form.getInputProps('phone')} />
          <TextInput label={L.email} type="email" autoComplete="off" {...form.getInputProps('email')} />
          <TextInput label={L.preferred_language} {...form.getInputProps('preferred_language')} />
          <Select
            label={L.organiser_id}
            description="The member who keeps in touch with them"
            data={members.options}
            clearable
            placeholder="Nobody"
            {...select('organiser_id')}
          />
        </SimpleGrid>
      </Fieldset>
      <TagsInput label={L.tags} description="Press Enter after each tag" clearable {...form.getInputProps('tags')} />
      <Textarea label={L.notes} autosize minRows={3} maxRows={12} {...form.getInputProps('notes')} />
      <div>
        <Button variant="subtle" px={0} onClick={recordsToggle.toggle} aria-expanded={records}>
          {records ? 'Hide record keeping' : 'Record keeping: source, lawful basis, consent'}
        </Button>
        <Collapse in={records}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mt="xs">
            <TextInput label={L.source} {...form.getInputProps('source')} />
            <TextInput label={L.lawful_basis} {...form.getInputProps('lawful_basis')} />
            <Textarea label={L.consent_note} autosize minRows={2} {...form.getInputProps('consent_note')} />
            <TextInput label={L.external_id} {...form.getInputProps('external_id')} />
          </SimpleGrid>
        </Collapse>
      </div>
    </Stack>
  );
}

export function FormButtons({ saving, onCancel, label }: { saving: boolean; onCancel: () => void; label: string }) {
  return (
    <Group justify="flex-end" gap="sm">
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" loading={saving}>
        {label}
      </Button>
    </Group>
  );
}
