"""How every governance write is saved: checked against the model first, with who did it and why, in words."""
from collections.abc import Iterable

from django.core.exceptions import ValidationError

from .errors import GovernanceError


def validated(instance, *, exclude: Iterable[str] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise GovernanceError(error.message_dict) from None


def saved(instance, *, by, reason: str):
    """Save with who did it and why, so the history is attributed even when a Celery task does the writing."""
    instance._history_user = by
    instance._change_reason = reason
    instance.save()
    return instance


def deleted(instance, *, by, reason: str) -> None:
    instance._history_user = by
    instance._change_reason = reason
    instance.delete()


def changed_fields(instance, changes: dict) -> list[str]:
    """Set the changes on the instance (text trimmed); the names of the fields whose value really changed."""
    changed = []
    for field, value in changes.items():
        value = value.strip() if isinstance(value, str) else value
        if getattr(instance, field) != value:
            changed.append(field)
        setattr(instance, field, value)
    return changed


def changed_words(model, fields: Iterable[str]) -> str:
    """ "Changed: name, usual start time", naming the fields as the pages do."""
    names = [str(model._meta.get_field(name).verbose_name) for name in fields]
    return f"Changed: {', '.join(names)}" if names else "Changed (nothing changed)"
