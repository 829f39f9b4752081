"""Single sign-on through an OpenID Connect provider (Microsoft Entra ID, or any other), beside or instead of passwords.

Signing on never creates an account: the provider's e-mail address must belong to one active account here,
compared without regard to case, which an administrator made. Anything else ends on a page that says why
(docs/decisions/0031-single-sign-on.md).
"""

import logging
from dataclasses import dataclass
from functools import wraps

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import login_not_required
from django.core import checks
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

logger = logging.getLogger(__name__)

REFUSAL_SESSION_KEY = "sso_refused"
DISCOVERY_CACHE_SECONDS = 3600
# Seconds of difference between the provider's clock and ours that a token's times may show.
CLOCK_LEEWAY = 60


class ProviderUnavailable(Exception):
    """The provider's configuration could not be read (its discovery document, or ours)."""


@dataclass(frozen=True)
class ProviderEndpoints:
    authorization: str
    token: str
    userinfo: str
    jwks: str
    issuer: str  # blank when the endpoints are set one by one without an issuer: then ``iss`` is not compared


def sso_enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


def password_sign_in_enabled() -> bool:
    return bool(settings.PASSWORD_SIGN_IN)


def provider_endpoints() -> ProviderEndpoints:
    """The provider's endpoints: each as set, else from the issuer's discovery document (kept for an hour)."""
    explicit = {
        "authorization": settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
        "token": settings.OIDC_OP_TOKEN_ENDPOINT,
        "userinfo": settings.OIDC_OP_USER_ENDPOINT,
        "jwks": settings.OIDC_OP_JWKS_ENDPOINT,
    }
    issuer = settings.OIDC_OP_ISSUER.rstrip("/")
    if all(explicit.values()):
        return ProviderEndpoints(**explicit, issuer=issuer)
    if not issuer:
        raise ProviderUnavailable("Set OIDC_ISSUER, or all four of the provider's endpoints")
    document = _discovery_document(issuer)
    names = {
        "authorization": "authorization_endpoint",
        "token": "token_endpoint",
        "userinfo": "userinfo_endpoint",
        "jwks": "jwks_uri",
    }
    found = {key: explicit[key] or document.get(name, "") for key, name in names.items()}
    missing = sorted(names[key] for key, value in found.items() if not value)
    if missing:
        raise ProviderUnavailable(f"The provider's discovery document has no {', '.join(missing)}")
    return ProviderEndpoints(**found, issuer=issuer)


def _discovery_document(issuer: str) -> dict:
    key = f"sso-discovery:{issuer}"
    document = cache.get(key)
    if document is not None:
        return document
    url = f"{issuer}/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"Could not read {url}: {error}") from None
    if not isinstance(document, dict) or str(document.get("issuer", "")).rstrip("/") != issuer:
        raise ProviderUnavailable(f"{url} names another issuer than {issuer}")
    cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def _refuse(request, reason: str, email: str = "") -> None:
    """Remember why signing on failed, for the page the person is sent to next."""
    logger.warning("Single sign-on refused: %s", reason)
    request.session[REFUSAL_SESSION_KEY] = {"reason": reason, "email": email}


class SingleSignOnBackend(OIDCAuthenticationBackend):
    """Signs in the one active account whose e-mail address the provider vouches for; answers no permissions.

    The provider is asked only when someone comes back from it (so a service without single sign-on, or with
    its provider down, still signs people in with passwords). The ID token must be signed by the provider's
    key, be for this service (``aud``), from the issuer when one is set, and not expired.
    """

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        # Only the callback passes a nonce: a password sign-in never reaches the provider.
        if request is None or "nonce" not in kwargs or not sso_enabled():
            return None
        try:
            self._configure(provider_endpoints())
            return super().authenticate(request, **kwargs)
        except (
            ProviderUnavailable,
            SuspiciousOperation,
            requests.RequestException,
            jwt.PyJWTError,
            ValueError,
            KeyError,
        ) as error:
            logger.warning("Single sign-on failed: %s", error)
            _refuse(request, "failed")
            return None

    def _configure(self, endpoints: ProviderEndpoints) -> None:
        self.endpoints = endpoints
        self.OIDC_OP_TOKEN_ENDPOINT = endpoints.token
        self.OIDC_OP_USER_ENDPOINT = endpoints.userinfo
        self.OIDC_OP_JWKS_ENDPOINT = endpoints.jwks
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    def _verify_jws(self, payload, key):
        algorithm = jwt.get_unverified_header(payload).get("alg")
        if algorithm != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"The token is signed with {algorithm!r}, not {self.OIDC_RP_SIGN_ALGO!r}")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.endpoints.issuer or None,
                leeway=CLOCK_LEEWAY,
                options={"require": ["exp", "aud"]},
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"The token was refused: {error}") from None

    def get_or_create_user(self, access_token, id_token, payload):
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        email = str(claims.get("email") or "").strip()
        if not email:
            _refuse(self.request, "no-email")
            return None
        users = list(self.UserModel.objects.filter(email__iexact=email)[:2])
        if len(users) != 1:
            _refuse(self.request, "unknown", email)
            return None
        if not users[0].is_active:
            _refuse(self.request, "inactive", email)
            return None
        return users[0]

    def get_user(self, user_id):
        # As for a password: a deactivated account's session ends at its next request.
        return ModelBackend.get_user(self, user_id)

    # Permissions come from area memberships alone (wsoa.backends.AreaRoleBackend), never Django's groups.
    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False


# --- the pages --------------------------------------------------------------------------------------------


class SignOnStartView(OIDCAuthenticationRequestView):
    """Sends the person to the provider, with the state, nonce and PKCE challenge kept in their session."""

    def __init__(self, **kwargs):
        # The provider's endpoints are read when someone signs on, not when the view is made.
        View.__init__(self, **kwargs)

    def get(self, request):
        if not sso_enabled():
            raise Http404("Single sign-on is not set up")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_endpoints().authorization
        except ProviderUnavailable as error:
            logger.warning("Single sign-on unavailable: %s", error)
            _refuse(request, "unavailable")
            return HttpResponseRedirect(reverse("sso_refused"))
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class SignOnCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the person back; a stale or forged answer ends on the refusal page, not a 400."""

    def get(self, request):
        if not sso_enabled():
            raise Http404("Single sign-on is not set up")
        try:
            return super().get(request)
        except SuspiciousOperation as error:
            logger.warning("Single sign-on failed: %s", error)
            _refuse(request, "failed")
            return self.login_failure()

    @property
    def failure_url(self):
        return reverse("sso_refused")

    def login_failure(self):
        if REFUSAL_SESSION_KEY not in self.request.session:
            _refuse(self.request, "failed")
        return super().login_failure()


@login_not_required
@never_cache
@require_GET
def sso_refused(request):
    """Why signing on did not work, in words, with the way on."""
    refusal = request.session.pop(REFUSAL_SESSION_KEY, None) or {"reason": "failed", "email": ""}
    status = 503 if refusal["reason"] == "unavailable" else 403
    return render(
        request,
        "registration/sso_refused.html",
        {
            "reason": refusal["reason"],
            "email": refusal["email"],
            "password_sign_in": password_sign_in_enabled(),
            "provider_name": settings.SSO_PROVIDER_NAME,
        },
        status=status,
    )


sso_start = login_not_required(SignOnStartView.as_view())
sso_callback = login_not_required(SignOnCallbackView.as_view())


def password_sign_in_required(view):
    """A page of the password sign-in (resetting a password): not found while passwords are switched off."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not password_sign_in_enabled():
            raise Http404("Signing in with a password is switched off")
        return view(request, *args, **kwargs)

    return checked


def sign_in_configuration_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A service with passwords switched off must have a provider to sign in with, fully set."""
    problems = []
    if not password_sign_in_enabled() and not sso_enabled():
        problems.append(
            checks.Error(
                "PASSWORD_SIGN_IN is off but single sign-on is not set up (OIDC_CLIENT_ID): nobody could sign in.",
                id="wsoa.E101",
            )
        )
    if sso_enabled():
        if not settings.OIDC_RP_CLIENT_SECRET:
            problems.append(checks.Error("OIDC_CLIENT_ID is set without OIDC_CLIENT_SECRET.", id="wsoa.E102"))
        endpoints = (
            settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
            settings.OIDC_OP_TOKEN_ENDPOINT,
            settings.OIDC_OP_USER_ENDPOINT,
            settings.OIDC_OP_JWKS_ENDPOINT,
        )
        if not settings.OIDC_OP_ISSUER and not all(endpoints):
            problems.append(
                checks.Error(
                    "Single sign-on needs OIDC_ISSUER, or all four of the provider's endpoints.", id="wsoa.E103"
                )
            )
    return problems
