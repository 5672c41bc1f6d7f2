"""The manual's link check (ADR 0020), against an HTTP server on 127.0.0.1: never the internet."""

import socket
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from django.utils import timezone

from safeguard.core.audit import TIMED_RULE, SystemActor
from safeguard.core.models import AuditEvent
from safeguard.manual.links import check_external, manual_links_check
from safeguard.manual.models import (
    ChapterPage,
    ChapterReference,
    ChapterResource,
    ManualIndexPage,
    ManualLink,
    ManualSectionPage,
)
from safeguard.manual.services import chapter_publish

pytestmark = pytest.mark.django_db
LOADER = SystemActor("Safeguard test suite")


class _Handler(BaseHTTPRequestHandler):
    seen: list[tuple[str, str, str]] = []

    def _answer(self, with_body: bool):
        self.seen.append((self.command, self.path, self.headers.get("User-Agent", "")))
        if self.path == "/slow":
            time.sleep(2)
        if self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        else:
            self.send_response({"/good": 200, "/no-head": 200, "/slow": 200}.get(self.path, 404))
        self.send_header("Content-Length", "2")
        self.end_headers()
        if with_body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self._answer(False)

    def do_GET(self):
        self._answer(True)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Handler.seen = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def refused_url():
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.fixture
def small_manual(host, server, refused_url, settings):
    """A manual of two chapters: one with links of every kind, one it links to."""
    from safeguard.content.services import host_content_ensure

    settings.MANUAL_LINK_CHECK_TIMEOUT_SECONDS = 0.5
    home = host_content_ensure(actor=LOADER, host=host)
    manual = home.add_child(instance=ManualIndexPage(title="Procedures", slug="manual"))
    manual.save_revision().publish(log_action=False)
    section = manual.add_child(instance=ManualSectionPage(title="Care", slug="care"))
    section.save_revision().publish(log_action=False)
    target = section.add_child(
        instance=ChapterPage(
            title="Placements", slug="placements", body="<p>Text.</p>", change_details="New.", live=False
        )
    )
    chapter_publish(actor=LOADER, chapter=target)
    draft = section.add_child(
        instance=ChapterPage(title="Draft", slug="draft", body="<p>Not yet.</p>", change_details="New.", live=False)
    )
    body = (
        f'<p><a href="{server}/good">a good site</a>, <a href="{server}/missing">a page gone</a>, '
        f'<a href="{server}/slow">a slow site</a>, <a href="{refused_url}">a site down</a>, '
        f'<a href="{server}/no-head">no HEAD</a>, <a href="/manual/care/placements/">placements</a>, '
        f'<a href="/manual/care/nowhere/">nowhere</a>, <a linktype="page" id="{draft.pk}">the draft</a>, '
        '<a href="mailto:sqa@luton.example">e-mail</a>, <a href="#top">top</a></p>'
    )
    chapter = section.add_child(
        instance=ChapterPage(title="Missing", slug="missing", body=body, change_details="New.", live=False)
    )
    chapter.references.add(ChapterReference(title="Guidance", url=f"{server}/good"))
    chapter.local_resources.add(ChapterResource(title="Old leaflet", url=f"{server}/leaflet.pdf"))
    chapter_publish(actor=LOADER, chapter=chapter)
    return manual


def test_the_check_records_good_and_broken_links(small_manual, server, refused_url):
    broken = manual_links_check(actor=TIMED_RULE, manual=small_manual)
    links = {(link.where, link.url): link for link in ManualLink.objects.filter(manual=small_manual)}
    by_url = {url: link for (_, url), link in links.items()}
    assert by_url[f"{server}/good"].ok and by_url[f"{server}/good"].status_code == 200
    assert by_url[f"{server}/no-head"].ok  # HEAD refused, GET answered
    assert not by_url[f"{server}/missing"].ok and by_url[f"{server}/missing"].status_code == 404
    assert by_url[f"{server}/missing"].problem == "Not found"
    assert by_url[f"{server}/slow"].problem == "No answer within 0.5 seconds"
    assert by_url[refused_url].problem == "Could not connect to the site"
    assert by_url["/manual/care/placements/"].ok
    assert by_url["/manual/care/nowhere/"].problem == "No such chapter in the manual"
    draft = ChapterPage.objects.get(slug="draft")
    assert by_url[f"page:{draft.pk}"].problem == "The linked page is not published"
    assert by_url[f"{server}/leaflet.pdf"].where == "resource" and not by_url[f"{server}/leaflet.pdf"].ok
    assert links[("reference", f"{server}/good")].text == "Guidance"
    assert "mailto:sqa@luton.example" not in by_url and "#top" not in by_url
    assert broken == 6
    # Each address asked for once, with a User-Agent naming the service and its address.
    asked = [(method, path) for method, path, _ in _Handler.seen]
    assert asked.count(("HEAD", "/good")) == 1
    assert all(agent.startswith("Safeguard link checker (+http") for _, _, agent in _Handler.seen)
    assert AuditEvent.objects.filter(action="manual.links_check", changes__broken=6).exists()


def test_a_link_broken_twice_keeps_the_day_it_broke(small_manual, server):
    manual_links_check(actor=TIMED_RULE, manual=small_manual)
    first = ManualLink.objects.get(url=f"{server}/missing").broken_since
    manual_links_check(actor=TIMED_RULE, manual=small_manual, now=timezone.now() + timedelta(days=1))
    again = ManualLink.objects.get(url=f"{server}/missing")
    assert again.broken_since == first and again.checked_at > first


def test_check_external_gives_up_after_the_timeout(server):
    started = time.monotonic()
    assert check_external(f"{server}/slow", timeout=0.3).problem == "No answer within 0.3 seconds"
    assert time.monotonic() - started < 1.5


def test_editors_see_the_broken_links_in_the_admin(
    client, sign_in, small_manual, partnership_editor, sqa_officer, server
):
    manual_links_check(actor=TIMED_RULE, manual=small_manual)
    sign_in(partnership_editor)
    page = client.get(reverse("manual_links")).content.decode()
    assert f"{server}/missing" in page and "Not found (404)" in page and "a page gone" in page
    assert f"{server}/good</code>" not in page
    assert "6 broken" in page
    sign_in(sqa_officer)
    assert client.get(reverse("manual_links")).status_code == 404


def test_the_timed_rule_checks_every_live_manual(small_manual, server):
    from safeguard.manual.tasks import manual_links_check as task

    assert task.apply().get() == "6 broken link(s) in the manual"
