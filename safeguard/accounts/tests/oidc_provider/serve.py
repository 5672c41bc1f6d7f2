"""Start the council's provider: `python -m safeguard.accounts.tests.oidc_provider.serve PORT` with
PROVIDER_DATABASE (a fresh SQLite file), PROVIDER_SETUP (JSON: client and people) in the environment.
It makes its signing key, its one client (Safeguard) and its people, then serves until stopped."""

import json
import os
import sys

import django


def main(port: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.accounts.tests.oidc_provider.settings")
    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType

    setup = json.loads(os.environ["PROVIDER_SETUP"])
    call_command("migrate", verbosity=0)
    call_command("creatersakey")
    client = Client.objects.create(
        name="Safeguard",
        client_type="confidential",
        client_id=setup["client_id"],
        client_secret=setup["client_secret"],
        jwt_alg="RS256",
        require_consent=False,
        reuse_consent=True,
        _redirect_uris="\n".join(setup["redirect_uris"]),
        _post_logout_redirect_uris="\n".join(setup["post_logout_redirect_uris"]),
    )
    client.response_types.add(ResponseType.objects.get(value="code"))
    for person in setup["people"]:
        user = User.objects.create_user(person["username"], email=person["email"], password=person["password"])
        for name in person.get("groups", []):
            user.groups.add(Group.objects.get_or_create(name=name)[0])
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, use_threading=True, skip_checks=True)


if __name__ == "__main__":
    main(sys.argv[1])
