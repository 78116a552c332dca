import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  redirect,
} from '@tanstack/react-router';
import { initSession, isAuthenticated, safeRedirect } from '../shared/session';
import { groupQuery } from '../api/groups';
import { actionQuery } from '../api/solidarity';
import { storyQuery } from '../api/stories';
import { editionQuery } from '../bulletins/editions/api';
import { validateActionSearch, validateNewActionSearch } from '../solidarity/search';
import { ballotQuery, disputeQuery } from '../api/disputes';
import { campaignQuery, structureTestQuery } from '../api/campaigns';
import { callListQuery } from '../api/callLists';
import { validateDisputeSearch } from '../disputes/search';
import { validateDecisionSearch } from '../democracy/meetings/search';
import { readFragmentParam, fragmentFor } from '../lib/fragment';
import {
  validateContactSearch,
  validateMergeSearch,
  validateEditContactSearch,
  validateFollowUpsSearch,
  validateQuickLogSearch,
  validateWorkplaceSearch,
  validateWorkplacesSearch,
} from '../contacts/search';
import { RouteError } from './RouteError';
import { NotFound } from './NotFound';
import { PageLoader } from './PageLoader';

export interface RouterContext {
  queryClient: QueryClient;
}

interface LoginSearch {
  redirect?: string;
}

/** Where to go once logged in: the page asked for, the invite, or the groups. */
function afterLogin(search: LoginSearch, hash: string): string {
  const invite = readFragmentParam(hash, 'invite');
  if (invite !== null) return `/join#${fragmentFor('token', invite)}`;
  return safeRedirect(search.redirect) ?? '/groups';
}

// The public tip page starts no session: a tip must not travel beside a login.
const TIP_PAGE = '/tip';

const rootRoute = createRootRouteWithContext<RouterContext>()({
  beforeLoad: ({ location }) => (location.pathname === TIP_PAGE ? undefined : initSession()),
  notFoundComponent: NotFound,
  errorComponent: RouteError,
});

const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: isAuthenticated() ? '/groups' : '/login' });
  },
});

const validateLoginSearch = (search: Record<string, unknown>): LoginSearch => {
  const target = safeRedirect(search.redirect);
  return target === null ? {} : { redirect: target };
};

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'login',
  validateSearch: validateLoginSearch,
  beforeLoad: ({ search, location }) => {
    if (isAuthenticated()) throw redirect({ href: afterLogin(search, location.hash) });
  },
  component: lazyRouteComponent(() => import('../auth/LoginPage'), 'LoginPage'),
});

const signupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'signup',
  beforeLoad: ({ location }) => {
    if (isAuthenticated()) throw redirect({ href: afterLogin({}, location.hash) });
  },
  component: lazyRouteComponent(() => import('../auth/SignupPage'), 'SignupPage'),
});

const confirmSignupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'signup/confirm',
  component: lazyRouteComponent(() => import('../auth/ConfirmSignupPage'), 'ConfirmSignupPage'),
});

const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'reset-password',
  component: lazyRouteComponent(() => import('../auth/ResetPasswordPage'), 'ResetPasswordPage'),
});

const tipRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'tip',
  component: lazyRouteComponent(() => import('../bulletins/stories/TipPage'), 'TipPage'),
});

const joinRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'join',
  component: lazyRouteComponent(() => import('../invites/JoinPage'), 'JoinPage'),
});

/** Every page below needs a logged-in visitor and shows the app shell. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: '_app',
  beforeLoad: ({ location }) => {
    if (!isAuthenticated()) {
      throw redirect({ to: '/login', search: { redirect: location.href } });
    }
  },
  component: lazyRouteComponent(() => import('./AppLayout'), 'AppLayout'),
});

const groupsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'groups',
  component: lazyRouteComponent(() => import('../groups/GroupsPage'), 'GroupsPage'),
});

const accountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'account',
  component: lazyRouteComponent(() => import('../account/AccountPage'), 'AccountPage'),
});

const confirmEmailChangeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'account/email/confirm',
  component: lazyRouteComponent(() => import('../account/ConfirmEmailChangePage'), 'ConfirmEmailChangePage'),
});

const adminRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin',
  component: lazyRouteComponent(() => import('../admin/AdminPage'), 'AdminPage'),
});

const groupRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'groups/$groupId',
  loader: ({ context, params }) =>
    context.queryClient.query({ ...groupQuery(params.groupId), staleTime: 'static' }),
});

const groupIndexRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: '/',
  component: lazyRouteComponent(() => import('../home/HomePage'), 'HomePage'),
});

const quickLogRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'log',
  validateSearch: validateQuickLogSearch,
  component: lazyRouteComponent(() => import('../quicklog/QuickLogPage'), 'QuickLogPage'),
});

const workplacesRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'workplaces',
  validateSearch: validateWorkplacesSearch,
  component: lazyRouteComponent(() => import('../workplaces/WorkplacesPage'), 'WorkplacesPage'),
});

const workplaceRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'workplaces/$workplaceId',
  validateSearch: validateWorkplaceSearch,
  component: lazyRouteComponent(() => import('../workplaces/WorkplacePage'), 'WorkplacePage'),
});

const contactsRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'contacts',
  validateSearch: validateContactSearch,
  component: lazyRouteComponent(() => import('../contacts/ContactsPage'), 'ContactsPage'),
});

const newContactRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'contacts/new',
  component: lazyRouteComponent(() => import('../contacts/NewContactPage'), 'NewContactPage'),
});

const contactRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'contacts/$contactId',
  component: lazyRouteComponent(() => import('../contacts/ContactPage'), 'ContactPage'),
});

const editContactRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'contacts/$contactId/edit',
  validateSearch: validateEditContactSearch,
  component: lazyRouteComponent(() => import('../contacts/EditContactPage'), 'EditContactPage'),
});

const mergeContactRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'contacts/$contactId/merge',
  validateSearch: validateMergeSearch,
  component: lazyRouteComponent(() => import('../contacts/MergeContactsPage'), 'MergeContactsPage'),
});

const followUpsRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'follow-ups',
  validateSearch: validateFollowUpsSearch,
  component: lazyRouteComponent(() => import('../followups/FollowUpsPage'), 'FollowUpsPage'),
});

const membersRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'members',
  component: lazyRouteComponent(() => import('../members/MembersPage'), 'MembersPage'),
});

// Disputes, ballots, solidarity actions and settings.
const disputesRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'disputes',
  validateSearch: validateDisputeSearch,
  component: lazyRouteComponent(() => import('../disputes/DisputesPage'), 'DisputesPage'),
});

const newDisputeRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'disputes/new',
  component: lazyRouteComponent(() => import('../disputes/DisputeFormPage'), 'NewDisputePage'),
});

const disputeRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'disputes/$disputeId',
  loader: ({ context, params }) =>
    context.queryClient.query({ ...disputeQuery(params.groupId, params.disputeId), staleTime: 'static' }),
  component: lazyRouteComponent(() => import('../disputes/DisputePage'), 'DisputePage'),
});

const editDisputeRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'disputes/$disputeId/edit',
  loader: ({ context, params }) =>
    context.queryClient.query(disputeQuery(params.groupId, params.disputeId)),
  component: lazyRouteComponent(() => import('../disputes/DisputeFormPage'), 'EditDisputePage'),
});

const newBallotRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'disputes/$disputeId/ballots/new',
  loader: ({ context, params }) =>
    context.queryClient.query({ ...disputeQuery(params.groupId, params.disputeId), staleTime: 'static' }),
  component: lazyRouteComponent(() => import('../disputes/BallotFormPage'), 'NewBallotPage'),
});

const editBallotRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'disputes/$disputeId/ballots/$ballotId/edit',
  loader: ({ context, params }) =>
    Promise.all([
      context.queryClient.query(disputeQuery(params.groupId, params.disputeId)),
      context.queryClient.query(ballotQuery(params.groupId, params.ballotId)),
    ]),
  component: lazyRouteComponent(() => import('../disputes/BallotFormPage'), 'EditBallotPage'),
});

const ballotChaseRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'disputes/$disputeId/ballots/$ballotId/chase',
  loader: ({ context, params }) => context.queryClient.query(ballotQuery(params.groupId, params.ballotId)),
  component: lazyRouteComponent(() => import('../campaigns/BallotChasePage'), 'BallotChasePage'),
});

const structureTestRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'structure-tests/$testId',
  loader: ({ context, params }) => context.queryClient.query(structureTestQuery(params.groupId, params.testId)),
  component: lazyRouteComponent(() => import('../campaigns/StructureTestPage'), 'StructureTestPage'),
});

const campaignsRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'campaigns',
  component: lazyRouteComponent(() => import('../campaigns/CampaignsPage'), 'CampaignsPage'),
});

const newCampaignRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'campaigns/new',
  component: lazyRouteComponent(() => import('../campaigns/CampaignFormPage'), 'NewCampaignPage'),
});

const campaignRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'campaigns/$campaignId',
  loader: ({ context, params }) => context.queryClient.query(campaignQuery(params.groupId, params.campaignId)),
  component: lazyRouteComponent(() => import('../campaigns/CampaignPage'), 'CampaignPage'),
});

const editCampaignRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'campaigns/$campaignId/edit',
  loader: ({ context, params }) => context.queryClient.query(campaignQuery(params.groupId, params.campaignId)),
  component: lazyRouteComponent(() => import('../campaigns/CampaignFormPage'), 'EditCampaignPage'),
});

const committeeRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'committee',
  component: lazyRouteComponent(() => import('../campaigns/CommitteePage'), 'CommitteePage'),
});

const callListsRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'call-lists',
  component: lazyRouteComponent(() => import('../calllists/CallListsPage'), 'CallListsPage'),
});

const callListRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'call-lists/$listId',
  loader: ({ context, params }) => context.queryClient.query(callListQuery(params.groupId, params.listId)),
  component: lazyRouteComponent(() => import('../calllists/CallListPage'), 'CallListPage'),
});

const editCallListRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'call-lists/$listId/edit',
  loader: ({ context, params }) => context.queryClient.query(callListQuery(params.groupId, params.listId)),
  component: lazyRouteComponent(() => import('../calllists/EditCallListPage'), 'EditCallListPage'),
});

const callSettingsRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'call-settings',
  component: lazyRouteComponent(() => import('../calllists/CallSettingsPage'), 'CallSettingsPage'),
});

const actionsRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'actions',
  validateSearch: validateActionSearch,
  component: lazyRouteComponent(() => import('../solidarity/ActionsPage'), 'ActionsPage'),
});

const newActionRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'actions/new',
  validateSearch: validateNewActionSearch,
  component: lazyRouteComponent(() => import('../solidarity/ActionFormPage'), 'NewActionPage'),
});

const actionRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'actions/$actionId',
  loader: ({ context, params }) =>
    context.queryClient.query({ ...actionQuery(params.groupId, params.actionId), staleTime: 'static' }),
  component: lazyRouteComponent(() => import('../solidarity/ActionPage'), 'ActionPage'),
});

const editActionRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'actions/$actionId/edit',
  loader: ({ context, params }) =>
    context.queryClient.query(actionQuery(params.groupId, params.actionId)),
  component: lazyRouteComponent(() => import('../solidarity/ActionFormPage'), 'EditActionPage'),
});

const storiesRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'stories',
  component: lazyRouteComponent(() => import('../bulletins/stories/StoryBoardPage'), 'StoryBoardPage'),
});

const newStoryRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'stories/new',
  component: lazyRouteComponent(() => import('../bulletins/stories/StoryFormPage'), 'NewStoryPage'),
});

const storyRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'stories/$storyId',
  loader: ({ context, params }) => context.queryClient.query(storyQuery(params.groupId, params.storyId)),
  component: lazyRouteComponent(() => import('../bulletins/stories/StoryFormPage'), 'StoryPage'),
});

const bulletinsRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'bulletins',
  component: lazyRouteComponent(() => import('../bulletins/editions/BulletinsPage'), 'BulletinsPage'),
});

const editionRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'bulletins/editions/$editionId',
  loader: ({ context, params }) =>
    context.queryClient.query(editionQuery(params.groupId, params.editionId)),
  component: lazyRouteComponent(() => import('../bulletins/editions/EditionPage'), 'EditionPage'),
});

const votesRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'votes',
  component: lazyRouteComponent(() => import('../democracy/VotesPage'), 'VotesPage'),
});

const voteRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'votes/$voteId',
  component: lazyRouteComponent(() => import('../democracy/VotePage'), 'VotePage'),
});

const meetingsRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'meetings',
  component: lazyRouteComponent(() => import('../democracy/meetings/MeetingsPage'), 'MeetingsPage'),
});

const meetingRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'meetings/$meetingId',
  component: lazyRouteComponent(() => import('../democracy/meetings/MeetingPage'), 'MeetingPage'),
});

const motionRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'motions/$motionId',
  component: lazyRouteComponent(() => import('../democracy/meetings/MotionPage'), 'MotionPage'),
});

const decisionsRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'decisions',
  validateSearch: validateDecisionSearch,
  component: lazyRouteComponent(() => import('../democracy/meetings/DecisionLogPage'), 'DecisionLogPage'),
});

const officesRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'offices',
  component: lazyRouteComponent(() => import('../democracy/offices/OfficesPage'), 'OfficesPage'),
});

const officeRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'offices/$officeId',
  component: lazyRouteComponent(() => import('../democracy/offices/OfficePage'), 'OfficePage'),
});

const settingsRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'settings',
  component: lazyRouteComponent(() => import('../settings/SettingsPage'), 'SettingsPage'),
});

const readAuditRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'read-audit',
  component: lazyRouteComponent(() => import('../reads/ReadAuditPage'), 'ReadAuditPage'),
});

// The group's connections to other programs, and its exports.
const exportRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'export',
  validateSearch: validateContactSearch,
  component: lazyRouteComponent(() => import('../exports/ExportPage'), 'ExportPage'),
});

const tokensRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'tokens',
  component: lazyRouteComponent(() => import('../integrations/TokensPage'), 'TokensPage'),
});

const webhooksRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'webhooks',
  component: lazyRouteComponent(() => import('../integrations/WebhooksPage'), 'WebhooksPage'),
});

const notificationsRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'notifications',
  component: lazyRouteComponent(() => import('../integrations/NotificationsPage'), 'NotificationsPage'),
});

const integrationRoutes = [exportRoute, tokensRoute, webhooksRoute, notificationsRoute];

const importRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'import',
  component: lazyRouteComponent(() => import('../imports/ImportPage'), 'ImportPage'),
});

const disputeAndActionRoutes = [
  disputesRoute,
  newDisputeRoute,
  disputeRoute,
  editDisputeRoute,
  newBallotRoute,
  editBallotRoute,
  ballotChaseRoute,
  structureTestRoute,
  callListsRoute,
  callListRoute,
  editCallListRoute,
  callSettingsRoute,
  actionsRoute,
  bulletinsRoute,
  editionRoute,
  votesRoute,
  officesRoute,
  officeRoute,
  voteRoute,
  meetingsRoute,
  meetingRoute,
  motionRoute,
  decisionsRoute,
  newActionRoute,
  actionRoute,
  editActionRoute,
  storiesRoute,
  newStoryRoute,
  storyRoute,
  settingsRoute,
  readAuditRoute,
  importRoute,
];

const routeTree = rootRoute.addChildren([
  indexRoute,
  loginRoute,
  signupRoute,
  confirmSignupRoute,
  resetPasswordRoute,
  joinRoute,
  tipRoute,
  appRoute.addChildren([
    groupsRoute,
    accountRoute,
    confirmEmailChangeRoute,
    adminRoute,
    groupRoute.addChildren([
      groupIndexRoute,
      quickLogRoute,
      workplacesRoute,
      workplaceRoute,
      contactsRoute,
      newContactRoute,
      contactRoute,
      editContactRoute,
      mergeContactRoute,
      followUpsRoute,
      membersRoute,
      campaignsRoute,
      newCampaignRoute,
      campaignRoute,
      editCampaignRoute,
      committeeRoute,
      ...disputeAndActionRoutes,
      ...integrationRoutes,
    ]),
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    // Loaders read through TanStack Query, which owns caching.
    defaultPreloadStaleTime: 0,
    defaultPendingComponent: PageLoader,
    // Errors show inside the nearest layout, so the app shell stays usable.
    defaultErrorComponent: RouteError,
    defaultPendingMs: 300,
    defaultPendingMinMs: 300,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
