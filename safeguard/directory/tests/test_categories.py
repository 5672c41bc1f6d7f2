"""The partnership editor keeps the directory's categories: adds one, changes its words (its code stays),
and a name already used or left empty is refused by field. Another host's category is not found."""

import pytest
from django.urls import reverse

from safeguard.core.models import AuditEvent
from safeguard.directory.models import TaxonomyTerm

pytestmark = pytest.mark.django_db


def test_an_editor_adds_a_category_and_changes_its_words(client, sign_in, luton_directory, partnership_editor):
    sign_in(partnership_editor)
    response = client.post(
        reverse("directory:category_add"),
        {"name": "Care leavers", "description": "Help for young people leaving care."},
    )
    assert response.status_code == 302
    term = TaxonomyTerm.objects.get(host_council=luton_directory, name="Care leavers")
    assert term.code == "care-leavers"
    assert "Care leavers" in client.get(reverse("directory:categories")).content.decode()
    client.post(
        reverse("directory:category_edit", args=[term.pk]),
        {"name": "Leaving care", "description": "Help for care leavers up to 25."},
    )
    term.refresh_from_db()
    assert (term.name, term.code) == ("Leaving care", "care-leavers")
    assert AuditEvent.objects.filter(action="directory.term_update", object_id=str(term.pk)).exists()
    search = client.get(reverse("directory:search")).content.decode()
    assert "Leaving care" in search  # the public search's categories


def test_bad_input_is_named_and_kept(client, sign_in, luton_directory, partnership_editor):
    sign_in(partnership_editor)
    before = TaxonomyTerm.objects.count()
    page = client.post(reverse("directory:category_add"), {"name": "young carers", "description": ""}).content.decode()
    assert "There is already a category called “young carers”" in page
    assert "Enter what the category is for" in page and 'value="young carers"' in page
    page = client.post(reverse("directory:category_add"), {"name": "", "description": "Something"}).content.decode()
    assert "Enter the category&#39;s name" in page or "Enter the category's name" in page
    assert TaxonomyTerm.objects.count() == before


def test_another_hosts_category_is_not_found(client, sign_in, luton_directory, mk_host, partnership_editor):
    sign_in(partnership_editor)
    far = TaxonomyTerm.objects.filter(host_council=mk_host).first()
    assert client.get(reverse("directory:category_edit", args=[far.pk])).status_code == 404
    assert (
        client.post(reverse("directory:category_edit", args=[far.pk]), {"name": "X", "description": "Y"}).status_code
        == 404
    )
