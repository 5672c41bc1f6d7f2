"""Recognising labelled lines: "Child's name: ...", "DOB - ...", a table row "NHS number | 943 476 5919",
or a header row of labels with their values in the row below. A label is normalised (lower case,
straight apostrophes, no brackets or trailing colon) and matched whole against the table of labels,
in order, giving a key such as "dob" or "sw_email"; some labels are headings ("Social worker details")
that change what a plain "Name" or "Email" below them means. Sign-offs and forwarding lines are
recognised here too, since they end a block of labelled lines.
"""

from __future__ import annotations

import re

SIGNOFF = re.compile(
    r"^(?:kind(?:est)? regards|best regards|warm(?:est)? regards|regards|many thanks|thanks(?: and regards)?|"
    r"thank you|best wishes|with best wishes|yours (?:sincerely|faithfully)|sent from my\b.*)[,.!]?$",
    re.IGNORECASE,
)
FORWARD = re.compile(
    r"^(?:-{2,}\s*(?:original message|forwarded message)\s*-{2,}|begin forwarded message:?|_{10,}|on .{5,120} wrote:)$",
    re.IGNORECASE,
)
_CELL_SPLIT = re.compile(r"\t+|\s*\|\s*|\s{3,}")
_INLINE_LABEL = re.compile(
    r"\s+(?=(?:DOB|D\.O\.B\.?|Date of birth|NHS(?: No\.?| number)?|UPN|Gender|Sex|Legal status|Post ?code|"
    r"E-?mail|Tel|Phone|Mobile)\s*:)",
    re.IGNORECASE,
)


_CHILD_OF = r"(?:(?:the )?(?:child|young person|yp|cyp|looked after child|lac|pupil)(?:'s|s'|s)? )?"
_SW = r"(?:(?:the )?(?:child's |childs |allocated |named |responsible |current )*(?:social worker|sw|case ?worker|allocated worker|lead professional))"
_IRO = r"(?:(?:the )?(?:child's |childs |allocated |named |current )*(?:iro|independent reviewing officer|reviewing officer))"
_CONTACT_TAIL = r"(?:'s)?(?: name| details| contact details| contact| contact info(?:rmation)?)?"
_EMAIL_WORD = r"(?:secure |work |gcsx |cjsm |contact )?e-?mail(?: address)?"
_PHONE_WORD = r"(?:work |direct |office |contact |mobile |telephone )?(?:phone|tel|telephone|mobile|mob|cell|direct line|contact number|landline)(?: number| no\.?)?|tel no\.?"

_LABELS: list[tuple[str, str]] = [
    # the child
    (
        r"(?:the )?(?:child|young person|yp|cyp|looked after child|lac|pupil)(?:'s|s')?(?: full)? names?"
        r"|name of (?:the )?(?:child|young person|yp|cyp|looked after child)|child|young person",
        "child_name",
    ),
    (r"(?:full )?names?", "name"),
    (_CHILD_OF + r"(?:first|given|fore|christian) ?names?", "first_name"),
    (_CHILD_OF + r"(?:surname|last name|family name)", "last_name"),
    (_CHILD_OF + r"(?:date of birth|d\.? ?o\.? ?b\.?|birth ?date|born)", "dob"),
    (_CHILD_OF + r"(?:sex|gender)", "sex"),
    (_CHILD_OF + r"nhs(?: no\.?| number| num| #)?", "nhs"),
    (_CHILD_OF + r"(?:upn|unique pupil number)(?: no\.?| number)?", "upn"),
    (
        r"(?:child|case|client|person|mosaic|lcs|eclipse|liquidlogic|ics|swift|carefirst|paris|la|local authority"
        r"|placing authority|our)(?:'s)? (?:id|ref|reference)(?: no\.?| number)?|local id|child id"
        r"|(?:mosaic|lcs|eclipse|swift|carefirst|paris) (?:no\.?|number)",
        "local_id",
    ),
    # legal status
    (
        _CHILD_OF + r"(?:current )?(?:legal status|legal order|legal basis|legal|order|type of order|order type"
        r"|care status|status)",
        "legal_status",
    ),
    (r"section 20|s\.? ?20|voluntary accommodation|accommodated", "legal:V2"),
    (r"interim care order|ico", "legal:C1"),
    (r"full care order|care order|section 31|s\.? ?31", "legal:C2"),
    (r"placement order", "legal:E1"),
    (r"supervision order", "legal:supervision_order"),
    # the placement
    (
        r"placement start(?: date)?|start date(?: of (?:the )?placement)?|date of (?:the )?placement|placement date"
        r"|date placed|placed on|date (?:of )?placement (?:started|commenced|began)|date (?:the )?child (?:was )?placed"
        r"|date of admission|admission date|date placement (?:started|commenced|began)|placement commenced",
        "start_date",
    ),
    (
        r"placement end(?: date)?|end date(?: of (?:the )?placement)?|date (?:the )?placement ended|date ended"
        r"|date of (?:placement )?ending|date left(?: placement)?|left (?:placement )?on|date of leaving|leaving date"
        r"|placement ended(?: on)?",
        "end_date",
    ),
    (
        r"reason(?:s)? for (?:the )?(?:leaving|ending|placement ending|end(?:ing)? of (?:the )?placement|placement end(?:ing)?)"
        r"|(?:placement )?end(?:ing)? reason|reason (?:the )?placement ended|reason (?:for )?(?:left|leaving care)|reason left"
        r"|reason episode ceased|why (?:the )?placement ended",
        "end_reason",
    ),
    (
        r"date of (?:the )?move|move date|moving date|date moved|moved on|date of (?:the )?change(?: of address)?"
        r"|effective date(?: of (?:the )?move)?",
        "move_date",
    ),
    (
        r"new (?:placement )?address|address moved to|moved to|new placement address|new placement|new home address"
        r"|(?:child's )?new address",
        "new_address",
    ),
    (r"(?:previous|old|former|last) (?:placement )?address|moved from|previous placement", "old_address"),
    (
        _CHILD_OF + r"(?:current |placement |home |carers?(?:'s|s')? |foster carers?(?:'s|s')? )?(?:placement )?address"
        r"(?: of (?:the )?(?:placement|carers?|foster carers?))?(?: line ?1| 1)?|placed at|placement location|address placed"
        r"|first line of (?:the )?address",
        "address",
    ),
    (r"(?:placement )?post ?code", "postcode"),
    (
        r"(?:address )?line ?[2-4]|address [2-4]|line ?1|town(?: ?/ ?city)?|city|town or city|county|locality|street"
        r"|(?:house|building) (?:name|number|name ?(?:/|or) ?number)(?: and street)?|house number and street",
        "address_part",
    ),
    (
        r"(?:foster |main |current )?carers?(?:'s|s')?(?: names?)?|name of (?:the )?(?:foster )?carers?"
        r"|foster carers?(?:'s|s')?(?: names?)?|(?:placement )?provider(?: name)?|name of (?:the )?(?:placement|home|provider)"
        r"|placed with|(?:residential|children's) home(?: name)?|placement name",
        "carer",
    ),
    (
        r"notification type|type of notification|reason for (?:the )?notification|nature of (?:the )?notification"
        r"|notification|notification of",
        "kind",
    ),
    (r"(?:is this an? |was this an? )?emergency(?: placement)?", "emergency"),
    # social worker and IRO
    (_SW + r"(?:'s)? (?:secure )?e-?mail(?: address)?", "sw_email"),
    (_SW + r"(?:'s)? (?:" + _PHONE_WORD + r"|number)", "sw_phone"),
    (_SW + r"(?:'s)? team|social work team", "sw_team"),
    (
        _SW + _CONTACT_TAIL + r"|name of (?:the )?(?:child's )?(?:allocated )?social worker"
        r"|contact details (?:for|of) (?:the )?(?:child's )?(?:allocated )?social worker",
        "sw",
    ),
    (_IRO + r"(?:'s)? (?:secure )?e-?mail(?: address)?", "iro_email"),
    (_IRO + r"(?:'s)? (?:" + _PHONE_WORD + r"|number)", "iro_phone"),
    (
        _IRO + _CONTACT_TAIL + r"|name of (?:the )?(?:child's )?(?:iro|independent reviewing officer)"
        r"|contact details (?:for|of) (?:the )?(?:child's )?(?:iro|independent reviewing officer)",
        "iro",
    ),
    (_EMAIL_WORD + r"|e", "email"),
    (_PHONE_WORD + r"|number|t|m", "phone"),
    (r"team|service", "team"),
    # education, health and care plan
    (
        r"(?:(?:ehcp|ehc plan|plan|statement|sen) )?(?:maintained by|maintaining (?:local )?authority|maintaining la"
        r"|maintaining council)|(?:la|local authority|authority) (?:that )?maintain(?:s|ing) (?:the )?"
        r"(?:plan|ehcp|ehc plan|statement)|(?:ehcp|ehc plan|statement) (?:local )?authority|(?:ehcp|ehc plan) la",
        "ehc_la",
    ),
    (
        _CHILD_OF + r"(?:(?:does (?:the )?(?:child|young person|yp) have an? )?(?:ehc ?plan|ehcp|education,? health"
        r" (?:and|&) care plan|statement of (?:sen|special educational needs)|sen statement"
        r"|(?:ehcp|ehc plan) ?(?:/|or) ?statement(?: of sen)?|statement(?: of sen)? ?(?:/|or) ?(?:ehcp|ehc plan))"
        r"|(?:has|have) (?:an? )?(?:ehcp|ehc plan|statement(?: of sen)?))",
        "ehc",
    ),
    # the placing authority
    (
        r"placing (?:local )?authority(?: name)?|placing la|placing council|responsible (?:local )?authority"
        r"|home (?:local )?authority|local authority|la|council|authority|name of (?:the )?placing (?:local )?authority",
        "placing_la",
    ),
    # headings that change what "Name", "Address" or "Email" below them means
    (
        r"(?:the )?(?:child|young person|yp)(?:'s|s')? (?:details|information|info)|details of (?:the )?(?:child|young person)"
        r"|about (?:the )?(?:child|young person)",
        "section:general",
    ),
    (r"(?:new )?placement(?: details| information| info)?|details of (?:the )?placement", "section:placement"),
    (
        r"(?:foster )?carers?(?:'s|s')? (?:details|information)|(?:placement )?provider details"
        r"|details of (?:the )?(?:foster )?carers?",
        "section:carer",
    ),
    (
        r"placing (?:local )?authority (?:details|contact details|contact)|(?:local authority|la) details"
        r"|placing la details",
        "section:placing",
    ),
    (
        r"(?:team|service|practice|deputy team) manager|manager|head of service|supervising social worker"
        r"|fostering social worker|supervising sw|ssw|referrer|referred by|(?:form )?completed by|signed|sender"
        r"|gp(?: details)?|doctor|health visitor|school(?: details| name)?|education(?: details)?"
        r"|virtual school(?: head)?|designated teacher|head ?teacher|parents?(?:'s|s')?(?: details)?|mother|father"
        r"|birth (?:mother|father|parents?)|siblings?|contact(?: person| details)?|(?:agency|ifa|fostering agency)"
        r"(?: details)?|emergency contact|out of hours|edt",
        "section:other",
    ),
]
_LABEL_RX = [(re.compile(pattern), key) for pattern, key in _LABELS]
HEADING_WORDS = re.compile(r"\b(?:details|information|info|contact)\b")


def _normalise_label(label: str) -> str:
    value = label.lower().replace("’", "'").replace("‘", "'")
    value = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", value)
    value = re.sub(r"[?*#:]", " ", value)
    return " ".join(value.split()).strip(" .-–—")


def _classify(label: str) -> str | None:
    value = _normalise_label(label)
    if not value or len(value) > 70:
        return None
    for pattern, key in _LABEL_RX:
        if pattern.fullmatch(value):
            return key
    return None


def _looks_like_label(label: str) -> bool:
    words = label.split()
    return 1 <= len(words) <= 6 and label[:1].isalpha() and not re.search(r"\d|@|https?", label)


# --------------------------------------------------------------------------------------------------
# Lines and their labelled cells

# (key, normalised label, value, had a colon); the key is "unknown" for a label not in the table.
Pair = tuple[str, str, str, bool]


def clean_line(line: str) -> str:
    """A line without quoting marks, bullets, bold markers, table borders or odd spaces."""
    line = line.replace("\xa0", " ").replace("\u200b", "").replace("**", "")
    line = re.sub(r"^(?:\s*>)+\s?", "", line).strip()
    line = re.sub(r"^[*•·▪◦]\s*|^[-–]\s+", "", line)
    return line.strip("|").strip()


def split_cells(line: str) -> list[str]:
    cells = []
    for cell in _CELL_SPLIT.split(line):
        if cell and cell.strip():
            cells.extend(part.strip() for part in _INLINE_LABEL.split(cell.strip()) if part.strip())
    return cells


def labelled_pairs(line: str) -> list[Pair]:
    """(key, normalised label, value, had a colon) for each labelled cell of a line."""
    cells = split_cells(line)
    pairs: list[Pair] = []
    k = 0
    while k < len(cells):
        cell = cells[k]
        labelled = _label_of(cell)
        if labelled is not None:
            key, label, value, colon = labelled
            qualified = _address_qualifier(key, value, cells, k)
            if qualified is not None:
                # "Address | Placement | 12 Example Road": the second cell says which address, not where it is
                key = qualified
                k += 1
                colon = True
            if not value and k + 1 < len(cells):
                # "Legal status | Care order": the next cell is the value, even when it reads like a label
                following = _label_of(cells[k + 1])
                if following is None or (not following[2] and not following[3] and (colon or len(cells) == 2)):
                    value = cells[k + 1]
                    k += 1
                    colon = False
            if key is None:
                key = "unknown"
            if len(cells) == 1 and not value and not colon and not _is_heading(key, label, cell):
                return []  # a bare "Social Worker" line (a job title in a signature) is not a label
            pairs.append((key, label, value, colon))
        elif len(cells) == 1:
            return []
        elif pairs and pairs[-1][0] in ("address", "new_address", "old_address"):
            key, label, value, colon = pairs[-1]
            pairs[-1] = (key, label, f"{value}, {cell}" if value else cell, colon)
        k += 1
    return pairs


_QUALIFIERS = {
    "placement": "address",
    "current": "address",
    "current placement": "address",
    "placement address": "address",
    "home": "address",
    "new": "new_address",
    "new placement": "new_address",
    "new address": "new_address",
    "previous": "old_address",
    "previous placement": "old_address",
    "old": "old_address",
    "former": "old_address",
}


def _address_qualifier(key: str | None, value: str, cells: list[str], k: int) -> str | None:
    """The address key for a bare "Address" cell followed by a cell naming which address it is (a table
    row "Address | Placement", a header row over the address's own rows), or None."""
    if value or k + 1 >= len(cells):
        return None
    if key == "section:placement":  # "Placement | Address", the other way round
        following = _label_of(cells[k + 1])
        if following and following[0] == "address" and not following[2]:
            return "address"
        return None
    if key not in ("address", "new_address", "old_address"):
        return None
    following = _normalise_label(cells[k + 1])
    qualifier = _QUALIFIERS.get(following) or _QUALIFIERS.get(following.removesuffix(" address"))
    if qualifier is None:
        return None
    return qualifier if key == "address" else key  # "New address | Placement" stays the new address


def column_pairs(lines: list[str], i: int) -> list[Pair]:
    """A table with its labels in a header row ("Name | DOB | NHS number") and the values in the row below."""
    if i + 1 >= len(lines) or not lines[i + 1]:
        return []
    headers = split_cells(lines[i])
    if len(headers) < 2:
        return []
    labels = [_label_of(cell) for cell in headers]
    if not all(label and label[0] and not label[2] and not label[0].startswith("legal:") for label in labels):
        return []
    values = split_cells(lines[i + 1])
    if len(values) != len(headers):
        return []
    for value in values:
        labelled = _label_of(value)
        if labelled and not (labelled[0] or "").startswith("legal:"):  # "Care order" can be a value
            return []
    return [(label[0], label[1], value, False) for label, value in zip(labels, values, strict=True)]


def _label_of(cell: str) -> tuple[str | None, str, str, bool] | None:
    match = re.match(r"^([^:?]{1,70}?)\s*[:：?]\s*(.*)$", cell)
    if match:
        label, value = match.group(1), match.group(2).lstrip(":： ").strip()
        key = _classify(label)
        if key:
            return key, _normalise_label(label), value, True
        if _looks_like_label(label):
            return None, _normalise_label(label), value, True
    match = re.match(r"^(.{1,70}?)\s*(?:\s[-–—]+\s|[-–—]+\s|\s[-–—]+(?=\d))\s*(.*)$", cell)
    if match:
        key = _classify(match.group(1))
        if key:
            return key, _normalise_label(match.group(1)), match.group(2).strip(), False
    key = _classify(cell.rstrip(":-–— "))
    if key:
        # a label alone: a table cell whose value is the next cell, or a heading
        return key, _normalise_label(cell), "", cell.rstrip().endswith(":")
    return None


def _is_heading(key: str, label: str, cell: str) -> bool:
    return key.startswith("section:") or bool(HEADING_WORDS.search(label)) or cell.isupper()
