"""Events in the editor's admin (/cms/): a snippet with drafts, revisions and publishing, each editor
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
from .services import event_edit_audit


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


@hooks.register("after_create_snippet")
def _event_created(request, instance):
    if isinstance(instance, Event) and not instance.live:
        event_edit_audit(actor=request.user, event=instance, action="learning.event_draft_save")


@hooks.register("after_edit_snippet")
def _event_changed(request, instance):
    if isinstance(instance, Event) and instance.has_unpublished_changes:
        event_edit_audit(actor=request.user, event=instance, action="learning.event_draft_save")


@hooks.register("before_delete_snippet")
def _events_deleted(request, instances):
    for instance in instances:
        if isinstance(instance, Event):
            event_edit_audit(actor=request.user, event=instance, action="learning.event_delete")
