"""Pages and files with personal data are not kept by a browser's or a proxy's cache."""

from safeguard.core.audit import SystemActor
from safeguard.notifications.services import api_token_create


def test_every_page_and_export_for_a_signed_in_person_is_private_and_not_stored(client, sign_in, sqa_manager, world):
    sign_in(sqa_manager)
    urls = [
        "/",
        "/children/",
        f"/children/{world.child.pk}/",
        "/notifications/",
        f"/notifications/{world.notification.pk}/",
        "/work/",
        "/missing/",
        "/audit/",
        "/children/export.csv",
        "/children/export.xlsx",
        f"/missing/ssda903/{world.child.placing_authority_id}.csv",
    ]
    answers = {url: client.get(url) for url in urls}
    assert {url: r.status_code for url, r in answers.items()} == dict.fromkeys(urls, 200)
    assert {url: r.get("Cache-Control") for url, r in answers.items()} == dict.fromkeys(urls, "private, no-store")


def test_the_lado_figures_export_is_private_and_not_stored(client, sign_in, lado):
    sign_in(lado)
    response = client.get("/lado/figures.csv")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


def test_api_answers_are_private_and_not_stored(client, host, placing_council):
    token = api_token_create(actor=SystemActor("Safeguard test suite"), placing_authority=placing_council)[1]
    response = client.get("/api/v1/children", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
