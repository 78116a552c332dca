import { Card, Group, Stack, Text } from '@mantine/core';
import type { Contact } from '../api/contacts';
import { AnchorLink } from '../app/links';
import { LevelBadge } from './LevelBadge';
import { LanguageBadge } from './LanguageBadge';
import { relativeTime } from '../lib/format';
import { useTranslation } from 'react-i18next';

/** One contact in a list: name, level, where they work, when last talked to. */
export function ContactRow({
  groupId,
  contact,
  workplaceName,
  scale,
  showWorkplace = true,
}: {
  groupId: string;
  contact: Contact;
  workplaceName: string | undefined;
  /** False where the list is of one workplace's contacts. */
  showWorkplace?: boolean;
  scale: Parameters<typeof LevelBadge>[0]['scale'];
}) {
  const { t } = useTranslation();
  return (
    <Card component="li" withBorder padding="sm" data-testid="contact-row">
      <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <AnchorLink
            to="/groups/$groupId/contacts/$contactId"
            params={{ groupId, contactId: contact.id }}
            fw={600}
            className="break-anywhere"
          >
            {contact.full_name}
          </AnchorLink>
          {showWorkplace ? (
            <Text size="sm" c="dimmed" className="break-anywhere">
              {[workplaceName, contact.job_title].filter(Boolean).join(' · ') || t('No workplace recorded')}
            </Text>
          ) : (
            contact.job_title && (
              <Text size="sm" c="dimmed" className="break-anywhere">
                {contact.job_title}
              </Text>
            )
          )}
          <Text size="xs" c="dimmed">
            {contact.last_conversation_at
              ? t('Talked to {when}', { when: relativeTime(contact.last_conversation_at) })
              : t('Never talked to')}
            {contact.membership_status === 'member' && ` · ${t('union member')}`}
          </Text>
        </Stack>
        <Group gap={4} wrap="nowrap">
          {contact.preferred_language && <LanguageBadge code={contact.preferred_language} />}
          <LevelBadge level={contact.assessment_level} scale={scale} />
        </Group>
      </Group>
    </Card>
  );
}
