import { Box, Button, Card, Group, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { groupQuery } from '../../api/groups';
import { FormAlert } from '../../app/FormAlert';
import { AnchorLink } from '../../app/links';
import { usePageTitle } from '../../app/usePageTitle';
import { formatDate } from '../../lib/format';
import { newIdempotencyKey } from '../../shared/idempotency';
import { can } from '../../shared/permissions';
import { DayInput } from '../../shared/DayInput';
import { useApiForm } from '../../shared/useApiForm';
import { today } from '../../lib/days';
import { type Bulletin, bulletinKeys, bulletinsQuery, createBulletin, createEdition, editionsQuery } from './api';

const route = getRouteApi('/_app/groups/$groupId/bulletins');

interface BulletinValues {
  title: string;
  contact_text: string;
}

function NewBulletinForm({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [key, setKey] = useState(newIdempotencyKey);
  const { form, formError, onSubmit, showError } = useApiForm<BulletinValues>({
    mode: 'controlled',
    initialValues: { title: '', contact_text: '' },
    validate: {
      title: (value) =>
        value.trim() === ''
          ? t('Give the bulletin a title')
          : value.trim().length > 200
            ? t('Use at most {characters, plural, one {# character} other {# characters}}', { characters: 200 })
            : null,
    },
  });
  const create = useMutation({
    mutationFn: (values: BulletinValues) => createBulletin(groupId, values.title, values.contact_text, key),
    onSuccess: () => {
      form.reset();
      setKey(newIdempotencyKey());
      void queryClient.invalidateQueries({ queryKey: bulletinKeys.all(groupId) });
    },
    onError: showError,
  });
  return (
    <Card withBorder component="form" noValidate aria-label={t('New bulletin')} onSubmit={onSubmit((values) => create.mutate(values))}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('New bulletin')}
        </Title>
        <FormAlert message={formError} />
        <TextInput label={t('Title')} required {...form.getInputProps('title')} />
        <Textarea
          label={t('Get involved box')}
          description={t('How to reach the group: printed on every edition')}
          autosize
          minRows={2}
          {...form.getInputProps('contact_text')}
        />
        <Group>
          <Button type="submit" loading={create.isPending}>
            {t('Create bulletin')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function NewEditionForm({ groupId, bulletin }: { groupId: string; bulletin: Bulletin }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [key, setKey] = useState(newIdempotencyKey);
  const { form, formError, onSubmit, showError } = useApiForm({
    mode: 'controlled',
    initialValues: { edition_date: today() },
    validate: { edition_date: (value) => (value === '' ? t('Choose the date of the edition') : null) },
  });
  const create = useMutation({
    mutationFn: (values: { edition_date: string }) => createEdition(groupId, bulletin.id, values.edition_date, key),
    onSuccess: async (edition) => {
      setKey(newIdempotencyKey());
      await navigate({
        to: '/groups/$groupId/bulletins/editions/$editionId',
        params: { groupId, editionId: edition.id },
      });
    },
    onError: showError,
  });
  return (
    <Box
      component="form"
      noValidate
      aria-label={t('New edition of {title}', { title: bulletin.title })}
      onSubmit={onSubmit((values) => create.mutate(values))}
    >
      <Stack gap="xs">
        <FormAlert message={formError} />
        <Group align="flex-start" gap="sm">
          <DayInput label={t('Date of the new edition')} required {...form.getInputProps('edition_date')} />
          <Button type="submit" variant="default" mt={{ base: 0, xs: 25 }} loading={create.isPending}>
            {t('New edition')}
          </Button>
        </Group>
      </Stack>
    </Box>
  );
}

function BulletinCard({ groupId, bulletin, canEdit }: { groupId: string; bulletin: Bulletin; canEdit: boolean }) {
  const { t } = useTranslation();
  const editions = useQuery(editionsQuery(groupId, bulletin.id));
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h3" className="break-anywhere">
          {bulletin.title}
        </Title>
        {(editions.data?.items ?? []).length === 0 ? (
          <Text c="dimmed">{t('No editions yet')}</Text>
        ) : (
          <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {(editions.data?.items ?? []).map((edition) => (
              <li key={edition.id}>
                <AnchorLink
                  to="/groups/$groupId/bulletins/editions/$editionId"
                  params={{ groupId, editionId: edition.id }}
                >
                  {t('Edition {number} · {date}', { number: edition.number, date: formatDate(edition.edition_date) })}
                </AnchorLink>
              </li>
            ))}
          </Stack>
        )}
        {canEdit && <NewEditionForm groupId={groupId} bulletin={bulletin} />}
      </Stack>
    </Card>
  );
}

export function BulletinsPage() {
  const { t } = useTranslation();
  const { groupId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const bulletins = useQuery(bulletinsQuery(groupId));
  usePageTitle(t('{page} · {group}', { page: t('Bulletins'), group: group.name }));
  const canEdit = can(group, 'bulletins:edit');
  return (
    <Stack gap="lg">
      <Title order={1}>{t('Bulletins')}</Title>
      {bulletins.isSuccess && bulletins.data.items.length === 0 && (
        <Text c="dimmed">{t('No bulletins yet. A bulletin is the sheet the group hands out at the gates.')}</Text>
      )}
      {(bulletins.data?.items ?? []).map((bulletin) => (
        <BulletinCard key={bulletin.id} groupId={groupId} bulletin={bulletin} canEdit={canEdit} />
      ))}
      {canEdit && <NewBulletinForm groupId={groupId} />}
    </Stack>
  );
}
