"""What the API takes and gives. These types also write the OpenAPI document, so the two agree."""

from typing import Annotated, Literal

from ninja import Schema
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from safeguard.reference.codes import code_list
from safeguard.register.models import SUPERVISION_ORDER

from ..destinations import DESTINATIONS
from ..validation import KINDS


class Loose(BaseModel):
    # A pydantic model, not ninja's Schema: Schema reads attributes of any value, so `"child": []` passed
    # as "nothing given" instead of a wrong type. Unknown keys are kept (PAYLOAD.md).
    model_config = ConfigDict(extra="allow")


# Values with a fixed form are checked here, so the OpenAPI document and the API cannot disagree;
# notification_validate then checks what a schema cannot (a council that exists, a real date, an NHS
# number's check digit, a postcode in a host area) and what every way in must state.
IsoDate = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", json_schema_extra={"format": "date"})]
DfeCode = Annotated[str, Field(pattern=r"^\d{3}$", examples=["823"])]
Kind = Literal[KINDS]  # type: ignore[valid-type]
Sex = Literal["F", "M", "U"]
LegalStatus = Literal[(*code_list("legal_status"), SUPERVISION_ORDER)]  # type: ignore[valid-type]
PlacementType = Literal[tuple(code_list("placement_type"))]  # type: ignore[valid-type]
EndReason = Literal[tuple(code_list("reason_episode_ceased"))]  # type: ignore[valid-type]
Destination = Literal[tuple(d.key for d in DESTINATIONS)]  # type: ignore[valid-type]


class Address(Loose):
    line1: str | None = None
    line2: str | None = None
    town: str | None = None
    postcode: str | None = Field(None, examples=["LU1 2BQ"])


class ChildIn(Loose):
    first_name: str | None = None
    last_name: str | None = None
    date_of_birth: IsoDate | None = Field(None, description="YYYY-MM-DD (ISO 8601)", examples=["2012-05-01"])
    sex: Sex | None = None
    nhs_number: str | None = Field(None, examples=["9434765919"])
    upn: str | None = Field(None, description="Unique pupil number")
    local_id: str | None = Field(None, description="Your council's own ID for the child")


class PlacementIn(Loose):
    type: PlacementType | None = Field(None, description="SSDA903 placement type code", examples=["U4"])
    start_date: IsoDate | None = Field(None, description="YYYY-MM-DD (ISO 8601)")
    end_date: IsoDate | None = Field(None, description="YYYY-MM-DD (ISO 8601)")
    end_reason: EndReason | None = Field(None, description="SSDA903 reason episode ceased (REC) code")
    destination: Destination | None = Field(
        None, description="Where the child went, in plain words; decides end_reason", examples=["home_planned"]
    )
    emergency: StrictBool | None = None
    carer: str | None = None
    address: Address | None = None


class Move(Loose):
    date: IsoDate | None = Field(None, description="YYYY-MM-DD (ISO 8601)")
    address: Address | None = None
    carer_changed: StrictBool | None = Field(
        None, description="Whether the carer or provider changed (required: the old carer never carries over unasked)"
    )
    carer: str | None = Field(None, description="The new carer or provider, when it changed")
    type_changed: StrictBool | None = Field(None, description="Whether the placement type changed (required)")
    type: PlacementType | None = Field(None, description="The new SSDA903 placement type, when it changed")


class Contact(Loose):
    name: str | None = None
    email: str | None = None
    phone: str | None = None


class SocialWorker(Contact):
    team: str | None = None


class EhcPlan(Loose):
    has_plan: StrictBool | None = None
    maintaining_authority: DfeCode | None = Field(None, description="DfE code of the council maintaining the plan")


class NotificationIn(Loose):
    kind: Kind = Field(..., description="What the notification is about")
    placing_authority: DfeCode | None = Field(None, description="Your council's DfE code (defaults to the token's)")
    child: ChildIn | None = None
    legal_status: LegalStatus | None = Field(None, description="SSDA903 legal status code, or supervision_order")
    placement: PlacementIn | None = None
    move: Move | None = None
    social_worker: SocialWorker | None = None
    iro: Contact | None = None
    ehc_plan: EhcPlan | None = None


class NotificationOut(Schema):
    reference: str
    status: str = Field(..., description="registered, incomplete or awaiting_match")
    child_id: int | None
    routed_to: list[str]
    missing: list[dict[str, str]] = Field(default_factory=list, description="facts still needed, field by field")
    late_working_days: int | None = None


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorsOut(Schema):
    errors: list[FieldErrorOut]


class ChildOut(Schema):
    id: int
    first_name: str
    last_name: str
    date_of_birth: str
    local_id: str
    legal_status: str
    host_council: str
    placement_start: str | None
    placement_end: str | None
    postcode: str | None
