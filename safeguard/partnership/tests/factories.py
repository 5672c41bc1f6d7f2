"""Partnership pages for tests: each is added under `parent` in the page tree (Wagtail's add_child), live
unless `live=False` is given (then a draft, its revision saved and never published)."""

from datetime import date

import factory

from safeguard.partnership.models import NewsArticlePage, PartnershipPage, PracticeReviewPage, ReviewStatus


class PageFactory(factory.Factory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, parent, tags=(), **kwargs):
        page = model_class(*args, **kwargs)
        if tags:
            page.tags.add(*tags)
        parent.add_child(instance=page)
        revision = page.save_revision(log_action=False)
        if page.live:
            revision.publish(log_action=False, skip_permission_checks=True)
        return page


class PartnershipPageFactory(PageFactory):
    class Meta:
        model = PartnershipPage

    title = factory.Sequence(lambda n: f"Partnership page {n}")
    body = "<p>What this page says.</p>"


class NewsArticleFactory(PageFactory):
    class Meta:
        model = NewsArticlePage

    title = factory.Sequence(lambda n: f"News article {n}")
    date = date(2026, 11, 1)
    summary = "A line about the article."
    body = "<p>The article's text.</p>"


class PracticeReviewFactory(PageFactory):
    class Meta:
        model = PracticeReviewPage

    title = factory.Sequence(lambda n: f"Practice review {n}")
    summary = "What the review was about."
    status = ReviewStatus.IN_PROGRESS
    background = "<p>Background.</p>"
    why_it_matters = "<p>Why it matters.</p>"
    findings = "<p>Findings.</p>"
    questions = "<p>Questions.</p>"
    what_to_do = "<p>What to do.</p>"
