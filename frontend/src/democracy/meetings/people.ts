import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { memberDirectoryQuery } from '../../api/memberDirectory';

/** Members' names by user id, for proposers, seconders and attendance. */
export function useMemberNames(groupId: string): {
  nameOf: (userId: string | null | undefined) => string;
  members: { value: string; label: string }[];
} {
  const { t } = useTranslation();
  const directory = useQuery(memberDirectoryQuery(groupId));
  const names = new Map((directory.data ?? []).map((member) => [member.user_id, member.display_name]));
  return {
    nameOf: (userId) => (userId ? (names.get(userId) ?? t('A former member')) : t('Nobody yet')),
    members: (directory.data ?? []).map((member) => ({ value: member.user_id, label: member.display_name })),
  };
}
