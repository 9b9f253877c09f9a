"""Legal rules are data: administrators keep them up to date; open deadlines follow."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from sanad.legal import services
from sanad.legal.forms import RuleForm
from sanad.lib.concurrency import EditConflict
from sanad.network.access import has_capability
from sanad.network.decorators import capability_required
from sanad.reference.models import LegalRule, ScreeningRule


@require_GET
@capability_required("reference.view")
def rule_list(request):
    return render(
        request,
        "legal/rule_list.html",
        {
            "rules": LegalRule.objects.visible_to(request.user),
            "screening_rules": ScreeningRule.objects.visible_to(request.user),
            "can_edit": has_capability(request.user, "reference.edit"),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("reference.edit")
def rule_edit(request, code=None):
    """Create or change a rule; changing one recomputes the open deadlines that use it."""
    rule = (
        get_object_or_404(LegalRule.objects.visible_to(request.user), code=code)
        if code
        else (LegalRule())
    )
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.save_rule(
                actor=request.user,
                rule=LegalRule.objects.get(pk=rule.pk) if rule.pk else rule,
                expected_version=form.expected_version,
                values=form.values(),
            )
        except EditConflict as error:
            form.report_conflict(error)
        else:
            messages.success(
                request,
                ngettext(
                    "The rule was saved; %(count)s open deadline was recomputed.",
                    "The rule was saved; %(count)s open deadlines were recomputed.",
                    moved,
                )
                % {"count": moved},
            )
            return redirect("legal:rule_list")
    return render(request, "legal/rule_form.html", {"form": form, "rule": rule})
