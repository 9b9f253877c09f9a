"""The agenda page, the private calendar feed, and the request letters (PDF)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sanad.audit.services import record
from sanad.legal import services
from sanad.legal.agenda import upcoming
from sanad.legal.calendar import calendar_for
from sanad.legal.forms import LetterForm
from sanad.legal.models import CalendarFeed, LegalCase
from sanad.lib.pagination import paginate_uncounted
from sanad.lib.pdf import html_to_pdf
from sanad.lib.plain_text import render_plain_text
from sanad.library import letters
from sanad.library.models import Letter, ResourceVersion
from sanad.network.decorators import capability_required, public

# Each letter's text when no template in the library provides it (library.letters).
LETTERS = {
    Letter.PARDON: "legal/letters/pardon_{language}.txt",
    Letter.CONDITIONAL_RELEASE: "legal/letters/conditional_release_{language}.txt",
}


# What the agenda's rows show (templates/legal/agenda_*_rows.html): only these columns
# are read and turned into objects (a case and its person have some forty).
PERSON = [f"case__beneficiary__{name}" for name in ("first_name_latin", "last_name_latin",
                                                    "first_name_ar", "last_name_ar")]  # fmt: skip
DEADLINE_COLUMNS = ["due_on", "trigger_date", "case__code", "case__case_number", *PERSON,
                    "rule__name_fr", "rule__name_ar", "rule__verified", "rule__period",
                    "rule__unit", "rule__counting", "rule__roll_forward",
                    "decision__pronounced_on", "decision__level"]  # fmt: skip
HEARING_COLUMNS = ["scheduled_at", "case__code", *PERSON, "court__name_fr", "court__name_ar"]


@require_GET
@capability_required("agenda.view")
def agenda(request):
    """My deadlines and hearings, most urgent first, each list paged on its own."""
    deadlines, hearings = upcoming(request.user)
    deadlines, hearings = deadlines.only(*DEADLINE_COLUMNS), hearings.only(*HEARING_COLUMNS)
    return render(
        request,
        "legal/agenda.html",
        {
            "deadlines": paginate_uncounted(request, deadlines),
            "hearings": paginate_uncounted(request, hearings, param="hearings_page"),
            "has_feed": CalendarFeed.objects.filter(user=request.user).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("agenda.view")
def calendar_manage(request):
    """Issue (showing the link once) or revoke the private calendar link."""
    link = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.revoke_calendar_feed(actor=request.user)
            messages.success(request, _("The calendar link was revoked."))
            return redirect("legal:agenda")
        token = services.issue_calendar_feed(actor=request.user)
        link = request.build_absolute_uri(reverse("legal:calendar_feed", args=[token]))
    return render(
        request,
        "legal/calendar_manage.html",
        {
            "link": link,
            "has_feed": CalendarFeed.objects.filter(user=request.user).exists(),
        },
    )


@require_GET
@public
def calendar_feed(request, token):
    """Public URL; the secret in it is the credential. Revoked or unknown: 404."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=CalendarFeed.hash_token(token), user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    response = HttpResponse(calendar_for(feed.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sanad.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@capability_required("case.record")
def letter(request, code, kind):
    """A pardon or conditional-release request, filled from the case (by the library's
    template when it has one), edited by the user, then downloaded as PDF (audited with the
    template version it started from)."""
    if kind not in LETTERS:
        raise Http404
    case = get_object_or_404(
        LegalCase.objects.visible_to(request.user, "case.record").select_related(
            "beneficiary", "court"
        ),
        code=code,
    )
    language = request.GET.get("language") or request.POST.get("language") or "fr"
    language = language if language in ("fr", "ar") else "fr"
    template = letters.current(kind, language)
    initial = {"language": language, "body": _letter_text(case, kind, language, template)}
    form = LetterForm(
        request.POST or None, initial={**initial, "template": template and template.pk}
    )
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        with translation.override(language):
            html = render_to_string(
                "legal/letters/letter.html",
                {
                    "case": case,
                    "body": form.cleaned_data["body"],
                    "language": language,
                    "rtl": language == "ar",
                },
            )
        pdf = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
        record(
            actor=request.user,
            action="case.letter_generated",
            target=case,
            organisation=case.beneficiary.identified_by,
            label=f"{case} — {case.beneficiary.display_name}",
            changes={
                "letter": [None, f"{kind} ({language})"],
                "template": [None, _template_used(kind, form.cleaned_data["template"])],
            },
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{kind}-{case.code}.pdf"'
        return response
    return render(
        request,
        "legal/letter_form.html",
        {"form": form, "case": case, "kind": kind, "language": language, "template": template},
    )


def _template_used(kind: str, pk) -> str:
    """The template version a letter started from, as its audit event names it."""
    used = ResourceVersion.objects.filter(pk=pk, resource__letter=kind).first()
    return f"{used.resource.title_fr} v{used.number}" if used else "Sanad (built in)"


def _letter_text(case, kind: str, language: str, template=None) -> str:
    beneficiary = case.beneficiary
    placement = (
        beneficiary.placements.filter(ended_on__isnull=True).select_related("establishment").last()
    )
    decision = case.decisions.order_by("-pronounced_on").first()
    mandate = case.mandates.filter(active=True).select_related("lawyer").order_by("-starts_on")
    mandate = mandate.first()
    with translation.override(language):
        context = {
            "beneficiary": beneficiary,
            "case": case,
            "placement": placement,
            "decision": decision,
            "name": _name_in(beneficiary, language),
            "female": beneficiary.sex == "F",
            "held_at": _held_at(placement.establishment, language) if placement else "",
            "judged_by": _judged_by(case.court, language) if case.court else "",
            "lawyer": lawyer_title(mandate, language) if mandate else "",
        }
        if template is not None:
            return letters.render(getattr(template, f"text_{language}"), context).strip()
        return render_plain_text(LETTERS[kind].format(language=language), context).strip()


# Isolates a name written in the other script, so that its punctuation keeps its place.
ISOLATE = "\u2068{}\u2069"


def _name_in(beneficiary, language: str) -> str:
    """The person's name in the letter's script, else the other one, isolated."""
    own = beneficiary.name_ar if language == "ar" else beneficiary.name_latin
    return own or ISOLATE.format(beneficiary.display_name)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _held_at(establishment, language: str) -> str:
    """Where the person is held, with the article the place takes ("à la prison locale…",
    "au centre de réforme…", "بالسجن المحلي…")."""
    if language == "ar" and establishment.name_ar:
        return "ب" + establishment.name_ar
    if language == "ar":
        return "ب" + ISOLATE.format(establishment.name_fr)
    article = "au " if establishment.kind == "CRE" else "à la "
    return article + _lower_first(establishment.name_fr)


def lawyer_title(mandate, language: str) -> str:
    """The lawyer as a letter names them: "Maître X (Barreau de Rabat)", "ذ. X (هيئة
    المحامين بالرباط)", the bar as typed (a Latin name isolated in an Arabic line)."""
    name = mandate.lawyer.display_name
    if language == "ar":
        bar = f" (هيئة المحامين: {ISOLATE.format(mandate.bar)})" if mandate.bar else ""
        return f"ذ. {ISOLATE.format(name)}{bar}"
    bar = mandate.bar
    if bar and not bar.lower().startswith("barreau"):
        bar = f"Barreau de {bar}"
    return f"Maître {name}" + (f" ({bar})" if bar else "")


def _judged_by(court, language: str) -> str:
    """The court that judged, as the sentence names it ("par le tribunal…", "من طرف…")."""
    if language == "ar":
        return "من طرف " + (court.name_ar or ISOLATE.format(court.name_fr))
    article = "par le " if court.kind == "first_instance" else "par la "
    return article + _lower_first(court.name_fr)
