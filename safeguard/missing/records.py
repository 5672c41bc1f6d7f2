"""The child's photographs under the council's retention schedule (docs/adr/0041): registered with
records management, which lists them for review when their period has run out and calls back here to
dispose of one. All photographs go once the child's placement in the borough has ended and the period
for the class has run out; a photograph replaced by a newer one of the same kind goes sooner, by its
own class's period from the day it was replaced (issue 20).

Missing episodes (with their sightings and return home interview) are records once the child is back:
their closure is the return. A return home interview is its own class, its closure the episode's
return too. The missing profile (with its earlier wordings) and the risk plans serve to find the child
while placed here: they are listed only once the child has no open placement here, and their
placement end is the end of the child's last placement here."""

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Subquery
from django.utils import timezone

from safeguard.records.registry import Candidate, RecordSource
from safeguard.records.schedule import RecordClass
from safeguard.register.models import Placement

from .models import ChildPhotograph, MissingEpisode, MissingProfile, MissingRiskAssessment, ReturnHomeInterview

PHOTOGRAPH_TYPE = ChildPhotograph._meta.label_lower
EPISODE_TYPE = MissingEpisode._meta.label_lower
INTERVIEW_TYPE = ReturnHomeInterview._meta.label_lower
PROFILE_TYPE = MissingProfile._meta.label_lower
RISK_PLAN_TYPE = MissingRiskAssessment._meta.label_lower


def _day_words(day) -> str:
    return f"{day.day} {day:%B %Y}"


def _with_placement(records, child: str = "child"):
    """Annotate each record with the end of its child's last placement here, and whether one is open."""
    open_placement = Placement.objects.filter(child=OuterRef(child), end_date__isnull=True)
    return records.annotate(last_end=Max(f"{child}__placements__end_date"), placed=Exists(open_placement))


def photograph_candidates(host_council):
    """The host's photographs, each with the dates a rule may run from: the end of the child's last
    placement here (None while a placement is open), the upload, the child's date of birth."""
    open_placement = Placement.objects.filter(child=OuterRef("child"), end_date__isnull=True)
    photos = (
        ChildPhotograph.objects.filter(child__host_council=host_council)
        .annotate(last_end=Max("child__placements__end_date"), placed=Exists(open_placement))
        .values("pk", "kind", "uploaded_at", "child_id", "child__date_of_birth", "last_end", "placed")
        .order_by("pk")
    )
    for photo in photos.iterator(chunk_size=2000):
        child_reference = f"SG{photo['child_id']}"
        yield Candidate(
            object_type=PHOTOGRAPH_TYPE,
            object_id=str(photo["pk"]),
            reference=f"{ChildPhotograph.Kind(photo['kind']).label} photograph of {child_reference}",
            child_reference=child_reference,
            dates={
                "placement_end": None if photo["placed"] else photo["last_end"],
                "creation": photo["uploaded_at"].date(),
                "date_of_birth": photo["child__date_of_birth"],
            },
            date_of_birth=photo["child__date_of_birth"],
        )


def replaced_photograph_candidates(host_council):
    """The host's photographs that a newer one of the same kind has replaced, each with the day it
    was replaced as its closure."""
    newer = ChildPhotograph.objects.filter(
        child=OuterRef("child"), kind=OuterRef("kind"), uploaded_at__gt=OuterRef("uploaded_at")
    ).order_by("uploaded_at")
    photos = (
        ChildPhotograph.objects.filter(child__host_council=host_council)
        .annotate(replaced_at=Subquery(newer.values("uploaded_at")[:1]))
        .filter(replaced_at__isnull=False)
        .values("pk", "kind", "uploaded_at", "replaced_at", "child_id", "child__date_of_birth")
        .order_by("pk")
    )
    for photo in photos.iterator(chunk_size=2000):
        child_reference = f"SG{photo['child_id']}"
        yield Candidate(
            object_type=PHOTOGRAPH_TYPE,
            object_id=str(photo["pk"]),
            reference=f"Replaced {ChildPhotograph.Kind(photo['kind']).label.lower()} photograph of {child_reference}",
            child_reference=child_reference,
            dates={
                "closure": timezone.localdate(photo["replaced_at"]),
                "creation": timezone.localdate(photo["uploaded_at"]),
                "date_of_birth": photo["child__date_of_birth"],
            },
            date_of_birth=photo["child__date_of_birth"],
        )


def photograph_dispose(object_id: str, *, actor=None) -> bool:
    """Remove the photograph and its thumbnail from storage (once the disposal commits) and its row."""
    photo = ChildPhotograph.objects.select_for_update().filter(pk=int(object_id)).first()
    if photo is None:
        return False
    _delete_files_on_commit(photo.image, photo.thumbnail)
    photo.delete()
    return True


def _delete_files_on_commit(*stored_files) -> None:
    for stored in stored_files:
        if stored:
            storage, name = stored.storage, stored.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


# Missing episodes and return home interviews -------------------------------------------------------


def episode_candidates(host_council):
    """The host's episodes that have ended (the child is back), each with its return as its closure."""
    episodes = (
        _with_placement(MissingEpisode.objects.filter(child__host_council=host_council, returned_at__isnull=False))
        .values("pk", "kind", "last_seen_at", "returned_at", "child_id", "child__date_of_birth", "last_end", "placed")
        .order_by("pk")
    )
    for episode in episodes.iterator(chunk_size=2000):
        child_reference = f"SG{episode['child_id']}"
        seen = timezone.localdate(episode["last_seen_at"])
        returned = timezone.localdate(episode["returned_at"])
        yield Candidate(
            object_type=EPISODE_TYPE,
            object_id=str(episode["pk"]),
            reference=f"{MissingEpisode.Kind(episode['kind']).label} episode of {child_reference} from "
            f"{_day_words(seen)}",
            child_reference=child_reference,
            dates={
                "closure": returned,
                "last_contact": returned,
                "creation": seen,
                "placement_end": None if episode["placed"] else episode["last_end"],
                "date_of_birth": episode["child__date_of_birth"],
            },
            date_of_birth=episode["child__date_of_birth"],
            outcome_category=episode["kind"],  # the figures count episodes by kind (SSDA903 M or A)
        )


def episode_dispose(object_id: str, *, actor=None) -> bool:
    """Remove the episode with its sightings and its return home interview (and its links from
    exploitation concerns): the tombstone keeps its kind and dates."""
    episode = MissingEpisode.objects.select_for_update().filter(pk=int(object_id)).first()
    if episode is None:
        return False
    episode.delete()
    return True


def interview_candidates(host_council):
    """The return home interviews of the host's ended episodes, each with the episode's return as its
    closure and the interview (held, or offered and declined) as the last contact."""
    interviews = (
        _with_placement(
            ReturnHomeInterview.objects.filter(
                episode__child__host_council=host_council, episode__returned_at__isnull=False
            ),
            child="episode__child",
        )
        .values(
            "pk",
            "outcome",
            "held_at",
            "episode__returned_at",
            "episode__child_id",
            "episode__child__date_of_birth",
            "last_end",
            "placed",
        )
        .order_by("pk")
    )
    for interview in interviews.iterator(chunk_size=2000):
        child_reference = f"SG{interview['episode__child_id']}"
        returned = timezone.localdate(interview["episode__returned_at"])
        dob = interview["episode__child__date_of_birth"]
        yield Candidate(
            object_type=INTERVIEW_TYPE,
            object_id=str(interview["pk"]),
            reference=f"Return home interview of {child_reference} after the return on {_day_words(returned)}",
            child_reference=child_reference,
            dates={
                "closure": returned,
                "last_contact": timezone.localdate(interview["held_at"]) if interview["held_at"] else returned,
                "creation": returned,
                "placement_end": None if interview["placed"] else interview["last_end"],
                "date_of_birth": dob,
            },
            date_of_birth=dob,
            outcome_category=interview["outcome"],  # held, declined or never done: the timeliness figures
        )


def interview_dispose(object_id: str, *, actor=None) -> bool:
    """Remove the interview (who held it, what was learned); the episode stays until its own date."""
    interview = ReturnHomeInterview.objects.select_for_update().filter(pk=int(object_id)).first()
    if interview is None:
        return False
    interview.delete()
    return True


# Missing profiles and risk plans ------------------------------------------------------------------


def profile_candidates(host_council):
    """The missing profiles of the host's children no longer placed here."""
    profiles = (
        _with_placement(MissingProfile.objects.filter(child__host_council=host_council))
        .filter(placed=False)
        .values("pk", "updated_at", "child_id", "child__date_of_birth", "last_end")
        .order_by("pk")
    )
    for profile in profiles.iterator(chunk_size=2000):
        child_reference = f"SG{profile['child_id']}"
        yield Candidate(
            object_type=PROFILE_TYPE,
            object_id=str(profile["pk"]),
            reference=f"Missing profile of {child_reference}",
            child_reference=child_reference,
            dates={
                "placement_end": profile["last_end"],
                "closure": profile["last_end"],
                "last_contact": timezone.localdate(profile["updated_at"]),
                "creation": timezone.localdate(profile["updated_at"]),
                "date_of_birth": profile["child__date_of_birth"],
            },
            date_of_birth=profile["child__date_of_birth"],
        )


def profile_dispose(object_id: str, *, actor=None) -> bool:
    """Remove the profile and every earlier wording of it."""
    profile = MissingProfile.objects.select_for_update().filter(pk=int(object_id)).first()
    if profile is None:
        return False
    profile.delete()  # its versions go with it (CASCADE)
    return True


def risk_plan_candidates(host_council):
    """The missing risk assessments and plans of the host's children no longer placed here."""
    plans = (
        _with_placement(MissingRiskAssessment.objects.filter(child__host_council=host_council))
        .filter(placed=False)
        .values("pk", "written_at", "child_id", "child__date_of_birth", "last_end")
        .order_by("pk")
    )
    for plan in plans.iterator(chunk_size=2000):
        child_reference = f"SG{plan['child_id']}"
        written = timezone.localdate(plan["written_at"])
        yield Candidate(
            object_type=RISK_PLAN_TYPE,
            object_id=str(plan["pk"]),
            reference=f"Risk plan of {child_reference} written {_day_words(written)}",
            child_reference=child_reference,
            dates={
                "placement_end": plan["last_end"],
                "closure": plan["last_end"],
                "last_contact": written,
                "creation": written,
                "date_of_birth": plan["child__date_of_birth"],
            },
            date_of_birth=plan["child__date_of_birth"],
        )


def risk_plan_dispose(object_id: str, *, actor=None) -> bool:
    """Remove the plan and its uploaded document from storage (once the disposal commits)."""
    plan = MissingRiskAssessment.objects.select_for_update().filter(pk=int(object_id)).first()
    if plan is None:
        return False
    _delete_files_on_commit(plan.document)
    plan.delete()
    return True


PHOTOGRAPHS = RecordSource(
    record_class=RecordClass.PHOTOGRAPH, candidates=photograph_candidates, dispose=photograph_dispose
)
REPLACED_PHOTOGRAPHS = RecordSource(
    record_class=RecordClass.PHOTOGRAPH_REPLACED, candidates=replaced_photograph_candidates, dispose=photograph_dispose
)


def children_with_missing_records(child_ids) -> set[int]:
    """Children of whom an episode, a photograph, a missing profile or a risk plan is still kept."""
    held: set[int] = set()
    for model in (MissingEpisode, ChildPhotograph, MissingProfile, MissingRiskAssessment):
        held |= set(model.objects.filter(child_id__in=child_ids).values_list("child_id", flat=True))
    return held


EPISODES = RecordSource(
    record_class=RecordClass.MISSING_EPISODE, candidates=episode_candidates, dispose=episode_dispose
)
RETURN_HOME_INTERVIEWS = RecordSource(
    record_class=RecordClass.RETURN_HOME_INTERVIEW, candidates=interview_candidates, dispose=interview_dispose
)
PROFILES = RecordSource(
    record_class=RecordClass.MISSING_PROFILE, candidates=profile_candidates, dispose=profile_dispose
)
RISK_PLANS = RecordSource(
    record_class=RecordClass.RISK_PLAN, candidates=risk_plan_candidates, dispose=risk_plan_dispose
)
MISSING_SOURCES = [PHOTOGRAPHS, REPLACED_PHOTOGRAPHS, PROFILES, RISK_PLANS, RETURN_HOME_INTERVIEWS, EPISODES]
