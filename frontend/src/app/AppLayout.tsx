import { useEffect } from 'react';
import {
  AppShell,
  Box,
  Burger,
  Divider,
  Group,
  Menu,
  Stack,
  Text,
  UnstyledButton,
  Avatar,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { notify } from './notify';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useParams, useRouter } from '@tanstack/react-router';
import { logout } from '../api/auth';
import { useAuth } from '../shared/session';
import { groupQuery } from '../api/groups';
import type { GroupDetail } from '../api/types';
import { GroupSwitcher } from '../groups/GroupSwitcher';
import { can } from '../shared/permissions';
import { Logo } from './Logo';
import { ButtonLink, RouterNavLink } from './links';
import { OutboxBadge } from '../shared/outbox/OutboxBadge';
import { clearAllDrafts } from '../quicklog/draft';
import { useOutboxSync } from '../shared/outbox/useOutbox';
import { OfflineNotice } from '../shared/offline/OfflineNotice';
import { useAccountLanguage } from './useAccountLanguage';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts.slice(0, 1);
  return letters.map((part) => (part ?? '').charAt(0).toUpperCase()).join('') || '?';
}

/** The group's export and integration pages, for the roles that may use each. */
function GroupToolLinks({ group, onNavigate }: { group: GroupDetail; onNavigate: () => void }) {
  const { t } = useTranslation();
  const groupId = group.id;
  return (
    <>
      {can(group, 'records:export') && (
        <RouterNavLink to="/groups/$groupId/export" params={{ groupId }} label={t('Export')} onClick={onNavigate} />
      )}
      {can(group, 'tokens:manage') && (
        <RouterNavLink to="/groups/$groupId/tokens" params={{ groupId }} label={t('API tokens')} onClick={onNavigate} />
      )}
      {can(group, 'webhooks:manage') && (
        <RouterNavLink to="/groups/$groupId/webhooks" params={{ groupId }} label={t('Webhooks')} onClick={onNavigate} />
      )}
      {/* Everyone sees the notices about votes there; organisers see the server's other notices too. */}
      <RouterNavLink
        to="/groups/$groupId/notifications"
        params={{ groupId }}
        label={t('Notifications')}
        onClick={onNavigate}
      />
    </>
  );
}

/** Header, group switcher and navigation around every logged-in page. */
export function AppLayout() {
  const { t } = useTranslation();
  const [navOpen, nav] = useDisclosure(false);
  const auth = useAuth();
  const router = useRouter();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const params = useParams({ strict: false });
  const groupId = params.groupId;
  const group = useQuery({ ...groupQuery(groupId ?? ''), enabled: groupId !== undefined });
  useAccountLanguage();
  // Sends conversations logged while the network was down.
  useOutboxSync();
  // Observers read but do not log; until the group has loaded, offer it.
  const canLog = group.data === undefined || can(group.data, 'conversations:write');

  // When the session ends (the refresh cookie expired or was revoked), go to
  // the login page and come back here afterwards.
  useEffect(() => {
    if (auth.status === 'anonymous' && auth.ended === 'expired') {
      queryClient.clear();
      notify({ color: 'orange', message: t('Your session has ended. Please log in again.') });
      void navigate({ to: '/login', search: { redirect: router.state.location.href } });
    }
  }, [auth, navigate, queryClient, router, t]);

  const onLogout = async () => {
    await logout().catch(() => undefined);
    queryClient.clear();
    // Unfinished quick-log drafts are not left on a shared device. Queued
    // conversations stay, and are sent the next time this person logs in.
    clearAllDrafts();
    await navigate({ to: '/login' });
  };

  const displayName = auth.user?.display_name ?? '';

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !navOpen } }}
      padding={{ base: 'md', sm: 'lg' }}
    >
      <a href="#main" className="skip-link">
        {t('Skip to content')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="xs" wrap="nowrap">
            <Burger
              opened={navOpen}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={navOpen ? t('Close navigation') : t('Open navigation')}
              aria-expanded={navOpen}
              aria-controls="app-navigation"
            />
            <UnstyledButton
              component={Link}
              to="/groups"
              aria-label={t('Shopfloor: your groups')}
              style={{ display: 'flex', alignItems: 'center', gap: 8 }}
            >
              <Logo />
              <Text fw={700} size="lg" aria-hidden="true" visibleFrom="xs">
                Shopfloor
              </Text>
            </UnstyledButton>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {groupId !== undefined && (
              <>
                <OutboxBadge groupId={groupId} />
                {canLog && (
                  <ButtonLink
                    to="/groups/$groupId/log"
                    params={{ groupId }}
                    search={{}}
                    size="sm"
                    px="sm"
                    aria-label={t('Log a conversation')}
                  >
                    <Text span hiddenFrom="sm" inherit aria-hidden="true">
                      {t('+ Log')}
                    </Text>
                    <Text span visibleFrom="sm" inherit aria-hidden="true">
                      {t('+ Log a conversation')}
                    </Text>
                  </ButtonLink>
                )}
              </>
            )}
            <Menu position="bottom-end" width={240} withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label={t('Account: {name}', { name: displayName })} style={{ borderRadius: '50%' }}>
                  <Avatar color="indigo" variant="filled" radius="xl" size={36}>
                    {initials(displayName)}
                  </Avatar>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{t('Signed in as')}</Menu.Label>
                <Box px="sm" pb="xs">
                  <Text size="sm" fw={600} className="break-anywhere">
                    {displayName}
                  </Text>
                  <Text size="xs" c="dimmed" className="break-anywhere">
                    {auth.user?.email}
                  </Text>
                </Box>
                <Menu.Divider />
                <Menu.Item component={Link} to="/account">
                  {t('Account and security')}
                </Menu.Item>
                {auth.user?.is_admin === true && (
                  <Menu.Item component={Link} to="/admin">
                    {t('Server administration')}
                  </Menu.Item>
                )}
                <Menu.Item onClick={() => void onLogout()}>{t('Log out')}</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>

      {/* The list of pages outgrows a short screen: the navigation scrolls on its own. */}
      <AppShell.Navbar p="md" id="app-navigation" aria-label={t('Main navigation')} style={{ overflowY: 'auto' }}>
        <Stack gap="md">
          <GroupSwitcher onSwitched={nav.close} />
          <Divider />
          <Box component="nav" aria-label={t('Pages')}>
            <RouterNavLink
              to="/groups"
              label={t('All groups')}
              activeOptions={{ exact: true }}
              onClick={nav.close}
            />
            {groupId !== undefined && (
              <>
                <Text size="xs" fw={700} tt="uppercase" c="dimmed" mt="md" mb={4} px="sm" className="break-anywhere">
                  {group.data?.name ?? t('This group')}
                </Text>
                <RouterNavLink
                  to="/groups/$groupId"
                  params={{ groupId }}
                  label={t('Home')}
                  activeOptions={{ exact: true }}
                  onClick={nav.close}
                />
                <RouterNavLink
                  to="/groups/$groupId/workplaces"
                  params={{ groupId }}
                  label={t('Workplaces')}
                  onClick={nav.close}
                />
                <RouterNavLink
                  to="/groups/$groupId/contacts"
                  params={{ groupId }}
                  label={t('Contacts')}
                  onClick={nav.close}
                />
                <RouterNavLink
                  to="/groups/$groupId/call-lists"
                  params={{ groupId }}
                  label={t('Call lists')}
                  onClick={nav.close}
                />
                <RouterNavLink
                  to="/groups/$groupId/follow-ups"
                  params={{ groupId }}
                  label={t('Follow-ups')}
                  onClick={nav.close}
                />
                <RouterNavLink
                  to="/groups/$groupId/disputes"
                  params={{ groupId }}
                  label={t('Disputes')}
                  onClick={nav.close}
                />
                <RouterNavLink
                  to="/groups/$groupId/campaigns"
                  params={{ groupId }}
                  label={t('Campaigns')}
                  onClick={nav.close}
                />
                <RouterNavLink
                  to="/groups/$groupId/actions"
                  params={{ groupId }}
                  label={t('Actions')}
                  onClick={nav.close}
                />
                <RouterNavLink
                  to="/groups/$groupId/stories"
                  params={{ groupId }}
                  label={t('Stories')}
                  onClick={nav.close}
                />
                <RouterNavLink
                  to="/groups/$groupId/bulletins"
                  params={{ groupId }}
                  label={t('Bulletins')}
                  onClick={nav.close}
                />
                <RouterNavLink
                  to="/groups/$groupId/votes"
                  params={{ groupId }}
                  label={t('Votes')}
                  onClick={nav.close}
                />
                <RouterNavLink
                  to="/groups/$groupId/meetings"
                  params={{ groupId }}
                  label={t('Meetings')}
                  onClick={nav.close}
                />
                <RouterNavLink
                  to="/groups/$groupId/offices"
                  params={{ groupId }}
                  label={t('Offices')}
                  onClick={nav.close}
                />
                <RouterNavLink
                  to="/groups/$groupId/members"
                  params={{ groupId }}
                  label={t('Members')}
                  onClick={nav.close}
                />
                <RouterNavLink
                  to="/groups/$groupId/settings"
                  params={{ groupId }}
                  label={t('Settings')}
                  onClick={nav.close}
                />
                {group.data !== undefined && can(group.data, 'records:bulk') && (
                  <RouterNavLink
                    to="/groups/$groupId/import"
                    params={{ groupId }}
                    label={t('Import')}
                    onClick={nav.close}
                  />
                )}
                {group.data !== undefined && <GroupToolLinks group={group.data} onNavigate={nav.close} />}
                {group.data !== undefined && can(group.data, 'reads:audit') && (
                  <RouterNavLink
                    to="/groups/$groupId/read-audit"
                    params={{ groupId }}
                    label={t('Read audit')}
                    onClick={nav.close}
                  />
                )}
              </>
            )}
          </Box>
        </Stack>
      </AppShell.Navbar>

      <AppShell.Main id="main" tabIndex={-1} style={{ outline: 'none' }}>
        <Box maw={960} mx="auto">
          <OfflineNotice />
          <Outlet />
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
