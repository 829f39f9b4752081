"""The report template pages, for an area's administrators: the area's templates, copying one, and changing a copy
(name, numbering, title block; add, rename, reorder and remove sections), and the council's branding on its
reports. Each view checks the area and role, then calls one service."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inspections.models import LocalArea
from wsoa.roles import role_required, visible_area_ids

from .. import permissions as can
from ..errors import ReportsError
from ..models import ReportBranding, ReportTemplate, TemplateSection
from . import selectors, template_services
from .forms import BrandingForm, TemplateCopyForm, TemplateForm, TemplateSectionForm, VersionForm
from .kinds import GENERATED, KIND_WORDS, TITLE_FIELDS
from .services import area_templates, branding_save
from .views import form_page, refused_in


def _template(request, pk: int) -> ReportTemplate:
    try:
        template = selectors.template_for_page(pk, user=request.user)
    except ReportTemplate.DoesNotExist:
        raise Http404("Not found") from None
    if not can.can_change_templates(request.user, template.area_id):
        raise PermissionDenied
    return template


def _section(template: ReportTemplate, position: int) -> TemplateSection:
    section = template.sections.filter(position=position).first()
    if section is None:
        raise Http404("Not found")
    return section


def _to_template(template: ReportTemplate):
    return redirect("reports:template", pk=template.pk)


@role_required()
@require_GET
def template_index(request):
    areas = [area for area in visible_area_ids(request.user) if can.can_change_templates(request.user, area)]
    if not areas:
        raise PermissionDenied
    for template in {t.area_id: t for t in selectors.templates_for_index(request.user, area_ids=areas)}.values():
        area_templates(template.area, by=request.user)
    return render(request, "reports/papers/templates.html", {
        "templates": selectors.templates_for_index(request.user, area_ids=areas),
        "areas": LocalArea.objects.filter(pk__in=areas).order_by("name"),
    })


@require_GET
def template_page(request, pk: int):
    template = _template(request, pk)
    return render(request, "reports/papers/template.html", {
        "template": template, "kind_words": KIND_WORDS[template.kind],
        "sections": [(s, GENERATED.get(s.generated, "")) for s in template.sections.order_by("position")],
        "title_words": [TITLE_FIELDS[key] for key in template.title_fields if key in TITLE_FIELDS],
        "copy_form": TemplateCopyForm(initial={"name": f"{template.name} ({template.area})"}),
    })


@require_POST
def template_copy(request, pk: int):
    template = _template(request, pk)
    form = TemplateCopyForm(request.POST)
    if form.is_valid():
        try:
            copy = template_services.template_copy(template=template, by=request.user, name=form.cleaned_data["name"])
        except ReportsError as error:
            refused_in(form, error)
        else:
            messages.success(request, "The copy is made. Reports of this kind are started from it from now on.")
            return _to_template(copy)
    return render(request, "reports/papers/_form_page.html", {
        "form": form, "heading": f"Copy “{template.name}”", "button": "Make the copy", "back": template,
    }, status=400)


@require_http_methods(["GET", "POST"])
def template_edit(request, pk: int):
    template = _template(request, pk)
    form = TemplateForm(request.POST if request.method == "POST" else None, initial={
        "version": template.version, "name": template.name, "numbering": template.numbering,
        "title_fields": template.title_fields,
        **{f"default_{key}": value for key, value in template.title_defaults.items()},
    })
    return form_page(request, None, form, lambda data: template_services.template_update(
        template=template, by=request.user, name=data["name"], numbering=data["numbering"],
        title_fields=data["title_fields"], title_defaults=form.defaults(), expected_version=data["version"]),
        template="reports/papers/_form_page.html", done="The template is saved.", heading="Name and title block",
        back=template, redirect_to=_to_template(template))


@require_http_methods(["GET", "POST"])
def template_section_add(request, pk: int):
    template = _template(request, pk)
    form = TemplateSectionForm(request.POST if request.method == "POST" else None, adding=True,
                               initial={"version": template.version})
    return form_page(request, None, form, lambda data: template_services.template_section_add(
        template=template, by=request.user, heading=data["heading"], generated=data["generated"],
        guidance=data["guidance"], starter=data["starter"], bold=data["bold"], expected_version=data["version"]),
        template="reports/papers/_form_page.html", done="The section is added at the end.", heading="Add a section",
        back=template, redirect_to=_to_template(template))


@require_http_methods(["GET", "POST"])
def template_section_edit(request, pk: int, position: int):
    template = _template(request, pk)
    section = _section(template, position)
    form = TemplateSectionForm(request.POST if request.method == "POST" else None, adding=False, initial={
        "version": template.version, "heading": section.heading, "guidance": section.guidance,
        "starter": section.starter, "bold": section.bold,
    })
    return form_page(request, None, form, lambda data: template_services.template_section_update(
        section=section, by=request.user, expected_version=data.pop("version"), **data),
        template="reports/papers/_form_page.html", done="The section is saved.", heading=f"“{section.heading}”",
        back=template, redirect_to=_to_template(template))


def _button(request, pk: int, position: int, change, done: str):
    template = _template(request, pk)
    section = _section(template, position)
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise ReportsError({"__all__": "Reload the page and try again"})
        change(section, form.cleaned_data["version"])
    except ReportsError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return _to_template(template)


@require_POST
def template_section_move(request, pk: int, position: int):
    up = request.POST.get("direction") != "down"
    return _button(request, pk, position, lambda section, version: template_services.template_section_move(
        section=section, by=request.user, up=up, expected_version=version), "The section is moved.")


@require_POST
def template_section_remove(request, pk: int, position: int):
    return _button(request, pk, position, lambda section, version: template_services.template_section_remove(
        section=section, by=request.user, expected_version=version), "The section is removed.")


@require_http_methods(["GET", "POST"])
def branding_edit(request, area_pk: int):
    area = LocalArea.objects.filter(pk__in=visible_area_ids(request.user), pk=area_pk).first()
    if area is None:
        raise Http404("Not found")
    if not can.can_change_templates(request.user, area.pk):
        raise PermissionDenied
    branding = ReportBranding.objects.filter(area=area).first()
    initial = {"council_name": branding.council_name if branding else "",
               "colour": branding.colour if branding else "black"}
    form = BrandingForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["logo"]
        try:
            branding_save(area=area, by=request.user, council_name=form.cleaned_data["council_name"],
                          colour=form.cleaned_data["colour"], logo=upload.read() if upload else None,
                          remove_logo=form.cleaned_data["remove_logo"])
        except ReportsError as error:
            refused_in(form, error)
        else:
            messages.success(request, f"The branding of {area}'s reports is saved.")
            return redirect("reports:templates")
    return render(request, "reports/papers/branding.html", {
        "form": form, "caption": str(area), "heading": "Branding of the area's reports", "multipart": True,
        "cancel_url": reverse("reports:templates"), "has_logo": bool(branding and branding.logo_png),
    }, status=400 if form.errors else 200)
