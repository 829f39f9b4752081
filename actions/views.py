"""Action plan pages."""
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def plan_index(request):
    return render(request, "actions/plan_index.html")
