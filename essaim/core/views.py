from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_not_required
def accessibility(request):
    return render(request, "core/accessibility.html")


@login_not_required
@require_GET
@never_cache
def health(request):
    """For load balancers and monitoring: « ok » when the process answers; with `?db=1`, only
    when the database answers too. Also the bare view load benchmarks compare pages against."""
    if request.GET.get("db") == "1":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
