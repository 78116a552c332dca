from __future__ import annotations

import contextlib
import uuid
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Cookie, Depends, Request, Response, status
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.auth import email_change, passkeys, service, signup
from api.auth.dependencies import PasswordsDep
from api.auth.devices import (
    DEVICE_COOKIE,
    DEVICE_PROOF_LIFETIME,
    device_proof_user,
    issue_device_proof,
)
from api.auth.routers.two_factor import router as two_factor_router
from api.auth.schemas import (
    AccountRead,
    EmailChangeConfirm,
    EmailChangePending,
    EmailChangeRequest,
    InstanceRead,
    InstanceUpdate,
    LoginRequest,
    LoginSessionRead,
    MeUpdate,
    PasskeyCeremonyRead,
    PasskeyLogin,
    PasswordChange,
    PasswordResetConfirm,
    PasswordResetRequest,
    SecondFactorLogin,
    SecondFactorRequired,
    SignupConfirm,
    SignupPending,
    SignupRequest,
    TokenResponse,
    UserRead,
)
from api.core.config import Settings
from api.core.context import AdminDep, PrincipalDep, SessionDep, SettingsDep
from api.core.errors import error_responses
from api.core.mail import Mailer
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.security import InvalidToken, read_access_token

router = APIRouter(prefix="/api/v1")
router.include_router(two_factor_router)
RefreshCookie = Annotated[str | None, Cookie(alias=service.REFRESH_COOKIE, include_in_schema=False)]
DeviceCookie = Annotated[str | None, Cookie(alias=DEVICE_COOKIE, include_in_schema=False)]


def _set_auth_cookie(
    response: Response, settings: Settings, name: str, value: str, max_age: int
) -> None:
    """The account cookies: httpOnly, SameSite=Strict, sent only to the auth routes."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=service.REFRESH_COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=settings.secure_cookies,
    )


def _token_response(
    response: Response, settings: Settings, issued: service.IssuedTokens
) -> TokenResponse:
    _set_auth_cookie(
        response,
        settings,
        service.REFRESH_COOKIE,
        issued.refresh_token,
        settings.refresh_token_days * 86_400,
    )
    return TokenResponse(
        access_token=issued.access_token, expires_in=issued.expires_in, user=issued.user
    )


def _client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _device(request: Request) -> service.ClientDevice:
    return service.ClientDevice(
        user_agent=request.headers.get("user-agent"),
        address=request.client.host if request.client else None,
    )


@router.get("/instance", tags=["auth"], operation_id="get_instance")
async def get_instance(session: SessionDep) -> InstanceRead:
    """Whether sign-up is open and whether this server still needs its first account."""
    return await service.instance_state(session)


@router.patch(
    "/admin/instance",
    tags=["admin"],
    operation_id="update_instance",
    responses=error_responses(401, 403, 422),
)
async def update_instance(data: InstanceUpdate, session: SessionDep, _: AdminDep) -> InstanceRead:
    """Open or close sign-up without an invite (instance administrators only)."""
    return await service.set_signup_open(session, data.signup_open)


@router.post(
    "/auth/signup",
    status_code=status.HTTP_201_CREATED,
    tags=["auth"],
    operation_id="signup",
    response_model=TokenResponse,
    responses={
        202: {"model": SignupPending, "description": "A link was mailed to the address"},
        **error_responses(403, 404, 410, 422, 429),
    },
)
async def sign_up(
    data: SignupRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    passwords: PasswordsDep,
    background: BackgroundTasks,
) -> TokenResponse | JSONResponse:
    """Create an account. The first account on a server (the demo account does not count),
    signed up without an invite, is made at once (201) and becomes its administrator; an
    invite never makes anyone an administrator. After that an invite token is needed unless an
    administrator has opened sign-up, and the answer is 202: a link that creates the account is
    mailed to the address (or, if it has an account already, a reminder to log in), so the
    answer says nothing about which addresses have accounts. One address may sign up a few
    times an hour (429)."""
    if not data.invite_token and await signup.is_first_account(session):
        issued = await signup.create_first_account(
            session, settings, passwords, data, _device(request)
        )
        return _token_response(response, settings, issued)
    draft = await signup.draft_signup(session, settings, passwords, data, _client_address(request))
    mailer: Mailer = request.app.state.mailer
    background.add_task(
        signup.send_signup_mail, request.app.state.sessionmaker, mailer, settings, draft
    )
    pending = SignupPending(email=data.email, link_valid_hours=settings.signup_link_hours)
    return JSONResponse(pending.model_dump(mode="json"), status_code=status.HTTP_202_ACCEPTED)


@router.post(
    "/auth/signup/confirm",
    status_code=status.HTTP_201_CREATED,
    tags=["auth"],
    operation_id="confirm_signup",
    responses=error_responses(409, 422),
)
async def confirm_sign_up(
    data: SignupConfirm,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
) -> TokenResponse:
    """Create the account from the link mailed at sign-up (single use) and log it in, joining
    the group it was invited to if that invite still stands."""
    issued = await signup.confirm_signup(session, settings, data.token, _device(request))
    return _token_response(response, settings, issued)


def _login_response(
    response: Response, settings: Settings, issued: service.IssuedTokens
) -> TokenResponse:
    """A completed login: the session's cookies, and the device cookie that lets this browser
    past failed-login locks on the account from now on."""
    _set_auth_cookie(
        response,
        settings,
        DEVICE_COOKIE,
        issue_device_proof(issued.user.id, settings.secret_key),
        int(DEVICE_PROOF_LIFETIME.total_seconds()),
    )
    return _token_response(response, settings, issued)


@router.post(
    "/auth/login",
    tags=["auth"],
    operation_id="login",
    responses=error_responses(401, 422, 429),
)
async def login(
    data: LoginRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    passwords: PasswordsDep,
    device: DeviceCookie = None,
) -> TokenResponse | SecondFactorRequired:
    """Log in with email and password. Sets the refresh cookie and returns an access token.
    For an account with two-factor login, the right password instead answers
    `second_factor_required` with a short-lived step to complete at
    `/auth/login/second-factor`. Repeated failures slow further tries (429), except from a
    browser that has logged in to the account before (it holds a signed device cookie), so the
    owner is never locked out."""
    outcome = await service.login(
        session,
        settings,
        passwords,
        data.email,
        data.password,
        _device(request),
        device_user_id=device_proof_user(device, settings.secret_key),
    )
    if isinstance(outcome, service.SecondFactorStep):
        return SecondFactorRequired(
            challenge=outcome.challenge,
            expires_in=outcome.expires_in,
            methods=outcome.methods,
            passkey_options=outcome.passkey_options,
        )
    return _login_response(response, settings, outcome)


@router.post(
    "/auth/login/second-factor",
    tags=["auth"],
    operation_id="login_second_factor",
    responses=error_responses(401, 422, 429),
)
async def login_second_factor(
    data: SecondFactorLogin,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    device: DeviceCookie = None,
) -> TokenResponse:
    """Complete a login with exactly one of: `code` (authenticator app; each code works once),
    `recovery_code` (each works once) or `passkey` (the WebAuthn assertion for the step's
    `passkey_options`). 401 `invalid_second_factor` for a wrong answer; 401
    `challenge_invalid` when the step expired, was used, or had too many wrong answers;
    429 when the account had too many wrong answers."""
    issued = await service.complete_second_factor(
        session,
        settings,
        data,
        _device(request),
        device_user_id=device_proof_user(device, settings.secret_key),
    )
    return _login_response(response, settings, issued)


@router.post(
    "/auth/passkey/options",
    tags=["auth"],
    operation_id="passkey_login_options",
)
async def passkey_login_options(session: SessionDep, settings: SettingsDep) -> PasskeyCeremonyRead:
    """Start signing in with a passkey alone: WebAuthn options for the browser (it offers the
    passkeys it holds for this site) and the step's token."""
    ceremony = await passkeys.passwordless_ceremony(session, settings)
    return PasskeyCeremonyRead(challenge=ceremony.challenge, options=ceremony.options)


@router.post(
    "/auth/passkey/login",
    tags=["auth"],
    operation_id="passkey_login",
    responses=error_responses(401, 422, 429),
)
async def passkey_login(
    data: PasskeyLogin,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
) -> TokenResponse:
    """Complete a passkey sign-in with the browser's assertion. Each step has one try (401
    `challenge_invalid` after); 401 `passkey_refused` for an unknown or removed passkey or one
    that did not verify its user; failures are counted per address (429)."""
    issued = await service.passkey_login(session, settings, data, _device(request))
    return _login_response(response, settings, issued)


@router.post("/auth/refresh", tags=["auth"], operation_id="refresh", responses=error_responses(401))
async def refresh(
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    cookie: RefreshCookie = None,
) -> TokenResponse:
    """Exchange the refresh cookie for a new access token; the cookie is rotated."""
    issued = await service.refresh(session, settings, cookie, _device(request).address)
    return _token_response(response, settings, issued)


_optional_bearer = HTTPBearer(auto_error=False, description="Access token from /auth/login")


@router.post(
    "/auth/logout", status_code=status.HTTP_204_NO_CONTENT, tags=["auth"], operation_id="logout"
)
async def logout(
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    cookie: RefreshCookie = None,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_optional_bearer)] = None,
) -> None:
    """End this session: the refresh cookie and any access token issued from it stop working.
    Either one is enough (a client that lost its cookie still logs out with its access token)."""
    access_session_id = None
    if credentials is not None:
        with contextlib.suppress(InvalidToken):  # an expired or forged token ends nothing
            claims = read_access_token(credentials.credentials, secret=settings.secret_key)
            access_session_id = claims.session_id
    await service.logout(session, cookie, access_session_id)
    response.delete_cookie(service.REFRESH_COOKIE, path=service.REFRESH_COOKIE_PATH)


@router.post(
    "/auth/password-reset",
    status_code=status.HTTP_202_ACCEPTED,
    tags=["auth"],
    operation_id="request_password_reset",
    responses=error_responses(422, 429),
)
async def request_password_reset(
    data: PasswordResetRequest,
    session: SessionDep,
    settings: SettingsDep,
    background: BackgroundTasks,
    request: Request,
) -> None:
    """Email a reset link if the account exists. The answer, and the time it takes, are the
    same either way: the account is looked up and mailed after the answer is sent. An account
    is sent a few links an hour at most, and one address may ask a few times an hour (429)."""
    await service.request_password_reset(session, settings, _client_address(request))
    mailer: Mailer = request.app.state.mailer
    background.add_task(
        service.send_reset_link,
        request.app.state.sessionmaker,
        mailer,
        settings,
        data.email,
        data.language,
    )


@router.post(
    "/auth/password-reset/confirm",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["auth"],
    operation_id="confirm_password_reset",
    responses=error_responses(422),
)
async def confirm_password_reset(
    data: PasswordResetConfirm, session: SessionDep, passwords: PasswordsDep
) -> None:
    """Set a new password with the emailed token. Every session of the account is ended."""
    await service.confirm_password_reset(session, passwords, data.token, data.new_password)


@router.get("/me", tags=["me"], operation_id="get_me", responses=error_responses(401))
async def get_me(principal: PrincipalDep, session: SessionDep) -> UserRead:
    """The signed-in account."""
    return service.user_read(await service.get_user(session, principal.user_id))


@router.patch("/me", tags=["me"], operation_id="update_me", responses=error_responses(401, 422))
async def update_me(data: MeUpdate, principal: PrincipalDep, session: SessionDep) -> UserRead:
    """Change your display name or the language you read the app in."""
    return await service.update_me(session, principal.user_id, data)


@router.post(
    "/me/password",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["me"],
    operation_id="change_password",
    responses=error_responses(401, 422),
)
async def change_password(
    data: PasswordChange, principal: PrincipalDep, session: SessionDep, passwords: PasswordsDep
) -> None:
    """Change your password. Your other sessions are logged out and any reset links you were
    sent stop working; with `revoke_api_tokens` the API tokens you created stop too."""
    await service.change_password(
        session,
        passwords,
        principal.user_id,
        principal.session_id,
        data.current_password,
        data.new_password,
        revoke_api_tokens=data.revoke_api_tokens,
    )


@router.post(
    "/me/email",
    status_code=status.HTTP_202_ACCEPTED,
    tags=["me"],
    operation_id="request_email_change",
    responses=error_responses(401, 422, 429),
)
async def request_email_change(
    data: EmailChangeRequest,
    request: Request,
    principal: PrincipalDep,
    session: SessionDep,
    settings: SettingsDep,
    passwords: PasswordsDep,
    background: BackgroundTasks,
) -> EmailChangePending:
    """Ask to log in with another email address, confirming with your current password. A link
    is mailed to the new address and a notice to the current one; the address changes only when
    the link is opened (`POST /me/email/confirm`). The answer is the same whether or not the new
    address has an account (if it has, the mail there says so and carries no link). An account
    may ask a few times an hour, wrong passwords included (429)."""
    draft = await email_change.draft_email_change(
        session, settings, passwords, principal.user_id, data.new_email, data.current_password
    )
    mailer: Mailer = request.app.state.mailer
    background.add_task(
        email_change.send_email_change_mails,
        request.app.state.sessionmaker,
        mailer,
        settings,
        draft,
    )
    return EmailChangePending(
        new_email=data.new_email, link_valid_hours=settings.email_change_link_hours
    )


@router.post(
    "/me/email/confirm",
    tags=["me"],
    operation_id="confirm_email_change",
    responses=error_responses(401, 409, 422),
)
async def confirm_email_change(
    data: EmailChangeConfirm, principal: PrincipalDep, session: SessionDep
) -> UserRead:
    """Change your login address to the one the link was mailed to (single use, for the account
    that asked only). Every other device signed in to the account is signed out, this one stays,
    and password-reset links sent to the old address stop working."""
    return await email_change.confirm_email_change(
        session, principal.user_id, principal.session_id, data.token
    )


@router.get(
    "/me/sessions", tags=["me"], operation_id="list_my_sessions", responses=error_responses(401)
)
async def list_my_sessions(principal: PrincipalDep, session: SessionDep) -> list[LoginSessionRead]:
    """The devices signed in to your account (browser, when signed in, when last seen), with the
    one you are using marked: end any you do not recognise."""
    return await service.list_login_sessions(session, principal.user_id, principal.session_id)


@router.post(
    "/me/sessions/end-others",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["me"],
    operation_id="end_my_other_sessions",
    responses=error_responses(401),
)
async def end_my_other_sessions(principal: PrincipalDep, session: SessionDep) -> None:
    """Log out everywhere else: every device signed in to your account except this one is
    signed out at once (for an API token, every signed-in device is)."""
    await service.end_other_login_sessions(session, principal.user_id, principal.session_id)


@router.delete(
    "/me/sessions/{session_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["me"],
    operation_id="end_my_session",
    responses=error_responses(401, 404, 422),
)
async def end_my_session(
    session_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> None:
    """Sign one of your devices out at once (ending the current one logs you out)."""
    await service.end_login_session(session, principal.user_id, session_id)


@router.get(
    "/admin/users",
    tags=["admin"],
    operation_id="list_accounts",
    responses=error_responses(401, 403, 422),
)
async def list_accounts(
    _: AdminDep, session: SessionDep, limit: LimitQuery = DEFAULT_LIMIT, cursor: CursorQuery = None
) -> Page[AccountRead]:
    """Every account on the server, oldest first, with which are administrators and which are
    the demo data's (instance administrators only)."""
    items, next_cursor = await service.list_accounts(session, limit=limit, cursor=cursor)
    return Page(items=items, next_cursor=next_cursor)


@router.get(
    "/admin/users/{user_id}/sessions",
    tags=["admin"],
    operation_id="list_user_sessions",
    responses=error_responses(401, 403, 422),
)
async def list_user_sessions(
    user_id: uuid.UUID, admin: AdminDep, session: SessionDep
) -> list[LoginSessionRead]:
    """A person's signed-in devices (instance administrators only), e.g. after a lost phone."""
    return await service.list_login_sessions(session, user_id, admin.session_id)


@router.delete(
    "/admin/users/{user_id}/sessions/{session_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["admin"],
    operation_id="end_user_session",
    responses=error_responses(401, 403, 404, 422),
)
async def end_user_session(
    user_id: uuid.UUID, session_id: uuid.UUID, admin: AdminDep, session: SessionDep
) -> None:
    """Sign one of a person's devices out at once (instance administrators only)."""
    await service.end_login_session(session, user_id, session_id)
