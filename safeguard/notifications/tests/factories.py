"""Factories for notifications and work items (factory_boy, Faker en_GB).

Intake itself is tested through `services.notification_receive`; these make records for tests about
who may see them.
"""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from safeguard.accounts.tests.factories import TeamFactory
from safeguard.notifications.models import Notification, WorkItem
from safeguard.register.tests.factories import ChildFactory


class NotificationFactory(DjangoModelFactory):
    """A registered placement-start notification sent through the web form, about `child`."""

    class Meta:
        model = Notification

    reference = factory.Sequence(lambda n: f"SG-T{n:06d}")
    kind = Notification.Kind.PLACEMENT_START
    channel = Notification.Channel.WEB
    status = Notification.Status.REGISTERED
    child = factory.SubFactory(ChildFactory)
    host_council = factory.SelfAttribute("child.host_council")
    placing_authority = factory.SelfAttribute("child.placing_authority")
    received_at = factory.LazyFunction(timezone.now)
    registered_at = factory.SelfAttribute("received_at")
    payload = factory.LazyAttribute(
        lambda o: {"kind": o.kind, "child": {"first_name": o.child.first_name, "last_name": o.child.last_name}}
    )


class WorkItemFactory(DjangoModelFactory):
    """An open work item for a host team about a notification."""

    class Meta:
        model = WorkItem

    notification = factory.SubFactory(NotificationFactory)
    child = factory.SelfAttribute("notification.child")
    host_council = factory.SelfAttribute("notification.host_council")
    team = factory.SubFactory(TeamFactory, host_council=factory.SelfAttribute("..host_council"))
    escalate_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
