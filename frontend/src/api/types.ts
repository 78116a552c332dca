// Names for the API shapes the screens use, taken from the generated schema.
import type { components, paths } from './schema';

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Body<O> = O extends { requestBody?: infer R } ? Json<NonNullable<R>> : never;

export type Instance = Json<paths['/api/v1/instance']['get']['responses'][200]>;
export type AuthToken = components['schemas']['TokenResponse'];
export type SecondFactorStep = components['schemas']['SecondFactorRequired'];
/** Exactly one of `code`, `recovery_code` and `passkey`, as the API's document says. */
export type SecondFactorBody = components['schemas']['SecondFactorLogin'];
export type AuthUser = AuthToken['user'];
export type SignupBody = Body<paths['/api/v1/auth/signup']['post']>;
export type Me = Json<paths['/api/v1/me']['get']['responses'][200]>;

export type GroupPage = Json<paths['/api/v1/groups']['get']['responses'][200]>;
export type GroupSummary = GroupPage['items'][number];
export type GroupDetail = Json<paths['/api/v1/groups/{group_id}']['get']['responses'][200]>;
export type GroupId = paths['/api/v1/groups/{group_id}']['get']['parameters']['path']['group_id'];

export type MemberPage = Json<paths['/api/v1/groups/{group_id}/members']['get']['responses'][200]>;
export type Member = MemberPage['items'][number];
export type Role = Member['role'];

export type InvitePage = Json<paths['/api/v1/groups/{group_id}/invites']['get']['responses'][200]>;
export type PendingInvite = InvitePage['items'][number];
export type CreatedInvite = Json<paths['/api/v1/groups/{group_id}/invites']['post']['responses'][201]>;
export type InvitePreview = Json<paths['/api/v1/invites/preview']['post']['responses'][200]>;

/** What a member may do in a group, as the API names it. */
export type Permission = components['schemas']['Permission'];
