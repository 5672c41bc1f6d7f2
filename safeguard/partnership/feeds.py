"""The partnership's news as an Atom feed (RFC 4287), by Django's feed generator."""

from datetime import datetime, time

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from safeguard.content.sanitise import rich_text


class NewsFeed(Atom1Feed):
    """Atom with each article's text (as HTML) beside its summary."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


def _moment(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9)))


def news_feed_response(index, articles, request: HttpRequest) -> HttpResponse:
    """`articles` (a news index's, newest first) as Atom: each with its address, date, summary and its text
    cleaned as on the page, and its tags as categories."""
    home = request.build_absolute_uri(index.get_url(request))
    feed = NewsFeed(
        title=index.title,
        link=home,
        description="",
        feed_url=request.build_absolute_uri(),
        language="en-GB",
        feed_guid=home,
    )
    for article in articles:
        link = request.build_absolute_uri(article.get_url(request))
        feed.add_item(
            title=article.title,
            link=link,
            unique_id=link,
            description=article.summary,
            content=str(rich_text(article.body)),
            pubdate=_moment(article.date),
            updateddate=article.last_published_at or _moment(article.date),
            categories=[tag.name for tag in article.tags.all()],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response
