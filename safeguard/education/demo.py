"""The demo's education (composed by home.demo): the invented sample of schools, Luton's term dates from
spring 2026 to summer 2027, and the placed children's schools and personal education plans, through the
services. Most children have a school and a PEP on time; a few have been without a school place for weeks
(the longest escalated to the Virtual School head), a few PEPs are overdue, and a few children who came
into care recently are still waiting for their first PEP. Every school, person and date is invented."""

from datetime import date, timedelta
from pathlib import Path

from django.db.models import Exists, OuterRef
from django.utils import timezone

from safeguard.accounts.demo import DemoWorld
from safeguard.core.audit import DEMO_LOADER
from safeguard.core.working_days import is_working_day
from safeguard.register.models import Child
from safeguard.register.selectors import current_placements

from . import services
from .gias import SchoolRow, gias_rows, text_of
from .models import School
from .school_days import is_school_age, year_group_for

SAMPLE = Path(__file__).resolve().parent / "data" / "gias-sample.csv"

# In the pattern of a Luton school year (invented dates): three terms, each with a half-term week.
TERMS = [
    ("Spring term 2026", date(2026, 1, 5), date(2026, 3, 27), date(2026, 2, 16), date(2026, 2, 20)),
    ("Summer term 2026", date(2026, 4, 13), date(2026, 7, 22), date(2026, 5, 25), date(2026, 5, 29)),
    ("Autumn term 2026", date(2026, 9, 3), date(2026, 12, 18), date(2026, 10, 26), date(2026, 10, 30)),
    ("Spring term 2027", date(2027, 1, 4), date(2027, 3, 25), date(2027, 2, 15), date(2027, 2, 19)),
    ("Summer term 2027", date(2027, 4, 12), date(2027, 7, 21), date(2027, 5, 31), date(2027, 6, 4)),
]


def schools_sample_load() -> int:
    rows = [row for row in gias_rows(text_of(SAMPLE.read_bytes())) if isinstance(row, SchoolRow)]
    services.schools_load(actor=DEMO_LOADER, rows=rows, source=SAMPLE.name)
    return len(rows)


def _weekday(day: date, today: date) -> date:
    """The working day on or after `day` (or before it, at the end of today): meetings and first days at
    school are not at weekends."""
    step = timedelta(days=1)
    while not is_working_day(day):
        day += step
        if day > today:
            day, step = today, -step
    return day


def _school_for(year: int, has_ehc_plan: bool, schools: dict, rng) -> School | None:
    if has_ehc_plan and rng.random() < 0.6:
        return schools["special"][0]
    if 0 <= year <= 6:
        return rng.choice(schools["primary"])
    if 7 <= year <= 11:
        return rng.choice(schools["secondary"])
    if 12 <= year <= 13:
        return rng.choice(schools["sixth"])
    return None


def education_demo_load(world: DemoWorld) -> None:
    host, fake, rng = world.host, world.fake, world.rng
    schools_sample_load()
    if not host.school_terms.exists():
        for name, starts, ends, half_starts, half_ends in TERMS:
            services.school_term_save(
                actor=DEMO_LOADER,
                host_council=host,
                name=name,
                starts_on=starts,
                ends_on=ends,
                half_term_starts_on=half_starts,
                half_term_ends_on=half_ends,
            )
    la = host.organisation.dfe_code
    local = School.objects.filter(la_code=la, is_open=True)
    schools = {
        "primary": list(local.filter(phase="Primary")),
        "secondary": list(local.filter(phase="Secondary")),
        "sixth": list(local.filter(phase__in=["16 plus", "Secondary"])),
        "special": list(local.filter(establishment_type__icontains="special")),
    }
    if not all(schools.values()):
        return  # a host without sample schools: its Virtual School records them from the real GIAS list
    vs_contacts: dict[int, tuple[str, str]] = {}
    today = timezone.localdate()
    placed = (
        Child.objects.filter(host_council=host)
        .filter(Exists(current_placements(today).filter(child=OuterRef("pk"))))
        .order_by("pk")
    )
    left_school = 0
    for child in placed:
        if not is_school_age(child.date_of_birth, today):
            continue
        placement = current_placements(today).filter(child=child).order_by("-start_date").first()
        year = year_group_for(child.date_of_birth, today)
        recent = (today - placement.start_date).days <= 70
        name = vs_contacts.get(child.placing_authority_id)
        if name is None:
            name = vs_contacts[child.placing_authority_id] = (fake.name(), child.placing_authority.dfe_code)
        entered = placement.start_date if recent else placement.start_date - timedelta(days=rng.randint(0, 500))
        teacher = fake.name()
        values = {
            "entered_care_on": max(entered, child.date_of_birth + timedelta(days=30)),
            "virtual_school_contact_name": name[0],
            "virtual_school_contact_email": f"virtual.school@{name[1]}.demo.invalid",
            "virtual_school_contact_phone": f"01632 961 {rng.randint(100, 999)}",
        }
        if child.has_ehc_plan is None:
            values["has_ehc_plan"] = False
        without_place = recent and rng.random() < 0.45
        if not without_place:
            values.update(
                designated_teacher_name=teacher,
                designated_teacher_email=f"{teacher.split()[-1].lower()}.dt@school.demo.invalid",
                designated_teacher_phone=f"01632 962 {rng.randint(100, 999)}",
            )
        services.education_record_update(actor=DEMO_LOADER, child=child, **values)
        if without_place:
            continue  # no school place since the placement began
        school = _school_for(year, bool(child.has_ehc_plan), schools, rng)
        if school is None:
            continue
        started = _weekday(min(placement.start_date + timedelta(days=rng.randint(2, 15)), today), today)
        services.school_place_record(actor=DEMO_LOADER, child=child, school=school, started_on=started)
        # A few left their school (a permanent exclusion, a move across the county) and wait for a new one.
        ends = _weekday(today - timedelta(days=rng.choice([12, 30, 45])), today)
        if left_school < 3 and not recent and ends > started and rng.random() < 0.1:
            services.school_place_end(actor=DEMO_LOADER, child=child, ended_on=ends)
            left_school += 1
        # PEPs: most reviewed this term; some overdue; the newest in care wait for their first.
        roll = rng.random()
        if recent and roll < 0.5:
            continue
        held_by = f"{child.placing_authority.name} Virtual School"
        first = _weekday(max(values["entered_care_on"] + timedelta(days=rng.randint(5, 14)), started), today)
        if first > today:
            continue
        services.pep_record(actor=DEMO_LOADER, child=child, held_on=first, held_by=held_by)
        last = _weekday(today - timedelta(days=rng.randint(220, 320) if roll > 0.88 else rng.randint(5, 60)), today)
        if last > first:
            services.pep_record(
                actor=DEMO_LOADER,
                child=child,
                held_on=last,
                held_by=held_by,
                notes="Invented demonstration text: targets for reading and maths agreed; the pupil premium "
                "plus pays for weekly tutoring.",
            )
    attendance_demo_load(host, rng, today)
    services.education_sweep()


def attendance_demo_load(host, rng, today: date) -> None:
    """The schools' marks for this term so far (the last 60 school days where the term dates do not
    reach), imported as the Virtual School would upload them: most children attend well, a few fall
    below the threshold (illness, unexplained absence, a suspension)."""
    import io

    from .models import AttendanceImport, SchoolEnrolment
    from .selectors import school_calendar

    calendar = school_calendar(host)
    days, day = [], today - timedelta(days=1)
    while len(days) < 60 and day > today - timedelta(days=120):
        if calendar.is_school_day(day):
            days.append(day)
        day -= timedelta(days=1)
    days.reverse()
    enrolments = SchoolEnrolment.objects.filter(record__child__host_council=host, ended_on__isnull=True).select_related(
        "record__child"
    )
    lines = ["child_id,date,am,pm"]
    low = 0
    for enrolment in enrolments.order_by("record__child_id"):
        child = enrolment.record.child
        pattern = "low" if low < 4 and rng.random() < 0.2 else "good"
        low += pattern == "low"
        for day in days:
            if day < enrolment.started_on:
                continue
            am, pm = "/", "\\"
            roll = rng.random()
            if pattern == "low" and roll < 0.16:
                am = pm = rng.choice(["O", "N", "I", "E", "O"])
            elif roll < 0.02:
                am = pm = rng.choice(["I", "M", "L"])
            lines.append(f"{child.pk},{day.isoformat()},{am},{pm}")
    if len(lines) > 1:
        services.attendance_import(
            actor=DEMO_LOADER,
            lines=io.StringIO("\n".join(lines) + "\n"),
            source=AttendanceImport.Source.UPLOAD,
            host_council=host,
            file_name="schools-attendance-this-term.csv",
        )
