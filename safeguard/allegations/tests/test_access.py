"""Every LADO case URL: the LADO team alone; every other role gets 404, anonymous goes to sign in.

The access matrix (home/tests/test_access_matrix.py) checks the same per URL and role; this walks all
of the app's URLs in one pass, so that a new URL that forgets `lado_only` fails here by name.
"""

from django.urls import reverse

from safeguard.allegations import urls as lado_urls

PUBLIC = {"refer", "refer_sent"}
FIGURES = {"figures", "figures_csv"}
OTHER_ROLES = [
    "sqa_officer",
    "sqa_manager",
    "ra_social_worker",
    "ra_duty_manager",
    "virtual_school_officer",
    "partnership_editor",
    "placing_social_worker",
    "other_authority_user",
    "carer",
    "police",
]


def _urls(world):
    kwargs = {
        "pk": world.lado_case.pk,
    }
    special = {
        "original_message": {"pk": world.lado_email_case.pk},
        "action_complete": {"pk": world.lado_action.pk},
        "child_link": {"pk": world.lado_child.pk},
        "email_check": {"pk": world.lado_email.pk},
        "email_reject": {"pk": world.lado_email.pk},
        "email_message": {"pk": world.lado_email.pk},
    }
    for pattern in lado_urls.urlpatterns:
        name = pattern.name
        if name in PUBLIC:
            continue
        params = special.get(name, kwargs if "<int:pk>" in str(pattern.pattern) else None)
        yield name, reverse(f"allegations:{name}", kwargs=params)


def test_no_other_role_reaches_any_lado_url(client, sign_in, world, request):
    urls = list(_urls(world))
    assert len(urls) >= 14
    for role in OTHER_ROLES:
        sign_in(request.getfixturevalue(role))
        for name, url in urls:
            if role == "partnership_editor" and name in FIGURES:
                continue
            for method in ("get", "post"):
                status = getattr(client, method)(url).status_code
                assert status in (404, 405), f"{role} {method} {url}: {status}"
                if method == "get" and name != "action_complete":
                    assert status == 404, f"{role} GET {url}: {status}"
        client.logout()
    for name, url in urls:
        response = client.post(url) if name == "action_complete" else client.get(url)
        assert response["Location"].startswith("/sign-in/"), url


def test_the_lado_reaches_them_all(client, sign_in, world, lado):
    sign_in(lado)
    for name, url in _urls(world):
        status = (client.post(url) if name == "action_complete" else client.get(url)).status_code
        assert status in (200, 302), f"{url}: {status}"
