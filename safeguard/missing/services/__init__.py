"""Writes for missing from care: photographs (seed 000), the missing profile, reporting a child
missing and their return, return-home interviews, risk assessments, and the timed rules.

Each service refuses with `EpisodeInvalid` or `PhotoRejected` (both `ServiceRefusal`s), or
`TransitionRefused` when the record's state does not allow the step (`MissingEpisode.TRANSITIONS`,
`ReturnHomeInterview.TRANSITIONS`).

`episodes`: report and return. `police`: the police's grade and reference, sightings, found. `return_interviews`: the interview after a return. `sweep`: the timed
rules. `photographs`, `profiles`, `risk_assessments`: what is kept about the child before they go
missing. `common`: the refusal and who is told.
"""

from .common import EpisodeInvalid
from .episodes import (
    RETURN_INTERVIEW_WITHIN,
    EpisodeAlreadyOpen,
    missing_episode_after_return,
    missing_episode_report,
    missing_episode_return,
)
from .photographs import PhotoRejected, photograph_upload
from .police import missing_episode_found, missing_episode_police_update, missing_sighting_record
from .profiles import missing_profile_save
from .return_interviews import return_interview_record
from .risk_assessments import missing_risk_assessment_save
from .sweep import missing_sweep

__all__ = [
    "RETURN_INTERVIEW_WITHIN",
    "EpisodeAlreadyOpen",
    "EpisodeInvalid",
    "PhotoRejected",
    "missing_episode_after_return",
    "missing_episode_found",
    "missing_episode_police_update",
    "missing_episode_report",
    "missing_episode_return",
    "missing_profile_save",
    "missing_risk_assessment_save",
    "missing_sighting_record",
    "missing_sweep",
    "photograph_upload",
    "return_interview_record",
]
