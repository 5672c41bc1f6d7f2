from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from safeguard.register.selectors import child_get_for

from . import selectors, services
from .forms import PhotographUploadForm


@require_http_methods(["GET", "POST"])
@login_required
def photograph_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """The carer uploads the child's face and full-length photographs."""
    child = child_get_for(request.user, pk)
    if not selectors.may_upload_photographs(request.user, child):
        raise Http404
    bound = request.method == "POST"
    form = PhotographUploadForm(request.POST if bound else None, request.FILES if bound else None)
    if bound and form.is_valid():
        try:
            services.photograph_upload(
                actor=request.user,
                child=child,
                kind=form.cleaned_data["kind"],
                data=form.cleaned_data["photograph"].read(),
                taken_on=form.cleaned_data["taken_on"],
            )
        except services.PhotoRejected as problem:
            form.add_error("taken_on" if problem.code == "taken_on" else "photograph", str(problem))
        else:
            messages.success(request, "Photograph saved. Its location and camera details were removed.")
            return redirect("missing:photograph_upload", pk=child.pk)
    return render(
        request,
        "missing/photograph_upload.html",
        {
            "child": child,
            "form": form,
            "current": selectors.current_photographs(child),
            "max_age": selectors.photograph_age_limit_months(),
        },
    )


def _image(request: HttpRequest, pk: int, field: str) -> FileResponse:
    photo = selectors.photograph_get_for(request.user, pk)
    response = FileResponse(getattr(photo, field).open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response


@require_GET
@login_required
def photograph_image(request: HttpRequest, pk: int) -> FileResponse:
    return _image(request, pk, "image")


@require_GET
@login_required
def photograph_thumbnail(request: HttpRequest, pk: int) -> FileResponse:
    return _image(request, pk, "thumbnail")
