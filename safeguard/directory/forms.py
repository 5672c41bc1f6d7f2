"""The directory's forms: the public search, and the editors' service and organisation forms."""

from django import forms

from safeguard.reference.postcodes import postcode_district

from .models import Service
from .oruk import DAY_NAMES, DAYS
from .services import OpeningTimes, OrganisationDetails, ServiceDetails


class SearchForm(forms.Form):
    """A member of the public searching: words, a category, near a postcode. Every part optional."""

    text = forms.CharField(label="Search for a service", required=False, max_length=200)
    category = forms.ChoiceField(label="Category", required=False)
    postcode = forms.CharField(
        label="Near a postcode",
        required=False,
        max_length=10,
        help_text="A full postcode, like LU1 2BQ, or the first part, like LU1",
    )

    def __init__(self, *args, terms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.terms = {str(term.pk): term for term in terms}
        self.fields["category"].choices = [("", "Any category")] + [(key, t.name) for key, t in self.terms.items()]

    def clean_category(self):
        value = self.cleaned_data["category"]
        return self.terms.get(value) if value else None

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        if not value:
            return None
        district = postcode_district(value)
        if district is None:
            raise forms.ValidationError("Enter a postcode, like LU1 2BQ, or the first part of one, like LU1")
        return district


class CategoryForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, required=False)
    description = forms.CharField(
        label="What the category is for", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


class OrganisationForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter the organisation's name"})
    description = forms.CharField(
        label="What the organisation does",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what the organisation does"},
    )
    email = forms.EmailField(label="E-mail address (optional)", required=False)
    website = forms.URLField(label="Website (optional)", required=False, assume_scheme="https")

    @classmethod
    def initial_for(cls, organisation) -> dict:
        return {key: getattr(organisation, key) for key in ("name", "description", "email", "website")}

    def details(self) -> OrganisationDetails:
        return OrganisationDetails(**self.cleaned_data)


TIME_FORMATS = ["%H:%M"]


class ServiceForm(forms.Form):
    """One page for a service: what it is, who runs it, categories, who it is for, where, who to
    contact, and its opening times (one period a week, on chosen days)."""

    organisation = forms.ChoiceField(
        label="Organisation that runs it", error_messages={"required": "Choose the organisation that runs the service"}
    )
    name = forms.CharField(
        label="Name of the service", max_length=200, error_messages={"required": "Enter the name of the service"}
    )
    description = forms.CharField(
        label="What the service does",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what the service does"},
    )
    status = forms.ChoiceField(label="Status", choices=Service.Status.choices, initial=Service.Status.ACTIVE)
    url = forms.URLField(label="Website (optional)", required=False, assume_scheme="https")
    email = forms.EmailField(label="E-mail address (optional)", required=False)
    fees = forms.CharField(
        label="Cost (optional)", required=False, max_length=500, help_text="Leave empty when it is free"
    )
    terms = forms.MultipleChoiceField(label="Categories", required=False, widget=forms.CheckboxSelectMultiple)
    eligibility = forms.CharField(
        label="Who it is for (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One group a line, like: Looked-after children placed in Luton",
    )
    minimum_age = forms.IntegerField(label="Youngest age (optional)", required=False, min_value=0, max_value=120)
    maximum_age = forms.IntegerField(label="Oldest age (optional)", required=False, min_value=0, max_value=120)
    location_name = forms.CharField(label="Name of the place (optional)", required=False, max_length=200)
    address_1 = forms.CharField(label="Address line 1 (optional)", required=False, max_length=200)
    city = forms.CharField(label="Town (optional)", required=False, max_length=100)
    postcode = forms.CharField(label="Postcode (optional)", required=False, max_length=10)
    latitude = forms.DecimalField(
        label="Latitude (optional)", required=False, max_digits=9, decimal_places=6, min_value=-90, max_value=90
    )
    longitude = forms.DecimalField(
        label="Longitude (optional)", required=False, max_digits=9, decimal_places=6, min_value=-180, max_value=180
    )
    contact_name = forms.CharField(label="Contact's name (optional)", required=False, max_length=200)
    contact_title = forms.CharField(label="Contact's job title (optional)", required=False, max_length=200)
    contact_email = forms.EmailField(label="Contact's e-mail address (optional)", required=False)
    phone = forms.CharField(label="Phone number (optional)", required=False, max_length=40)
    days = forms.MultipleChoiceField(
        label="Days open",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=list(zip(DAYS, DAY_NAMES, strict=True)),
    )
    opens_at = forms.TimeField(
        label="Opens at (optional)", required=False, input_formats=TIME_FORMATS, help_text="24-hour, like 09:00"
    )
    closes_at = forms.TimeField(
        label="Closes at (optional)", required=False, input_formats=TIME_FORMATS, help_text="24-hour, like 17:00"
    )

    def __init__(self, *args, organisations=(), terms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.term_rows = {str(t.pk): t for t in terms}
        self.fields["organisation"].choices = [("", "Choose")] + [(k, o.name) for k, o in self.organisations.items()]
        self.fields["terms"].choices = [(k, t.name) for k, t in self.term_rows.items()]

    @classmethod
    def initial_for(cls, service) -> dict:
        location = service.locations.first()
        contact = service.contacts.first()
        phone = service.phones.first()
        schedule = service.schedules.first()
        return {
            "organisation": str(service.organisation_id),
            "name": service.name,
            "description": service.description,
            "status": service.status,
            "url": service.url,
            "email": service.email,
            "fees": service.fees,
            "terms": [str(t.pk) for t in service.terms.all()],
            "eligibility": "\n".join(e.description for e in service.eligibilities.all()),
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "location_name": location.name if location else "",
            "address_1": location.address_1 if location else "",
            "city": location.city if location else "",
            "postcode": location.postcode if location else "",
            "latitude": location.latitude if location else None,
            "longitude": location.longitude if location else None,
            "contact_name": contact.name if contact else "",
            "contact_title": contact.title if contact else "",
            "contact_email": contact.email if contact else "",
            "phone": phone.number if phone else "",
            "days": schedule.byday.split(",") if schedule else [],
            "opens_at": schedule.opens_at.strftime("%H:%M") if schedule else "",
            "closes_at": schedule.closes_at.strftime("%H:%M") if schedule else "",
        }

    def clean(self):
        data = super().clean()
        days, opens, closes = data.get("days"), data.get("opens_at"), data.get("closes_at")
        if (days or opens or closes) and not self.errors.get("opens_at") and not self.errors.get("closes_at"):
            if not days:
                self.add_error("days", "Choose the days the service is open")
            if opens is None:
                self.add_error("opens_at", "Enter the time the service opens, like 09:00")
            if closes is None:
                self.add_error("closes_at", "Enter the time the service closes, like 17:00")
        return data

    def details(self) -> ServiceDetails:
        data = self.cleaned_data
        times = []
        if data.get("days") and data.get("opens_at") and data.get("closes_at"):
            byday = ",".join(day for day in DAYS if day in data["days"])
            times.append(OpeningTimes(byday=byday, opens_at=data["opens_at"], closes_at=data["closes_at"]))
        return ServiceDetails(
            organisation=self.organisations[data["organisation"]],
            name=data["name"],
            description=data["description"],
            url=data["url"],
            email=data["email"],
            status=data["status"],
            fees=data["fees"],
            minimum_age=data["minimum_age"],
            maximum_age=data["maximum_age"],
            terms=[self.term_rows[key] for key in data["terms"]],
            eligibility=[line.strip() for line in data["eligibility"].splitlines() if line.strip()],
            location_name=data["location_name"],
            address_1=data["address_1"],
            city=data["city"],
            postcode=data["postcode"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            contact_name=data["contact_name"],
            contact_title=data["contact_title"],
            contact_email=data["contact_email"],
            phone=data["phone"].strip(),
            opening_times=times,
        )
