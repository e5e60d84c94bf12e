"""The operator's decision messages: one per kind of decision, edited by its advisors."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from essaim.core.policies import ensure
from essaim.programmes import policies as programme_policies

from .. import selectors, services
from ..forms import DecisionTemplateForm
from ..models import DecisionKind
from ..services import DEFAULT_DECISION_TEMPLATES


def decision_templates(request):
    operators = list(programme_policies.managed_operators(request.user))
    ensure(bool(operators))
    chosen = request.POST.get("operateur") or request.GET.get("operateur")
    operator = next((o for o in operators if o.slug == chosen), None) if chosen else operators[0]
    if operator is None:
        raise Http404
    saved = selectors.decision_templates_of(operator)
    template_forms = []
    for kind, label in DecisionKind.choices:
        subject, body = DEFAULT_DECISION_TEMPLATES[kind]
        form = DecisionTemplateForm(
            request.POST or None,
            instance=saved.get(kind),
            initial={"subject": subject, "body": body} if kind not in saved else None,
            prefix=kind,
        )
        template_forms.append((kind, label, form))
    # Validate every form (no short-circuit) so that each shows its errors.
    valid = [form.is_valid() for _kind, _label, form in template_forms]
    if request.method == "POST" and all(valid):
        for kind, _label, form in template_forms:
            if kind in saved or form.has_changed():
                services.decision_template_save(
                    actor=request.user,
                    operator=operator,
                    kind=kind,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                )
        messages.success(request, "Les modèles de messages de décision ont été enregistrés.")
        return redirect(f"{reverse('applications:decision_templates')}?operateur={operator.slug}")
    return render(
        request,
        "applications/decision_templates.html",
        {
            "operators": operators,
            "operator": operator,
            "forms": template_forms,
            "has_errors": any(form.errors for _kind, _label, form in template_forms),
        },
    )
