"""Consultations in the editor's admin (/cms/): a snippet with its questions, drafts, revisions and
publishing, as the learning events are (docs/adr/0037). Each editor sees, chooses and changes only their
own council's consultations; Wagtail's snippet views check the model's permission only, so these check
the consultation is the editor's council's. A consultation people have answered cannot be deleted, nor
can a question someone has answered (the answers would go with it)."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, EditView, SnippetViewSet

from .models import Answer, Consultation, Response
from .services import consultation_edit_audit


def _host_of(user):
    return getattr(user, "host_council", None) if user is not None else None


class ConsultationForm(WagtailAdminModelForm):
    """The consultation's host is the editor's council; its address is free in that council's site; "you
    said, we did" only once it has closed, both halves together."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk or self.instance.host_council_id is None:
            self.instance.host_council = _host_of(self.for_user)

    def clean(self):
        cleaned = super().clean()
        host = _host_of(self.for_user)
        if host is None:
            raise PermissionDenied
        slug = cleaned.get("slug")
        if slug and Consultation.objects.filter(host_council=host, slug=slug).exclude(pk=self.instance.pk).exists():
            self.add_error("slug", f"There is already a consultation at “{slug}”: choose another address")
        self._clean_summary(cleaned)
        self._clean_questions()
        return cleaned

    def _clean_summary(self, cleaned) -> None:
        you_said, we_did = (cleaned.get("you_said") or "").strip(), (cleaned.get("we_did") or "").strip()
        closes_on = cleaned.get("closes_on")
        if not (you_said or we_did):
            self.instance.summary_published_at = None
            return
        if closes_on is not None and closes_on >= timezone.localdate():
            self.add_error(
                "you_said" if you_said else "we_did",
                f"“You said, we did” can be published once the consultation has closed, after "
                f"{closes_on:%-d %B %Y}: leave it empty until then",
            )
        elif not you_said:
            self.add_error("you_said", "Enter what people said, or leave “You said” and “We did” both empty")
        elif not we_did:
            self.add_error("we_did", "Enter what the partnership did, or leave “You said” and “We did” both empty")
        elif self.instance.summary_published_at is None:
            self.instance.summary_published_at = timezone.now()

    def _clean_questions(self) -> None:
        questions = self.formsets.get("questions")
        if questions is None or not questions.is_valid():
            return
        for form in questions.deleted_forms:
            if form.instance.pk and Answer.objects.filter(question_id=form.instance.pk).exists():
                self.add_error(
                    None,
                    f"“{form.instance.text}” cannot be removed: people have answered it. Change its words "
                    f"instead, or make it not required",
                )


class HostConsultationPolicy(ModelPermissionPolicy):
    """The model's permissions, only on the consultations of the editor's own council, and no deleting
    one that people have answered."""

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        host = _host_of(user)
        if not (self.user_has_permission(user, action) and host is not None and instance.host_council_id == host.pk):
            return False
        return action != "delete" or not Response.objects.filter(consultation_id=instance.pk).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        host = _host_of(user)
        if host is None or not self.user_has_any_permission(user, actions):
            return Consultation.objects.none()
        return Consultation.objects.filter(host_council=host)


class ConsultationEditView(EditView):
    def get_object(self, queryset=None):
        consultation = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, "change", consultation):
            raise PermissionDenied
        return consultation


class ConsultationDeleteView(DeleteView):
    def get_object(self, queryset=None):
        consultation = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, "delete", consultation):
            raise PermissionDenied
        return consultation


class ConsultationViewSet(SnippetViewSet):
    model = Consultation
    icon = "form"
    menu_label = "Consultations"
    add_to_admin_menu = True
    list_display = ["title", "opens_on", "closes_on"]
    list_filter = ["live"]
    ordering = ["-closes_on"]
    permission_policy = HostConsultationPolicy(Consultation)
    edit_view_class = ConsultationEditView
    delete_view_class = ConsultationDeleteView
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("slug"),
            FieldPanel("summary"),
            FieldPanel("background"),
            FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")]),
            InlinePanel("questions", heading="Questions", label="Question", min_num=1),
            MultiFieldPanel(
                [FieldPanel("you_said"), FieldPanel("we_did")],
                heading="You said, we did (once it has closed)",
            ),
        ],
        base_form_class=ConsultationForm,
    )

    def get_queryset(self, request):
        host = _host_of(request.user)
        return Consultation.objects.filter(host_council=host) if host is not None else Consultation.objects.none()


register_snippet(ConsultationViewSet)


@hooks.register("after_create_snippet")
def _consultation_created(request, instance):
    if isinstance(instance, Consultation) and not instance.live:
        consultation_edit_audit(
            actor=request.user, consultation=instance, action="consultations.consultation_draft_save"
        )


@hooks.register("after_edit_snippet")
def _consultation_changed(request, instance):
    if isinstance(instance, Consultation) and instance.has_unpublished_changes:
        consultation_edit_audit(
            actor=request.user, consultation=instance, action="consultations.consultation_draft_save"
        )


@hooks.register("before_delete_snippet")
def _consultations_deleted(request, instances):
    for instance in instances:
        if isinstance(instance, Consultation):
            consultation_edit_audit(
                actor=request.user, consultation=instance, action="consultations.consultation_delete"
            )
