from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession

from api.bulletins.editions.dependencies import HandoutFiltersDep
from api.bulletins.editions.services.distribution import check_filters as check_handout_filters
from api.contacts.dependencies import ContactFiltersDep
from api.contacts.services import saved_filters
from api.conversations.dependencies import ConversationFiltersDep
from api.core.context import GroupContext, SessionDep, require
from api.core.errors import error_responses
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.permissions import Permission, Scope
from api.disputes.dependencies import DisputeFiltersDep
from api.exports import service
from api.exports.bundle import (
    CONTENT_SECURITY_POLICY,
    MEDIA_TYPES,
    BundleFormat,
    render,
)
from api.exports.bundle import filename as bundle_filename
from api.exports.schemas import AuditEventRead, SubjectAccessBundle
from api.exports.service import Export, ExportFormat, Filters
from api.exports.subject_access import subject_access
from api.reads.dependencies import ReadLog, ReadLogDep
from api.reads.enums import ReadKind
from api.reads.service import Read
from api.solidarity.dependencies import ActionFiltersDep

router = APIRouter(prefix="/api/v1/groups/{group_id}")

Exporter = Annotated[GroupContext, require(Permission.export, Scope.exports_read)]
Auditor = Annotated[GroupContext, require(Permission.audit_read)]

FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **error_responses(401, 403, 404, 422),
    200: {
        "description": "The file, as an attachment. Holds personal data.",
        "content": {"text/csv": {}, service.XLSX_MEDIA_TYPE: {}},
        "headers": {
            "Content-Disposition": {
                "description": "attachment; filename=…",
                "schema": {"type": "string"},
            },
            "X-Contains-Personal-Data": {
                "description": "Always `true`: handle the file as personal data",
                "schema": {"type": "string"},
            },
        },
    },
}


async def _respond(
    request: Request,
    session: AsyncSession,
    log: ReadLog,
    ctx: GroupContext,
    export: Export,
    file_format: ExportFormat,
    filters: Filters,
) -> Response:
    headers = {
        "Content-Disposition": (
            f'attachment; filename="{service.filename(export.kind, file_format)}"'
        ),
        "X-Contains-Personal-Data": "true",
    }
    if file_format is ExportFormat.xlsx:
        data, count = await service.build_xlsx(session, export)
    else:
        count = await service.count_rows(session, export)
    await service.record_export(session, ctx, export, file_format, filters, count)
    await log.record(
        ctx,
        Read(
            ReadKind.export,
            row_count=count,
            filters=filters,
            details={"export": export.kind.value, "format": file_format.value},
            contacts_from=export.people,
        ),
    )
    if file_format is ExportFormat.xlsx:
        return Response(data, media_type=service.XLSX_MEDIA_TYPE, headers=headers)
    return StreamingResponse(
        service.stream_csv(request.app.state.sessionmaker, export),
        media_type="text/csv; charset=utf-8",
        headers=headers,
    )


@router.get(
    "/exports/contacts.{file_format}",
    tags=["exports"],
    operation_id="export_contacts",
    response_class=Response,
    responses=FILE_RESPONSES,
)
async def export_contacts(
    file_format: ExportFormat,
    request: Request,
    session: SessionDep,
    ctx: Exporter,
    log: ReadLogDep,
    filters: ContactFiltersDep,
) -> Response:
    """The group's contacts matching the contact list's filters, as CSV (UTF-8, streamed)
    or XLSX, oldest first. Workplace, department, shift and organiser are given by name; the
    columns are named so the file can be imported again.
    **The file holds personal data** (special-category data such as union membership and
    support): store it safely, share it with no one who should not see it and delete it when
    done. Each export is written to the group's audit trail (who, when, which filters, how
    many rows); the answer carries `X-Contains-Personal-Data: true`.
    """
    filters = await saved_filters.resolve(session, ctx, filters)
    export = service.contacts_export(session, ctx, filters)
    return await _respond(request, session, log, ctx, export, file_format, filters)


@router.get(
    "/exports/conversations.{file_format}",
    tags=["exports"],
    operation_id="export_conversations",
    response_class=Response,
    responses=FILE_RESPONSES,
)
async def export_conversations(
    file_format: ExportFormat,
    request: Request,
    session: SessionDep,
    ctx: Exporter,
    log: ReadLogDep,
    filters: ConversationFiltersDep,
) -> Response:
    """The group's conversations matching the conversation list's filters, as CSV or XLSX,
    oldest logged first, with each contact's and speaker's name.
    **The file holds personal data** (special-category data such as union membership and
    support): store it safely, share it with no one who should not see it and delete it when
    done. Each export is written to the group's audit trail (who, when, which filters, how
    many rows); the answer carries `X-Contains-Personal-Data: true`.
    """
    export = service.conversations_export(session, ctx, filters)
    return await _respond(request, session, log, ctx, export, file_format, filters)


@router.get(
    "/exports/disputes.{file_format}",
    tags=["exports"],
    operation_id="export_disputes",
    response_class=Response,
    responses=FILE_RESPONSES,
)
async def export_disputes(
    file_format: ExportFormat,
    request: Request,
    session: SessionDep,
    ctx: Exporter,
    log: ReadLogDep,
    filters: DisputeFiltersDep,
) -> Response:
    """The group's disputes matching the dispute list's filters, as CSV or XLSX, with their
    workplaces by name.
    **The file holds personal data** (special-category data such as union membership and
    support): store it safely, share it with no one who should not see it and delete it when
    done. Each export is written to the group's audit trail (who, when, which filters, how
    many rows); the answer carries `X-Contains-Personal-Data: true`.
    """
    export = service.disputes_export(session, ctx, filters)
    return await _respond(request, session, log, ctx, export, file_format, filters)


@router.get(
    "/exports/actions.{file_format}",
    tags=["exports"],
    operation_id="export_actions",
    response_class=Response,
    responses=FILE_RESPONSES,
)
async def export_actions(
    file_format: ExportFormat,
    request: Request,
    session: SessionDep,
    ctx: Exporter,
    log: ReadLogDep,
    filters: ActionFiltersDep,
) -> Response:
    """The group's solidarity actions matching the action list's filters, as CSV or XLSX,
    with the supported dispute and the participants by name.
    **The file holds personal data** (special-category data such as union membership and
    support): store it safely, share it with no one who should not see it and delete it when
    done. Each export is written to the group's audit trail (who, when, which filters, how
    many rows); the answer carries `X-Contains-Personal-Data: true`.
    """
    export = service.actions_export(ctx, filters)
    return await _respond(request, session, log, ctx, export, file_format, filters)


@router.get(
    "/audit",
    tags=["audit"],
    operation_id="list_audit_events",
    responses=error_responses(401, 403, 404, 422),
)
async def list_audit_events(
    session: SessionDep, ctx: Auditor, limit: LimitQuery = DEFAULT_LIMIT, cursor: CursorQuery = None
) -> Page[AuditEventRead]:
    """The group's audit trail, newest first: every export of its records, by whom, when,
    with which filters and how many rows (organisers and owners)."""
    items, next_cursor = await service.list_audit_events(session, ctx, limit=limit, cursor=cursor)
    return Page(items=items, next_cursor=next_cursor)


@router.get(
    "/contacts/{contact_id}/subject-access",
    tags=["exports"],
    operation_id="contact_subject_access",
    responses=error_responses(401, 403, 404, 422),
)
async def contact_subject_access(
    contact_id: uuid.UUID, session: SessionDep, ctx: Exporter, log: ReadLogDep, response: Response
) -> SubjectAccessBundle:
    """Everything the group holds about one person, for a subject access request (UK GDPR
    Article 15): their record, assessments, conversations, follow-ups, dispute links,
    solidarity actions (without the other participants) and the full history of their record
    with who made each change. **It holds personal data**; the request is written to the
    audit trail."""
    response.headers["X-Contains-Personal-Data"] = "true"
    bundle = await subject_access(session, ctx, contact_id)
    await log.record(ctx, Read(ReadKind.subject_access, row_count=1, contact_ids=[contact_id]))
    return bundle


@router.get(
    "/contacts/{contact_id}/subject-access/download",
    tags=["exports"],
    operation_id="download_subject_access",
    response_class=Response,
    responses={
        **error_responses(401, 403, 404, 422),
        200: {
            "description": "The bundle as a file to give the person: a zip holding the JSON "
            "and the readable HTML document, or either alone. Holds personal data.",
            "content": {media_type.split(";")[0]: {} for media_type in MEDIA_TYPES.values()},
            "headers": FILE_RESPONSES[200]["headers"],
        },
    },
)
async def download_subject_access(
    contact_id: uuid.UUID,
    session: SessionDep,
    ctx: Exporter,
    log: ReadLogDep,
    file_format: Annotated[
        BundleFormat,
        Query(alias="format", description="`zip` (default: both), `html` or `json`"),
    ] = BundleFormat.zip,
) -> Response:
    """The subject access bundle as a file (see `contact_subject_access`). The HTML document
    is self-contained and printable, headed with who requested it and when; it runs no script
    and loads nothing. The request is written to the audit trail with its format."""
    bundle = await subject_access(session, ctx, contact_id, file_format=file_format.value)
    await log.record(ctx, Read(ReadKind.subject_access, row_count=1, contact_ids=[contact_id]))
    headers = {
        "Content-Disposition": f'attachment; filename="{bundle_filename(bundle, file_format)}"',
        "X-Contains-Personal-Data": "true",
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    }
    return Response(
        render(bundle, file_format), media_type=MEDIA_TYPES[file_format], headers=headers
    )


@router.get(
    "/exports/handouts.{file_format}",
    tags=["exports"],
    operation_id="export_handouts",
    response_class=Response,
    responses=FILE_RESPONSES,
)
async def export_handouts(
    file_format: ExportFormat,
    request: Request,
    session: SessionDep,
    ctx: Exporter,
    log: ReadLogDep,
    filters: HandoutFiltersDep,
) -> Response:
    """The bulletins' distribution log as CSV or XLSX: one edition's hand-outs
    (`edition_id`), the group's over a time range (`from`, `to`), or both; each with the
    bulletin, the edition's number and date, the workplace and shift by name, the gate, the
    copies and who handed them out. A 422 on `edition_id` for an edition that is not the
    group's.
    **The file holds personal data** (the names of those who handed out): store it safely and
    delete it when done. Each export is written to the group's audit trail (who, when, which
    filters, how many rows); the answer carries `X-Contains-Personal-Data: true`.
    """
    await check_handout_filters(session, ctx, filters)
    export = service.handouts_export(ctx, filters)
    return await _respond(request, session, log, ctx, export, file_format, filters)
