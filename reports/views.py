"""Dashboard and committee report pages."""
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def dashboards(request):
    return render(request, "reports/dashboards.html")


@require_GET
def report_index(request):
    return render(request, "reports/report_index.html")
