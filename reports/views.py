"""Dashboard and committee report pages."""
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wsoa.roles import role_required


@role_required()
@require_GET
def dashboards(request):
    return render(request, "reports/dashboards.html")


@role_required()
@require_GET
def report_index(request):
    return render(request, "reports/report_index.html")
