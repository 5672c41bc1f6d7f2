"""Procedure links in the editor's admin: a snippet per act and chapter, each editor seeing and choosing
only their own council's manual."""

from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList, PageChooserPanel
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, EditView, SnippetViewSet

from .editors import manual_of_host
from .models import ManualIndexPage, ProcedureLink
from .services import procedure_link_audit


def _manuals_for(user):
    manual = manual_of_host(getattr(user, "host_council", None)) if user is not None else None
    return ManualIndexPage.objects.filter(pk=manual.pk) if manual is not None else ManualIndexPage.objects.none()


class ProcedureLinkForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        manuals = _manuals_for(self.for_user)
        self.fields["manual"].queryset = manuals
        if manuals.count() == 1 and not self.instance.pk:
            self.fields["manual"].initial = manuals.first().pk


class HostProcedureLinkPolicy(ModelPermissionPolicy):
    """The model's permissions, and only on the links of the editor's own council's manual."""

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return self.user_has_permission(user, action) and _manuals_for(user).filter(pk=instance.manual_id).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return ProcedureLink.objects.none()
        return ProcedureLink.objects.filter(manual__in=_manuals_for(user))


class _OwnCouncilOnly:
    """Wagtail's snippet views check the model's permission only: these check the link is the editor's
    council's (another council's link is refused as if it were not there to change)."""

    def get_object(self, queryset=None):
        link = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, "change", link):
            raise PermissionDenied
        return link


class ProcedureLinkEditView(_OwnCouncilOnly, EditView):
    pass


class ProcedureLinkDeleteView(_OwnCouncilOnly, DeleteView):
    pass


class ProcedureLinkViewSet(SnippetViewSet):
    model = ProcedureLink
    icon = "link"
    menu_label = "Procedure links"
    add_to_admin_menu = True
    list_display = ["act", "chapter", "sort_order"]
    permission_policy = HostProcedureLinkPolicy(ProcedureLink)
    edit_view_class = ProcedureLinkEditView
    delete_view_class = ProcedureLinkDeleteView
    edit_handler = ObjectList(
        [FieldPanel("manual"), FieldPanel("act"), PageChooserPanel("chapter", "manual.ChapterPage"),
         FieldPanel("sort_order")],
        base_form_class=ProcedureLinkForm,
    )  # fmt: skip

    def get_queryset(self, request):
        return ProcedureLink.objects.filter(manual__in=_manuals_for(request.user)).select_related("chapter")


register_snippet(ProcedureLinkViewSet)


# An editor's change to a procedure link in the admin is audited as theirs.
@hooks.register("after_create_snippet")
def _procedure_link_created(request, instance):
    if isinstance(instance, ProcedureLink):
        procedure_link_audit(actor=request.user, link=instance, action="manual.procedure_link_set")


@hooks.register("after_edit_snippet")
def _procedure_link_changed(request, instance):
    if isinstance(instance, ProcedureLink):
        procedure_link_audit(actor=request.user, link=instance, action="manual.procedure_link_change")


@hooks.register("before_delete_snippet")
def _procedure_links_removed(request, instances):
    for instance in instances:
        if isinstance(instance, ProcedureLink):
            procedure_link_audit(actor=request.user, link=instance, action="manual.procedure_link_remove")
