"""The public directory: search by words, category and postcode district, a service's page, and one host
never showing another's entries."""

import pytest
from django.urls import reverse

from safeguard.directory import selectors
from safeguard.directory.models import Service, TaxonomyTerm
from safeguard.directory.oruk import days_words, time_words

from .conftest import MK_SITE
from .factories import LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

SEARCH = "/partnership/directory/"


def _names(response) -> str:
    return response.content.decode()


def test_a_word_finds_the_service_and_not_the_others(client, luton_directory):
    page = _names(client.get(SEARCH, {"text": "young carers"}))
    assert "Young Carers Support Service" in page
    assert "Luton Virtual School" not in page
    assert "1 service" in page


def test_every_word_must_match_name_description_or_organisation(client, luton_directory):
    page = _names(client.get(SEARCH, {"text": "NHS mental"}))
    assert "Child and Adolescent Mental Health Service (CAMHS) Luton" in page
    assert "Young Carers" not in page


def test_a_category_lists_only_its_services(client, luton_directory):
    family = TaxonomyTerm.objects.get(host_council=luton_directory, code="family-support")
    page = _names(client.get(SEARCH, {"category": str(family.pk)}))
    assert "Family Hub: Early Help" in page and "Young Carers Support Service" in page
    assert "Luton Virtual School" not in page
    assert "2 services" in page


def test_the_who_to_call_category_lists_the_hosts_contacts(client, luton_directory):
    who = TaxonomyTerm.objects.get(host_council=luton_directory, code=TaxonomyTerm.WHO_TO_CALL)
    page = _names(client.get(SEARCH, {"category": str(who.pk)}))
    assert "PPU Support Team, Greyfriars Police Station" in page
    assert "LADO" in page
    assert "Luton Virtual School" not in page


def test_near_a_postcode_is_the_same_postcode_district(client, luton_directory):
    page = _names(client.get(SEARCH, {"postcode": "lu4 9zz"}))
    assert "Missing Children Return Interview Service" in page  # LU4 8AA
    assert "Luton Youth Service" not in page  # LU2
    # The council's contacts serve the whole of its area.
    assert "Referral and Assessment duty manager" in page


def test_a_postcode_outside_the_area_lists_neither_contacts_nor_services(client, luton_directory):
    page = _names(client.get(SEARCH, {"postcode": "MK1"}))
    assert "0 services" in page
    assert "Referral and Assessment duty manager" not in page


def test_a_postcode_that_is_not_one_is_named_in_the_error(client, luton_directory):
    response = client.get(SEARCH, {"postcode": "L1UX", "text": "carers"})
    page = _names(response)
    assert "There is a problem" in page
    assert "Enter a postcode, like LU1 2BQ, or the first part of one, like LU1" in page
    assert 'value="carers"' in page  # nothing typed is lost


def test_what_a_person_typed_is_shown_escaped(client, luton_directory):
    typed = '<script>alert("x")</script>'
    page = _names(client.get(SEARCH, {"text": typed}))
    assert typed not in page
    assert "&lt;script&gt;" in page


def test_an_editors_words_are_shown_escaped_on_the_service_page(client, luton_directory):
    service = ServiceFactory(
        host_council=luton_directory, name="<b>Bold</b> club", description="<img src=x onerror=alert(1)>"
    )
    page = _names(client.get(reverse("directory:service_detail", args=[service.pk])))
    assert "<b>Bold</b>" not in page and "&lt;b&gt;Bold&lt;/b&gt; club" in page
    assert "<img src=x" not in page


def test_the_results_are_paged_twenty_at_a_time(client, luton_directory):
    for number in range(45):
        ServiceFactory(host_council=luton_directory, name=f"Paged club {number:02d}", description="Paged")
    first = _names(client.get(SEARCH, {"text": "paged"}))
    assert "45 services" in first
    assert "Paged club 00" in first and "Paged club 19" in first and "Paged club 20" not in first
    assert "?text=paged&amp;page=2" in first
    third = _names(client.get(SEARCH, {"text": "paged", "page": "3"}))
    assert "Paged club 40" in third and "Paged club 44" in third and "Paged club 39" not in third
    assert client.get(SEARCH, {"text": "paged", "page": "4"}).status_code == 404


def test_a_services_page_reads_who_where_when_and_for_whom(client, luton_directory):
    service = Service.objects.get(host_council=luton_directory, name="Luton Virtual School")
    page = _names(client.get(reverse("directory:service_detail", args=[service.pk])))
    assert "Luton Borough Council" in page  # the organisation
    assert "01582 548150" in page and "virtual-school@luton.example" in page
    assert "Town Hall, George Street" in page and "LU1 2BQ" in page
    assert "Monday to Friday, 8:30am to 5pm" in page
    assert "Looked-after children placed in Luton or looked after by Luton" in page
    assert "2 to 18" in page
    assert "invented for the demonstration" in page


def test_a_contacts_page_reads_its_hours_from_the_hosts_configuration(client, luton_directory):
    contact = luton_directory.contacts.get(name="Bedfordshire Police missing persons unit")
    entry_id = selectors.oruk.reference_contact_id(contact)
    page = _names(client.get(reverse("directory:service_detail", args=[entry_id])))
    assert "Monday to Friday, 8am to 10pm" in page
    assert "Saturday to Sunday" not in page and "Saturday and Sunday, 8am to 6pm" in page


def test_one_host_never_shows_anothers_entries(client, luton_directory, mk_host):
    luton_service = Service.objects.get(host_council=luton_directory, name="Luton Virtual School")
    mk_service = Service.objects.get(host_council=mk_host)
    assert "Keynes Kids Counselling" not in _names(client.get(SEARCH, {"text": "counselling"}))
    assert client.get(reverse("directory:service_detail", args=[mk_service.pk])).status_code == 404
    mk_page = _names(client.get(SEARCH, {"text": "counselling"}, HTTP_HOST=MK_SITE))
    assert "Keynes Kids Counselling" in mk_page
    assert (
        client.get(reverse("directory:service_detail", args=[luton_service.pk]), HTTP_HOST=MK_SITE).status_code == 404
    )
    assert client.get(reverse("directory:service_detail", args=[mk_service.pk]), HTTP_HOST=MK_SITE).status_code == 200
    # Milton Keynes's directory lists its own contacts: it has none configured, so only its service.
    assert "1 service" in _names(client.get(SEARCH, HTTP_HOST=MK_SITE))


def test_selectors_scope_by_host(luton_directory, mk_host):
    everything = selectors.DirectoryQuery()
    luton_names = {e["name"] for e in selectors.directory_search(luton_directory, everything, per_page=100).entries}
    mk_names = {e["name"] for e in selectors.directory_search(mk_host, everything, per_page=100).entries}
    assert "Keynes Kids Counselling" in mk_names and "Keynes Kids Counselling" not in luton_names
    assert "Luton Virtual School" in luton_names and "Luton Virtual School" not in mk_names
    assert selectors.service_get_for_editor(mk_host, Service.objects.get(name="Luton Virtual School").pk) is None


@pytest.mark.parametrize(
    ("byday", "words"),
    [
        ("MO,TU,WE,TH,FR", "Monday to Friday"),
        ("MO,WE,FR", "Monday, Wednesday and Friday"),
        ("SA,SU", "Saturday and Sunday"),
        ("MO,TU,WE,TH,FR,SA,SU", "Every day"),
        ("TU", "Tuesday"),
    ],
)
def test_days_read_as_people_say_them(byday, words):
    assert days_words(byday) == words


def test_times_read_as_gov_uk_writes_them():
    from datetime import time

    assert [time_words(t) for t in (time(9), time(17, 30), time(12), time(0))] == [
        "9am",
        "5:30pm",
        "midday",
        "midnight",
    ]


def test_a_service_of_another_category_host_cannot_be_filed_by_location(luton_directory):
    service = ServiceFactory(host_council=luton_directory, name="Two places")
    LocationFactory(service=service, postcode="LU1 1AA")
    LocationFactory(service=service, postcode="LU1 3BB")
    page = selectors.directory_search(
        luton_directory, selectors.DirectoryQuery(text="two places", postcode_district="LU1")
    )
    assert page.total_items == 1 and page.size == 1
