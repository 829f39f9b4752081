"""Every write of report templates: an administrator copies one of the area's templates and changes the copy (its
name, numbering and title block, and its sections: add, rename, reorder, remove) with no code change. The
defaults the service ships stay as shipped; each change counts in the template's ``version``, which a report
started from it records. A report already started keeps its own sections (decision 0017)."""
from django.db import transaction
from django.db.models import Max

from ..errors import ReportsError
from ..models import ReportTemplate, TemplateSection
from .kinds import GENERATED, NUMBERING_CHOICES, TITLE_FIELDS
from .services import saved

SECTION_FIELDS = ("heading", "guidance", "starter", "bold")


def _changeable(template: ReportTemplate, expected_version: int | None) -> ReportTemplate:
    locked = ReportTemplate.objects.select_for_update().get(pk=template.pk)
    if locked.shipped:
        raise ReportsError({"__all__": "This is one of the service's default templates: copy it, then change the copy"})
    if expected_version is not None and locked.version != expected_version:
        raise ReportsError({"__all__": "Someone else changed this template after you opened it. Reload the page "
                                       "and make your change again."})
    return locked


def _counted(template: ReportTemplate, *, by, reason: str) -> None:
    template.version += 1
    saved(template, by=by, reason=reason)


def _named(template_area_id: int, kind: str, name: str, *, other_than: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ReportsError({"name": "Enter a name for the template"})
    taken = ReportTemplate.objects.filter(area_id=template_area_id, kind=kind, name=name).exclude(pk=other_than)
    if taken.exists():
        raise ReportsError({"name": "The area already has a template of this kind with that name"})
    return name


def template_copy(*, template: ReportTemplate, by, name: str) -> ReportTemplate:
    """A copy of the template that the area can change; reports of its kind are started from it from now on."""
    with transaction.atomic():
        name = _named(template.area_id, template.kind, name)
        copy = saved(ReportTemplate(
            area_id=template.area_id, kind=template.kind, name=name, numbering=template.numbering,
            title_fields=list(template.title_fields), title_defaults=dict(template.title_defaults),
        ), by=by, reason=f"Copied from the template “{template.name}”")
        for section in template.sections.order_by("position"):
            saved(TemplateSection(template=copy, position=section.position, heading=section.heading,
                                   generated=section.generated, guidance=section.guidance, starter=section.starter,
                                   bold=section.bold), by=by, reason=f"Copied from the template “{template.name}”")
    return copy


def template_update(*, template: ReportTemplate, by, name: str, numbering: str, title_fields: list[str],
                    expected_version: int | None, title_defaults: dict[str, str] | None = None) -> ReportTemplate:
    if numbering not in dict(NUMBERING_CHOICES) or set(title_fields) - set(TITLE_FIELDS):
        raise ReportsError({"__all__": "Choose the numbering and title block fields from the lists"})
    with transaction.atomic():
        locked = _changeable(template, expected_version)
        locked.name = _named(locked.area_id, locked.kind, name, other_than=locked.pk)
        locked.numbering = numbering
        locked.title_fields = [key for key in TITLE_FIELDS if key in title_fields]
        if title_defaults is not None:
            locked.title_defaults = {key: value.strip() for key, value in title_defaults.items()
                                     if key in TITLE_FIELDS and value.strip()}
        _counted(locked, by=by, reason="Name, numbering or title block changed")
    return locked


def template_section_add(*, template: ReportTemplate, by, heading: str, generated: str = "", guidance: str = "",
                         starter: str = "", bold: bool = False, expected_version: int | None) -> TemplateSection:
    if generated and generated not in GENERATED:
        raise ReportsError({"generated": "Choose what the section is filled with from the list"})
    if not heading.strip():
        raise ReportsError({"heading": "Enter the section's heading"})
    with transaction.atomic():
        locked = _changeable(template, expected_version)
        last = locked.sections.aggregate(last=Max("position"))["last"] or 0
        section = saved(TemplateSection(template=locked, position=last + 1, heading=heading.strip(),
                                         generated=generated, guidance=guidance.strip(),
                                         starter="" if generated else starter.strip(), bold=bold),
                         by=by, reason="Section added")
        _counted(locked, by=by, reason=f"Section “{section.heading}” added")
    return section


def template_section_update(*, section: TemplateSection, by, expected_version: int | None,
                            **changes) -> TemplateSection:
    """Rename a section or change its guidance, starter text or boldness (what it is filled with stays)."""
    if not str(changes.get("heading", section.heading)).strip():
        raise ReportsError({"heading": "Enter the section's heading"})
    with transaction.atomic():
        locked = _changeable(section.template, expected_version)
        for name in SECTION_FIELDS:
            if name in changes:
                value = changes[name]
                setattr(section, name, value.strip() if isinstance(value, str) else bool(value))
        saved(section, by=by, reason="Section changed")
        _counted(locked, by=by, reason=f"Section “{section.heading}” changed")
    return section


def template_section_move(*, section: TemplateSection, by, up: bool, expected_version: int | None) -> None:
    """Swap the section with the one before it (``up``) or after it; the first cannot go up, nor the last down."""
    with transaction.atomic():
        locked = _changeable(section.template, expected_version)
        sections = locked.sections.order_by("-position" if up else "position")
        neighbour = sections.filter(**({"position__lt": section.position} if up else
                                       {"position__gt": section.position})).first()
        if neighbour is None:
            raise ReportsError({"__all__": f"“{section.heading}” is already {'first' if up else 'last'}"})
        mine, theirs = section.position, neighbour.position
        section.position = 0  # free while the two change places (each position is one section's)
        saved(section, by=by, reason="Section moved")
        neighbour.position = mine
        saved(neighbour, by=by, reason="Section moved")
        section.position = theirs
        saved(section, by=by, reason="Section moved")
        _counted(locked, by=by, reason=f"Section “{section.heading}” moved {'up' if up else 'down'}")


def template_section_remove(*, section: TemplateSection, by, expected_version: int | None) -> None:
    with transaction.atomic():
        locked = _changeable(section.template, expected_version)
        if locked.sections.count() == 1:
            raise ReportsError({"__all__": "A template needs at least one section"})
        heading, position = section.heading, section.position
        section._history_user, section._change_reason = by, "Section removed"
        section.delete()
        for later in locked.sections.filter(position__gt=position).order_by("position"):
            later.position -= 1
            saved(later, by=by, reason="Section moved up: the one before it was removed")
        _counted(locked, by=by, reason=f"Section “{heading}” removed")
