"""The front door: the public start page, and each signed-in role's own work."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import homes


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The start page for the public; each signed-in role's own work."""
    if not request.user.is_authenticated:
        return render(request, "home/start.html")
    template, context = homes.home_for(request.user)  # records the access event
    return render(request, template, context)
