"""Organisations, host councils, teams and the people who sign in.

Glossary in README.md beside this file.
"""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone

from safeguard.core.secrets import EncryptedSecretField


class Organisation(models.Model):
    """A council, a provider or carer household, or a police force."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        PROVIDER = "provider", "Carer or provider"
        POLICE = "police", "Police force"
        SCHOOL = "school", "School"

    class ProviderType(models.TextChoices):
        FOSTER_CARER = "foster_carer", "Foster carer"
        CHILDRENS_HOME = "childrens_home", "Children's home"
        SUPPORTED_ACCOMMODATION = "supported_accommodation", "Supported accommodation"
        OTHER = "other", "Other provider"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    dfe_code = models.CharField("DfE local authority code", max_length=3, unique=True, null=True, blank=True)
    ons_code = models.CharField("ONS code", max_length=9, unique=True, null=True, blank=True)
    region = models.CharField(max_length=100, blank=True)
    notification_email = models.EmailField(blank=True)
    provider_type = models.CharField(max_length=30, choices=ProviderType.choices, blank=True)
    # For carers and providers: the host council whose area they are in.
    located_in = models.ForeignKey(
        "accounts.HostCouncil", null=True, blank=True, on_delete=models.PROTECT, related_name="providers"
    )
    phone = models.CharField(max_length=40, blank=True)
    # A council's out-of-hours (emergency duty team) number: the grab pack prints the placing council's.
    out_of_hours_phone = models.CharField("out-of-hours phone", max_length=40, blank=True)
    email = models.EmailField(blank=True)
    # For a school: its URN in the DfE's "Get information about schools" (the education app's School).
    urn = models.PositiveIntegerField("URN", unique=True, null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="council") | models.Q(dfe_code__isnull=True),
                name="organisation_dfe_code_only_for_councils",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class HostCouncil(models.Model):
    """A council that hosts children placed by others and runs Safeguard for its area.

    Every host-side record (register entry, team, work item, contacts, police hours) belongs to one.
    """

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="host")
    slug = models.SlugField(unique=True)
    police_force = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosts_policed",
        limit_choices_to={"kind": Organisation.Kind.POLICE},
    )
    # Postcode districts of the host area, e.g. "LU1 LU2 LU3 LU4". Used to route notifications.
    postcode_districts = models.TextField(blank=True)
    # The council's name as it brands its services ("Luton Borough Council"), from its configuration;
    # the organisation's name is the area's ("Luton").
    display_name = models.CharField(max_length=200, blank=True)
    register_retention_years = models.PositiveSmallIntegerField(default=25)

    class Meta:
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return self.organisation.name

    @property
    def name(self) -> str:
        return self.organisation.name

    @property
    def display_name_or_name(self) -> str:
        return self.display_name or self.organisation.name


class Team(models.Model):
    """A team of a host council, with its own work queue and inbox."""

    class Kind(models.TextChoices):
        SQA = "sqa", "Safeguarding and Quality Assurance"
        REFERRAL_ASSESSMENT = "referral_assessment", "Referral and Assessment"
        VIRTUAL_SCHOOL = "virtual_school", "Virtual School"
        LADO = "lado", "LADO"
        PARTNERSHIP = "partnership", "Safeguarding partnership"
        OTHER = "other", "Other"

    host_council = models.ForeignKey(HostCouncil, on_delete=models.PROTECT, related_name="teams")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    manager_email = models.EmailField(blank=True)

    class Meta:
        ordering = ["host_council", "name"]
        constraints = [
            models.UniqueConstraint(fields=["host_council", "name"], name="team_name_unique_per_host"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.host_council})"


class Role(models.TextChoices):
    """What a person does (brief section 2). One role per account."""

    SQA_OFFICER = "sqa_officer", "SQA officer"
    SQA_MANAGER = "sqa_manager", "SQA manager"
    RA_SOCIAL_WORKER = "ra_social_worker", "Referral and Assessment social worker"
    RA_DUTY_MANAGER = "ra_duty_manager", "Referral and Assessment duty manager"
    VIRTUAL_SCHOOL_OFFICER = "virtual_school_officer", "Virtual School officer"
    LADO = "lado", "LADO"
    PARTNERSHIP_EDITOR = "partnership_editor", "Partnership editor"
    PLACING_SOCIAL_WORKER = "placing_social_worker", "Placing social worker"
    CARER = "carer", "Carer or provider staff"
    POLICE = "police", "Police missing persons unit"
    HOST_ADMIN = "host_admin", "Host council administrator"
    MANUAL_EDITOR = "manual_editor", "Procedures manual editor"
    CME_OFFICER = "cme_officer", "Education welfare / CME officer"
    SCHOOL_STAFF = "school_staff", "School staff"


# Roles held by staff of a host council; their records belong to that council.
HOST_ROLES = frozenset(
    {
        Role.SQA_OFFICER,
        Role.SQA_MANAGER,
        Role.RA_SOCIAL_WORKER,
        Role.RA_DUTY_MANAGER,
        Role.VIRTUAL_SCHOOL_OFFICER,
        Role.LADO,
        Role.PARTNERSHIP_EDITOR,
        Role.HOST_ADMIN,
        Role.MANUAL_EDITOR,
        Role.CME_OFFICER,
    }
)
# Host staff who work with the register of placed children.
REGISTER_ROLES = frozenset(
    {Role.SQA_OFFICER, Role.SQA_MANAGER, Role.RA_SOCIAL_WORKER, Role.RA_DUTY_MANAGER, Role.VIRTUAL_SCHOOL_OFFICER}
)
# The organisation kind each role belongs to.
ROLE_ORGANISATION_KIND = {
    **dict.fromkeys(HOST_ROLES, Organisation.Kind.COUNCIL),
    Role.PLACING_SOCIAL_WORKER: Organisation.Kind.COUNCIL,
    Role.CARER: Organisation.Kind.PROVIDER,
    Role.POLICE: Organisation.Kind.POLICE,
    Role.SCHOOL_STAFF: Organisation.Kind.SCHOOL,
}
# Roles that must use a second factor (TOTP) outside the demo.
SECOND_FACTOR_ROLES = HOST_ROLES | {Role.POLICE, Role.SCHOOL_STAFF}


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("Enter an email address")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        """`manage.py createsuperuser`: through `services.user_create`, the one way an account is made,
        with the command named as the actor. (`create_user` is that service's own step.)"""
        from safeguard.core.audit import SystemActor

        from .services import user_create

        role, organisation, team = fields.pop("role", ""), fields.pop("organisation", None), fields.pop("team", None)
        full_name = fields.pop("full_name", "")
        is_staff, is_superuser = fields.pop("is_staff", True), fields.pop("is_superuser", True)
        if fields:
            raise TypeError(f"create_superuser() takes no {', '.join(sorted(fields))}")
        return user_create(
            actor=SystemActor.command("createsuperuser"),
            email=email,
            password=password,
            full_name=full_name,
            role=role,
            organisation=organisation,
            team=team,
            is_staff=is_staff,
            is_superuser=is_superuser,
        )


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address and password."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    role = models.CharField(max_length=40, choices=Role.choices, blank=True)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    phone = models.CharField(max_length=40, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField("system administrator", default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        """The person's name, as Wagtail's admin shows who took each step of a page's review."""
        return self.full_name

    @property
    def is_host_staff(self) -> bool:
        return self.role in HOST_ROLES

    @property
    def host_council(self) -> "HostCouncil | None":
        """The host council whose records this person works on, for host-council staff."""
        if not self.is_host_staff or self.organisation_id is None:
            return None
        return getattr(self.organisation, "host", None)


class CouncilSignIn(models.Model):
    """A host council's own OpenID Connect provider (Microsoft Entra ID, or any standard one), through
    which its staff sign in instead of a Safeguard password and second factor (docs/adr/0034).

    Configuration is data (docs/adr/0011): set by the council's administrator on /settings/sign-in/ (or
    with `manage.py configure_council_sign_in`), audited.
    """

    host_council = models.OneToOneField(HostCouncil, on_delete=models.CASCADE, related_name="council_sign_in")
    # The provider's issuer: its discovery document is at <issuer>/.well-known/openid-configuration.
    issuer = models.URLField(max_length=500)
    client_id = models.CharField("client ID", max_length=200)
    # Encrypted at rest (safeguard/core/secrets.py): read it with secret_decrypt where it is sent.
    client_secret = EncryptedSecretField(blank=True)
    scopes = models.CharField(max_length=300, default="openid email profile")
    # The council's own e-mail domains, space-separated ("luton.gov.uk"): only addresses within them
    # are matched to an account.
    email_domains = models.CharField(max_length=500)
    # A claim listing the person's groups ("groups" in Entra ID) and the role each group gives. Empty:
    # the role is the one the person has in Safeguard.
    group_claim = models.CharField(max_length=100, blank=True)
    group_roles = models.JSONField(default=dict, blank=True)
    enabled = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"Single sign-on for {self.host_council}"

    @property
    def domains(self) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in self.email_domains.split() if d.strip()]

    def email_within(self, email: str) -> bool:
        return "@" in email and email.rsplit("@", 1)[1].lower() in self.domains
