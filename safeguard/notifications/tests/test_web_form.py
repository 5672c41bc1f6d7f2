import html
import re

from safeguard.core.models import OutboxMessage
from safeguard.notifications.models import Notification, WorkItem


def _next(response):
    assert response.status_code == 302, response.content.decode()[:3000]
    return response["Location"]


def test_placing_social_worker_notifies_a_placement_through_the_question_pages(client, sign_in, placing_social_worker):
    sign_in(placing_social_worker)
    assert "Notify the host council" in client.get("/notify/").content.decode()
    url = _next(client.post("/notify/new/kind/", {"kind": "placement_start"}))
    assert url.endswith("/child/")
    # A bad answer: the page says what is wrong, and what was typed is kept.
    page = client.post(
        url,
        {
            "child__first_name": "Ava",
            "child__last_name": "",
            "child__date_of_birth_0": "31",
            "child__date_of_birth_1": "2",
            "child__date_of_birth_2": "2012",
        },
    ).content.decode()
    assert "There is a problem" in page
    assert "The date of birth must be a real date" in page
    assert 'value="Ava"' in page
    draft = Notification.objects.get(status=Notification.Status.DRAFT)
    assert draft.payload["child"]["first_name"] == "Ava"

    url = _next(
        client.post(
            url,
            {
                "child__first_name": "Ava",
                "child__last_name": "Smith",
                "child__date_of_birth_0": "1",
                "child__date_of_birth_1": "5",
                "child__date_of_birth_2": "2012",
                "child__sex": "F",
                "child__nhs_number": "943 476 5919",
            },
        )
    )
    url = _next(client.post(url, {"legal_status": "C2"}))
    page = client.post(
        url,
        {
            "placement__start_date_0": "1",
            "placement__start_date_1": "12",
            "placement__start_date_2": "2026",
            "placement__emergency": "no",
            "placement__type": "U4",
            "placement__address__line1": "1 High Street",
            "placement__address__town": "Luton",
            "placement__address__postcode": "SW1A 1AA",
        },
    )
    assert "not in an area served by a host council" in page.content.decode()
    url = _next(
        client.post(
            url,
            {
                "placement__start_date_0": "1",
                "placement__start_date_1": "12",
                "placement__start_date_2": "2026",
                "placement__emergency": "no",
                "placement__type": "U4",
                "placement__address__line1": "1 High Street",
                "placement__address__town": "Luton",
                "placement__address__postcode": "lu1 2bq",
            },
        )
    )
    page = client.post(
        url, {"social_worker__name": "Sam Jones", "iro__name": "Alex Reed", "iro__email": "not-an-email"}
    ).content.decode()
    page = html.unescape(page)
    assert "Enter the social worker's email address or phone number" in page
    assert "Enter the IRO's email address in the correct format" in page
    url = _next(
        client.post(
            url,
            {
                "social_worker__name": "Sam Jones",
                "social_worker__email": "sam@herts.example",
                "iro__name": "Alex Reed",
                "iro__phone": "01632 960 002",
            },
        )
    )
    page = client.post(url, {"ehc_plan__has_plan": "yes"}).content.decode()
    assert "Enter the council that maintains the EHC plan" in page
    url = _next(client.post(url, {"ehc_plan__has_plan": "yes", "ehc_plan__maintaining_authority": "919"}))
    assert url.endswith("/check/")

    check = client.get(url).content.decode()
    assert "Check your answers" in check and "Full care order" in check and "Hertfordshire" in check
    sent = client.post(url)
    page = html.unescape(client.get(_next(sent)).content.decode())
    reference = re.search(r"SG-\d{4}-\d{6}", page).group(0)
    assert "Notification sent" in page and "on Luton's register" in page
    notification = Notification.objects.get(reference=reference)
    assert notification.status == Notification.Status.REGISTERED
    assert notification.placing_authority == placing_social_worker.organisation
    assert WorkItem.objects.filter(notification=notification).count() == 2
    assert OutboxMessage.objects.filter(purpose="notification.acknowledge", to="sam@herts.example").exists()


def test_a_placing_social_worker_cannot_open_another_persons_draft(
    client, sign_in, placing_social_worker, other_authority_user
):
    sign_in(placing_social_worker)
    url = _next(client.post("/notify/new/kind/", {"kind": "placement_start"}))
    sign_in(other_authority_user)
    assert client.get(url).status_code == 404
