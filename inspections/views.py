"""Inspection pages."""
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def inspection_list(request):
    return render(request, "inspections/inspection_list.html")
