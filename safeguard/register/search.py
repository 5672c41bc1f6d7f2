"""Finding children on the register: filters, fuzzy name search and sorting, for the list and exports."""

from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from rapidfuzz import fuzz

from .extensions import OVERDUE_WORK, child_condition
from .models import Child, Placement

# How alike (0–100) a name must be on the embedded default, where there is no trigram index.
SQLITE_LIKENESS = 80

SORTS = {
    "name": ("last_name", "first_name", "pk"),
    "-name": ("-last_name", "-first_name", "-pk"),
    "dob": ("date_of_birth", "pk"),
    "-dob": ("-date_of_birth", "-pk"),
    "start": ("placement_start", "pk"),
    "-start": ("-placement_start", "-pk"),
    "placing": ("placing_authority__name", "last_name", "pk"),
}


@dataclass
class RegisterQuery:
    q: str = ""
    placing_authority: str = ""  # DfE code
    legal_status: str = ""
    placement_type: str = ""
    age_from: int | None = None
    age_to: int | None = None
    ehc_plan: str = ""  # "yes" / "no"
    placed: str = "now"  # "now" / "before" / "all"
    overdue: bool = False
    incomplete: bool = False
    sort: str = "name"


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def register_filter(children: QuerySet[Child], query: RegisterQuery, today: date | None = None) -> QuerySet[Child]:
    """Apply the register's filters to an already scoped queryset (children_visible_to)."""
    today = today or timezone.localdate()
    latest = Placement.objects.filter(child=OuterRef("pk")).order_by("-start_date", "-pk")
    # Placed now, or about to be: notice is due before a placement starts (reg 13).
    current = Placement.objects.filter(child=OuterRef("pk")).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    children = children.annotate(
        placement_start=Subquery(latest.values("start_date")[:1]),
        placement_end=Subquery(latest.values("end_date")[:1]),
        placement_type=Subquery(latest.values("placement_type")[:1]),
        placement_postcode=Subquery(latest.values("postcode")[:1]),
        # Work items belong to notifications, which tells the register how to find overdue ones.
        overdue_work=child_condition(OVERDUE_WORK),
    )
    # An alias, not an annotation: filtered on, never selected (selecting it made PostgreSQL compute it twice).
    children = children.alias(placed_now=Exists(current))
    if query.placed == "now":
        children = children.filter(placed_now=True)
    elif query.placed == "before":
        children = children.filter(placed_now=False)
    if query.placing_authority:
        children = children.filter(placing_authority__dfe_code=query.placing_authority)
    if query.legal_status:
        children = children.filter(legal_status=query.legal_status)
    if query.placement_type:
        children = children.filter(placement_type=query.placement_type)
    if query.age_from is not None:
        children = children.filter(date_of_birth__lte=_years_ago(today, query.age_from))
    if query.age_to is not None:
        children = children.filter(date_of_birth__gt=_years_ago(today, query.age_to + 1))
    if query.ehc_plan in ("yes", "no"):
        children = children.filter(has_ehc_plan=query.ehc_plan == "yes")
    if query.overdue:
        children = children.filter(overdue_work=True)
    if query.incomplete:
        children = children.exclude(missing_facts=[])
    if query.q:
        children = name_search(children, query.q)
        if query.sort == "name":  # best match first when searching by name
            return children
    return children.order_by(*SORTS.get(query.sort, SORTS["name"]))


def name_search(children: QuerySet[Child], text: str) -> QuerySet[Child]:
    """Names that look like `text`, or an exact identifier.

    On PostgreSQL, trigram word similarity (`%>`) on `search_name`, which its GIN index serves; every
    condition here is indexed, so the search does not read the whole register.
    """
    text = " ".join(text.split())[:100]
    compact = text.replace(" ", "")
    identifiers = Q(nhs_number=compact) | Q(upn=compact.upper()) | Q(local_id=text)
    if connection.vendor == "postgresql":
        return (
            children.filter(Q(search_name__trigram_word_similar=text) | identifiers)
            .annotate(likeness=TrigramWordSimilarity(text, "search_name"))
            .order_by("-likeness", "last_name", "first_name", "pk")
        )
    # The embedded default (SQLite, hundreds of children): compare names in Python with rapidfuzz.
    wanted = text.lower()
    alike = [
        pk
        for pk, first, last in children.values_list("pk", "first_name", "last_name")
        if fuzz.token_set_ratio(wanted, f"{first} {last}".lower()) >= SQLITE_LIKENESS
        or max((fuzz.ratio(wanted, part.lower()) for part in (first, last)), default=0) >= SQLITE_LIKENESS
    ]
    return children.filter(Q(pk__in=alike) | identifiers)
