"""Who sees which child, read straight from the selector (the access matrix checks the pages)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from safeguard.accounts.models import Role, User
from safeguard.accounts.tests.factories import HostCouncilFactory, ProviderFactory, UserFactory
from safeguard.core.audit import TIMED_RULE
from safeguard.missing.tests.factories import MissingEpisodeFactory, PoliceForceFactory, placed_child
from safeguard.register.selectors import children_visible_to, may_see_children
from safeguard.register.tests.factories import PlacementFactory


@pytest.mark.django_db
def test_a_carer_sees_the_children_placed_with_them_now_and_no_others():
    host = HostCouncilFactory()
    provider = ProviderFactory(located_in=host)
    here_now, carer = placed_child(host=host, carer=provider, first_name="Nell", last_name="Now")
    placed_before, _ = placed_child(host=host, first_name="Bea", last_name="Before")
    today = timezone.localdate()
    PlacementFactory(
        child=placed_before, carer=provider, start_date=today - timedelta(days=90), end_date=today - timedelta(days=31)
    )
    placed_child(host=host, first_name="Eli", last_name="Elsewhere")
    carer = User.objects.get(pk=carer.pk)  # as a request has it: its role read back from the database
    assert list(children_visible_to(carer)) == [here_now]
    carer.is_active = False
    assert list(children_visible_to(carer)) == []


@pytest.mark.django_db
def test_nobody_signed_in_sees_no_child():
    placed_child()
    for nobody in (None, AnonymousUser(), TIMED_RULE, UserFactory(role="", organisation=None)):
        assert list(children_visible_to(nobody)) == [], nobody
    assert list(children_visible_to(UserFactory(role=Role.PARTNERSHIP_EDITOR))) == []


@pytest.mark.django_db
def test_a_person_without_a_role_sees_no_child_even_at_a_carer_or_a_police_force():
    """An account whose role was taken away keeps its organisation: the organisation alone gives nothing."""
    force = PoliceForceFactory()
    host = HostCouncilFactory(police_force=force)
    child, carer = placed_child(host=host)
    MissingEpisodeFactory(child=child)
    for organisation in (carer.organisation, force):
        person = User.objects.get(pk=UserFactory(role="", organisation=organisation).pk)
        assert list(children_visible_to(person)) == [], organisation
        assert not may_see_children(person)


@pytest.mark.django_db
def test_only_roles_that_work_with_children_may_see_some():
    assert may_see_children(UserFactory(role=Role.CARER)) and may_see_children(UserFactory(role=Role.POLICE))
    for nobody in (None, AnonymousUser(), TIMED_RULE, UserFactory(role=Role.PARTNERSHIP_EDITOR)):
        assert not may_see_children(nobody), nobody


@pytest.mark.django_db
def test_the_lado_sees_their_host_councils_register():
    child, _ = placed_child()
    lado = User.objects.get(pk=UserFactory(role=Role.LADO, organisation=child.host_council.organisation).pk)
    assert list(children_visible_to(lado)) == [child]
