"""`shopfloor seed-demo`: a clearly marked demo group with a living organising picture.

Everything is made up (Faker, en_GB) and written through the same write path as real
data, so the change log and attribution look as they would in use. Running it again
leaves an existing demo group alone and resets the demo login's password.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from faker import Faker
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.auth.models import User
from api.auth.passwords import Passwords
from api.contacts.enums import MembershipStatus
from api.contacts.models import Assessment, Contact
from api.conversations.enums import Channel
from api.conversations.models import Conversation
from api.core.config import Settings
from api.core.db import create_engine, create_sessionmaker, utcnow
from api.core.permissions import Role
from api.core.records import Actor, RecordWriter
from api.core.tenants import Group, Membership
from api.disputes.enums import BallotKind, DemandStatus, DisputePart, DisputeStatus, EventKind
from api.disputes.models import (
    Ballot,
    Demand,
    Dispute,
    DisputeContact,
    DisputeEvent,
    DisputeWorkplace,
)
from api.followups.models import FollowUp
from api.solidarity.enums import ActionKind
from api.solidarity.models import SolidarityAction, SolidarityParticipant
from api.workplaces.models import Department, Shift, Workplace, name_key

DEMO_EMAIL = "demo@shopfloor.example"
DEMO_PASSWORD = "shopfloor demo login"  # noqa: S105  (printed to the person running the demo)
DEMO_GROUP_NAME = "DEMO — Northgate Health & Logistics Workers"
SEED = 2026

ISSUES = [
    "pay",
    "staffing",
    "breaks",
    "rotas",
    "sick pay",
    "bullying",
    "heat",
    "overtime",
    "agency staff",
    "health and safety",
]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str


@dataclass(frozen=True)
class WorkplacePlan:
    name: str
    employer: str
    sector: str
    postcode: str
    unions: list[str]
    headcount: int
    departments: list[tuple[str, int]]
    shifts: list[str]


PLANS = [
    WorkplacePlan(
        "Northgate General Hospital",
        "Northgate NHS Foundation Trust",
        "health",
        "NG1 4FQ",
        ["UNISON", "Unite"],
        420,
        [("Portering", 60), ("Domestic services", 90), ("Catering", 45), ("Ward 7", 38)],
        ["Earlies", "Lates", "Nights"],
    ),
    WorkplacePlan(
        "Eastfield Distribution Centre",
        "Parcelwise Logistics Ltd",
        "logistics",
        "NG9 2TD",
        ["GMB"],
        310,
        [("Goods in", 80), ("Picking", 140), ("Despatch", 70)],
        ["Days", "Nights", "Weekends"],
    ),
    WorkplacePlan(
        "Riverside Bus Garage",
        "Citylink Buses",
        "transport",
        "NG2 3AX",
        ["Unite"],
        180,
        [("Drivers", 150), ("Engineering", 30)],
        ["Early turn", "Late turn"],
    ),
]

# Most contacts sit in the middle of the scale; leaders are few, as in a real campaign.
LEVEL_WEIGHTS = {1: 8, 2: 22, 3: 30, 4: 15, 5: 5, None: 20}


async def _demo_user(session: AsyncSession, passwords: Passwords) -> User:
    user = (await session.scalars(select(User).where(col(User.email) == DEMO_EMAIL))).first()
    if user is None:
        user = User(
            email=DEMO_EMAIL,
            display_name="Demo Organiser",
            password_hash="",
            is_demo=True,
        )
    user.password_hash = passwords.hash(DEMO_PASSWORD)
    user.password_changed_at = utcnow()
    session.add(user)
    await session.flush()
    return user


async def _helper_users(
    session: AsyncSession, passwords: Passwords, fake: Faker, count: int
) -> list[User]:
    users = []
    unusable = passwords.hash(fake.password(length=40))
    for index in range(count):
        email = f"demo-rep-{index + 1}@shopfloor.example"
        user = (await session.scalars(select(User).where(col(User.email) == email))).first()
        if user is None:
            user = User(
                email=email,
                display_name=fake.name(),
                password_hash=unusable,
                is_demo=True,
            )
            session.add(user)
        users.append(user)
    await session.flush()
    return users


def _phone(fake: Faker) -> str:
    return "07" + "".join(str(fake.random_digit()) for _ in range(9))


async def _seed_group(session: AsyncSession, demo: User, reps: list[User]) -> None:
    fake = Faker("en_GB")
    fake.seed_instance(SEED)
    rng = random.Random(SEED)
    now = utcnow()

    group = Group(name=DEMO_GROUP_NAME, is_demo=True)
    session.add(group)
    await session.flush()
    writer = RecordWriter(session, group.id, Actor(user_id=demo.id))
    await writer.create(Membership(user_id=demo.id, role=Role.owner))
    for rep, role in zip(
        reps, [Role.organiser, Role.organiser, Role.member, Role.observer], strict=False
    ):
        await writer.create(Membership(user_id=rep.id, role=role))
    organisers = [demo, *reps[:3]]

    all_contacts: list[Contact] = []
    workplaces: list[Workplace] = []
    for plan in PLANS:
        workplace = await writer.create(
            Workplace(
                name=plan.name,
                employer=plan.employer,
                sector=plan.sector,
                address=fake.street_address(),
                postcode=plan.postcode,
                unions=plan.unions,
                estimated_headcount=plan.headcount,
                notes="Demo data: made-up workplace.",
            )
        )
        workplaces.append(workplace)
        departments = [
            await writer.create(
                Department(
                    workplace_id=workplace.id,
                    name=name,
                    name_key=name_key(name),
                    estimated_headcount=headcount,
                )
            )
            for name, headcount in plan.departments
        ]
        shifts = [
            await writer.create(
                Shift(workplace_id=workplace.id, name=name, name_key=name_key(name))
            )
            for name in plan.shifts
        ]
        for _ in range(plan.headcount // 3):
            department = rng.choice(departments)
            first, last = fake.first_name(), fake.last_name()
            contact = await writer.create(
                Contact(
                    full_name=f"{first} {last}",
                    workplace_id=workplace.id,
                    department_id=department.id,
                    shift_id=rng.choice(shifts).id,
                    job_title=rng.choice(
                        ["Assistant", "Operative", "Team leader", "Driver", "Cleaner", "Porter"]
                    ),
                    union=rng.choice(plan.unions),
                    membership_status=rng.choices(list(MembershipStatus), weights=[45, 35, 10, 10])[
                        0
                    ],
                    phone=_phone(fake) if rng.random() < 0.8 else None,
                    email=f"{first}.{last}{rng.randint(1, 99)}@example.com".lower()
                    if rng.random() < 0.5
                    else None,
                    preferred_language=rng.choices(
                        ["English", "Polish", "Urdu", "Romanian"], weights=[80, 8, 7, 5]
                    )[0],
                    organiser_id=rng.choice(organisers).id,
                    tags=rng.sample(ISSUES, k=rng.randint(0, 2)),
                    source="Demo data",
                    lawful_basis="Legitimate interests (trade union organising)",
                )
            )
            all_contacts.append(contact)

    # Conversations over the last four months, with assessments and follow-ups.
    for contact in all_contacts:
        level = rng.choices(list(LEVEL_WEIGHTS), weights=list(LEVEL_WEIGHTS.values()))[0]
        talks = 0 if level is None else rng.randint(1, 3)
        last_talk: datetime | None = None
        for index in range(talks):
            when = now - timedelta(days=rng.randint(1, 120), hours=rng.randint(0, 10))
            speaker = rng.choice(organisers)
            raised = rng.sample(ISSUES, k=rng.randint(1, 3))
            conversation = await writer.create(
                Conversation(
                    contact_id=contact.id,
                    occurred_at=when,
                    spoken_by=speaker.id,
                    channel=rng.choice(list(Channel)),
                    issues=raised,
                    notes=f"Talked about {', '.join(raised)}. {fake.sentence(nb_words=10)}",
                    outcome=rng.choice(
                        [
                            "Agreed to come to the meeting",
                            "Wants to think about it",
                            "Will sign the petition",
                            "Not keen yet",
                        ]
                    ),
                    next_step=rng.choice(
                        [
                            "Invite to branch meeting",
                            "Talk again after payday",
                            "Introduce to the rep",
                            None,
                        ]
                    ),
                )
            )
            if last_talk is None or when > last_talk:
                last_talk = when
            if index == talks - 1 and level is not None:
                await writer.create(
                    Assessment(
                        contact_id=contact.id,
                        level=level,
                        assessed_at=when,
                        assessed_by=speaker.id,
                        reason="Assessed after a one-to-one (demo data)",
                        conversation_id=conversation.id,
                    )
                )
                if rng.random() < 0.15:
                    await writer.create(
                        FollowUp(
                            title=f"Follow up with {contact.full_name}",
                            assignee_id=speaker.id,
                            due_on=(now + timedelta(days=rng.randint(-10, 20))).date(),
                            contact_id=contact.id,
                            conversation_id=conversation.id,
                        )
                    )
        changes: dict[str, object] = {}
        if last_talk is not None:
            changes["last_conversation_at"] = last_talk
        if level is not None and last_talk is not None:
            changes["assessment_level"] = level
            changes["assessed_at"] = last_talk
        if changes:
            await writer.update(contact, changes)

    hospital, depot = workplaces[0], workplaces[1]
    dispute = await writer.create(
        Dispute(
            title="Fair pay for outsourced hospital staff",
            summary="Porters, domestics and catering staff on the contractor's rates want "
            "parity with directly employed NHS staff (demo data).",
            status=DisputeStatus.balloting,
            unions=["UNISON"],
            started_on=(now - timedelta(days=75)).date(),
            strike_fund_target=Decimal("15000.00"),
            strike_fund_raised=Decimal("6420.50"),
        )
    )
    await writer.create(DisputeWorkplace(dispute_id=dispute.id, workplace_id=hospital.id))
    for position, (text, status) in enumerate(
        [
            ("Agenda for Change pay rates for all outsourced staff", DemandStatus.pending),
            ("Full sick pay from day one", DemandStatus.pending),
            ("Paid breaks on night shifts", DemandStatus.won),
        ]
    ):
        await writer.create(
            Demand(dispute_id=dispute.id, text=text, status=status, position=position)
        )
    today = now.date()
    for event_kind, offset, title in [
        (EventKind.meeting, -70, "Mass meeting in the canteen"),
        (EventKind.grievance, -55, "Collective grievance lodged"),
        (EventKind.negotiation, -30, "First meeting with the contractor"),
        (EventKind.ballot, -10, "Statutory ballot opens"),
        (EventKind.ballot, 11, "Ballot closes"),
        (EventKind.strike_day, 30, "First strike day, if the ballot passes"),
    ]:
        await writer.create(
            DisputeEvent(
                dispute_id=dispute.id,
                kind=event_kind,
                occurs_on=today + timedelta(days=offset),
                title=title,
            )
        )
    hospital_contacts = [c for c in all_contacts if c.workplace_id == hospital.id]
    for contact in hospital_contacts[:12]:
        await writer.create(
            DisputeContact(
                dispute_id=dispute.id,
                contact_id=contact.id,
                part=DisputePart.rep if contact.assessment_level == 1 else DisputePart.supporter,
            )
        )
    await writer.create(
        Ballot(
            dispute_id=dispute.id,
            kind=BallotKind.indicative,
            opens_on=today - timedelta(days=45),
            closes_on=today - timedelta(days=35),
            entitled_to_vote=190,
            votes_cast=131,
            yes_votes=118,
            no_votes=12,
            spoilt=1,
            important_public_service=True,
            notes="Indicative ballot run by the branch (demo data).",
        )
    )
    await writer.create(
        Ballot(
            dispute_id=dispute.id,
            kind=BallotKind.statutory,
            opens_on=today - timedelta(days=10),
            closes_on=today + timedelta(days=11),
            entitled_to_vote=195,
            important_public_service=True,
        )
    )
    depot_dispute = await writer.create(
        Dispute(
            title="Heat in the picking aisles",
            summary="Summer temperatures above 30°C with no extra breaks (demo data).",
            status=DisputeStatus.brewing,
            unions=["GMB"],
        )
    )
    await writer.create(DisputeWorkplace(dispute_id=depot_dispute.id, workplace_id=depot.id))

    for action_kind, days_ago, title, money, supported in [
        (
            ActionKind.picket_visit,
            20,
            "Visit to the bin workers' picket",
            None,
            "Citywide refuse strike",
        ),
        (
            ActionKind.collection,
            14,
            "Bucket collection outside the station",
            Decimal("412.35"),
            None,
        ),
        (ActionKind.motion_passed, 9, "Support motion at the trades council", None, None),
        (ActionKind.donation, 5, "Branch donation to the strike fund", Decimal("500.00"), None),
        (ActionKind.demonstration, -6, "March for NHS pay", None, None),
    ]:
        action = await writer.create(
            SolidarityAction(
                kind=action_kind,
                title=title,
                occurs_at=datetime.combine(
                    today - timedelta(days=days_ago),
                    time(hour=rng.choice([7, 12, 17])),
                    tzinfo=now.tzinfo,
                ),
                place=fake.street_name(),
                dispute_id=None if supported else dispute.id,
                outside_dispute=supported,
                head_count=rng.randint(4, 40),
                money_raised=money,
                notes="Demo data.",
            )
        )
        for contact in rng.sample(hospital_contacts, k=min(3, len(hospital_contacts))):
            await writer.create(SolidarityParticipant(action_id=action.id, contact_id=contact.id))


async def seed_demo_data(settings: Settings) -> DemoLogin:
    engine = create_engine(
        settings.database_url, statement_timeout_seconds=settings.db_statement_timeout_seconds
    )
    try:
        async with create_sessionmaker(engine)() as session:
            passwords = Passwords(settings)
            demo = await _demo_user(session, passwords)
            exists = (
                await session.scalars(
                    select(col(Group.id)).where(
                        col(Group.is_demo).is_(True), col(Group.name) == DEMO_GROUP_NAME
                    )
                )
            ).first()
            if exists is None:
                fake = Faker("en_GB")
                fake.seed_instance(SEED + 1)
                reps = await _helper_users(session, passwords, fake, 4)
                await _seed_group(session, demo, reps)
            await session.commit()
    finally:
        await engine.dispose()
    return DemoLogin(DEMO_EMAIL, DEMO_PASSWORD)
