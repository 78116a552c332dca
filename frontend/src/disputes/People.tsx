import { useState } from 'react';
import { Badge, Button, Group, Paper, Select, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { VersionConflict } from '../api/conflict';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { notify } from '../app/notify';
import { splitFieldErrors } from '../lib/form-errors';
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
  const queryClient = useQueryClient();
  const people = useInfiniteQuery(peopleQuery(groupId, dispute.id));
  const [contactId, setContactId] = useState<string | null>(null);
  const [part, setPart] = useState<DisputePart>('supporter');
  const [errors, setErrors] = useState<{ contact?: string; form?: string | null }>({});
  const idempotency = useIdempotencyKey();
  const refresh = () => queryClient.invalidateQueries({ queryKey: disputeKeys.detail(groupId, dispute.id) });

  const link = useMutation({
    mutationFn: (body: { contact_id: string; part: DisputePart }) =>
      linkPerson(groupId, dispute.id, body, idempotency.keyFor(body)),
    onSuccess: async (linked) => {
      idempotency.reset();
      setContactId(null);
      notify({ message: `${linked.contact_name} linked as ${PART_LABELS[linked.part].toLowerCase()}.` });
      await refresh();
    },
    onError: (error) => {
      const { fieldErrors, formError } = splitFieldErrors(error, ['contact_id', 'part']);
      setErrors({ contact: fieldErrors.contact_id, form: formError });
    },
  });

  const setPartOf = useMutation({
    mutationFn: ({ person, next }: { person: DisputePerson; next: DisputePart }) =>
      changePart(groupId, dispute.id, person.contact_id, { part: next, version: person.version }),
    onError: (error) => {
      const current = error instanceof VersionConflict ? (error.current as DisputePerson) : null;
      notify({
        color: current ? 'orange' : 'red',
        title: 'Part not changed',
        message: current
          ? `Someone else changed this: ${current.contact_name} is now ${PART_LABELS[current.part].toLowerCase()}. Change it again if you still want to.`
          : errorMessage(error),
      });
    },
    onSettled: refresh,
  });

  const unlink = useMutation({
    mutationFn: (person: DisputePerson) => unlinkPerson(groupId, dispute.id, person.contact_id, person.version),
    onSuccess: (_data, person) => notify({ message: `${person.contact_name} is no longer linked to this dispute.` }),
    onError: (error) => notify({ color: 'red', title: 'Not removed', message: errorMessage(error) }),
    onSettled: refresh,
  });

  const items = people.data?.pages.flatMap((page) => page.items) ?? [];
  const linked = new Set(items.map((person) => person.contact_id));
  const counts = dispute.people;

  return (
    <section aria-labelledby="people-heading">
      <Title order={2} size="h3" id="people-heading" mb={4}>
        People involved
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {counts.total === 0
          ? 'Nobody linked yet.'
          : `${counts.total} linked: ${counts.rep} ${counts.rep === 1 ? 'rep' : 'reps'}, ${counts.striker} ${counts.striker === 1 ? 'striker' : 'strikers'}, ${counts.supporter} ${counts.supporter === 1 ? 'supporter' : 'supporters'}.`}
      </Text>
      {people.isPending ? (
        <Skeleton height={80} />
      ) : people.isError ? (
        <FormAlert message={errorMessage(people.error)} />
      ) : (
        items.length > 0 && (
          <Stack component="ul" gap={6} p={0} m={0} mb="sm" style={{ listStyle: 'none' }} aria-label="People involved">
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
                        aria-label={`Part of ${person.contact_name}`}
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
                        aria-label={`Remove ${person.contact_name} from this dispute`}
                        loading={unlink.isPending && unlink.variables.id === person.id}
                        onClick={() => unlink.mutate(person)}
                      >
                        Remove
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
          Show more people
        </Button>
      )}
      {canEdit && (
        <form
          noValidate
          aria-label="Link a contact to this dispute"
          onSubmit={(event) => {
            event.preventDefault();
            if (contactId === null) {
              setErrors({ contact: 'Choose a contact' });
              return;
            }
            setErrors({});
            link.mutate({ contact_id: contactId, part });
          }}
        >
          <Stack gap="xs">
            <FormAlert message={errors.form ?? null} />
            <Group align="flex-start" gap="xs" wrap="wrap">
              <div style={{ flex: '1 1 14rem' }}>
                <ContactPicker
                  groupId={groupId}
                  label="Link a contact"
                  value={contactId}
                  exclude={linked}
                  onChange={(id) => setContactId(id)}
                  error={errors.contact ?? null}
                />
              </div>
              <Select
                label="Part"
                data={options(PART_LABELS)}
                value={part}
                allowDeselect={false}
                onChange={(value) => value !== null && setPart(value as DisputePart)}
                w={140}
              />
            </Group>
            <Button type="submit" variant="light" loading={link.isPending} style={{ alignSelf: 'flex-start' }}>
              Link contact
            </Button>
          </Stack>
        </form>
      )}
    </section>
  );
}
