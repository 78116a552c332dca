import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { memberDirectoryQuery } from '../api/memberDirectory';

/** Member names by user id, and options for pickers. */
export function useMembers(groupId: string) {
  const members = useQuery(memberDirectoryQuery(groupId));
  return useMemo(() => {
    const items = members.data ?? [];
    return {
      names: new Map(items.map((m) => [m.user_id, m.display_name])),
      options: items.map((m) => ({ value: m.user_id, label: m.display_name })),
      isPending: members.isPending,
    };
  }, [members.data, members.isPending]);
}
