"""E-mails the service could not send, for the administrators of their areas to see and send again."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from .models import OutgoingEmail
from .outbox import administers_any, email_send_again, emails_of

SHOWN = 200  # the newest; older failures stay in the table


@require_GET
def emails_not_sent(request):
    if not administers_any(request.user):
        raise PermissionDenied
    failed = emails_of(request.user).filter(status=OutgoingEmail.Status.FAILED)
    return render(request, "wsoa/emails_not_sent.html", {"emails": failed[:SHOWN]})


@require_POST
def email_send_again_view(request, pk: int):
    email = emails_of(request.user).filter(pk=pk).first()
    if email is None:  # another area's, none, or the person administers no area
        raise Http404("Not found")
    if email_send_again(email=email, by=request.user):
        messages.success(request, f"“{email.subject}” is being sent again.")
    else:
        messages.info(request, f"“{email.subject}” is no longer waiting: it was sent again already.")
    return redirect("emails_not_sent")
