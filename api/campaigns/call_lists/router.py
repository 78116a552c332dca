"""Call and visit lists (HTTP only)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Query, Response, status

from api.campaigns.call_lists import service
from api.campaigns.call_lists.schemas import (
    CallListCreate,
    CallListEntryRead,
    CallListProgress,
    CallListRead,
    CallListUpdate,
    CallSettingsRead,
    CallSettingsUpdate,
    CallTurn,
    ContactAgain,
    DoNotContactRead,
    OutcomeCreate,
    TakeNext,
)
from api.campaigns.routers.common import (
    CREATE_ERRORS,
    DELETE_ERRORS,
    READ_ERRORS,
    UPDATE_ERRORS,
    Organiser,
    Reader,
    Recorder,
)
from api.core.context import SessionDep
from api.core.deletion import delete_expectation
from api.core.errors import error_responses, refusing
from api.core.idempotency import IdempotencyDep
from api.core.listing import sort_query
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.versioning import DeleteVersion, IfMatchHeader, set_etag

router = APIRouter(prefix="/api/v1/groups/{group_id}")

CALL_LIST = "/call-lists/{call_list_id}"
ENTRY = CALL_LIST + "/entries/{call_entry_id}"
CONTACT = "/contacts/{contact_id}"
WORK_ERRORS = error_responses(401, 403, 404, 409, 422)


@router.get(
    "/call-settings", tags=["call lists"], operation_id="get_call_settings", responses=READ_ERRORS
)
async def get_call_settings(session: SessionDep, ctx: Reader) -> CallSettingsRead:
    """The group's cool-down between lists and how long a taken person stays reserved."""
    return await service.read_settings(session, ctx)


@router.patch(
    "/call-settings",
    tags=["call lists"],
    operation_id="update_call_settings",
    responses=UPDATE_ERRORS,
)
async def update_call_settings(
    data: CallSettingsUpdate,
    response: Response,
    session: SessionDep,
    ctx: Organiser,
    if_match: IfMatchHeader = None,
) -> CallSettingsRead:
    """Change the settings; send the version you read (0 before the first change)."""
    read = await service.update_settings(session, ctx, data, if_match)
    set_etag(response, read.version)
    return read


@router.get(
    "/call-lists", tags=["call lists"], operation_id="list_call_lists", responses=READ_ERRORS
)
async def list_call_lists(
    session: SessionDep,
    ctx: Reader,
    mine: bool = Query(default=False, description="Only lists assigned to you"),
    sort: str | None = sort_query("name", "created_at", default="-created_at"),
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[CallListRead]:
    """The group's call and visit lists, newest first."""
    items, next_cursor = await service.list_lists(
        session, ctx, mine=mine, sort=sort, limit=limit, cursor=cursor
    )
    return Page(items=items, next_cursor=next_cursor)


@router.post(
    "/call-lists",
    status_code=status.HTTP_201_CREATED,
    tags=["call lists"],
    operation_id="create_call_list",
    responses=refusing(
        CREATE_ERRORS, f"the saved filter matches more than {service.MAX_LIST_SIZE} people"
    ),
)
async def create_call_list(
    data: CallListCreate, session: SessionDep, ctx: Organiser, idem: IdempotencyDep
) -> CallListRead:
    """Make a list of everyone a saved filter (shared, or your own) matches now, assigned to
    the members named. The people on it are fixed from then on: a snapshot, so progress
    counts the same people however the contacts change."""
    return await idem.run(
        ctx.user_id, CallListRead, lambda: service.create_list(session, ctx, data)
    )


@router.get(CALL_LIST, tags=["call lists"], operation_id="get_call_list", responses=READ_ERRORS)
async def get_call_list(
    call_list_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader
) -> CallListRead:
    """One list; the ETag carries its version."""
    read = await service.read_list(session, ctx, call_list_id)
    set_etag(response, read.version)
    return read


@router.patch(
    CALL_LIST, tags=["call lists"], operation_id="update_call_list", responses=UPDATE_ERRORS
)
async def update_call_list(
    call_list_id: uuid.UUID,
    data: CallListUpdate,
    response: Response,
    session: SessionDep,
    ctx: Organiser,
    if_match: IfMatchHeader = None,
) -> CallListRead:
    """Rename, reassign or annotate a list; send the version you read."""
    read = await service.update_list(session, ctx, call_list_id, data, if_match)
    set_etag(response, read.version)
    return read


@router.delete(
    CALL_LIST,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["call lists"],
    operation_id="delete_call_list",
    responses=DELETE_ERRORS,
)
async def delete_call_list(
    call_list_id: uuid.UUID,
    session: SessionDep,
    ctx: Organiser,
    version: DeleteVersion = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Delete a list with its entries. Outcomes recorded stay, so the cool-down and "do not
    contact" still hold."""
    await service.delete_list(session, ctx, call_list_id, delete_expectation(version, if_match))


@router.get(
    CALL_LIST + "/entries",
    tags=["call lists"],
    operation_id="list_call_list_entries",
    responses=READ_ERRORS,
)
async def list_call_list_entries(
    call_list_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    done: bool | None = Query(default=None, description="Only finished (or unfinished) entries"),
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[CallListEntryRead]:
    """The people on the list in list order, with where each stands."""
    items, next_cursor = await service.list_entries(
        session, ctx, call_list_id, done=done, limit=limit, cursor=cursor
    )
    return Page(items=items, next_cursor=next_cursor)


@router.get(
    CALL_LIST + "/progress",
    tags=["call lists"],
    operation_id="get_call_list_progress",
    responses=READ_ERRORS,
)
async def get_call_list_progress(
    call_list_id: uuid.UUID, session: SessionDep, ctx: Reader
) -> CallListProgress:
    """How far the list has got, and what each caller recorded."""
    return await service.progress(session, ctx, call_list_id)


@router.get(
    CALL_LIST + "/turn",
    tags=["call lists"],
    operation_id="get_call_list_turn",
    responses=READ_ERRORS,
)
async def get_call_list_turn(call_list_id: uuid.UUID, session: SessionDep, ctx: Reader) -> CallTurn:
    """The person you hold on this list now, if any (nothing is reserved by reading this)."""
    return await service.current_turn(session, ctx, call_list_id)


@router.post(
    CALL_LIST + "/take-next",
    tags=["call lists"],
    operation_id="take_next_from_call_list",
    responses=WORK_ERRORS,
)
async def take_next_from_call_list(
    call_list_id: uuid.UUID, data: TakeNext, session: SessionDep, ctx: Recorder
) -> CallTurn:
    """Reserve the next person for you for the group's reservation time (the one you hold
    already, if you do): due call backs first, then those never tried, then the fewest tries,
    with workers who share one of your languages ahead of the rest. Nobody else is given them
    meanwhile. Workers marked "do not contact" on any list are never offered, nor those with
    an outcome on another list within the cool-down. `entry: null` when nobody is left for
    you now. For the list's assignees (and organisers)."""
    return await service.take_next(session, ctx, call_list_id, data)


@router.post(
    ENTRY + "/outcome",
    tags=["call lists"],
    operation_id="record_call_outcome",
    responses=refusing(WORK_ERRORS, "`call_back_at` is sent with an outcome other than call_back"),
)
async def record_call_outcome(
    call_list_id: uuid.UUID,
    call_entry_id: uuid.UUID,
    data: OutcomeCreate,
    session: SessionDep,
    ctx: Recorder,
) -> CallListEntryRead:
    """Record what came of it and free the person: `talked`, `wrong_number` and
    `do_not_contact` finish them on this list (and "do not contact" on every list);
    `no_answer` and `call_back` (at `call_back_at`, when given) put them back. 409
    `reserved_by_another` while someone else holds them."""
    return await service.record_outcome(session, ctx, call_list_id, call_entry_id, data)


@router.post(
    ENTRY + "/release",
    tags=["call lists"],
    operation_id="release_call_list_entry",
    responses=WORK_ERRORS,
)
async def release_call_list_entry(
    call_list_id: uuid.UUID, call_entry_id: uuid.UUID, session: SessionDep, ctx: Recorder
) -> CallListEntryRead:
    """Give a person back without an outcome (an organiser may free anyone's)."""
    return await service.release(session, ctx, call_list_id, call_entry_id)


@router.get(
    CONTACT + "/do-not-contact",
    tags=["call lists"],
    operation_id="get_do_not_contact",
    responses=READ_ERRORS,
)
async def get_do_not_contact(
    contact_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader
) -> DoNotContactRead:
    """Whether the worker asked not to be contacted (and no list offers them), and the last
    time an organiser cleared that; the ETag carries the version to clear it with."""
    read = await service.read_do_not_contact(session, ctx, contact_id)
    set_etag(response, read.version)
    return read


@router.post(
    CONTACT + "/contact-again",
    tags=["call lists"],
    operation_id="clear_do_not_contact",
    responses=UPDATE_ERRORS,
)
async def clear_do_not_contact(
    contact_id: uuid.UUID,
    data: ContactAgain,
    response: Response,
    session: SessionDep,
    ctx: Organiser,
    if_match: IfMatchHeader = None,
) -> DoNotContactRead:
    """They may be contacted again (organisers): the "do not contact" is cleared, recorded
    with who and when, and the lists offer them again (the places their ask finished are
    reopened; the cool-down still applies). Send the `version` you read: 409 with the state
    as it stands when they asked again, or the contact changed, since. With nothing to clear
    the state is answered as it is, so a repeat is harmless."""
    read = await service.clear_do_not_contact(session, ctx, contact_id, data, if_match)
    set_etag(response, read.version)
    return read
