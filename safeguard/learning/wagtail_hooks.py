"""Events and the programme's core competencies in the editor's admin (/cms/): a snippet with drafts, revisions and publishing, each editor
seeing, choosing and changing only their own council's events (Wagtail's snippet views check the
model's permission only; these check the event is the editor's council's)."""

from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, PageChooserPanel
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, EditView, SnippetViewSet

from .models import Competency, Event
from .services import competency_edit_audit, event_edit_audit


def _host_of(user):
    return getattr(user, "host_council", None) if user is not None else None


class EventForm(WagtailAdminModelForm):
    """The event's host is the editor's council; its competencies are that council's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        host = _host_of(self.for_user)
        self.fields["competencies"].queryset = Competency.objects.filter(host=host)
        if not self.instance.pk or self.instance.host_id is None:
            self.instance.host = host

    def clean(self):
        cleaned = super().clean()
        if _host_of(self.for_user) is None:
            raise PermissionDenied
        return cleaned


class HostEventPolicy(ModelPermissionPolicy):
    """The model's permissions, and only on the events of the editor's own council."""

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        host = _host_of(user)
        return self.user_has_permission(user, action) and host is not None and instance.host_id == host.pk

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        host = _host_of(user)
        if host is None or not self.user_has_any_permission(user, actions):
            return Event.objects.none()
        return Event.objects.filter(host=host)


class _OwnCouncilOnly:
    def get_object(self, queryset=None):
        event = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, "change", event):
            raise PermissionDenied
        return event


class EventEditView(_OwnCouncilOnly, EditView):
    pass


class EventDeleteView(_OwnCouncilOnly, DeleteView):
    pass


class EventViewSet(SnippetViewSet):
    model = Event
    icon = "date"
    menu_label = "Learning events"
    add_to_admin_menu = True
    list_display = ["title", "starts_at", "kind", "capacity"]
    list_filter = ["kind", "live"]
    ordering = ["-starts_at"]
    permission_policy = HostEventPolicy(Event)
    edit_view_class = EventEditView
    delete_view_class = EventDeleteView
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("kind"),
            FieldPanel("summary"),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
            MultiFieldPanel([FieldPanel("venue"), FieldPanel("online_link")], heading="Where"),
            FieldPanel("audience"),
            FieldPanel("competencies"),
            FieldRowPanel([FieldPanel("capacity"), FieldPanel("charge")]),
            FieldPanel("charge_note"),
            PageChooserPanel("review", "partnership.PracticeReviewPage"),
        ],
        base_form_class=EventForm,
    )

    def get_queryset(self, request):
        host = _host_of(request.user)
        return Event.objects.filter(host=host) if host is not None else Event.objects.none()


register_snippet(EventViewSet)


class CompetencyForm(WagtailAdminModelForm):
    """A competency of the editor's council; its code (in the events list's filter address) is chosen when
    it is added and kept when it is renamed, so links to the filter keep working."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = "Kept when the competency is renamed, so links to it keep working"
        else:
            self.instance.host = _host_of(self.for_user)

    def clean(self):
        cleaned = super().clean()
        host = _host_of(self.for_user)
        if host is None:
            raise PermissionDenied
        code = cleaned.get("code")
        if code and Competency.objects.filter(host=host, code=code).exclude(pk=self.instance.pk).exists():
            self.add_error("code", f"There is already a competency with the code “{code}”: choose another")
        return cleaned


class HostCompetencyPolicy(ModelPermissionPolicy):
    """The model's permissions, only on the editor's own council's competencies; one that events name is
    not deleted (rename it instead)."""

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        host = _host_of(user)
        if not (self.user_has_permission(user, action) and host is not None and instance.host_id == host.pk):
            return False
        return action != "delete" or not Event.competencies.through.objects.filter(competency_id=instance.pk).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        host = _host_of(user)
        if host is None or not self.user_has_any_permission(user, actions):
            return Competency.objects.none()
        return Competency.objects.filter(host=host)


class _AllowedOnly:
    action = "change"

    def get_object(self, queryset=None):
        competency = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, self.action, competency):
            raise PermissionDenied
        return competency


class CompetencyEditView(_AllowedOnly, EditView):
    pass


class CompetencyDeleteView(_AllowedOnly, DeleteView):
    action = "delete"


class CompetencyViewSet(SnippetViewSet):
    model = Competency
    icon = "list-ul"
    menu_label = "Core competencies"
    add_to_admin_menu = True
    list_display = ["name", "code", "sort_order"]
    ordering = ["sort_order", "name"]
    permission_policy = HostCompetencyPolicy(Competency)
    edit_view_class = CompetencyEditView
    delete_view_class = CompetencyDeleteView
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("code"), FieldPanel("description"), FieldPanel("sort_order")],
        base_form_class=CompetencyForm,
    )

    def get_queryset(self, request):
        host = _host_of(request.user)
        return Competency.objects.filter(host=host) if host is not None else Competency.objects.none()


register_snippet(CompetencyViewSet)


@hooks.register("after_create_snippet")
def _event_created(request, instance):
    if isinstance(instance, Event) and not instance.live:
        event_edit_audit(actor=request.user, event=instance, action="learning.event_draft_save")
    if isinstance(instance, Competency):
        competency_edit_audit(actor=request.user, competency=instance, action="learning.competency_add")


@hooks.register("after_edit_snippet")
def _event_changed(request, instance):
    if isinstance(instance, Event) and instance.has_unpublished_changes:
        event_edit_audit(actor=request.user, event=instance, action="learning.event_draft_save")
    if isinstance(instance, Competency):
        competency_edit_audit(actor=request.user, competency=instance, action="learning.competency_change")


@hooks.register("before_delete_snippet")
def _events_deleted(request, instances):
    for instance in instances:
        if isinstance(instance, Event):
            event_edit_audit(actor=request.user, event=instance, action="learning.event_delete")
        if isinstance(instance, Competency):
            competency_edit_audit(actor=request.user, competency=instance, action="learning.competency_delete")
