"""Response shapes for committee coverage and the group dashboard."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, Field

from api.campaigns.enums import TestKind
from api.core.permissions import Role


class MemberHolding(BaseModel):
    user_id: uuid.UUID
    display_name: str
    role: Role
    holds: int = Field(description="Contacts this member is responsible for (`organiser_id`)")
    over_target: bool = Field(description="Holds more than the usual 1 to 10")


class UnheldWorker(BaseModel):
    contact_id: uuid.UUID
    full_name: str
    department_name: str | None


class CommitteeMember(BaseModel):
    contact_id: uuid.UUID
    full_name: str
    marked: bool = Field(description="Marked committee (otherwise an assessed leader and member)")


class DepartmentCommittee(BaseModel):
    department_id: uuid.UUID | None = Field(description="Null for workers with no department")
    name: str | None
    workplace_id: uuid.UUID | None
    headcount: int = Field(
        description="The department's estimated headcount, or the contacts known there if none"
    )
    estimated: bool = Field(description="Whether the headcount is the department's estimate")
    contacts: int
    committee: list[CommitteeMember]
    needed: int = Field(description="10% of the headcount, rounded up")
    met: bool


class CommitteeCoverage(BaseModel):
    holds_target: int = Field(description="How many contacts one member usually holds at most")
    contacts: int
    held: int
    members: list[MemberHolding]
    unheld_count: int = Field(description="Workers no current member of the group holds")
    unheld: list[UnheldWorker] = Field(description="The first of them by name (at most 200)")
    departments: list[DepartmentCommittee]


class AssessmentMix(BaseModel):
    level_1: int
    level_2: int
    level_3: int
    level_4: int
    level_5: int
    unassessed: int


class GroupFigures(BaseModel):
    headcount: int = Field(description="The workplaces' estimated headcounts added up")
    contacts: int
    held: int = Field(description="Contacts a member is responsible for")
    committee: int
    assessment: AssessmentMix
    conversations: int = Field(description="Conversations in the seven days before")


class WeekFigures(GroupFigures):
    week_start: date = Field(description="The Monday of the ISO week")
    taken_at: datetime


class OrganiserActivity(BaseModel):
    user_id: uuid.UUID
    display_name: str
    holds: int
    conversations_7_days: int
    conversations_28_days: int
    overdue_follow_ups: int


class TestProgress(BaseModel):
    __test__ = False  # not a pytest class, despite its name

    test_id: uuid.UUID
    campaign_id: uuid.UUID
    campaign_name: str
    title: str
    kind: TestKind
    own_kind: str | None
    position: int
    deadline: date | None
    in_scope: int
    took_part: int
    took_part_percent: float | None
    target_percent: int
    target_met: bool


class OpenBallot(BaseModel):
    ballot_id: uuid.UUID
    dispute_id: uuid.UUID
    dispute_title: str
    opens_on: date
    closes_on: date
    on_roll: int
    voted: int
    turnout_percent: float | None
    turnout_met: bool | None = Field(description="Null when no turnout threshold applies")
    turnout_needed: int | None = Field(description="The fewest votes that meet the threshold")


class OverdueFollowUp(BaseModel):
    follow_up_id: uuid.UUID
    title: str
    due_on: date
    assignee_id: uuid.UUID | None
    assignee_name: str | None
    contact_id: uuid.UUID | None


class GroupDashboard(BaseModel):
    now: GroupFigures
    weeks: list[WeekFigures] = Field(description="The weekly snapshots, oldest first (a year)")
    organisers: list[OrganiserActivity]
    open_tests: list[TestProgress]
    open_ballots: list[OpenBallot]
    overdue_count: int
    overdue: list[OverdueFollowUp] = Field(description="The oldest first (at most 50)")
