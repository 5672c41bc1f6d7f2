"""The services directory, after the Open Referral UK (ORUK) data standard, version 3.0.

Every row belongs to one host council: its partnership keeps its own directory, and nobody else's
shows in any of its pages or in its ORUK API. Identifiers are UUIDs, as ORUK has them. Glossary in
README.md beside this file; the choices in docs/adr/0026-services-directory-on-open-referral-uk.md.
"""

import uuid

from django.db import models


class Taxonomy(models.Model):
    """A vocabulary of categories (ORUK `taxonomy`), e.g. the host's own "Directory categories"."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.CASCADE, related_name="taxonomies")
    name = models.CharField(max_length=200)
    description = models.TextField()
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        verbose_name_plural = "taxonomies"
        ordering = ["host_council", "name"]
        constraints = [models.UniqueConstraint(fields=["host_council", "name"], name="directory_taxonomy_unique")]

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    """A category people search by (ORUK `taxonomy_term`): "Mental health", "Education"…

    `code` is a short name that stays when the words change; the reference contacts are filed under the
    term coded `who-to-call`.
    """

    WHO_TO_CALL = "who-to-call"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.CASCADE, related_name="taxonomy_terms")
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="terms")
    code = models.SlugField(max_length=100)
    name = models.CharField(max_length=200)
    description = models.TextField()
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")

    class Meta:
        ordering = ["host_council", "name"]
        constraints = [
            models.UniqueConstraint(fields=["host_council", "code"], name="directory_term_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """Who runs services (ORUK `organization`): the NHS trust, the council, a charity."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    host_council = models.ForeignKey(
        "accounts.HostCouncil", on_delete=models.CASCADE, related_name="directory_organisations"
    )
    name = models.CharField(max_length=200)
    description = models.TextField()
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["host_council", "name"]
        constraints = [
            models.UniqueConstraint(fields=["host_council", "name"], name="directory_organisation_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """A service people can use (ORUK `service`), run by an organisation."""

    class Status(models.TextChoices):
        # ORUK's own words (service.status enum).
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        DEFUNCT = "defunct", "Defunct"
        TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.CASCADE, related_name="services")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    description = models.TextField()
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    fees = models.CharField(max_length=500, blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    # Marks demo entries that are invented (not from the council's seeds); shown on the service's page.
    invented = models.BooleanField(default=False)
    terms = models.ManyToManyField(TaxonomyTerm, through="ServiceTaxonomy", related_name="services")
    # The words people search: name, description and organisation, lower case; written by the services
    # (services.search_text) and served by a trigram index on PostgreSQL (migration 0002).
    search_text = models.TextField(blank=True, editable=False)
    last_modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["host_council", "name"]
        indexes = [models.Index(fields=["host_council", "status", "name"], name="directory_service_listed")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True)
                | models.Q(maximum_age__isnull=True)
                | models.Q(maximum_age__gte=models.F("minimum_age")),
                name="directory_service_ages_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ServiceTaxonomy(models.Model):
    """A service filed under a category (ORUK `attribute` linking a service to a taxonomy term)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_taxonomies")
    term = models.ForeignKey(TaxonomyTerm, on_delete=models.CASCADE, related_name="service_taxonomies")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "term"], name="directory_service_term_unique")]

    def __str__(self) -> str:
        return f"{self.service_id} in {self.term_id}"


class Location(models.Model):
    """Where a service is given (ORUK `location` with its physical `address`, through `service_at_location`).

    `postcode_district` ("LU1") is kept from the postcode so "near a postcode" is a district match:
    no geocoding service is reachable offline. Latitude and longitude are optional.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The ORUK service_at_location's identifier.
    service_at_location_id = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    address_1 = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    postcode = models.CharField(max_length=10)
    postcode_district = models.CharField(max_length=4, db_index=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["service", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.postcode}"


class Contact(models.Model):
    """Someone to ask about a service (ORUK `contact`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["service", "name"]

    def __str__(self) -> str:
        return self.name


class Phone(models.Model):
    """A telephone number of a service or one of its contacts (HSDS 3.0 `phone`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="phones")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=40)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["service", "number"]

    def __str__(self) -> str:
        return self.number


class Schedule(models.Model):
    """When a service is open (ORUK `schedule`, iCal-like): every week (`freq` WEEKLY) on the days of
    `byday` ("MO,TU,WE,TH,FR"), from `opens_at` to `closes_at`."""

    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", "Every week"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    freq = models.CharField(max_length=10, choices=Freq.choices, default=Freq.WEEKLY)
    byday = models.CharField(max_length=40)
    opens_at = models.TimeField()
    closes_at = models.TimeField()
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["service", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="directory_schedule_close_after_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.byday} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class Eligibility(models.Model):
    """Who a service is for, in words ("Looked-after children placed in Luton"); ages are on the service."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="eligibilities")
    description = models.CharField(max_length=500)

    class Meta:
        verbose_name_plural = "eligibilities"
        ordering = ["service", "description"]

    def __str__(self) -> str:
        return self.description
