import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { findDuplicates, type DuplicateMatch } from '../api/contacts';
import { duplicateReason } from './duplicates';
import { useWorkplaceNames } from './workplaceLookups';

export interface PersonBeingAdded {
  full_name: string;
  workplace_id: string;
  phone: string;
  email?: string;
}

function lookup(person: PersonBeingAdded) {
  const query: { full_name?: string; workplace_id?: string; phone?: string; email?: string } = {};
  if (person.full_name.trim().length >= 3) query.full_name = person.full_name.trim();
  if (person.workplace_id !== '') query.workplace_id = person.workplace_id;
  if (person.phone.replace(/\D/g, '').length >= 5) query.phone = person.phone.trim();
  if (person.email !== undefined && person.email.includes('@')) query.email = person.email.trim();
  return query;
}

/**
 * Before someone is added: the people already known who may be them (the same
 * email or phone, the same name at the workplace, a similar name), most likely
 * first, with "This is them" as the easiest choice.
 */
export function LikelyMatches({
  groupId,
  person,
  onUse,
}: {
  groupId: string;
  person: PersonBeingAdded;
  onUse: (match: DuplicateMatch) => void;
}) {
  const { t } = useTranslation();
  const workplaces = useWorkplaceNames(groupId);
  const [query] = useDebouncedValue(lookup(person), 300);
  const enabled = query.full_name !== undefined || query.phone !== undefined || query.email !== undefined;
  const matches = useQuery({
    queryKey: ['groups', groupId, 'contacts', 'duplicates', query],
    queryFn: ({ signal }) => findDuplicates(groupId, query, signal),
    enabled,
    retry: false,
  });
  const found = enabled ? (matches.data ?? []) : [];
  if (found.length === 0) return null;
  return (
    <Alert color="orange" variant="light" role="region" aria-label={t('Already on the map?')}>
      <Stack gap="sm">
        <Text fw={700}>{t('Already on the map?')}</Text>
        {found.slice(0, 5).map((match) => (
          <Group key={match.id} justify="space-between" gap="xs" wrap="wrap" data-testid="likely-match">
            <div style={{ minWidth: 0, flex: '1 1 12rem' }}>
              <Text size="sm" fw={600} className="break-anywhere">
                {match.full_name}
              </Text>
              <Text size="xs" c="dimmed" className="break-anywhere">
                {[
                  match.workplace_id ? workplaces.get(match.workplace_id) : null,
                  match.phone,
                  duplicateReason(match.reason, { beforeSaving: true }),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
            </div>
            <Button size="sm" onClick={() => onUse(match)} aria-label={t('This is them: {name}', { name: match.full_name })}>
              {t('This is them')}
            </Button>
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}
