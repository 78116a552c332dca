import { Button, Card, CopyButton, Group, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { closeTipLink, openTipLink, rotateTipLink, storyKeys, tipLinkQuery, tipPageUrl, type TipLink } from '../api/stories';
import { FormAlert } from '../app/FormAlert';
import { notify } from '../app/notify';

/** Organisers switch the anonymous "got a story?" page on, show its link, rotate it or switch it off. */
export function TipPageSettings({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const link = useQuery(tipLinkQuery(groupId));
  const saved = (message: string) => (next: TipLink | undefined) => {
    queryClient.setQueryData(storyKeys.tipLink(groupId), next ?? { enabled: false, token: null });
    notify({ message });
  };
  const open = useMutation({ mutationFn: () => openTipLink(groupId), onSuccess: saved(t('The tip page is on.')) });
  const rotate = useMutation({
    mutationFn: () => rotateTipLink(groupId),
    onSuccess: saved(t('The tip page has a new link. The old one no longer works.')),
  });
  const close = useMutation({
    mutationFn: async () => {
      await closeTipLink(groupId);
      return undefined;
    },
    onSuccess: saved(t('The tip page is off.')),
  });
  const failure = open.error ?? rotate.error ?? close.error;

  return (
    <Card withBorder component="section" aria-labelledby="tip-page-title">
      <Stack gap="sm">
        <Title order={2} size="h3" id="tip-page-title">
          {t('Anonymous tip page')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('A public “got a story?” page for the bulletin. Anyone with the link can send a story without logging in; nothing about the sender is kept, and tips arrive on the story board marked as tips.')}
        </Text>
        {link.isPending && <Skeleton height={36} />}
        {link.isError && <FormAlert message={errorMessage(link.error)} />}
        {link.data?.enabled && link.data.token !== null ? (
          <>
            <Group gap="xs" align="flex-end" wrap="wrap">
              <TextInput
                label={t('Link to the tip page')}
                value={tipPageUrl(link.data.token)}
                readOnly
                style={{ flex: '1 1 16rem' }}
                onFocus={(event) => event.currentTarget.select()}
              />
              <CopyButton value={tipPageUrl(link.data.token)}>
                {({ copied, copy }) => (
                  <Button variant="default" onClick={copy}>
                    {copied ? t('Copied') : t('Copy link')}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Group gap="xs" wrap="wrap">
              <Button variant="default" loading={rotate.isPending} onClick={() => rotate.mutate()}>
                {t('Give it a new link')}
              </Button>
              <Button color="red" variant="light" loading={close.isPending} onClick={() => close.mutate()}>
                {t('Switch the tip page off')}
              </Button>
            </Group>
          </>
        ) : (
          link.isSuccess && (
            <Group>
              <Button loading={open.isPending} onClick={() => open.mutate()}>
                {t('Switch the tip page on')}
              </Button>
            </Group>
          )
        )}
        {failure && <FormAlert message={errorMessage(failure)} />}
      </Stack>
    </Card>
  );
}
