"""`shopfloor seed-demo`: a clearly marked demo group with a living organising picture.

Everything is made up (the people, places and notes in `api/seed/roster.py`, chosen with a
fixed seed, so every run gives the same demo) and written through the same write path as
real data, so the change log and attribution look as they would in use. Running it again
leaves an existing demo group alone and resets the demo login's password.
"""

from __future__ import annotations

import random
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

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
from api.disputes.enums import (
    BallotKind,
    DemandStatus,
    DisputePart,
    DisputeStatus,
    EventKind,
    FundDirection,
    FundEntryKind,
)
from api.disputes.models import (
    Ballot,
    Demand,
    Dispute,
    DisputeContact,
    DisputeEvent,
    DisputeWorkplace,
    StrikeFundEntry,
)
from api.followups.models import FollowUp
from api.seed.roster import NEXT_STEPS, OUTCOMES, PLANS, SEED, conversation_note, rosters
from api.solidarity.enums import ActionKind
from api.solidarity.models import SolidarityAction, SolidarityParticipant
from api.workplaces.models import Department, Shift, Workplace, name_key

DEMO_EMAIL = "demo@shopfloor.example"
DEMO_PASSWORD = "shopfloor demo login"  # noqa: S105  (printed to the person running the demo)
DEMO_GROUP_NAME = "DEMO — Trentside Workers' Network"
# The people who log the conversations (the demo login is the fifth).
REPS = ["Kelly Wright", "Imran Hussain", "Andreea Popa", "Tom Gallagher"]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str


# Most one-to-ones are face to face, at work or at the gate.
CHANNELS = [Channel.in_person, Channel.phone, Channel.message, Channel.meeting]

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


async def _helper_users(session: AsyncSession, passwords: Passwords) -> list[User]:
    users = []
    unusable = passwords.hash(secrets.token_urlsafe(30))
    for index, name in enumerate(REPS):
        email = f"demo-rep-{index + 1}@shopfloor.example"
        user = (await session.scalars(select(User).where(col(User.email) == email))).first()
        if user is None:
            user = User(
                email=email,
                display_name=name,
                password_hash=unusable,
                is_demo=True,
            )
            session.add(user)
        users.append(user)
    await session.flush()
    return users


def _email(first: str, last: str, rng: random.Random) -> str:
    """An address at example.com, spelt without accents as most people's really are."""
    plain = unicodedata.normalize("NFKD", f"{first}.{last}".lower().replace("ł", "l"))
    local = "".join(ch for ch in plain if ch.isascii() and (ch.isalnum() or ch in ".-"))
    return f"{local}{rng.randint(1, 99)}@example.com"


def _phone(rng: random.Random) -> str:
    """A mobile number from the range Ofcom keeps for drama, so it rings nobody."""
    return f"07700 900{rng.randrange(1000):03}"


async def _seed_group(session: AsyncSession, demo: User, reps: list[User]) -> None:
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
    issues_of: dict[object, list[str]] = {}
    workplaces: list[Workplace] = []
    for plan, people in zip(PLANS, rosters(), strict=True):
        workplace = await writer.create(
            Workplace(
                name=plan.name,
                employer=plan.employer,
                sector=plan.sector,
                address=plan.address,
                postcode=plan.postcode,
                unions=plan.unions,
                estimated_headcount=plan.headcount,
                notes=plan.notes,
            )
        )
        workplaces.append(workplace)
        departments = [
            await writer.create(
                Department(
                    workplace_id=workplace.id,
                    name=department.name,
                    name_key=name_key(department.name),
                    estimated_headcount=department.headcount,
                )
            )
            for department in plan.departments
        ]
        shifts = [
            await writer.create(
                Shift(
                    workplace_id=workplace.id, name=name, name_key=name_key(name), pattern=pattern
                )
            )
            for name, pattern in plan.shifts
        ]
        for person in people:
            first, _, last = person.full_name.partition(" ")
            contact = await writer.create(
                Contact(
                    full_name=person.full_name,
                    workplace_id=workplace.id,
                    department_id=departments[person.department].id,
                    shift_id=shifts[person.shift].id,
                    job_title=person.job_title,
                    union=rng.choice(plan.unions),
                    membership_status=rng.choices(list(MembershipStatus), weights=[45, 35, 10, 10])[
                        0
                    ],
                    phone=_phone(rng) if rng.random() < 0.8 else None,
                    email=_email(first, last, rng) if rng.random() < 0.4 else None,
                    preferred_language=person.preferred_language,
                    other_languages=["en"] if person.preferred_language else [],
                    organiser_id=rng.choice(organisers).id,
                    tags=person.issues,
                    source="Demo data",
                    lawful_basis="Legitimate interests (trade union organising)",
                )
            )
            issues_of[contact.id] = person.issues
            all_contacts.append(contact)

    # Conversations over the last four months, with assessments and follow-ups.
    for contact in all_contacts:
        level = rng.choices(list(LEVEL_WEIGHTS), weights=list(LEVEL_WEIGHTS.values()))[0]
        talks = 0 if level is None else rng.randint(1, 3)
        last_talk: datetime | None = None
        for index in range(talks):
            when = now - timedelta(days=rng.randint(1, 120), hours=rng.randint(0, 10))
            speaker = rng.choice(organisers)
            raised = issues_of[contact.id]
            first_name = contact.full_name.split(" ")[0]
            # Earlier talks are where someone stood then; the last one matches their level.
            level_then = level if index == talks - 1 else rng.choice([level, 3])
            conversation = await writer.create(
                Conversation(
                    contact_id=contact.id,
                    occurred_at=when,
                    spoken_by=speaker.id,
                    channel=rng.choices(CHANNELS, weights=[6, 2, 2, 1])[0],
                    issues=raised,
                    notes=" ".join(conversation_note(issue, first_name, rng) for issue in raised),
                    outcome=rng.choice(OUTCOMES[level_then]),
                    next_step=rng.choice(NEXT_STEPS[level_then]),
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
                        reason=rng.choice(OUTCOMES[level]),
                        conversation_id=conversation.id,
                    )
                )
                if rng.random() < 0.15:
                    await writer.create(
                        FollowUp(
                            title=rng.choice(
                                [
                                    f"Talk to {first_name} again after payday",
                                    f"Bring {first_name} a membership form",
                                    f"Introduce {first_name} to the rep on their shift",
                                    f"Ask {first_name} to sign the petition",
                                ]
                            ),
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

    depot, hospital = workplaces[0], workplaces[2]
    dispute = await writer.create(
        Dispute(
            title="Fair pay for outsourced hospital staff",
            summary="Brightwell's domestics and porters want the Agenda for Change rates and "
            "sick pay that NHS staff on the same wards get. The indicative ballot was a big yes; "
            "the statutory ballot is the fight now: every member's address checked and every "
            "paper chased.",
            status=DisputeStatus.balloting,
            unions=["UNISON"],
            started_on=(now - timedelta(days=75)).date(),
            strike_fund_target=Decimal("15000.00"),
            strike_fund_raised=Decimal("6420.50"),
        )
    )
    await writer.create(DisputeWorkplace(dispute_id=dispute.id, workplace_id=hospital.id))
    # The raised total above is the sum of these, as the ledger keeps it.
    for days_ago, kind, amount, description in [
        (60, FundEntryKind.collection, "1180.50", "Bucket collection at the main entrance"),
        (45, FundEntryKind.donation, "2500.00", "Bus drivers' branch donation"),
        (30, FundEntryKind.levy, "1240.00", "Members' levy, £2 a week"),
        (10, FundEntryKind.donation, "1500.00", "Trades council appeal"),
    ]:
        await writer.create(
            StrikeFundEntry(
                dispute_id=dispute.id,
                entry_on=(now - timedelta(days=days_ago)).date(),
                kind=kind,
                direction=FundDirection.money_in,
                amount=Decimal(amount),
                description=description,
            )
        )
    for position, (text, status) in enumerate(
        [
            ("Agenda for Change pay rates for everyone on the contract", DemandStatus.pending),
            ("Full sick pay from day one", DemandStatus.pending),
            ("Paid breaks on nights", DemandStatus.won),
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
            summary="Picking aisles passed 30°C last summer with no extra breaks and the water "
            "fountain on the mezzanine broken. Pickers on nights are collecting temperature "
            "readings before going to management with a petition.",
            status=DisputeStatus.brewing,
            unions=["GMB"],
        )
    )
    await writer.create(DisputeWorkplace(dispute_id=depot_dispute.id, workplace_id=depot.id))

    for action_kind, days_ago, title, place, money, supported in [
        (
            ActionKind.picket_visit,
            20,
            "Visit to the bin workers' picket",
            "Eastcroft depot gates",
            None,
            "Refuse collectors' strike over the new rotas",
        ),
        (
            ActionKind.collection,
            14,
            "Bucket collection for the hospital strike fund",
            "Outside Nottingham station, Carrington Street",
            Decimal("412.35"),
            None,
        ),
        (
            ActionKind.motion_passed,
            9,
            "Support motion at the trades council",
            "Trades council meeting, Mechanics Institute",
            None,
            None,
        ),
        (
            ActionKind.donation,
            5,
            "Bus drivers' branch donation to the strike fund",
            "Unite branch meeting, Riverside Bus Garage",
            Decimal("500.00"),
            None,
        ),
        (
            ActionKind.demonstration,
            -6,
            "March for fair pay for outsourced NHS staff",
            "From the Forest Recreation Ground to the Old Market Square",
            None,
            None,
        ),
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
                place=place,
                dispute_id=None if supported else dispute.id,
                outside_dispute=supported,
                head_count=rng.randint(4, 40),
                money_raised=money,
                notes="Demo data: made up, like everything in this group.",
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
                reps = await _helper_users(session, passwords)
                await _seed_group(session, demo, reps)
            await session.commit()
    finally:
        await engine.dispose()
    return DemoLogin(DEMO_EMAIL, DEMO_PASSWORD)
