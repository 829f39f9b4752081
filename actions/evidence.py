"""Every write to evidence items: a link or a file added as evidence, and the web addresses typed into an action's
evidence links or a monthly update, which become items of their own."""
from collections.abc import Iterable
from datetime import date
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from inspections.models import SignificantWeakness

from .errors import ActionPlanError
from .evidence_files import EvidenceFileRefused, download_name, file_checked, file_scanned
from .evidence_models import EvidenceItem
from .models import Action, ImpactMeasure, Plan, ProgressUpdate, evidence_link_lines

_is_web_address = URLValidator(schemes=["http", "https"])


def is_web_address(text: str) -> bool:
    try:
        _is_web_address(text)
    except ValidationError:
        return False
    return True


def link_title(link: str) -> str:
    """A title for a link typed with none: its host and the last part of its path ("intranet.example.org:
    minutes-june.pdf")."""
    parts = urlsplit(link)
    last = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1]) if parts.path.strip("/") else ""
    return (f"{parts.hostname}: {last}" if last else parts.hostname or link)[:300]


def _check_supports(plan: Plan, actions, impact_measures, weaknesses) -> None:
    if not (actions or impact_measures or weaknesses):
        raise ActionPlanError({"actions": "Choose at least one action, impact measure or weakness it supports"})
    if any(action.plan_id != plan.pk for action in actions):
        raise ActionPlanError({"actions": "Choose actions of this plan"})
    if any(measure.plan_id != plan.pk for measure in impact_measures):
        raise ActionPlanError({"impact_measures": "Choose impact measures of this plan"})
    if any(weakness.inspection_id != plan.inspection_id for weakness in weaknesses):
        raise ActionPlanError({"weaknesses": "Choose weaknesses of this plan's inspection"})


def _file_problems(upload) -> tuple[str, str]:
    """The content type and download name of an acceptable file (else refused, in words for the form)."""
    try:
        checked = file_checked(upload)
        file_scanned(upload)
    except EvidenceFileRefused as refusal:
        raise ActionPlanError({"file": str(refusal)}) from None
    return checked.content_type, download_name(upload.name or "", checked.extension)


def evidence_add(
    *, plan: Plan, by, title: str, dated: date, kind: str = EvidenceItem.Kind.DOCUMENT, note: str = "",
    link: str = "", upload=None, actions: Iterable[Action] = (), impact_measures: Iterable[ImpactMeasure] = (),
    weaknesses: Iterable[SignificantWeakness] = (), update: ProgressUpdate | None = None,
) -> EvidenceItem:
    """Add a link or a file as evidence for some of the plan's actions, measures and weaknesses.

    A file is checked by its content (type, size) and by the virus scanner when one is configured, before it is
    kept under a random name in the private evidence storage.
    """
    actions, impact_measures, weaknesses = list(actions), list(impact_measures), list(weaknesses)
    link, title, note = link.strip(), title.strip(), note.strip()
    if bool(link) == (upload is not None):
        raise ActionPlanError({"link": "Enter a web address or choose a file, not both"} if link else
                              {"link": "Enter a web address, or choose a file to upload"})
    if link and not is_web_address(link):
        raise ActionPlanError({"link": "Enter a web address starting with http:// or https://"})
    _check_supports(plan, actions, impact_measures, weaknesses)
    item = EvidenceItem(
        plan=plan, title=title or (link_title(link) if link else ""), dated=dated, kind=kind, note=note, link=link,
        update=update, added_by=by, added_at=timezone.now(),
    )
    if upload is not None:
        item.content_type, item.original_name = _file_problems(upload)
        item.size = upload.size
        if not title:
            item.title = item.original_name[:300]
    try:
        item.full_clean(exclude=["plan", "update", "added_by", "file"])
    except ValidationError as error:
        raise ActionPlanError(error.message_dict) from None
    with transaction.atomic():
        if upload is not None:
            item.file.save(item.original_name, upload, save=False)
        try:
            _saved_with_supports(item, by=by, actions=actions, impact_measures=impact_measures,
                                 weaknesses=weaknesses, reason="Evidence added")
        except Exception:
            if item.file:
                item.file.storage.delete(item.file.name)
            raise
    return item


def _saved_with_supports(item: EvidenceItem, *, by, actions, impact_measures, weaknesses, reason: str) -> None:
    item._history_user, item._change_reason = by, reason
    item.save()
    for relation, chosen in (("actions", actions), ("impact_measures", impact_measures), ("weaknesses", weaknesses)):
        if chosen:
            getattr(item, relation).set(chosen)


def evidence_links_record(
    *, action: Action, text: str, by, dated: date | None = None, update: ProgressUpdate | None = None
) -> list[EvidenceItem]:
    """Each web address in ``text`` (one a line) that is not already evidence for the action becomes a link item
    for it; other lines are left as they were typed. Runs inside the caller's transaction."""
    return evidence_links_record_for([(action, text)], by=by, dated=dated, update=update)


def evidence_links_record_for(
    typed: list[tuple[Action, str]], *, by, dated: date | None = None, update: ProgressUpdate | None = None
) -> list[EvidenceItem]:
    """As :func:`evidence_links_record`, for several actions at once (an import): one query for the links they
    already have, then two writes for each new link."""
    dated = dated or timezone.localdate()
    typed = [(action, text) for action, text in typed if text.strip()]
    if not typed:
        return []
    known = set(
        EvidenceItem.actions.through.objects.filter(action__in=[action for action, _ in typed])
        .exclude(evidenceitem__link="").values_list("action_id", "evidenceitem__link")
    )
    added = []
    for action, text in typed:
        for line in evidence_link_lines(text):
            if (action.pk, line) in known or not is_web_address(line) or len(line) > 2000:
                continue
            known.add((action.pk, line))
            item = EvidenceItem(
                plan_id=action.plan_id, title=link_title(line), dated=dated, kind=EvidenceItem.Kind.OTHER,
                link=line, update=update, added_by=by, added_at=timezone.now(),
            )
            _saved_with_supports(item, by=by, actions=[action], impact_measures=(), weaknesses=(),
                                 reason="Evidence link added with the update" if update else "Evidence link added")
            added.append(item)
    return added
