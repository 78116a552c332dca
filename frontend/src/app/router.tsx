import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  redirect,
} from '@tanstack/react-router';
import { initSession, isAuthenticated, safeRedirect } from '../auth/session';
import { groupQuery } from '../groups/api';
import { readFragmentParam, fragmentFor } from '../lib/fragment';
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

const rootRoute = createRootRouteWithContext<RouterContext>()({
  beforeLoad: () => initSession(),
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

const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'reset-password',
  component: lazyRouteComponent(() => import('../auth/ResetPasswordPage'), 'ResetPasswordPage'),
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

const groupRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'groups/$groupId',
  loader: ({ context, params }) =>
    context.queryClient.query({ ...groupQuery(params.groupId), staleTime: 'static' }),
});

const groupIndexRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: '/',
  beforeLoad: ({ params }) => {
    throw redirect({ to: '/groups/$groupId/members', params, replace: true });
  },
});

const membersRoute = createRoute({
  getParentRoute: () => groupRoute,
  path: 'members',
  component: lazyRouteComponent(() => import('../members/MembersPage'), 'MembersPage'),
});

const routeTree = rootRoute.addChildren([
  indexRoute,
  loginRoute,
  signupRoute,
  resetPasswordRoute,
  joinRoute,
  appRoute.addChildren([groupsRoute, groupRoute.addChildren([groupIndexRoute, membersRoute])]),
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
