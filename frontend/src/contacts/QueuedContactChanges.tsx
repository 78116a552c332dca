import { Alert, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../app/links';
import type { ContactEditEntry } from '../shared/outbox/outbox';
import { useOutbox } from '../shared/outbox/useOutbox';
import { formatDateTime } from '../lib/format';
import { useFieldSpecs } from './contactFieldSpecs';
import { CONTACT_FIELDS } from './contactFields';

/**
 * On a contact's page: changes to them made on this device that the server
 * does not have yet, field by field, so what the page shows (the server's
 * version, or the device's copy of it) is never mistaken for the whole story.
 */
export function QueuedContactChanges({ groupId, contactId }: { groupId: string; contactId: string }) {
  const { t } = useTranslation();
  const entries = useOutbox(groupId).filter(
    (entry): entry is ContactEditEntry => entry.kind === 'contact-edit' && entry.contactId === contactId,
  );
  const latest = entries.at(-1);
  const specs = useFieldSpecs(groupId, [
    typeof latest?.changes.workplace_id === 'string' ? latest.changes.workplace_id : null,
    typeof latest?.base.workplace_id === 'string' ? latest.base.workplace_id : null,
  ]);
  if (latest === undefined) return null;
  const conflict = latest.current !== undefined;
  const changed = CONTACT_FIELDS.filter((field) => field in latest.changes);
  return (
    <Alert
      color={conflict ? 'orange' : 'yellow'}
      variant="light"
      data-testid="queued-contact-changes"
      title={conflict ? t('Someone else changed {name} meanwhile', { name: latest.name }) : t('Changes waiting to send')}
    >
      <Text size="sm">
        {conflict
          ? t('Your changes from {when} were not sent. Choose what to keep: nothing you wrote is lost.', {
              when: formatDateTime(latest.queuedAt),
            })
          : t('Saved on this device {when}, sent when the connection is back:', { when: formatDateTime(latest.queuedAt) })}
      </Text>
      <List size="sm" mt={4}>
        {changed.map((field) => {
          const spec = specs.find((item) => item.name === field);
          const value: unknown = latest.changes[field];
          const shown = spec?.format ? spec.format(value) : Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : '';
          return (
            <List.Item key={field} className="break-anywhere">
              {t('{field}: {value}', { field: spec?.label ?? field, value: shown === '' ? t('(empty)') : shown })}
            </List.Item>
          );
        })}
      </List>
      <AnchorLink
        size="sm"
        to="/groups/$groupId/contacts/$contactId/edit"
        params={{ groupId, contactId }}
        search={conflict ? { queued: latest.id } : {}}
      >
        {conflict ? t('Choose what to keep') : t('Open the changes')}
      </AnchorLink>
    </Alert>
  );
}
