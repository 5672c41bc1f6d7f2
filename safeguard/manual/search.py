"""Search of a manual's chapters in force (issue 12): ranked, with the matching words highlighted in a
snippet, a filter by section and a "did you mean …?" for a misspelt word.

- **Finding and ranking** is Wagtail's search (`ChapterPage.search_fields`, the database backend): on
  PostgreSQL its full-text search (English stemming, the title weighted above scope and body); on the
  embedded default SQLite's FTS5. Only live chapter pages whose version in force now is recorded are
  searched: a draft is never live content, and a removed chapter is neither live nor in force.
- **Snippets** come from the version in force (what the chapter page shows): on PostgreSQL `ts_headline`
  over its text; on SQLite a window of words around the first match, matched by a plain suffix rule.
- **Did you mean** looks each word up in the manual's vocabulary (`ManualVocabulary`, the words of the
  chapters in force, rebuilt when they change); an unknown word is replaced by the closest known one:
  on PostgreSQL pg_trgm's similarity (served by a trigram index), on SQLite edit distance (rapidfuzz).
  When a query finds nothing and a suggestion does, its results are shown instead.

docs/adr/0019-manual-search-feed-pdf.md records the choices.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.postgres.search import TrigramSimilarity
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.html import escape
from markupsafe import Markup
from rapidfuzz import fuzz, process
from wagtail.models import Page as WagtailPage
from wagtail.rich_text import get_text_for_indexing

from .models import (
    ChapterPage,
    ChapterVersion,
    ManualIndexPage,
    ManualSectionPage,
    ManualTerm,
    ManualVocabulary,
)
from .selectors import versions_in_force

QUERY_MAX_CHARACTERS = 200
QUERY_MAX_WORDS = 12
RESULTS_PER_PAGE = 20
SEARCH_CONFIG = "english"  # as WAGTAILSEARCH_BACKENDS' SEARCH_CONFIG
# A word: letters or digits, with apostrophes inside ("child's").
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Private-use characters mark a match inside a snippet until the text is escaped: no text contains them.
MARK_START, MARK_END = "\ue000", "\ue001"
SNIPPET_WORDS = 32
# How alike a word must be to a known word to be offered in its place.
SIMILARITY_FLOOR = 0.3  # pg_trgm's similarity (its default threshold for `%`)
LIKENESS_FLOOR = 75  # rapidfuzz's ratio, 0 to 100


def query_words(text: str) -> list[str]:
    """The words of a query, without punctuation or operators: what is searched for."""
    return WORD.findall(text or "")[:QUERY_MAX_WORDS]


@dataclass
class Hit:
    number: str
    version: ChapterVersion
    section_title: str
    section_slug: str
    snippet: Markup


@dataclass
class Outcome:
    searched: str  # the words searched for (the suggestion's, when it replaced a query that found nothing)
    page: Page
    hits: list[Hit] = field(default_factory=list)
    suggestion: str = ""  # "did you mean …?"
    corrected_from: str = ""  # the query that found nothing, when the suggestion's results are shown

    @property
    def total(self) -> int:
        return self.page.paginator.count


@dataclass
class SearchChapter:
    """A chapter in force now: its version, its number ("2.4") and its section."""

    version_pk: int
    number: str
    section_title: str
    section_slug: str


@dataclass
class SearchSection:
    slug: str
    title: str
    chapters: dict = field(default_factory=dict)  # chapter pk -> SearchChapter


def search_sections(manual: ManualIndexPage) -> list[SearchSection]:
    """The sections with chapters in force now, numbered as the contents number them: each chapter's
    version in force (the versions' in-force range, as the contents reads it), removed chapters left out."""
    latest = versions_in_force(manual, timezone.now()).values_list("pk", "chapter_id", "chapter__path")
    in_force = sorted((path, pk, chapter) for pk, chapter, path in latest)
    step = len(manual.path) + WagtailPage.steplen  # a section's path: a chapter's path starts with it
    by_section: dict[str, list] = {}
    for entry in in_force:
        by_section.setdefault(entry[0][:step], []).append(entry)
    sections = []
    for section in ManualSectionPage.objects.child_of(manual).order_by("path").only("path", "slug", "title"):
        chapters = by_section.get(section.path, [])
        if not chapters:
            continue
        entry = SearchSection(section.slug, section.title)
        for index, (_path, version_pk, chapter_pk) in enumerate(chapters, start=1):
            entry.chapters[chapter_pk] = SearchChapter(
                version_pk, f"{len(sections) + 1}.{index}", section.title, section.slug
            )
        sections.append(entry)
    return sections


def manual_search(
    manual: ManualIndexPage,
    *,
    text: str,
    sections: list[SearchSection],
    section_slug: str = "",
    page_number=None,
) -> Outcome:
    """Search the manual's chapters in force (`sections`, from `search_sections`) for the words of
    `text` (all of them), best first; within one section if `section_slug` names one."""
    in_force = {pk: chapter for s in sections for pk, chapter in s.chapters.items()}
    section = ManualSectionPage.objects.child_of(manual).filter(slug=section_slug).first() if section_slug else None
    words = query_words(text)
    searched = " ".join(words)
    suggestion = suggestion_for(manual, words)
    results = _search(searched, in_force, section or manual)
    corrected_from = ""
    if suggestion and not results.count():
        corrected_from, searched = searched, suggestion
        results = _search(suggestion, in_force, section or manual)
        suggestion = ""
    page = Paginator(results, RESULTS_PER_PAGE).get_page(page_number)
    chapters = [in_force[c.pk] for c in page.object_list]
    versions = ChapterVersion.objects.select_related("chapter").in_bulk([c.version_pk for c in chapters])
    shown = [versions[c.version_pk] for c in chapters]
    hits = [
        Hit(c.number, version, c.section_title, c.section_slug, snippet)
        for c, version, snippet in zip(chapters, shown, _snippets(shown, searched), strict=True)
    ]
    return Outcome(searched=searched, page=page, hits=hits, suggestion=suggestion, corrected_from=corrected_from)


def _search(words: str, in_force: dict, within):
    pages = ChapterPage.objects.live().descendant_of(within).filter(pk__in=list(in_force))
    return pages.search(words, operator="and", order_by_relevance=True)


# --- snippets ---------------------------------------------------------------------------------------


def _text(version: ChapterVersion) -> str:
    text = " ".join(get_text_for_indexing(html) for html in (version.scope, version.body) if html)
    return text.replace(MARK_START, "").replace(MARK_END, "")


def _marked(fragment: str) -> Markup:
    """Escape a fragment, then turn the match markers into <mark> (bold too, so it reads without colour)."""
    html = escape(fragment).replace(MARK_START, '<mark class="safeguard-mark">').replace(MARK_END, "</mark>")
    return Markup(html)  # noqa: S704 - escaped above; only our own <mark> added


def _snippets(versions: list[ChapterVersion], words: str) -> list[Markup]:
    texts = [_text(v) for v in versions]
    if not texts:
        return []
    if connection.vendor == "postgresql":
        return [_marked(fragment) for fragment in _headlines(texts, words)]
    return [_marked(_window(text, words.split())) for text in texts]


def _headlines(texts: list[str], words: str) -> list[str]:
    """PostgreSQL's ts_headline: the fragments of each text where the query's words (stemmed) occur."""
    options = (
        f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords={SNIPPET_WORDS}, MinWords=12, '
        'MaxFragments=2, FragmentDelimiter=" … "'
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ts_headline(%s::regconfig, t, plainto_tsquery(%s::regconfig, %s), %s) "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS x(t, n) ORDER BY n",
            [SEARCH_CONFIG, SEARCH_CONFIG, words, options, texts],
        )
        return [row[0] for row in cursor.fetchall()]


def _stem(word: str) -> str:
    """A plain suffix rule for the SQLite fallback: "placements", "placed" and "placing" meet at "plac"."""
    word = word.lower().replace("’", "'").removesuffix("'s")
    for suffix in ("ing", "ies", "es", "ed", "s", "e"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _window(text: str, words: list[str]) -> str:
    """The SQLite fallback's snippet: SNIPPET_WORDS words around the first match, matches marked."""
    wanted = {_stem(w) for w in words}
    tokens = text.split()
    matches = [i for i, token in enumerate(tokens) if any(_stem(w) in wanted for w in WORD.findall(token))]
    start = max(0, (matches[0] if matches else 0) - SNIPPET_WORDS // 3)
    shown = []
    for token in tokens[start : start + SNIPPET_WORDS]:
        shown.append(WORD.sub(lambda m: f"{MARK_START}{m[0]}{MARK_END}" if _stem(m[0]) in wanted else m[0], token))
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET_WORDS < len(tokens) else ""
    return prefix + " ".join(shown) + suffix


# --- did you mean -----------------------------------------------------------------------------------


def _stamp(manual: ManualIndexPage) -> str:
    """What the vocabulary was built from: versions are only ever added, so their number and the last
    one in force name the set."""
    figures = ChapterVersion.objects.filter(manual=manual, in_force_from__lte=timezone.now()).aggregate(
        n=Count("pk"), last=Max("pk")
    )
    return f"{figures['n']}:{figures['last']}"


def vocabulary_words(texts) -> Counter:
    """Each word (lower case, 3 to 60 characters, not a number) and how many of the texts use it."""
    counts: Counter = Counter()
    for text in texts:
        counts.update({w for w in (m.lower() for m in WORD.findall(text)) if 3 <= len(w) <= 60 and not w.isdigit()})
    return counts


def vocabulary_for(manual: ManualIndexPage) -> ManualVocabulary:
    """The manual's vocabulary, rebuilt first if the chapters in force have changed since it was built.

    An index derived from published text, like Wagtail's search index: not a record, so not audited.
    """
    stamp = _stamp(manual)
    vocabulary, _created = ManualVocabulary.objects.get_or_create(manual=manual)
    if vocabulary.stamp == stamp:
        return vocabulary
    with transaction.atomic():
        vocabulary = ManualVocabulary.objects.select_for_update().get(pk=vocabulary.pk)
        if vocabulary.stamp == stamp:
            return vocabulary
        pks = [c.version_pk for section in search_sections(manual) for c in section.chapters.values()]
        versions = ChapterVersion.objects.filter(pk__in=pks)
        counts = vocabulary_words(
            f"{title} {get_text_for_indexing(scope)} {get_text_for_indexing(body)}"
            for title, scope, body in versions.values_list("title", "scope", "body")
        )
        vocabulary.terms.all().delete()
        ManualTerm.objects.bulk_create(
            [ManualTerm(vocabulary=vocabulary, word=word, chapters=n) for word, n in counts.items()], batch_size=2000
        )
        vocabulary.stamp, vocabulary.built_at = stamp, timezone.now()
        vocabulary.save(update_fields=["stamp", "built_at"])
    return vocabulary


def _closest(vocabulary: ManualVocabulary, word: str) -> str | None:
    if connection.vendor == "postgresql":
        candidates = list(
            vocabulary.terms.filter(word__trigram_similar=word)
            .annotate(likeness=TrigramSimilarity("word", word))
            .filter(likeness__gte=SIMILARITY_FLOOR)
            .order_by("-likeness", "-chapters", "word")
            .values_list("word", "chapters")[:8]
        )
        if not candidates:
            return None
        # Among the trigram neighbours, the fewest edits wins (a swapped pair of letters is near).
        return max(candidates, key=lambda c: (fuzz.ratio(word, c[0]), c[1]))[0]
    best = process.extractOne(
        word, list(vocabulary.terms.values_list("word", flat=True)), scorer=fuzz.ratio, score_cutoff=LIKENESS_FLOOR
    )
    return best[0] if best else None


def suggestion_for(manual: ManualIndexPage, words: list[str]) -> str:
    """The query with each word the manual does not use replaced by the closest word it does, or ""."""
    lowered = [w.lower() for w in words]
    candidates = {w for w in lowered if len(w) >= 3 and not w.isdigit()}
    if not candidates:
        return ""
    vocabulary = vocabulary_for(manual)
    known = set(vocabulary.terms.filter(word__in=candidates).values_list("word", flat=True))
    replacements = {}
    for word in sorted(candidates - known):
        closest = _closest(vocabulary, word)
        # "placements" where the manual says "placement" is found by PostgreSQL's stemming: nothing to
        # suggest. SQLite's search does not stem, so there the manual's own form is offered.
        if closest and (_stem(closest) != _stem(word) or connection.vendor != "postgresql"):
            replacements[word] = closest
    if not replacements:
        return ""
    return " ".join(replacements.get(w, w) for w in lowered)
