import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { voteKeys } from '../../api/democracy';
import { officeKeys, standDown, type Term } from '../../api/offices';
import { FormAlert } from '../../app/FormAlert';
import { notify } from '../../app/notify';
import { today } from '../../lib/days';
import { DayInput } from '../../shared/DayInput';
import { useApiForm } from '../../shared/useApiForm';

interface StandDownValues {
  ended_on: string;
  end_note: string;
}

/**
 * Ends a term running now, behind a dialog that names the holder and the office: the holder
 * stands down, or an organiser records that they did. Shown to those two only.
 */
export function StandDownButton({ groupId, officeName, term, mine }: { groupId: string; officeName: string; term: Term; mine: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [opened, dialog] = useDisclosure(false);
  const { form, formError, setFormError, onSubmit, showError } = useApiForm<StandDownValues>({
    initialValues: { ended_on: '', end_note: '' },
  });
  const end = useMutation({
    mutationFn: () =>
      standDown(groupId, term.id, {
        ended_on: form.values.ended_on || null,
        end_note: form.values.end_note || null,
        version: term.version,
      }),
    onSuccess: () => {
      dialog.close();
      form.reset();
      void queryClient.invalidateQueries({ queryKey: officeKeys.all(groupId) });
      // A recall vote on the term is closed with it.
      void queryClient.invalidateQueries({ queryKey: voteKeys.all(groupId) });
      notify({
        message: t('{name}’s term as {office} has ended. The seat is vacant.', { name: term.holder_name, office: officeName }),
      });
    },
    onError: showError,
  });
  const close = () => {
    setFormError(null);
    form.clearErrors();
    dialog.close();
  };
  return (
    <>
      <Button variant="light" color="red.9" onClick={dialog.open}>
        {mine ? t('Stand down') : t('End this term')}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={t('End {name}’s term as {office}?', { name: term.holder_name, office: officeName })}
        closeButtonProps={{ 'aria-label': t('Close') }}
      >
        <form onSubmit={onSubmit(() => end.mutate())}>
          <Stack gap="sm">
            <Text size="sm">
              {t(
                'The seat becomes vacant, to be filled by an election. The history keeps the term as stood down. A recall petition against it lapses, and an open recall vote is closed and counted.',
              )}
            </Text>
            <FormAlert message={formError} />
            <DayInput
              label={t('Last day of the term')}
              description={t('Today unless you choose an earlier day.')}
              minDate={term.starts_on}
              maxDate={today()}
              {...form.getInputProps('ended_on')}
            />
            <TextInput label={t('Note for the history (optional)')} maxLength={500} {...form.getInputProps('end_note')} />
            <Group justify="flex-end">
              <Button variant="subtle" onClick={close}>
                {t('Cancel')}
              </Button>
              <Button type="submit" color="red.9" loading={end.isPending}>
                {mine ? t('Stand down') : t('End the term')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
