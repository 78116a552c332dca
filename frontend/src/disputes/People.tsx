import { Badge, Button, Group, Paper, Select, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { VersionConflict } from '../api/conflict';
import { errorMessage } from '../api/errors';
import { formatCount } from '../lib/format';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { notify } from '../app/notify';
import { useApiForm } from '../shared/useApiForm';
import { changePart, disputeKeys, linkPerson, peopleQuery, unlinkPerson } from '../api/disputes';
import { ContactPicker } from '../shared/ContactPicker';
import { useIdempotencyKey } from '../shared/idempotency';
import { PART_LABELS, options } from '../shared/disputeLabels';
import type { Dispute, DisputePart, DisputePerson } from '../api/disputeTypes';

interface Props {
  groupId: string;
  dispute: Dispute;
  canEdit: boolean;
}

export function People({ groupId, dispute, canEdit }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const people = useInfiniteQuery(peopleQuery(groupId, dispute.id));
  const { form, formError, onSubmit, showError } = useApiForm({
    initialValues: { contact_id: null as string | null, part: 'supporter' as DisputePart },
    validate: { contact_id: (value) => (value === null ? t('Choose a contact') : null) },
  });
  const idempotency = useIdempotencyKey();
  const refresh = () => queryClient.invalidateQueries({ queryKey: disputeKeys.detail(groupId, dispute.id) });

  const link = useMutation({
    mutationFn: (body: { contact_id: string; part: DisputePart }) =>
      linkPerson(groupId, dispute.id, body, idempotency.keyFor(body)),
    onSuccess: async (linked) => {
      idempotency.reset();
      form.setFieldValue('contact_id', null);
      notify({
        message: t('{name} linked as {part, select, rep {rep} striker {striker} other {supporter}}.', {
          name: linked.contact_name,
          part: linked.part,
        }),
      });
      await refresh();
    },
    onError: showError,
  });

  const setPartOf = useMutation({
    mutationFn: ({ person, next }: { person: DisputePerson; next: DisputePart }) =>
      changePart(groupId, dispute.id, person.contact_id, { part: next, version: person.version }),
    onError: (error) => {
      const current = error instanceof VersionConflict ? (error.current as DisputePerson) : null;
      notify({
        color: current ? 'orange' : 'red',
        title: t('Part not changed'),
        message: current
          ? t(
              'Someone else changed this: {name} is now {part, select, rep {rep} striker {striker} other {supporter}}. Change it again if you still want to.',
              { name: current.contact_name, part: current.part },
            )
          : errorMessage(error),
      });
    },
    onSettled: refresh,
  });

  const unlink = useMutation({
    mutationFn: (person: DisputePerson) => unlinkPerson(groupId, dispute.id, person.contact_id, person.version),
    onSuccess: (_data, person) => notify({ message: t('{name} is no longer linked to this dispute.', { name: person.contact_name }) }),
    onError: (error) => notify({ color: 'red', title: t('Not removed'), message: errorMessage(error) }),
    onSettled: refresh,
  });

  const items = people.data?.pages.flatMap((page) => page.items) ?? [];
  const linked = new Set(items.map((person) => person.contact_id));
  const counts = dispute.people;

  return (
    <section aria-labelledby="people-heading">
      <Title order={2} size="h3" id="people-heading" mb={4}>
        {t('People involved')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {counts.total === 0
          ? t('Nobody linked yet.')
          : t(
              '{total} linked: {reps, plural, one {# rep} other {# reps}}, {strikers, plural, one {# striker} other {# strikers}}, {supporters, plural, one {# supporter} other {# supporters}}.',
              {
                total: formatCount(counts.total),
                reps: counts.rep,
                strikers: counts.striker,
                supporters: counts.supporter,
              },
            )}
      </Text>
      {people.isPending ? (
        <Skeleton height={80} />
      ) : people.isError ? (
        <FormAlert message={errorMessage(people.error)} />
      ) : (
        items.length > 0 && (
          <Stack component="ul" gap={6} p={0} m={0} mb="sm" style={{ listStyle: 'none' }} aria-label={t('People involved')}>
            {items.map((person) => (
              <Paper component="li" key={person.id} withBorder p="xs" data-testid="dispute-person">
                <Group justify="space-between" gap="xs">
                  <AnchorLink
                    to="/groups/$groupId/contacts/$contactId"
                    params={{ groupId, contactId: person.contact_id }}
                    size="sm"
                    className="break-anywhere"
                  >
                    {person.contact_name}
                  </AnchorLink>
                  {canEdit ? (
                    <Group gap={4} wrap="nowrap">
                      <Select
                        aria-label={t('Part of {name}', { name: person.contact_name })}
                        data={options(PART_LABELS)}
                        value={person.part}
                        allowDeselect={false}
                        size="xs"
                        w={120}
                        onChange={(value) => {
                          if (value !== null && value !== person.part) {
                            setPartOf.mutate({ person, next: value as DisputePart });
                          }
                        }}
                      />
                      <Button
                        variant="subtle"
                        color="red.9"
                        size="compact-sm"
                        aria-label={t('Remove {name} from this dispute', { name: person.contact_name })}
                        loading={unlink.isPending && unlink.variables.id === person.id}
                        onClick={() => unlink.mutate(person)}
                      >
                        {t('Remove')}
                      </Button>
                    </Group>
                  ) : (
                    <Badge variant="light" color="gray">
                      {PART_LABELS[person.part]}
                    </Badge>
                  )}
                </Group>
              </Paper>
            ))}
          </Stack>
        )
      )}
      {people.hasNextPage && (
        <Button variant="default" size="xs" mb="sm" loading={people.isFetchingNextPage} onClick={() => void people.fetchNextPage()}>
          {t('Show more people')}
        </Button>
      )}
      {canEdit && (
        <form
          noValidate
          aria-label={t('Link a contact to this dispute')}
          onSubmit={onSubmit((values) => {
            if (values.contact_id !== null) link.mutate({ contact_id: values.contact_id, part: values.part });
          })}
        >
          <Stack gap="xs">
            <FormAlert message={formError} />
            <Group align="flex-start" gap="xs" wrap="wrap">
              <div style={{ flex: '1 1 14rem' }}>
                <ContactPicker
                  groupId={groupId}
                  label={t('Link a contact')}
                  value={form.values.contact_id}
                  exclude={linked}
                  onChange={(id) => form.setFieldValue('contact_id', id)}
                  error={typeof form.errors.contact_id === 'string' ? form.errors.contact_id : null}
                />
              </div>
              <Select
                label={t('Part')}
                data={options(PART_LABELS)}
                allowDeselect={false}
                {...form.getInputProps('part')}
                w={140}
              />
            </Group>
            <Button type="submit" variant="light" loading={link.isPending} style={{ alignSelf: 'flex-start' }}>
              {t('Link contact')}
            </Button>
          </Stack>
        </form>
      )}
    </section>
  );
}
