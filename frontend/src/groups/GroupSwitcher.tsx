import { Select } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { myGroupsQuery } from '../api/groups';

/** Picks the group on screen; lists the groups the visitor belongs to. */
export function GroupSwitcher({ onSwitched }: { onSwitched?: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const params = useParams({ strict: false });
  const groups = useInfiniteQuery(myGroupsQuery);
  const items = groups.data?.pages.flatMap((page) => page.items) ?? [];
  const current = params.groupId ?? null;

  return (
    <Select
      label={t('Group')}
      placeholder={groups.isPending ? t('Loading…') : t('Choose a group')}
      data={items.map((group) => ({ value: group.id, label: group.name }))}
      value={current !== null && items.some((g) => g.id === current) ? current : null}
      onChange={(groupId) => {
        if (groupId === null) return;
        onSwitched?.();
        void navigate({ to: '/groups/$groupId', params: { groupId } });
      }}
      allowDeselect={false}
      searchable={items.length > 7}
      nothingFoundMessage={t('No group by that name')}
      disabled={groups.isPending || items.length === 0}
      comboboxProps={{ withinPortal: true }}
      w="100%"
    />
  );
}
