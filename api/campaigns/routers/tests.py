"""Structure tests, their tick-list and results (HTTP only)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.campaigns.enums import Participation
from api.campaigns.routers.common import (
    BULK_READ_ERRORS,
    CREATE_ERRORS,
    DELETE_ERRORS,
    READ_ERRORS,
    UPDATE_ERRORS,
    Organiser,
    Reader,
    Recorder,
)
from api.campaigns.schemas.tests import (
    ResponseRecord,
    ScopedWorker,
    StructureTestCreate,
    StructureTestRead,
    StructureTestResults,
    StructureTestUpdate,
)
from api.campaigns.services import responses, tests
from api.core.context import SessionDep
from api.core.deletion import delete_expectation
from api.core.errors import refusing
from api.core.idempotency import IdempotencyDep
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.versioning import DeleteVersion, IfMatchHeader, set_etag
from api.reads.dependencies import ReadLogDep
from api.reads.enums import ReadKind
from api.reads.service import Read

router = APIRouter()

TEST = "/structure-tests/{test_id}"
TEST_RULES = (
    "kind own without own_kind (or own_kind with another kind), or petition_text or demands "
    "on a test that is not a petition"
)
SIGNATURE_RULE = (
    "signed_on or signature_method for a test that is not a petition, or with a status other "
    "than took_part"
)


@router.get(
    "/campaigns/{campaign_id}/tests",
    tags=["campaigns"],
    operation_id="list_structure_tests",
    responses=READ_ERRORS,
)
async def list_structure_tests(
    campaign_id: uuid.UUID, session: SessionDep, ctx: Reader
) -> list[StructureTestRead]:
    """The campaign's ladder of structure tests, lowest rung first."""
    return await tests.list_tests(session, ctx, campaign_id)


@router.post(
    "/campaigns/{campaign_id}/tests",
    status_code=status.HTTP_201_CREATED,
    tags=["campaigns"],
    operation_id="create_structure_test",
    responses=refusing(CREATE_ERRORS, TEST_RULES),
)
async def create_structure_test(
    campaign_id: uuid.UUID,
    data: StructureTestCreate,
    session: SessionDep,
    ctx: Organiser,
    idem: IdempotencyDep,
) -> StructureTestRead:
    """Add a test to the campaign's ladder. Its scope is the campaign's workplace unless
    `workplace_ids` names others, narrowed to `department_ids` and `shift_ids` when given; all
    must be the group's. A petition keeps its text and demands."""
    return await idem.run(
        ctx.user_id,
        StructureTestRead,
        lambda: tests.create_test(session, ctx, campaign_id, data),
    )


@router.get(TEST, tags=["campaigns"], operation_id="get_structure_test", responses=READ_ERRORS)
async def get_structure_test(
    test_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader
) -> StructureTestRead:
    """One structure test; the ETag carries its version."""
    read = await tests.read_test(session, ctx, test_id)
    set_etag(response, read.version)
    return read


@router.patch(
    TEST,
    tags=["campaigns"],
    operation_id="update_structure_test",
    responses=refusing(UPDATE_ERRORS, TEST_RULES),
)
async def update_structure_test(
    test_id: uuid.UUID,
    data: StructureTestUpdate,
    response: Response,
    session: SessionDep,
    ctx: Organiser,
    if_match: IfMatchHeader = None,
) -> StructureTestRead:
    """Change the fields you send; the test as it will stand must still make sense."""
    read = await tests.update_test(session, ctx, test_id, data, if_match)
    set_etag(response, read.version)
    return read


@router.delete(
    TEST,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["campaigns"],
    operation_id="delete_structure_test",
    responses=DELETE_ERRORS,
)
async def delete_structure_test(
    test_id: uuid.UUID,
    session: SessionDep,
    ctx: Organiser,
    version: DeleteVersion = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Delete a structure test and the responses recorded for it."""
    await tests.delete_test(session, ctx, test_id, delete_expectation(version, if_match))


@router.get(
    TEST + "/workers",
    tags=["campaigns"],
    operation_id="list_test_workers",
    responses=BULK_READ_ERRORS,
)
async def list_test_workers(
    test_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    log: ReadLogDep,
    mine: Annotated[bool, Query(description="Only the workers you are responsible for")] = False,
    department_id: Annotated[uuid.UUID | None, Query(description="In this department")] = None,
    shift_id: Annotated[uuid.UUID | None, Query(description="On this shift")] = None,
    status_: Annotated[
        list[Participation] | None, Query(alias="status", description="Any of these statuses")
    ] = None,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[ScopedWorker]:
    """The tick-list: every worker in the test's scope by name with where they stand
    (`not_asked` until someone records them). Pages after the first (every page, for an API
    token or an observer) are written to the read audit."""
    filters = responses.WorkerFilters(
        organiser_id=ctx.user_id if mine else None,
        department_id=department_id,
        shift_id=shift_id,
        statuses=status_ or (),
    )
    items, next_cursor = await responses.list_workers(
        session, ctx, test_id, filters, limit=limit, cursor=cursor
    )
    await log.record(
        ctx,
        Read(
            ReadKind.test_worker_list,
            row_count=len(items),
            contact_ids=[item.contact_id for item in items],
            filters=filters,
            first_page=cursor is None,
        ),
    )
    return Page(items=items, next_cursor=next_cursor)


@router.put(
    TEST + "/workers/{contact_id}",
    tags=["campaigns"],
    operation_id="record_test_response",
    responses=refusing(UPDATE_ERRORS, SIGNATURE_RULE),
)
async def record_test_response(
    test_id: uuid.UUID,
    contact_id: uuid.UUID,
    data: ResponseRecord,
    session: SessionDep,
    ctx: Recorder,
) -> ScopedWorker:
    """Record where a worker in scope stands: took part, refused, unreachable, or back to not
    asked. Recording twice changes the row (who and when are the latest recording; the change
    log keeps each). With `version`, a recording someone made since you read it is refused
    (409) with the row as it stands."""
    return await responses.record_response(session, ctx, test_id, contact_id, data)


@router.get(
    TEST + "/results",
    tags=["campaigns"],
    operation_id="get_structure_test_results",
    responses=READ_ERRORS,
)
async def get_structure_test_results(
    test_id: uuid.UUID, session: SessionDep, ctx: Reader, log: ReadLogDep
) -> StructureTestResults:
    """Who took part against the target, overall, by department and by shift, and where the
    chart was wrong: workers assessed 1 or 2 who refused, and 4 or 5 who took part. The
    workers named are written to the read audit."""
    results = await responses.test_results(session, ctx, test_id)
    named = results.supportive_not_taking_part + results.unsupportive_taking_part
    await log.record(
        ctx,
        Read(
            ReadKind.test_worker_list,
            row_count=len(named),
            contact_ids=[worker.contact_id for worker in named],
            first_page=True,
        ),
    )
    return results
