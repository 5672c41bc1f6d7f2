"""POST /api/v1/attendance: a placing council's case system (or the attendance service it commissions)
sends its children's school attendance, with the council's API token (the notifications API's own).

Composed here, at the top, because the token belongs to notifications and the marks to education,
which are siblings. The body is the CSV file education/attendance.py describes, sent as text/csv and
read as a stream (memory stays flat). The answer counts the marks kept and names each refused row by line.
"""

import codecs

from django.conf import settings
from django.http import HttpRequest
from ninja import Schema

from safeguard.education import services as education
from safeguard.education.attendance import FileUnreadable
from safeguard.education.models import AttendanceImport
from safeguard.notifications.api import api
from safeguard.notifications.api.schemas import ErrorsOut
from safeguard.notifications.services import api_token_actor


class ProblemOut(Schema):
    line: int
    field: str
    message: str


class AttendanceImportOut(Schema):
    rows_read: int
    marks_kept: int
    rows_refused: int
    children: int
    problems: list[ProblemOut]


@api.post(
    "/attendance",
    response={200: AttendanceImportOut, 400: ErrorsOut, 401: ErrorsOut, 413: ErrorsOut, 429: ErrorsOut},
    summary="Send your children's school attendance",
    description=(
        "The body is a CSV file (Content-Type: text/csv, UTF-8) with a header row naming the columns "
        "upn (or child_id), date, am and pm; a row per child and date; each session's code as the school's "
        "register records it (the DfE attendance codes). Marks sent again replace those before. Rows that "
        "cannot be kept are listed by line, with the field and what to do; the others are kept."
    ),
)
def attendance_send(request: HttpRequest):
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > settings.EDUCATION_ATTENDANCE_MAX_BYTES:
        limit = settings.EDUCATION_ATTENDANCE_MAX_BYTES // (1024 * 1024)
        return 413, {"errors": [{"field": "body", "message": f"Send at most {limit} MB at a time: split the file"}]}
    token = request.api_token
    lines = codecs.iterdecode(request, "utf-8", errors="replace")  # line by line, as it arrives
    try:
        result: AttendanceImport = education.attendance_import(
            actor=api_token_actor(token),
            lines=lines,
            source=AttendanceImport.Source.API,
            placing_authority=token.placing_authority,
        )
    except FileUnreadable as error:
        return 400, {"errors": [{"field": "body", "message": error.message}]}
    return 200, {
        "rows_read": result.rows_read,
        "marks_kept": result.marks_kept,
        "rows_refused": result.rows_refused,
        "children": result.children,
        "problems": result.problems,
    }
