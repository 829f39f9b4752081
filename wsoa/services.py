"""Writes about people: inviting them, giving, changing and taking away their roles in local areas, deactivating.

Every write here checks who asks: nobody gives a role above their own, only a superuser gives the
Administrator role, and no service here sets staff or superuser status (``createsuperuser`` does). A refusal
is a ``ValidationError`` naming the form field at fault, which the page shows; nothing is changed.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .invitations import invitation_tokens
from .models import Membership, OutgoingEmail, User
from .outbox import email_queue
from .roles import ROLE_ORDER, Role, check_roles, forget_memberships, may_give, may_manage
from .throttle import within_limit

TOO_MANY_INVITATIONS = "Too many invitations have been sent to that address or by you. Wait an hour, then try again."


def user_create(
    *,
    email: str,
    first_name: str,
    last_name: str,
    memberships: Iterable[tuple[object, str]] = (),
    password: str | None = None,
    job_title: str = "",
    organisation: str = "",
) -> User:
    """Create (or refresh) a person with exactly these (area, role) memberships."""
    memberships = [(area, role) for area, role in memberships]
    check_roles(role for _, role in memberships)
    with transaction.atomic():
        user, _ = User.objects.get_or_create(email=email.lower())
        user.first_name = first_name
        user.last_name = last_name
        user.job_title = job_title
        user.organisation = organisation
        if password is not None:
            user.set_password(password)
        user.save()
        memberships_set(user=user, memberships=memberships)
    return user


def memberships_set(*, user: User, memberships: Iterable[tuple[object, str]], by: User | None = None) -> None:
    """Give the person exactly these (area, role) memberships, adding and removing only the difference."""
    wanted = {(getattr(area, "pk", area), role) for area, role in memberships}
    check_roles(role for _, role in wanted)
    with transaction.atomic():
        held = {(m.area_id, m.role): m for m in Membership.objects.select_for_update().filter(user=user)}
        for key, membership in held.items():
            if key not in wanted:
                membership._history_user = by
                membership._change_reason = "Role removed"
                membership.delete()
        for area_id, role in sorted(wanted - set(held)):
            membership = Membership(user=user, area_id=area_id, role=role)
            membership._history_user = by
            membership._change_reason = "Role given"
            membership.save()
    forget_memberships(user)


def membership_add(*, user: User, area, role: str, by: User | None, reason: str) -> Membership:
    """Give the person one more role in one area (kept if they hold it already)."""
    check_roles([role])
    with transaction.atomic():
        membership = Membership.objects.filter(user=user, area_id=area.pk, role=role).first()
        if membership is None:
            membership = Membership(user=user, area_id=area.pk, role=role)
            membership._history_user = by
            membership._change_reason = reason
            membership.save()
    forget_memberships(user)
    return membership


# --- people managed on the service's pages ----------------------------------------------------------------


def _role_words(role: str) -> str:
    return Role(role).label


def _check_may_give(by: User, area_id: int, role: str, *, field: str = "role") -> None:
    check_roles([role])
    if not may_give(by, area_id, role):
        if role == Role.ADMINISTRATOR:
            message = "Only a superuser can make someone an administrator."
        else:
            message = f"You cannot give the {_role_words(role)} role in that area: it is above your own role there."
        raise ValidationError({field: message})


def _save_person(person: User, *, by: User | None, reason: str) -> None:
    person._history_user = by
    person._change_reason = reason
    person.save()


def person_invite(
    *, by: User, email: str, first_name: str, last_name: str, area, role: str, job_title: str = "",
    organisation: str = "",
) -> User:
    """Invite a person by e-mail to a role in an area; they set their own password from the link e-mailed.

    Someone with an account already is given the role (their details stay theirs); someone invited before
    and not yet signed in gets a new link, which ends the old one. A deactivated person is not invited: they
    are reactivated from their page.
    """
    email = User.objects.normalize_email(email).strip().lower()
    _check_may_give(by, area.pk, role)
    with transaction.atomic():
        person = User.objects.select_for_update().filter(email=email).first()
        if person is not None and not person.is_active:
            raise ValidationError({"email": "That person's account is deactivated. Reactivate them from their page."})
        if person is not None and Membership.objects.filter(user=person, area_id=area.pk, role=role).exists():
            raise ValidationError({"role": f"{person} already holds that role in {area}."})
        needs_link = person is None or not person.has_usable_password()
        if needs_link and not (
            within_limit("invitation-address", email, limit=settings.INVITATION_LIMIT_PER_ADDRESS)
            and within_limit("invitation-inviter", str(by.pk), limit=settings.INVITATION_LIMIT_PER_INVITER)
        ):
            raise ValidationError(TOO_MANY_INVITATIONS, code="throttled")
        words = f"{_role_words(role)} in {area}"
        if person is None:
            person = User(email=email, first_name=first_name, last_name=last_name, job_title=job_title,
                          organisation=organisation)
            person.set_unusable_password()
        if needs_link:
            person.invited_at = timezone.now()
            _save_person(person, by=by, reason=f"Invited as {words}")
        membership_add(user=person, area=area, role=role, by=by, reason=f"Invited as {words}")
        if needs_link:
            _invitation_queue(person=person, area=area, role=role, by=by)
    return person


def invitation_link(person: User) -> str:
    path = reverse("invitation_accept", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(person.pk)), "token": invitation_tokens.make_token(person),
    })
    return settings.SITE_URL.rstrip("/") + path


def _invitation_queue(*, person: User, area, role: str, by: User) -> None:
    context = {
        "person": person, "area": area, "role": _role_words(role), "by": by, "link": invitation_link(person),
        "days": settings.INVITATION_LINK_DAYS, "service_name": settings.SERVICE_NAME,
    }
    email_queue(
        to=[person.email], subject=f"You are invited to {settings.SERVICE_NAME} for {area}",
        body=loader.render_to_string("wsoa/invitation_email.txt", context), reason=OutgoingEmail.Reason.INVITATION,
        key=f"invitation:{person.pk}:{person.invited_at.isoformat()}", area_id=area.pk,
    )


def membership_give(*, by: User, person: User, area, role: str) -> Membership:
    """Give a person one more role, in an area where the giver may give it."""
    _check_may_give(by, area.pk, role)
    if Membership.objects.filter(user=person, area_id=area.pk, role=role).exists():
        raise ValidationError({"role": f"{person} already holds the {_role_words(role)} role in {area}."})
    return membership_add(user=person, area=area, role=role, by=by,
                          reason=f"Role given: {_role_words(role)} in {area}")


def membership_change(*, by: User, membership: Membership, area, role: str) -> Membership:
    """Change a person's role in an area, or move it to another area (the same row, so its history says both)."""
    _check_may_give(by, membership.area_id, membership.role)
    _check_may_give(by, area.pk, role)
    if membership.user_id == by.pk and not by.is_superuser:
        raise ValidationError({"role": "You cannot change your own roles. Ask another administrator."})
    with transaction.atomic():
        locked = Membership.objects.select_for_update().select_related("area").get(pk=membership.pk)
        moved, changed = locked.area_id != area.pk, locked.role != role
        if not (moved or changed):
            return locked
        if Membership.objects.filter(user_id=locked.user_id, area_id=area.pk, role=role).exists():
            raise ValidationError({"role": f"They already hold the {_role_words(role)} role in {area}."})
        words = []
        if moved:
            words.append(f"Moved from {locked.area} to {area}")
        if changed:
            words.append(f"Role changed from {_role_words(locked.role)} to {_role_words(role)}")
        locked.area, locked.role = area, role
        locked._history_user = by
        locked._change_reason = "; ".join(words)
        locked.save()
    forget_memberships(membership.user)
    return locked


def membership_remove(*, by: User, membership: Membership) -> None:
    _check_may_give(by, membership.area_id, membership.role)
    if membership.user_id == by.pk and not by.is_superuser:
        raise ValidationError({"role": "You cannot change your own roles. Ask another administrator."})
    with transaction.atomic():
        membership._history_user = by
        membership._change_reason = f"Role taken away: {_role_words(membership.role)} in {membership.area}"
        membership.delete()
    forget_memberships(membership.user)


def person_set_active(*, by: User, person: User, active: bool, reason: str = "") -> User:
    """Deactivate a person (they cannot sign in and are sent no e-mail; everything they did stays theirs), or
    reactivate them. Only someone who may manage every role they hold does it."""
    if not may_manage(by, person):
        raise ValidationError(
            "You cannot change this person's account: they hold roles you cannot give, or it is yours."
        )
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        if person.is_active == active:
            return person
        person.is_active = active
        words = "Reactivated" if active else "Deactivated"
        _save_person(person, by=by, reason=f"{words}: {reason}" if reason else words)
    return person


def roles_in_order(roles: Iterable[str]) -> list[str]:
    return sorted(roles, key=ROLE_ORDER.index)
