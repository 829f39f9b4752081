"""The link an invited person sets their own password from: signed, single use, and out of date after a while.

The token signs a digest of what the person's account holds now (password, invitation time, activity,
address). Setting a password changes the first, a newer invitation the second, deactivation the third: any
of them ends the link. The signature's time stamp ends it after ``INVITATION_LINK_DAYS``. The view that
takes the link is Django's password-reset confirmation, which moves the token out of the address into the
session before the page is shown, so it never reaches a referrer; the request log masks it too.
"""

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "wsoa.invitations"


def _state(user) -> str:
    invited = user.invited_at.isoformat() if user.invited_at else ""
    value = f"{user.pk}|{user.password}|{invited}|{user.is_active}|{user.email}"
    return salted_hmac(SALT, value, algorithm="sha256").hexdigest()[:32]


class InvitationTokens:
    """Django's token-generator interface (``make_token``, ``check_token``), for ``PasswordResetConfirmView``."""

    def make_token(self, user) -> str:
        return signing.TimestampSigner(salt=SALT).sign(_state(user))

    def check_token(self, user, token: str | None) -> bool:
        if user is None or not token or user.has_usable_password():
            return False
        try:
            state = signing.TimestampSigner(salt=SALT).unsign(
                token, max_age=settings.INVITATION_LINK_DAYS * 24 * 60 * 60
            )
        except signing.BadSignature:  # tampered with, or out of date (SignatureExpired is a BadSignature)
            return False
        return constant_time_compare(state, _state(user))


invitation_tokens = InvitationTokens()
