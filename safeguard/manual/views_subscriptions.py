"""The manual's subscription pages (issue 12, docs/adr/0020): public, no account.

A link in an email only shows a page; the button on it acts (POST), so a mail scanner that follows
links neither confirms nor unsubscribes anyone. The unsubscribe address also takes RFC 8058's one-click
POST from mail programs (List-Unsubscribe-Post), which carries no CSRF token: the signed link is the
authority there.
"""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from safeguard.core.throttle import RateLimit

from . import subscriptions
from .views import _manual

SUBSCRIBE_LIMIT = RateLimit("manual-subscribe", "MANUAL_SUBSCRIBE_RATE")
SENT_SESSION_KEY = "manual_subscribe_sent"


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """Ask for an email at each release. The answer is the same whether or not the address was already
    subscribed; requests are limited per client address as the LADO referral form's are."""
    manual = _manual(request)
    context = {"manual": manual, "valid_hours": subscriptions.confirm_valid_for().total_seconds() // 3600}
    if request.method == "POST":
        wait = SUBSCRIBE_LIMIT.admit(request)
        if wait is not None:
            response = render(
                request,
                "manual/subscribe.html",
                {**context, "form": SubscribeForm(request.POST), "limited_minutes": max(1, -(-wait // 60))},
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
        form = SubscribeForm(request.POST)
        if form.is_valid():
            subscriptions.subscription_request(
                actor=subscriptions.PUBLIC_SUBSCRIBER, manual=manual, email=form.cleaned_data["email"]
            )
            request.session[SENT_SESSION_KEY] = subscriptions.email_normalise(form.cleaned_data["email"])
            return redirect("manual:subscribe_sent")
        SUBSCRIBE_LIMIT.release(request)
    else:
        form = SubscribeForm()
    return render(request, "manual/subscribe.html", {**context, "form": form})


@require_GET
def subscribe_sent(request: HttpRequest) -> HttpResponse:
    manual = _manual(request)
    return render(
        request,
        "manual/subscribe_sent.html",
        {
            "manual": manual,
            "email": request.session.get(SENT_SESSION_KEY, ""),
            "valid_hours": subscriptions.confirm_valid_for().total_seconds() // 3600,
        },
    )


def _link_problem(request: HttpRequest, manual, *, expired: bool, purpose: str) -> HttpResponse:
    return render(
        request,
        "manual/subscription_link_problem.html",
        {"manual": manual, "expired": expired, "purpose": purpose},
    )


def _subscriber(request: HttpRequest, manual, token: str, purpose: str):
    """The subscriber the link names, of this site's manual; otherwise the page that says what to do."""
    try:
        subscriber = subscriptions.subscriber_for_token(token, purpose=purpose)
    except subscriptions.LinkExpired:
        return None, _link_problem(request, manual, expired=True, purpose=purpose)
    except subscriptions.LinkInvalid:
        return None, _link_problem(request, manual, expired=False, purpose=purpose)
    if subscriber.manual_id != manual.pk:
        return None, _link_problem(request, manual, expired=False, purpose=purpose)
    return subscriber, None


@require_http_methods(["GET", "POST"])
def subscribe_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation email: a page with the address and a button that confirms it."""
    manual = _manual(request)
    subscriber, problem = _subscriber(request, manual, token, "confirm")
    if problem is not None:
        return problem
    if request.method == "POST":
        subscriber = subscriptions.subscription_confirm(actor=subscriptions.PUBLIC_SUBSCRIBER, subscriber=subscriber)
    return render(
        request,
        "manual/subscribe_confirm.html",
        {"manual": manual, "subscriber": subscriber, "token": token},
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every email: a page with the address and a button that deletes it."""
    manual = _manual(request)
    subscriber, problem = _subscriber(request, manual, token, "unsubscribe")
    if problem is not None:
        return problem
    if request.method == "POST":
        email = subscriber.email
        subscriptions.subscription_remove(actor=subscriptions.PUBLIC_SUBSCRIBER, subscriber=subscriber)
        return render(request, "manual/unsubscribed.html", {"manual": manual, "email": email})
    return render(request, "manual/unsubscribe.html", {"manual": manual, "subscriber": subscriber, "token": token})
