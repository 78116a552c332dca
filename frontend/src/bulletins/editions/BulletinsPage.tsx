import { Button, Card, Group, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors';
import { groupQuery } from '../../api/groups';
import { FormAlert } from '../../app/FormAlert';
import { AnchorLink } from '../../app/links';
import { usePageTitle } from '../../app/usePageTitle';
import { formatDate } from '../../lib/format';
import { newIdempotencyKey } from '../../shared/idempotency';
import { can } from '../../shared/permissions';
import { DayInput } from '../../shared/DayInput';
import { type Bulletin, bulletinKeys, bulletinsQuery, createBulletin, createEdition, editionsQuery } from './api';

const route = getRouteApi('/_app/groups/$groupId/bulletins');

function NewBulletinForm({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [contact, setContact] = useState('');
  const [key] = useState(newIdempotencyKey);
  const create = useMutation({
    mutationFn: () => createBulletin(groupId, title, contact, key),
    onSuccess: () => {
      setTitle('');
      setContact('');
      void queryClient.invalidateQueries({ queryKey: bulletinKeys.all(groupId) });
    },
  });
  return (
    <Card withBorder component="form" onSubmit={(event) => {
      event.preventDefault();
      create.mutate();
    }}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('New bulletin')}
        </Title>
        <FormAlert message={create.error ? errorMessage(create.error) : null} />
        <TextInput label={t('Title')} required value={title} onChange={(event) => setTitle(event.currentTarget.value)} />
        <Textarea
          label={t('Get involved box')}
          description={t('How to reach the group: printed on every edition')}
          autosize
          minRows={2}
          value={contact}
          onChange={(event) => setContact(event.currentTarget.value)}
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

function BulletinCard({ groupId, bulletin, canEdit }: { groupId: string; bulletin: Bulletin; canEdit: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const editions = useQuery(editionsQuery(groupId, bulletin.id));
  const [day, setDay] = useState(() => new Date().toISOString().slice(0, 10));
  const [key, setKey] = useState(newIdempotencyKey);
  const create = useMutation({
    mutationFn: () => createEdition(groupId, bulletin.id, day, key),
    onSuccess: async (edition) => {
      setKey(newIdempotencyKey());
      await navigate({
        to: '/groups/$groupId/bulletins/editions/$editionId',
        params: { groupId, editionId: edition.id },
      });
    },
  });
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
        {canEdit && (
          <Group align="flex-end" gap="sm">
            <DayInput label={t('Date of the new edition')} value={day} onChange={setDay} required />
            <Button variant="default" onClick={() => create.mutate()} loading={create.isPending} disabled={day === ''}>
              {t('New edition')}
            </Button>
          </Group>
        )}
        <FormAlert message={create.error ? errorMessage(create.error) : null} />
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
