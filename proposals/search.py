"""Full-text search over proposals: what is kept, and how it is read.

On PostgreSQL each proposal keeps two search vectors, in the dictionary of its language:
`search_vector` (its title, weight A, and its sections' texts, weight B), which the public
library may search, and `comments_vector` (its comments), which only the people who may read
the comments search. The services that change those words set them in their own UPDATE of
the proposal (`refreshed`); there is no database trigger. One vector per proposal rather than
per section makes a word found in every proposal cost one rank per proposal, not one per
section; a save re-reads the proposal's sections (at most some 20,000 characters) in the
UPDATE it makes anyway. Elsewhere (SQLite) a search is a plain `icontains` per word.
"""

import re
from functools import reduce
from operator import or_

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Left
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from proposals.models import Comment, Proposal, Section

# PostgreSQL's text search configuration for each language a proposal can be written in; a
# language added later is searched word for word ("simple") until it gets a line here.
DICTIONARIES = {
    "en-gb": "english",
    "pt-pt": "portuguese",
    "el": "greek",
    "es": "spanish",
    "it": "italian",
}
WORD_FOR_WORD = "simple"
LONGEST_QUERY = 200  # characters of a search kept: more finds nothing more, and costs
MOST_WORDS = 12  # of the SQLite fallback, one subquery each
# A passage is looked for in the first characters of a text only, so that a page of results
# costs the same whatever was pasted into a section.
PASSAGE_SOURCE = 10_000
PASSAGE_WORDS = 30
START, STOP = "\x02", "\x03"  # around a match in ts_headline's answer; never shown
COMMENT_WEIGHT = 0.5  # a word in the comments ranks a proposal less than one in its text
UNSEARCHABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def is_full_text() -> bool:
    return connection.vendor == "postgresql"


def query_cleaned(text: str) -> str:
    """What is searched for: control characters out, spaces collapsed, at most LONGEST_QUERY
    characters."""
    return " ".join(UNSEARCHABLE.sub(" ", text or "").split())[:LONGEST_QUERY].strip()


# Writing: the vectors as an UPDATE of proposals sets them.


def _dictionary() -> Case:
    """The text search configuration of the proposal's language, per row."""
    whens = [When(language=code, then=Value(name)) for code, name in DICTIONARIES.items()]
    return Case(*whens, default=Value(WORD_FOR_WORD), output_field=CharField())


def _joined(model, field: str, order: str):
    texts = (
        model.objects.filter(proposal=OuterRef("pk"))
        .order_by()
        .values("proposal")
        .annotate(joined=StringAgg(field, "\n", order_by=order))
        .values("joined")
    )
    return Coalesce(Subquery(texts), Value(""), output_field=TextField())


def refreshed(*, text: bool = True, comments: bool = False) -> dict:
    """The new search vectors, as keyword arguments of an `update()` of proposals: of the title
    and sections (`text`) and of the comments. Nothing on a database without full-text search."""
    if not is_full_text():
        return {}
    vectors = {}
    if text:
        title = SearchVector("title", config=_dictionary(), weight="A")
        sections = _joined(Section, "text", "position")
        vectors["search_vector"] = title + SearchVector(sections, config=_dictionary(), weight="B")
    if comments:
        bodies = _joined(Comment, "body", "created_at")
        vectors["comments_vector"] = SearchVector(bodies, config=_dictionary())
    return vectors


def proposals_reindex(*, proposals: QuerySet[Proposal]) -> int:
    """Set both search vectors of these proposals from what they hold now (a change of title or
    language, the benchmark's generated data); how many were set."""
    vectors = refreshed(text=True, comments=True)
    return proposals.order_by().update(**vectors) if vectors else 0


# Reading.


def _queries(text: str) -> dict[str, SearchQuery]:
    names = {*DICTIONARIES.values(), WORD_FOR_WORD}
    return {name: SearchQuery(text, config=name, search_type="websearch") for name in names}


def _per_language(text: str, each) -> list[tuple[Q, object]]:
    """(the rows in a language, each(its query)) for every dictionary: a query is parsed by the
    dictionary its text was, so a stem matches only its own language's."""
    queries = _queries(text)
    pairs = [(Q(language=code), each(queries[name])) for code, name in DICTIONARIES.items()]
    return [*pairs, (~Q(language__in=list(DICTIONARIES)), each(queries[WORD_FOR_WORD]))]


def _full_text(proposals: QuerySet, text: str, comments_of: QuerySet | None) -> QuerySet:
    def matches(field: str) -> Q:
        pairs = _per_language(text, lambda query: Q(**{field: query}))
        return reduce(or_, (rows & matched for rows, matched in pairs))

    # Ranked by the search as every dictionary reads it: a stem of another language is rarely
    # in a proposal's vector, and one rank of one query is far cheaper than one per language.
    every = reduce(or_, _queries(text).values())
    found, ranked = matches("search_vector"), SearchRank(F("search_vector"), every)
    if comments_of is not None:
        readable = Q(pk__in=comments_of.values("pk"))
        found |= readable & matches("comments_vector")
        # Only comments the reader may read rank a proposal: the order tells nothing of others.
        comments = SearchRank(F("comments_vector"), every) * COMMENT_WEIGHT
        ranked = ranked + Case(When(readable, then=Coalesce(comments, 0.0)), default=0.0)
    in_text = ExpressionWrapper(matches("search_vector"), output_field=BooleanField())
    found = proposals.filter(found).annotate(rank=ranked, in_text=in_text)
    return found.order_by("-rank", "-updated_at", "-pk")


def _words(text: str) -> list[str]:
    """The words of a search, as the fallback looks for them: websearch's quotes, `or` and a
    leading `-` are left out."""
    words = [word.strip('"').lstrip("-") for word in text.split()]
    return [word for word in words if word and word.lower() != "or"][:MOST_WORDS]


def _word_by_word(proposals: QuerySet, text: str, comments_of: QuerySet | None) -> QuerySet:
    words = _words(text)
    if not words:
        return proposals.none()
    for word in words:
        found = Q(title__icontains=word) | Exists(
            Section.objects.filter(proposal=OuterRef("pk"), text__icontains=word)
        )
        if comments_of is not None:
            comments = Comment.objects.filter(proposal__in=comments_of.values("pk"))
            found |= Exists(comments.filter(proposal=OuterRef("pk"), body__icontains=word))
        proposals = proposals.filter(found)
    return proposals.order_by("-updated_at", "-pk")


def proposals_matching(
    *, proposals: QuerySet[Proposal], text: str, comments_of: QuerySet[Proposal] | None = None
) -> QuerySet[Proposal]:
    """Those of `proposals` whose title or sections — or comments, for those in `comments_of`
    — hold the words of `text`, best first. Both are selectors' (who may see what is decided
    there): the proposals the reader may see, and those whose comments they may read."""
    text = query_cleaned(text)
    # The selector's own rows, filtered further: the cheap test of who may see a proposal runs
    # before the words are looked for, so an author's search reads only their proposals.
    among = proposals.prefetch_related(None).defer("search_vector", "comments_vector")
    if not text:
        return among.none()
    search = _full_text if is_full_text() else _word_by_word
    return search(among, text, comments_of)


def _found_in(model, source: str, query: SearchQuery, name: str, ids, order: str) -> QuerySet:
    """(proposal, headline) for each of the proposals `ids`, written in the language of the
    dictionary `name`: the headline of its first row (by `order`) whose `source` holds the
    words, None where none does. Only that row is headlined (PostgreSQL computes a costly
    column of a LIMIT after the sort). The dictionary is a constant, not read from the
    proposal's row: Django does not relabel another table's column in a subquery's
    configuration."""
    text = Left(source, PASSAGE_SOURCE)
    headline = SearchHeadline(
        text,
        query,
        config=name,
        start_sel=START,
        stop_sel=STOP,
        max_words=PASSAGE_WORDS,
        min_words=PASSAGE_WORDS // 2,
    )
    first = (
        model.objects.filter(proposal=OuterRef("pk"))
        .annotate(words=SearchVector(text, config=name))
        .filter(words=query)
        .order_by(order)
        .annotate(passage=headline)
        .values("passage")[:1]
    )
    rows = Proposal.objects.filter(pk__in=ids).order_by().annotate(passage=Subquery(first))
    return rows.values_list("pk", "passage")


def _headlines(proposals: list[Proposal], text: str, comments_of: QuerySet | None) -> dict:
    """{proposal id: its headline}: from its sections where its title or sections matched,
    else (`in_text`, set by the search) from the comments the reader may read. One query, the
    union of a part for each dictionary of the page and each source."""
    wanted: dict[tuple[str, bool], list[int]] = {}
    for proposal in proposals:
        name = DICTIONARIES.get(proposal.language, WORD_FOR_WORD)
        in_text = getattr(proposal, "in_text", True) or comments_of is None
        wanted.setdefault((name, in_text), []).append(proposal.pk)
    queries = _queries(text)
    parts = []
    for (name, in_text), ids in wanted.items():
        if in_text:
            parts.append(_found_in(Section, "text", queries[name], name, ids, "position"))
        else:
            comments = _found_in(Comment, "body", queries[name], name, ids, "created_at")
            parts.append(comments.filter(pk__in=comments_of.values("pk")))
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return {pk: headline for pk, headline in rows if headline is not None}


def _marked(headline: str) -> SafeString:
    """ts_headline's answer made HTML: every character of the user's text escaped, and only
    our own <mark> around what matched."""
    parts = re.split(f"[{START}{STOP}]", headline)
    html = "".join(f"<mark>{escape(p)}</mark>" if n % 2 else escape(p) for n, p in enumerate(parts))
    return mark_safe(html)  # every part of the user's text is escaped above


def _window(source: str, words: list[str]) -> SafeString | None:
    """The fallback's passage: some words around the first of `words` found, marked."""
    lower = source[:PASSAGE_SOURCE].lower()
    spots = [(lower.find(word.lower()), word) for word in words]
    spots = [(at, word) for at, word in spots if at >= 0]
    if not spots:
        return None
    at, word = min(spots)
    start, end = max(0, at - 120), at + len(word) + 120
    stop = at + len(word)
    before, match, after = source[start:at], source[at:stop], source[stop:end]
    edge = ("… " if start else "", " …" if end < len(source) else "")
    html = f"{edge[0]}{escape(before)}<mark>{escape(match)}</mark>{escape(after)}{edge[1]}"
    return mark_safe(html)  # every part of the user's text is escaped above


def passages(
    *, proposals: list[Proposal], text: str, comments_of: QuerySet[Proposal] | None = None
) -> None:
    """Give each proposal its `passage`: where its sections (else, for those in `comments_of`,
    its comments) hold the words, marked; None where only the title does. One query."""
    text, proposals = query_cleaned(text), list(proposals)
    found: dict[int, SafeString] = {}
    if proposals and text and is_full_text():
        headlines = _headlines(proposals, text, comments_of)
        found = {pk: _marked(headline) for pk, headline in headlines.items()}
    elif proposals and text:
        ids = [proposal.pk for proposal in proposals]
        found = _fallback_passages(ids, _words(text), comments_of)
    for proposal in proposals:
        proposal.passage = found.get(proposal.pk)


def _fallback_passages(ids: list[int], words: list[str], comments_of: QuerySet | None) -> dict:
    rows = Section.objects.filter(proposal__in=ids).order_by()
    rows = rows.values_list("proposal_id", "text", "position")
    if comments_of is not None:
        readable = comments_of.filter(pk__in=ids).values("pk")
        comments = Comment.objects.filter(proposal__in=readable).order_by()
        comments = comments.annotate(position=Value(10_000))
        rows = rows.union(comments.values_list("proposal_id", "body", "position"), all=True)
    found = {}
    for proposal_id, source, _position in sorted(rows, key=lambda row: row[2]):
        if proposal_id not in found and (passage := _window(source, words)):
            found[proposal_id] = passage
    return found
