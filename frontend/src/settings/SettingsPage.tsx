import { useState } from 'react';
import { Alert, Box, Button, Group, NativeSelect, Paper, Skeleton, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import i18next from 'i18next';
import { Trans, useTranslation } from 'react-i18next';
import { errorMessage, isApiError } from '../api/errors';
import type { GroupDetail } from '../api/types';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { usePageTitle } from '../app/usePageTitle';
import { notify } from '../app/notify';
import { scaleQuery } from '../api/contacts';
import { LEVEL_STYLE } from '../shared/levels';

import { RecordConflict } from '../shared/RecordConflict';
import { useVersionedEdit, type VersionedSave } from '../shared/useVersionedEdit';
import { can } from '../shared/permissions';
import { groupQuery } from '../api/groups';
import { useApiForm } from '../shared/useApiForm';
import {
  renameGroup,
  setDefaultLanguage,
  setRequireTwoFactor,
  updateScale,
  type AssessmentScale,
  type GroupLanguage,
} from '../api/settings';
import { LANGUAGES, SOURCE_LANGUAGE, preferredLanguage } from '../lib/languages';
import { Retention } from './Retention';
import { TipPageSettings } from './TipPageSettings';

const route = getRouteApi('/_app/groups/$groupId/settings');

export function SettingsPage() {
  const { groupId } = route.useParams();
  const { t } = useTranslation();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  usePageTitle(t('Settings · {group}', { group: group.name }));

  return (
    <Stack gap="xl">
      <Stack gap={4}>
        <Title order={1}>{t('Settings')}</Title>
        <Text c="dimmed">
          <Trans
            i18nKey="The group’s name, the words it uses for assessments and how long it keeps personal data. People, roles and invites are on the <anchor>Members</anchor> page."
            components={{ anchor: <AnchorLink to="/groups/$groupId/members" params={{ groupId }} underline="always" /> }}
          />
        </Text>
      </Stack>
      <GroupName group={group} />
      <TwoFactorRule group={group} />
      <DefaultLanguage group={group} />
      <AssessmentLabels group={group} />
      {can(group, 'group:manage') && <Retention groupId={group.id} />}
      {can(group, 'bulletins:edit') && <TipPageSettings groupId={group.id} />}
    </Stack>
  );
}

/** Owners can require two-factor login of everyone who reaches the group. */
function TwoFactorRule({ group }: { group: GroupDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: async (required: boolean) => {
      // The latest version, so a rename made meanwhile does not refuse the switch.
      const current = await queryClient.query({ ...groupQuery(group.id), staleTime: 0 });
      return setRequireTwoFactor(group.id, { require_two_factor: required, version: current.version });
    },
    onSuccess: async (saved) => {
      setError(null);
      queryClient.setQueryData(groupQuery(group.id).queryKey, saved);
      await queryClient.invalidateQueries({ queryKey: ['groups'] });
      notify({
        message: saved.require_two_factor
          ? t('Two-factor login is now required in this group.')
          : t('Two-factor login is no longer required in this group.'),
      });
    },
    onError: (failure) => setError(errorMessage(failure)),
  });
  return (
    <section aria-labelledby="two-factor-rule-heading">
      <Title order={2} size="h3" id="two-factor-rule-heading" mb="sm">
        {t('Two-factor login')}
      </Title>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t(
            'When required, members (and their API tokens) without two-factor login see the group only after they set it up on their account page.',
          )}
        </Text>
        <FormAlert message={error} />
        {can(group, 'group:manage') ? (
          <Switch
            label={t('Require two-factor login for everyone in this group')}
            checked={group.require_two_factor}
            disabled={mutation.isPending}
            onChange={(event) => mutation.mutate(event.currentTarget.checked)}
          />
        ) : (
          <Text>{group.require_two_factor ? t('Required for everyone in this group.') : t('Not required in this group.')}</Text>
        )}
        {can(group, 'group:manage') && (
          <Text size="sm">
            <Trans
              i18nKey="You need it yourself first: <anchor>set it up on your account page</anchor>."
              components={{ anchor: <AnchorLink to="/account" /> }}
            />
          </Text>
        )}
      </Stack>
    </section>
  );
}

/** The language of mail to people whose own the group does not know, and of accounts made from its invites. */
function DefaultLanguage({ group }: { group: GroupDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const current = preferredLanguage([group.default_language ?? SOURCE_LANGUAGE]);
  const mutation = useMutation({
    mutationFn: async (language: GroupLanguage) => {
      // The latest version, so a rename made meanwhile does not refuse the change.
      const latest = await queryClient.query({ ...groupQuery(group.id), staleTime: 0 });
      return setDefaultLanguage(group.id, { default_language: language, version: latest.version });
    },
    onSuccess: async (saved) => {
      setError(null);
      queryClient.setQueryData(groupQuery(group.id).queryKey, saved);
      await queryClient.invalidateQueries({ queryKey: ['groups'] });
      notify({
        message: t('The group’s language is now {language}.', {
          language: preferredLanguage([saved.default_language ?? SOURCE_LANGUAGE]).nativeName,
        }),
      });
    },
    onError: (failure) => setError(errorMessage(failure)),
  });
  return (
    <section aria-labelledby="default-language-heading">
      <Title order={2} size="h3" id="default-language-heading" mb="sm">
        {t('Group language')}
      </Title>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t(
            'Invites to people without an account are written in this language, and new accounts made from the group’s invites start in it. People with an account get mail in their own language.',
          )}
        </Text>
        <FormAlert message={error} />
        {can(group, 'group:manage') ? (
          <NativeSelect
            label={t('Default language')}
            value={current.code}
            disabled={mutation.isPending}
            data={LANGUAGES.map((language) => ({ value: language.code, label: language.nativeName }))}
            onChange={(event) => mutation.mutate(preferredLanguage([event.currentTarget.value]).code as GroupLanguage)}
            maw={320}
          />
        ) : (
          <Text>{t('Default language: {language}', { language: current.nativeName })}</Text>
        )}
      </Stack>
    </section>
  );
}

function GroupName({ group }: { group: GroupDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canRename = can(group, 'group:manage');
  const [base, setBase] = useState({ name: group.name, version: group.version });
  const [theirs, setTheirs] = useState<GroupDetail | null>(null);
  const { form, formError, onSubmit, showError } = useApiForm({
    mode: 'controlled',
    initialValues: { name: group.name },
    validate: {
      name: (value) =>
        value.trim() === ''
          ? t('Enter a name for the group')
          : value.trim().length > 120
            ? t('At most {characters, plural, one {# character} other {# characters}}', { characters: 120 })
            : null,
    },
  });

  const mutation = useMutation({
    mutationFn: (vars: { name: string; version: number }) => renameGroup(group.id, vars),
    onSuccess: async (saved) => {
      setBase({ name: saved.name, version: saved.version });
      setTheirs(null);
      form.setValues({ name: saved.name });
      form.resetDirty({ name: saved.name });
      await queryClient.invalidateQueries({ queryKey: ['groups'] });
      notify({ message: t('The group is now called “{name}”.', { name: saved.name }) });
    },
    onError: async (error) => {
      if (isApiError(error, 'version_conflict')) {
        // This answer does not carry the saved group, so read it.
        const current = await queryClient.query({ ...groupQuery(group.id), staleTime: 0 });
        setTheirs(current);
        return;
      }
      showError(error);
    },
  });

  return (
    <section aria-labelledby="name-heading">
      <Title order={2} size="h3" id="name-heading" mb="sm">
        {t('Group name')}
      </Title>
      {canRename ? (
        <form
          noValidate
          aria-labelledby="name-heading"
          onSubmit={onSubmit((values) => {
            mutation.mutate({ name: values.name.trim(), version: base.version });
          })}
        >
          <Stack gap="sm">
            <FormAlert message={formError} />
            {theirs && (
              <Alert color="orange" variant="light" role="alert" title={t('Someone else renamed the group while you were editing')}>
                <Stack gap="xs">
                  <Text size="sm" className="break-anywhere">
                    {t('Saved now: “{theirs}”. Yours: “{yours}”.', { theirs: theirs.name, yours: form.values.name.trim() })}
                  </Text>
                  <Group gap="xs">
                    <Button
                      size="xs"
                      loading={mutation.isPending}
                      onClick={() => mutation.mutate({ name: form.values.name.trim(), version: theirs.version })}
                    >
                      {t('Keep mine')}
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => {
                        form.setValues({ name: theirs.name });
                        setBase({ name: theirs.name, version: theirs.version });
                        setTheirs(null);
                      }}
                    >
                      {t('Use “{name}”', { name: theirs.name })}
                    </Button>
                  </Group>
                </Stack>
              </Alert>
            )}
            <TextInput label={t('Name')} required maxLength={120} {...form.getInputProps('name')} />
            <Button
              type="submit"
              loading={mutation.isPending && theirs === null}
              disabled={theirs !== null}
              style={{ alignSelf: 'flex-start' }}
            >
              {t('Save name')}
            </Button>
          </Stack>
        </form>
      ) : (
        <Paper withBorder p="sm">
          <Text fw={600} className="break-anywhere">
            {group.name}
          </Text>
          <Text size="sm" c="dimmed">
            {t('Only the group’s owners can rename it.')}
          </Text>
        </Paper>
      )}
    </section>
  );
}

type LabelValues = Pick<
  AssessmentScale,
  'label_1' | 'label_2' | 'label_3' | 'label_4' | 'label_5' | 'label_unassessed'
>;

const LABEL_FIELDS = [
  'label_1',
  'label_2',
  'label_3',
  'label_4',
  'label_5',
  'label_unassessed',
] as const satisfies readonly (keyof LabelValues)[];

/** What each label field is called, in the reader's language. */
function labelNames(): Record<keyof LabelValues, string> {
  return {
    label_1: i18next.t('Level 1 (most supportive)'),
    label_2: i18next.t('Level 2'),
    label_3: i18next.t('Level 3'),
    label_4: i18next.t('Level 4'),
    label_5: i18next.t('Level 5 (most hostile)'),
    label_unassessed: i18next.t('Not yet assessed'),
  };
}

function labelHint(field: keyof LabelValues): string {
  switch (field) {
    case 'label_1':
      return i18next.t('Usually “Leader”: active, moves others.');
    case 'label_2':
      return i18next.t('Usually “Supporter”.');
    case 'label_3':
      return i18next.t('Usually “Undecided”.');
    case 'label_4':
      return i18next.t('Usually “Not interested” or opposed.');
    case 'label_5':
      return i18next.t('Usually “Hostile”: anti-union.');
    case 'label_unassessed':
      return i18next.t('Contacts nobody has assessed yet.');
  }
}

const SWATCH: Record<keyof LabelValues, keyof typeof LEVEL_STYLE> = {
  label_1: 1,
  label_2: 2,
  label_3: 3,
  label_4: 4,
  label_5: 5,
  label_unassessed: 'unassessed',
};

function labelValues(scale: AssessmentScale): LabelValues {
  return {
    label_1: scale.label_1,
    label_2: scale.label_2,
    label_3: scale.label_3,
    label_4: scale.label_4,
    label_5: scale.label_5,
    label_unassessed: scale.label_unassessed,
  };
}

function AssessmentLabels({ group }: { group: GroupDetail }) {
  const { t } = useTranslation();
  const scale = useQuery(scaleQuery(group.id));
  return (
    <section aria-labelledby="labels-heading">
      <Title order={2} size="h3" id="labels-heading" mb={4}>
        {t('Assessment labels')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t(
          'The numbers and their order are fixed (1 is the most supportive, 5 the most hostile); the words are the group’s own.',
        )}
      </Text>
      {scale.isPending ? (
        <Skeleton height={360} />
      ) : scale.isError ? (
        <FormAlert message={errorMessage(scale.error)} />
      ) : (
        <LabelsForm group={group} scale={scale.data} key={scale.data.version} />
      )}
    </section>
  );
}

function LabelsForm({ group, scale }: { group: GroupDetail; scale: AssessmentScale }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canEdit = can(group, 'settings:manage');
  const edit = useVersionedEdit({
    initial: () => ({ values: labelValues(scale), version: scale.version }),
    fields: LABEL_FIELDS,
    valuesOf: labelValues,
  });
  const validateLabel = (value: string) =>
    value.trim() === ''
      ? t('Enter a label')
      : value.trim().length > 60
        ? t('At most {characters, plural, one {# character} other {# characters}}', { characters: 60 })
        : null;
  const names = labelNames();
  const { form, onSubmit, applyError } = useApiForm<LabelValues>({
    mode: 'controlled',
    initialValues: edit.base.values,
    validate: {
      label_1: validateLabel,
      label_2: validateLabel,
      label_3: validateLabel,
      label_4: validateLabel,
      label_5: validateLabel,
      label_unassessed: validateLabel,
    },
  });

  const mutation = useMutation({
    mutationFn: ({ values, version }: VersionedSave<LabelValues>) =>
      updateScale(group.id, {
        label_1: values.label_1.trim(),
        label_2: values.label_2.trim(),
        label_3: values.label_3.trim(),
        label_4: values.label_4.trim(),
        label_5: values.label_5.trim(),
        label_unassessed: values.label_unassessed.trim(),
        version,
      }),
    onSuccess: async (saved) => {
      edit.saved(saved);
      queryClient.setQueryData(scaleQuery(group.id).queryKey, saved);
      // Labels show on contacts, charts and lists throughout the group.
      await queryClient.invalidateQueries({ queryKey: ['groups', group.id] });
      notify({ message: t('Assessment labels saved.') });
    },
    onError: (error, vars) => {
      edit.fail(error, vars, applyError);
    },
  });

  if (edit.conflict) {
    return (
      <RecordConflict
        groupId={group.id}
        noun="labels"
        state={edit.conflict}
        labels={names}
        show={(_field, value) =>
          typeof value === 'string' && value !== '' ? t('“{value}”', { value }) : t('(empty)')
        }
        saving={mutation.isPending}
        onSave={(values, version, unchanged) => {
          form.setValues(values);
          const save = edit.resolve(values, version, unchanged);
          if (save) mutation.mutate(save);
        }}
        onCancel={() => edit.cancel()}
      />
    );
  }

  return (
    <form
      noValidate
      aria-labelledby="labels-heading"
      onSubmit={onSubmit((values) => mutation.mutate(edit.submit(values)))}
    >
      <Stack gap="sm">
        <FormAlert message={edit.formError} />
        {LABEL_FIELDS.map((field) => (
          <TextInput
            key={field}
            label={names[field]}
            description={labelHint(field)}
            required
            maxLength={60}
            readOnly={!canEdit}
            leftSection={
              <Box
                aria-hidden="true"
                w={16}
                h={16}
                style={{
                  borderRadius: 4,
                  background: LEVEL_STYLE[SWATCH[field]].bg,
                  boxShadow: 'inset 0 0 0 1px var(--mantine-color-gray-6)',
                }}
              />
            }
            {...form.getInputProps(field)}
          />
        ))}
        {canEdit ? (
          <Button type="submit" loading={mutation.isPending} style={{ alignSelf: 'flex-start' }}>
            {t('Save labels')}
          </Button>
        ) : (
          <Text size="sm" c="dimmed">
            {t('Organisers and owners can change these labels.')}
          </Text>
        )}
      </Stack>
    </form>
  );
}
