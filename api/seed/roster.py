"""The demo's made-up people and places: four workplaces of the kind rank-and-file groups
organise in, British-born and migrant workers as they really are in them, and the notes an
organiser would write after talking to them. Pure data and a seeded random choice, so the
same seed always gives the same roster (and the tests can check it without a database)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

SEED = 2026


@dataclass(frozen=True)
class Origin:
    """Where a worker's name comes from, and the language they may prefer to be spoken to in
    (an ISO 639 code; None: English; the app's own languages and the Census's commonest others)."""

    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    languages: tuple[str | None, ...] = (None,)


ORIGINS: dict[str, Origin] = {
    "british": Origin(
        (
            "Jack",
            "Liam",
            "Dean",
            "Craig",
            "Gary",
            "Lee",
            "Ryan",
            "Jordan",
            "Kieran",
            "Callum",
            "Darren",
            "Shaun",
            "Tom",
            "Danny",
            "Marcus",
            "Andre",
            "Leon",
            "Kelly",
            "Gemma",
            "Stacey",
            "Leanne",
            "Sharon",
            "Donna",
            "Jade",
            "Chloe",
            "Becky",
            "Sam",
            "Kerry",
            "Claire",
            "Lisa",
            "Tracey",
            "Shanice",
            "Jodie",
            "Bev",
            "Carol",
            "Mandy",
            "Rhiannon",
            "Siobhan",
            "Ewan",
            "Fraser",
        ),
        (
            "Smith",
            "Jones",
            "Taylor",
            "Brown",
            "Wilson",
            "Walker",
            "Wright",
            "Hall",
            "Green",
            "Wood",
            "Harris",
            "Clarke",
            "Hughes",
            "Edwards",
            "Turner",
            "Hill",
            "Morris",
            "Cooper",
            "Ward",
            "Bennett",
            "Griffiths",
            "Price",
            "Lloyd",
            "Murphy",
            "Kelly",
            "Campbell",
            "Stewart",
            "Davies",
            "Evans",
            "Thomas",
            "Roberts",
            "Johnson",
            "Campbell-Reid",
            "Okafor",
            "Mensah",
            "Francis",
            "Bailey",
            "Grant",
            "Gordon",
            "Reid",
        ),
    ),
    "polish": Origin(
        (
            "Agnieszka",
            "Katarzyna",
            "Magdalena",
            "Joanna",
            "Ewa",
            "Monika",
            "Aleksandra",
            "Marta",
            "Piotr",
            "Tomasz",
            "Krzysztof",
            "Paweł",
            "Łukasz",
            "Michał",
            "Marcin",
            "Grzegorz",
            "Kamil",
            "Dawid",
        ),
        (
            "Kowalska",
            "Nowak",
            "Wiśniewski",
            "Wójcik",
            "Kamińska",
            "Lewandowski",
            "Zieliński",
            "Szymańska",
            "Woźniak",
            "Dąbrowski",
            "Kozłowski",
            "Mazur",
            "Krawczyk",
            "Kaczmarek",
            "Pawlak",
            "Sikora",
        ),
        ("pl", "pl", None),
    ),
    "romanian": Origin(
        (
            "Andreea",
            "Ioana",
            "Elena",
            "Mihaela",
            "Alina",
            "Gabriela",
            "Cristina",
            "Ionuț",
            "Andrei",
            "Mihai",
            "Florin",
            "Bogdan",
            "Marius",
            "Adrian",
            "Ciprian",
            "Vasile",
        ),
        (
            "Popescu",
            "Ionescu",
            "Popa",
            "Dumitru",
            "Stan",
            "Stoica",
            "Gheorghe",
            "Rusu",
            "Munteanu",
            "Matei",
            "Constantin",
            "Marin",
            "Lungu",
            "Ciobanu",
        ),
        ("ro", "ro", None),
    ),
    "portuguese": Origin(
        (
            "Ana",
            "Sofia",
            "Beatriz",
            "Inês",
            "Mariana",
            "Carla",
            "João",
            "Rui",
            "Tiago",
            "Nuno",
            "Pedro",
            "Hélder",
            "Luís",
            "Filipa",
        ),
        (
            "Silva",
            "Santos",
            "Ferreira",
            "Pereira",
            "Oliveira",
            "Costa",
            "Rodrigues",
            "Martins",
            "Sousa",
            "Fernandes",
            "Gonçalves",
            "Lopes",
        ),
        ("pt", None),
    ),
    "spanish": Origin(
        (
            "Lucía",
            "Carmen",
            "María José",
            "Laura",
            "Marta",
            "Raquel",
            "Javier",
            "Alejandro",
            "Sergio",
            "Pablo",
            "David",
            "Iker",
            "Nerea",
        ),
        (
            "García",
            "Fernández",
            "González",
            "Rodríguez",
            "López",
            "Martínez",
            "Sánchez",
            "Pérez",
            "Gómez",
            "Ruiz",
            "Jiménez",
            "Moreno",
        ),
        ("es", None),
    ),
    "arabic": Origin(
        (
            "Ahmed",
            "Mohamed",
            "Omar",
            "Youssef",
            "Khaled",
            "Hassan",
            "Tarek",
            "Samir",
            "Fatima",
            "Amira",
            "Layla",
            "Nour",
            "Huda",
            "Rania",
        ),
        (
            "Hassan",
            "Ali",
            "Ibrahim",
            "Mahmoud",
            "Abdullah",
            "Saleh",
            "Haddad",
            "Nasser",
            "Al-Sayed",
            "Khalil",
            "Mansour",
            "Osman",
        ),
        ("ar", "ar", None),
    ),
    "south_asian": Origin(
        (
            "Imran",
            "Tariq",
            "Asif",
            "Bilal",
            "Zubair",
            "Amjad",
            "Harpreet",
            "Gurpreet",
            "Sukhwinder",
            "Rajesh",
            "Sanjay",
            "Nasima",
            "Shazia",
            "Farzana",
            "Rubina",
            "Priya",
            "Anjali",
            "Parveen",
            "Rahima",
            "Sunita",
        ),
        (
            "Khan",
            "Hussain",
            "Ahmed",
            "Akhtar",
            "Begum",
            "Iqbal",
            "Mahmood",
            "Rahman",
            "Uddin",
            "Miah",
            "Patel",
            "Sandhu",
            "Gill",
            "Singh",
            "Kaur",
            "Sharma",
            "Chowdhury",
        ),
        ("ur", "pa", "bn", None, None),
    ),
    "west_african": Origin(
        (
            "Chinedu",
            "Emeka",
            "Kwame",
            "Kofi",
            "Yaw",
            "Adebayo",
            "Folake",
            "Ngozi",
            "Adaeze",
            "Abena",
            "Akosua",
            "Blessing",
            "Grace",
            "Precious",
        ),
        (
            "Okonkwo",
            "Adeyemi",
            "Boateng",
            "Owusu",
            "Asante",
            "Eze",
            "Nwosu",
            "Oduya",
            "Mensah",
            "Appiah",
        ),
    ),
    "filipino": Origin(
        (
            "Maricel",
            "Rowena",
            "Jocelyn",
            "Rhea",
            "Mylene",
            "Arnel",
            "Jomar",
            "Ramon",
            "Lorna",
            "Cherry",
        ),
        ("Santos", "Reyes", "Cruz", "Bautista", "Ramos", "Mendoza", "Garcia", "Villanueva"),
    ),
}


@dataclass(frozen=True)
class DepartmentPlan:
    name: str
    headcount: int
    job_titles: tuple[str, ...]


@dataclass(frozen=True)
class WorkplacePlan:
    name: str
    employer: str
    sector: str
    address: str
    postcode: str
    unions: list[str]
    headcount: int
    departments: list[DepartmentPlan]
    shifts: list[tuple[str, str]]  # name, pattern
    origins: dict[str, int]  # who works here: origin -> weight
    issues: list[str]
    notes: str


PLANS = [
    WorkplacePlan(
        name="Eastfield Distribution Centre",
        employer="Parcelwise Logistics Ltd",
        sector="logistics",
        address="Unit 4, Eastfield Industrial Estate\nLong Eaton",
        postcode="NG10 3FJ",
        unions=["GMB"],
        headcount=310,
        departments=[
            DepartmentPlan(
                "Goods in", 60, ("Warehouse operative", "Forklift driver", "Team leader")
            ),
            DepartmentPlan("Picking", 140, ("Picker", "Picker", "Picker", "Team leader")),
            DepartmentPlan("Packing", 70, ("Packer", "Packer", "Line lead")),
            DepartmentPlan("Despatch", 40, ("Loader", "Shunter driver", "Team leader")),
        ],
        shifts=[
            ("Days", "06:00-14:00, Monday to Friday"),
            ("Lates", "14:00-22:00, Monday to Friday"),
            ("Nights", "22:00-06:00, Sunday to Thursday"),
            ("Weekends", "Twelve hours, Saturday and Sunday"),
        ],
        origins={
            "british": 40,
            "polish": 18,
            "romanian": 16,
            "south_asian": 12,
            "portuguese": 6,
            "arabic": 5,
            "west_african": 3,
        },
        issues=["heat", "pick rates", "agency staff", "breaks", "pay", "rotas"],
        notes="About a third of nights are agency staff through Quickstaff Recruitment. Best "
        "place to talk is the smoking shelter by goods in at the 02:00 break. Managers watch "
        "the canteen.",
    ),
    WorkplacePlan(
        name="Hollybank Care Home",
        employer="Evergreen Care Group",
        sector="social care",
        address="12 Hollybank Road\nBeeston",
        postcode="NG9 2QL",
        unions=["UNISON", "GMB"],
        headcount=75,
        departments=[
            DepartmentPlan("Elm unit (dementia)", 26, ("Care assistant", "Senior carer")),
            DepartmentPlan("Oak unit (nursing)", 24, ("Care assistant", "Nurse", "Senior carer")),
            DepartmentPlan("Kitchen", 8, ("Cook", "Kitchen assistant")),
            DepartmentPlan("Housekeeping and laundry", 17, ("Housekeeper", "Laundry assistant")),
        ],
        shifts=[
            ("Earlies", "07:00-14:30"),
            ("Lates", "14:00-21:30"),
            ("Waking nights", "21:00-07:00"),
        ],
        origins={
            "british": 38,
            "filipino": 14,
            "west_african": 14,
            "romanian": 12,
            "south_asian": 10,
            "polish": 6,
            "portuguese": 6,
        },
        issues=["staffing", "sick pay", "sleep-ins", "pay", "rotas", "bullying"],
        notes="Staff on sponsored visas are worried about speaking up: talk to them away from "
        "the home, and never put them on a list the manager could see. Handover at 14:00 is "
        "the only time earlies and lates overlap.",
    ),
    WorkplacePlan(
        name="Trentside Hospital cleaning contract",
        employer="Brightwell Facilities Services Ltd",
        sector="health",
        address="Trentside University Hospital, Derby Road\nNottingham",
        postcode="NG7 2UH",
        unions=["UNISON"],
        headcount=190,
        departments=[
            DepartmentPlan("Ward domestics", 95, ("Domestic", "Domestic", "Domestic supervisor")),
            DepartmentPlan("Theatres and ICU", 30, ("Domestic", "Theatre cleaner")),
            DepartmentPlan("Portering", 45, ("Porter", "Porter", "Head porter")),
            DepartmentPlan("Waste and linen", 20, ("Waste operative", "Linen porter")),
        ],
        shifts=[
            ("Earlies", "06:00-14:00"),
            ("Lates", "14:00-22:00"),
            ("Nights", "22:00-06:00"),
        ],
        origins={
            "british": 30,
            "portuguese": 14,
            "west_african": 14,
            "spanish": 10,
            "arabic": 10,
            "south_asian": 10,
            "romanian": 8,
            "polish": 4,
        },
        issues=["pay", "sick pay", "staffing", "bullying", "health and safety", "outsourcing"],
        notes="Outsourced in 2019. Brightwell pays the minimum wage and statutory sick pay "
        "only, while NHS domestics on the same wards are on Agenda for Change. Porters' lodge "
        "is the meeting point; ward domestics are spread thin, so go to them.",
    ),
    WorkplacePlan(
        name="Riverside Bus Garage",
        employer="Citylink Buses",
        sector="transport",
        address="Meadow Lane\nNottingham",
        postcode="NG2 3HS",
        unions=["Unite"],
        headcount=220,
        departments=[
            DepartmentPlan("Drivers", 170, ("Bus driver", "Bus driver", "Bus driver")),
            DepartmentPlan("Engineering", 32, ("Engineer", "Fitter", "Apprentice engineer")),
            DepartmentPlan("Cleaners and shunters", 18, ("Bus cleaner", "Shunter")),
        ],
        shifts=[
            ("Early turn", "Sign on from 04:45"),
            ("Middle turn", "Sign on 09:00-11:00"),
            ("Late turn", "Sign on from 14:00, finishing after midnight"),
        ],
        origins={"british": 55, "south_asian": 24, "polish": 9, "arabic": 6, "romanian": 6},
        issues=["pay", "toilet breaks", "rotas", "fatigue", "assaults on drivers", "overtime"],
        notes="The canteen at sign-on is where everyone passes. Unite has recognition, but the "
        "branch is run by two reps near retirement; newer drivers barely know who they are.",
    ),
]

# What an organiser writes down after a one-to-one, by issue. `{first}` is the worker.
NOTES: dict[str, tuple[str, ...]] = {
    "heat": (
        "Said it hit 31 degrees in aisle 40 last July and two on the line were sick. {first} wants "
        "water stations and an extra break when it's over 27.",
        "Showed me the heat rash from the hi-vis. Nobody from H&S came when it was rung in.",
    ),
    "pick rates": (
        "Pick rate went up to 180 an hour after Christmas. {first} got a 'conversation' for "
        "being at 92% the week their mum was in hospital.",
        "Says the handheld tells you off if you stop for a drink. Keen to compare notes with "
        "others on the same rate.",
    ),
    "agency staff": (
        "Been agency for 14 months, told twice about being taken on. {first} thinks the "
        "agency workers are scared to say anything in case they get no hours next week.",
        "Agency on nights get £1.10 less than staff for the same job. {first} knows six "
        "others who'd sign something if it was kept quiet.",
    ),
    "breaks": (
        "Walk to the canteen takes seven of the twenty minutes. Wants the break clocked from "
        "the canteen, not the aisle.",
        "Missed breaks on three shifts this week because the line was short. {first} has been "
        "writing the dates down.",
    ),
    "pay": (
        "The 3% doesn't touch the rent going up £80. {first} is doing the weekend overtime "
        "just to stand still.",
        "Angry the new starters are on nearly the same rate after nine years in. Asked "
        "what the union's claim is.",
        "Wants to know when the pay talks are. {first} said half the shift would come to a "
        "meeting if it's straight after work.",
    ),
    "rotas": (
        "Rota comes out on a Thursday for the Monday, can't sort childcare. {first} wants four "
        "weeks' notice like the old contract.",
        "Swapped onto lates without being asked. Will talk to the others on the line.",
    ),
    "staffing": (
        "Two carers for 22 residents on Elm last night. {first} is scared someone will fall "
        "and they'll get the blame.",
        "Regularly left alone on the ward. {first} will keep a log of the short "
        "shifts if we hand over a sheet.",
    ),
    "sick pay": (
        "Came in with flu because statutory sick pay doesn't cover the first three days. "
        "{first} says most people here do the same.",
        "Lost a week's wages after the norovirus outbreak. Wants full sick pay from day one "
        "like the NHS staff get.",
    ),
    "sleep-ins": (
        "Sleep-ins paid a flat £50 for ten hours. {first} gets woken most nights and still "
        "gets the flat rate.",
    ),
    "bullying": (
        "Supervisor shouts at {first} in front of residents' families. Doesn't want to make "
        "it formal yet but wants to know what the rights are.",
        "Told 'you have an attitude' since asking about a missing payslip. Worried about the "
        "visa if it turns into trouble.",
    ),
    "health and safety": (
        "Gloves run out by midweek and they're told to reuse them. {first} took photos.",
        "Sharps left in the clinical waste bags again. Nobody reported the last two "
        "needlestick injuries properly.",
    ),
    "outsourcing": (
        "Was NHS before 2019 and reckons it's £2,000 a year worse off now. {first} would vote "
        "to strike to be brought back in-house.",
        "Doesn't know the difference between Brightwell and the Trust. Explained who sets "
        "the pay; {first} is going to ask the others on the corridor.",
    ),
    "toilet breaks": (
        "Route 36 has no toilet stop for three hours at the end of the line. {first} has "
        "stopped drinking water on shift.",
    ),
    "fatigue": (
        "Eleven hours' spreadover with an unpaid break in the middle. Nearly clipped a cyclist "
        "on the last trip on Friday.",
        "Rest days cancelled three weeks running. {first} says half the drivers are on their "
        "knees by Thursday.",
    ),
    "assaults on drivers": (
        "Was spat at on the 58 and the company didn't even pull the CCTV. {first} wants "
        "screens fixed and police called every time.",
    ),
    "overtime": (
        "Overtime's the only way to pay the bills, so nobody wants to say no to it. {first} "
        "thinks a better basic rate would sort it.",
    ),
}

OUTCOMES: dict[int | None, tuple[str, ...]] = {
    1: (
        "Will talk to everyone on the line and bring names to the committee",
        "Agreed to be a contact for the shift and hand out the bulletin",
    ),
    2: (
        "Signed the petition and will come to the next meeting",
        "Joined the union on the spot",
    ),
    3: (
        "Wants to think about it; agrees something should change",
        "Interested but worried about being seen talking to us",
    ),
    4: (
        "Thinks nothing will change and doesn't want to get involved",
        "Happy with things as they are, says the manager is fair",
    ),
    5: (
        "Said the manager would hear about it if we kept on",
        "Told me the union is a waste of money",
    ),
    None: (
        "Only had a few minutes before the bus; friendly",
        "Said to catch them on another shift",
    ),
}

NEXT_STEPS: dict[int | None, tuple[str | None, ...]] = {
    1: ("Invite to the organising committee", "Bring to the training on Saturday"),
    2: ("Ask to get two workmates to the meeting", "Hand over the bulletin to pass round"),
    3: ("Talk again after payday", "Introduce to someone on the same shift who's already in"),
    4: (None, "Check in again after the pay offer"),
    5: (None,),
    None: ("Catch on the next shift", None),
}


@dataclass(frozen=True)
class Person:
    full_name: str
    origin: str
    preferred_language: str | None
    department: int  # index into the plan's departments
    shift: int  # index into the plan's shifts
    job_title: str
    issues: list[str] = field(default_factory=list)


def _department_weights(plan: WorkplacePlan) -> list[int]:
    return [department.headcount for department in plan.departments]


def roster(plan: WorkplacePlan, rng: random.Random, taken: set[str]) -> list[Person]:
    """A third of the workplace's headcount, placed by department size and shift, with names
    drawn from the origins that work there (never one name twice in the group)."""
    origins = list(plan.origins)
    weights = list(plan.origins.values())
    people = []
    for _ in range(plan.headcount // 3):
        origin_name = rng.choices(origins, weights=weights)[0]
        origin = ORIGINS[origin_name]
        name = f"{rng.choice(origin.first_names)} {rng.choice(origin.last_names)}"
        while name in taken:
            name = f"{rng.choice(origin.first_names)} {rng.choice(origin.last_names)}"
        taken.add(name)
        department = rng.choices(range(len(plan.departments)), _department_weights(plan))[0]
        people.append(
            Person(
                full_name=name,
                origin=origin_name,
                preferred_language=rng.choice(origin.languages),
                department=department,
                shift=rng.randrange(len(plan.shifts)),
                job_title=rng.choice(plan.departments[department].job_titles),
                issues=rng.sample(plan.issues, k=rng.randint(1, 2)),
            )
        )
    return people


def rosters(seed: int = SEED) -> list[list[Person]]:
    """Every workplace's roster, in the order of PLANS."""
    rng = random.Random(seed)
    taken: set[str] = set()
    return [roster(plan, rng, taken) for plan in PLANS]


def conversation_note(issue: str, first_name: str, rng: random.Random) -> str:
    return rng.choice(NOTES[issue]).format(first=first_name)
