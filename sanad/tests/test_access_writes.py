"""Writes as an attacker sends them: for each write view, the form a legitimate user is
shown is filled in and POSTed by every persona, including people with two memberships.
Those outside the row's scope get 404 or 403 and the database is left exactly as it was;
those inside it change it (so the payload is known to be valid)."""

import hashlib
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from sanad.advocacy.models import Recommendation
from sanad.api import services as api
from sanad.api.models import Submission
from sanad.audit.models import AuditEvent
from sanad.beneficiaries.models import Consent, Relative
from sanad.beneficiaries.tests.conftest import register
from sanad.complaints.services import receive as receive_complaint
from sanad.directory.models import ExternalActor
from sanad.families.models import FamilyContact
from sanad.handovers.models import Handover
from sanad.legal.services import assign_lawyer, open_case
from sanad.library.models import Resource
from sanad.meetings.models import ActionItem, Meeting
from sanad.network.models import Membership
from sanad.network.services import invite_member
from sanad.reference.models import Establishment, Region
from sanad.releases.models import PlanItem, ReleasePlan
from sanad.test import ROLE_PERSONAS, SEVERAL_MEMBERSHIPS
from sanad.tests.test_access_matrix import nour_claim
from sanad.trainings.models import Training
from sanad.visits.models import FollowUpAction, Observation, Visit

EVERYONE = ROLE_PERSONAS + list(SEVERAL_MEMBERSHIPS)
NOUR_STAFF = {"nour_manager", "nour_worker", "nour_worker_amal_manager", "coordinator_nour_worker"}
NOUR_CASEWORK = NOUR_STAFF | {"coordinator"}
MANDATED = NOUR_CASEWORK | {"lawyer", "amal_worker_lawyer"}


class _Forms(HTMLParser):
    """Every POST form of a page with the values a browser would send as it is shown."""

    SKIPPED = ("/i18n/", "/accounts/logout/", "/network/acting/")

    def __init__(self):
        super().__init__()
        self.forms, self._current, self._select, self._textarea = [], None, None, None
        self.actions = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = attrs.get("action") or ""
            post = (attrs.get("method") or "").lower() == "post"
            self._current = {} if post and not action.startswith(self.SKIPPED) else None
            if self._current is not None:
                self.forms.append(self._current)
                self.actions.append(action)
        elif self._current is None or "name" not in attrs and tag != "option":
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs or kind == "file":
                return
            self._current.setdefault(attrs["name"], []).append(attrs.get("value", ""))
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self._current.setdefault(self._select, []).append(attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._current.setdefault(self._textarea, [""])

    def handle_data(self, data):
        if self._textarea:
            self._current[self._textarea][-1] += data.lstrip("\n") if data else ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def shown_form(client, url) -> dict:
    """The largest POST form of the page at `url` that posts to `url` itself, as the browser
    would submit it (a page may hold others that post elsewhere)."""
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _Forms()
    parser.feed(response.content.decode())
    own = [form for form, action in zip(parser.forms, parser.actions, strict=True)
           if action in ("", url)]  # fmt: skip
    return max(own or parser.forms, key=len)


def fingerprint() -> str:
    """A digest of every row Sanad stores except the audit log (a refusal writes nothing else
    either) and the sessions: equal before and after means nothing changed."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if not model.__module__.startswith("sanad.") or model._meta.label == "audit.AuditEvent":
            continue
        for row in model._default_manager.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _nour_token(p):
    values = {"name": "Kobo", "access": "read", "organisation": None,
              "expires_on": timezone.localdate() + timedelta(days=30)}  # fmt: skip
    return api.create_token(actor=p.nour_worker, values=values, mfa_verified=False)[0]


def _nour_submission(p):
    """A report a program sent for Nour, valid as sent."""
    person = register(p, "nour", first_name_latin="Samira")
    data = {"kind": ["detention"], "establishment": [str(_prison().pk)],
            "visited_on": [str(timezone.localdate())], "beneficiaries": [str(person.pk)],
            "discussed": ["Envoyé par Kobo"]}  # fmt: skip
    return Submission.objects.create(organisation=p.nour, data=data)


def _prison():
    region, _ = Region.objects.get_or_create(code="r", defaults={"name_fr": "Région"})
    prison, _ = Establishment.objects.get_or_create(
        name_fr="Prison locale (test)", defaults={"kind": "PL", "city": "X", "region": region}
    )
    return prison


def _nour_person(p):
    """A person Nour follows, with a case on which both lawyers hold a mandate."""
    return _nour_case(p).beneficiary


def _nour_plan_item(p):
    plan = ReleasePlan.objects.create(
        beneficiary=_nour_person(p), organisation=p.nour, started_on=date(2026, 11, 1)
    )
    item = PlanItem.objects.create(plan=plan, label="Pièces d'identité")
    return (plan.code, item.pk)


def _nour_case(p):
    person = register(p, "nour", first_name_latin="Fatima", last_name_latin="Nour")
    case = open_case(actor=p.nour_worker, beneficiary=person, values={"stage": "appeal"})
    for lawyer in (p.lawyer, p.amal_worker_lawyer):
        assign_lawyer(
            actor=p.coordinator, case=case, lawyer=lawyer, bar="Rabat", starts_on=date(2026, 1, 1)
        )
    return case


def _nour_visit(p):
    visit = Visit.objects.create(organisation=p.nour, planned_on=timezone.localdate())
    visit.beneficiaries.add(_nour_person(p))
    return visit


def _nour_complaint(p):
    values = {"complainant": "detainee", "channel": "visit", "category": "conditions"}
    return receive_complaint(
        actor=p.nour_worker, organisation=p.nour, values=values | {"description": "x"}
    )


def _new_lawyer(p):
    lawyer = get_user_model().objects.create_user("maitre@test.example", "x" * 12)
    Membership.objects.create(user=lawyer, organisation=p.bar, role="lawyer")
    return lawyer


def _nour_membership(p):
    return Membership.objects.get(user=p.nour_worker, organisation=p.nour)


def _nour_invitation(p):
    return invite_member(
        actor=p.nour_manager,
        organisation=p.nour,
        email="new@test.example",
        role="cso_worker",
        full_name="New",
        language="fr",
    )


def _nour_follow_up(p):
    visit = _nour_visit(p)
    return FollowUpAction.objects.create(visit=visit, description="x", due_on=date(2026, 12, 31))


def _nour_meeting(p):
    start = timezone.now() - timezone.timedelta(hours=2)
    meeting = Meeting.objects.create(
        title="R", starts_at=start, ends_at=start + timezone.timedelta(hours=1), mode="in_person"
    )
    meeting.invited_organisations.add(p.nour)
    return meeting


def _nour_family_contact(p):
    person = _nour_person(p)
    relative = Relative.objects.create(beneficiary=person, name="Rkia", relationship="mother")
    return FamilyContact.objects.create(
        organisation=p.nour, beneficiary=person, relative=relative, kind="call", outcome="Vu"
    )


def _nour_action(p):
    return ActionItem.objects.create(
        meeting=_nour_meeting(p),
        description="Envoyer les listes",
        owner_organisation=p.nour,
        due_on=date(2026, 12, 20),
    )


def _nour_handover(p):
    person = _nour_person(p)
    Consent.objects.create(
        beneficiary=person, kind="sharing", given_on=date(2026, 1, 10), language="darija"
    )
    return Handover.objects.create(
        beneficiary=person, from_organisation=p.nour, to_organisation=p.amal,
        kind="transfer", reason="Transférée", proposed_by=p.nour_worker,
    )  # fmt: skip


# name -> (url name, target factory, who shows the form, what the user types, who may write)
WRITES = {
    "beneficiary edit": (
        "beneficiaries:beneficiary_edit",
        _nour_person,
        "nour_worker",
        {"last_name_latin": "Changed"},
        NOUR_CASEWORK,
    ),
    "placement": (
        "beneficiaries:placement_create",
        _nour_person,
        "nour_worker",
        lambda p: {
            "establishment": _prison().pk,
            "register_number": "99/2026",
            "started_on": "2026-02-01",
        },
        NOUR_CASEWORK,
    ),
    "legal status": (
        "beneficiaries:legal_status_create",
        _nour_person,
        "nour_worker",
        {"status": "final", "since": "2026-02-01"},
        NOUR_CASEWORK,
    ),
    "relative": (
        "beneficiaries:relative_create",
        _nour_person,
        "nour_worker",
        {"name": "Aicha", "relationship": "mother"},
        NOUR_CASEWORK,
    ),
    "case edit": (
        "legal:case_edit",
        _nour_case,
        "nour_worker",
        {"charges": "Changed"},
        NOUR_CASEWORK,
    ),
    "hearing": (
        "legal:hearing_create",
        _nour_case,
        "nour_worker",
        {"scheduled_at": "2026-12-20T10:00"},
        MANDATED,
    ),
    "remedy": (
        "legal:remedy_create",
        _nour_case,
        "nour_worker",
        {"kind": "pardon", "status": "planned"},
        MANDATED,
    ),
    "visit plan": (
        "visits:visit_plan_edit",
        _nour_visit,
        "nour_worker",
        {"kind": "family_home", "permit_number": "P-1"},
        NOUR_STAFF,
    ),
    "visit cancel": ("visits:visit_cancel", _nour_visit, "nour_worker", {}, NOUR_STAFF),
    "complaint qualify": (
        "complaints:complaint_qualify",
        _nour_complaint,
        "nour_worker",
        {"sub_category": "Changed"},
        NOUR_CASEWORK,
    ),
    "complaint close": (
        "complaints:complaint_close",
        _nour_complaint,
        "nour_worker",
        {"closure": "resolved", "feedback": "Told by phone"},
        NOUR_CASEWORK,
    ),
    "claim edit": (
        "finance:claim_edit",
        nour_claim,
        "nour_manager",
        {"description": "Changed"},
        {"nour_manager"},
    ),
    "claim decide": (
        "finance:claim_decide",
        lambda p: nour_claim(p, state="submitted"),
        "finance",
        {"decision": "approve"},
        {"finance"},
    ),
    "decision": (
        "legal:decision_create",
        _nour_case,
        "nour_worker",
        {"level": "first_instance", "kind": "contradictory", "pronounced_on": "2026-11-02"},
        MANDATED,
    ),
    "lawyer mandate": (
        "legal:mandate_create",
        _nour_case,
        "nour_manager",
        lambda p: {"lawyer": str(_new_lawyer(p).pk), "bar": "Rabat", "starts_on": "2026-11-01"},
        {"coordinator", "nour_manager", "coordinator_nour_worker"},
    ),
    "organisation edit": (
        "network:organisation_edit",
        lambda p: p.nour,
        "admin",  # the widest form: the focal point's lacks the status
        {"city": "Tiflet"},
        {"admin", "coordinator", "nour_manager", "coordinator_nour_worker"},
    ),
    "handover accept": (
        "handovers:handover_accept",
        _nour_handover,
        None,
        {},
        {"amal_manager", "amal_worker", "amal_worker_lawyer", "nour_worker_amal_manager"},
    ),
    "handover withdraw": (
        "handovers:handover_withdraw",
        _nour_handover,
        None,
        {},
        NOUR_STAFF,
    ),
    "outside actor edit": (
        "directory:actor_edit",
        lambda p: ExternalActor.objects.create(kind="bar", name_fr="Ordre (test)"),
        "coordinator",
        {"phone": "+212 5 37 00"},
        {"coordinator", "coordinator_nour_worker"},
    ),
    "library resource edit": (
        "library:resource_edit",
        lambda p: Resource.objects.create(kind="guide", title_fr="Guide (test)"),
        "coordinator",
        {"title_fr": "Guide (relu)"},
        {"coordinator", "coordinator_nour_worker"},
    ),
    "training edit": (
        "trainings:training_edit",
        lambda p: Training.objects.create(
            title_fr="Délais (test)",
            trainers="Me Idrissi",
            starts_on=date(2027, 1, 4),
            ends_on=date(2027, 1, 4),
            mode="in_person",
        ),  # fmt: skip
        "coordinator",
        {"trainers": "Me Alaoui"},
        {"coordinator", "coordinator_nour_worker"},
    ),
    "recommendation status": (
        "advocacy:status_add",
        lambda p: Recommendation.objects.create(
            text_fr="Publier (test)", addressee="dgapr", status_on=date(2026, 9, 1)
        ),
        "coordinator",
        {"status": "acknowledged", "on": "2026-09-20", "evidence": "Courrier"},
        {"coordinator", "coordinator_nour_worker"},
    ),
    "expected release": (
        "releases:release_detail",
        lambda p: _nour_case(p).beneficiary,
        "nour_worker",
        {"remission_days": "15"},
        NOUR_CASEWORK,
    ),
    "release recorded": (
        "releases:release_record",
        lambda p: register(
            p,
            "nour",
            first_name_latin="Hind",
            placement={"establishment": _prison(), "started_on": date(2026, 1, 5)},
        ),
        None,
        {"released_on": "2026-12-01", "circumstances": "pardon", "follow_up_consent": "yes"},
        NOUR_CASEWORK,
    ),  # fmt: skip
    "release plan item": (
        "releases:item_edit",
        _nour_plan_item,
        "nour_worker",
        {"note": "Rendez-vous à l'annexe"},
        NOUR_CASEWORK,
    ),
    "api token revoke": ("api:token_revoke", _nour_token, None, {}, {"nour_worker"}),
    "submission confirmed": (
        "api:submission_review",
        _nour_submission,
        "nour_worker",
        {},
        NOUR_STAFF,
    ),  # fmt: skip
    "submission discarded": ("api:submission_discard", _nour_submission, None, {}, NOUR_STAFF),
    "membership toggle": (
        "network:membership_toggle",
        _nour_membership,
        "nour_manager",
        {},
        {"admin", "nour_manager"},
    ),
    "invitation revoke": (
        "network:invitation_revoke",
        _nour_invitation,
        "nour_manager",
        {},
        {"admin", "nour_manager"},
    ),
    "follow-up done": ("visits:action_done", _nour_follow_up, None, {}, NOUR_STAFF),
    "claim submit": ("finance:claim_submit", nour_claim, None, {}, {"nour_manager"}),
    "meeting action done": (
        "meetings:action_done",
        _nour_action,
        None,
        {"note": "Listes envoyées"},
        {"coordinator", "nour_manager", "coordinator_nour_worker"},
    ),
    "family contact edit": (
        "families:contact_edit",
        _nour_family_contact,
        "nour_worker",
        {"outcome": "Changed"},
        NOUR_STAFF,
    ),
    "meeting cancel": (
        "meetings:meeting_cancel",
        _nour_meeting,
        "coordinator",
        {"reason": "Reportée"},
        {"coordinator", "coordinator_nour_worker"},
    ),
    "meeting outcome": (
        "meetings:meeting_outcome",
        _nour_meeting,
        "coordinator",
        {"minutes": "Changed"},
        {"coordinator", "coordinator_nour_worker"},
    ),
}


@pytest.mark.parametrize("write", sorted(WRITES))
@pytest.mark.parametrize("persona", EVERYONE)
def test_a_valid_post_changes_only_what_the_persona_may_change(
    client_for, personas, write, persona
):
    url_name, target, shown_to, typed, allowed = WRITES[write]
    made = target(personas)  # a record, or the URL's arguments for a row inside one
    url = reverse(url_name, args=made if isinstance(made, tuple) else [made.code])
    typed = typed(personas) if callable(typed) else typed
    shown = shown_form(client_for(shown_to), url) if shown_to else {}  # None: POST only
    payload = shown | {k: [v] for k, v in typed.items()}
    client = client_for(persona)  # signing in stamps the person's last sign-in
    before = fingerprint()
    response = client.post(url, payload)
    if persona in allowed:
        assert response.status_code == 302, f"{persona} could not {write}: the payload is wrong"
        assert fingerprint() != before
    else:
        assert response.status_code in (403, 404), f"{persona} on {write}"
        assert fingerprint() == before, f"{persona} changed something through {write}"


def test_a_lawyer_who_works_in_amal_reads_the_mandated_person_but_cannot_edit_them(
    client_for, personas
):
    case = _nour_case(personas)
    person = case.beneficiary
    client = client_for("amal_worker_lawyer")
    page = client.get(reverse("beneficiaries:beneficiary_detail", args=[person.code]))
    assert page.status_code == 200
    assert reverse("beneficiaries:beneficiary_edit", args=[person.code]) not in page.text
    edit = reverse("beneficiaries:beneficiary_edit", args=[person.code])
    assert client.get(edit).status_code == 404


def test_the_lawyer_from_amal_sees_when_nour_visits_their_client_never_what_was_said(
    client_for, personas
):
    case = _nour_case(personas)
    visit = Visit.objects.create(organisation=personas.nour, planned_on=date(2026, 12, 1))
    visit.beneficiaries.add(case.beneficiary)
    client = client_for("amal_worker_lawyer")
    listing = client.get(reverse("visits:visit_list"))
    assert listing.status_code == 200
    assert [v.code for v in listing.context["page"].object_list] == [visit.code]
    assert reverse("visits:visit_detail", args=[visit.code]) not in listing.text
    assert client.get(reverse("visits:visit_detail", args=[visit.code])).status_code == 404
    amal_visit = Visit.objects.create(organisation=personas.amal, planned_on=date(2026, 12, 1))
    assert client.get(reverse("visits:visit_detail", args=[amal_visit.code])).status_code == 200


def test_a_person_in_two_organisations_chooses_whom_they_act_for(client_for, personas):
    client = client_for("nour_worker_amal_manager")
    create = reverse("beneficiaries:beneficiary_create")
    refused = client.get(create, follow=True)
    assert "plusieurs organisations" in refused.text
    assert 'id="acting-switcher"' in refused.text
    switched = client.post(
        reverse("network:act_for"), {"organisation": personas.amal.code, "next": create}
    )
    assert switched.status_code == 302 and switched["Location"] == create
    page = client.get(create)
    assert page.status_code == 200 and page.context["organisation"] == personas.amal
    assert "Amal (test)" in page.text
    assert AuditEvent.objects.filter(
        action="membership.acting_for", actor=personas.nour_worker_amal_manager
    ).exists()


def test_nobody_acts_for_an_organisation_they_do_not_belong_to(client_for, personas):
    client = client_for("nour_worker_amal_manager")
    client.post(reverse("network:act_for"), {"organisation": personas.omp.code, "next": "/"})
    page = client.get(reverse("beneficiaries:beneficiary_create"), follow=True)
    assert "plusieurs organisations" in page.text
    assert client.get(reverse("network:act_for")).status_code == 405


def test_no_capability_of_dates_only_reaches_what_a_visit_found(personas):
    """The policy itself refuses a visit's findings through a lawyer's dates-only right."""
    case = _nour_case(personas)
    visit = _nour_visit(personas)
    visit.beneficiaries.add(case.beneficiary)
    Observation.objects.create(visit=visit, category="health", severity="urgent", text="x")
    FollowUpAction.objects.create(visit=visit, description="x", due_on=date(2026, 12, 31))
    for person in (personas.lawyer, personas.amal_worker_lawyer, personas.coordinator):
        assert not Observation.objects.visible_to(person, "visit.view_dates").exists()
        assert not FollowUpAction.objects.visible_to(person, "visit.view_dates").exists()
    assert Visit.objects.visible_to(personas.amal_worker_lawyer, "visit.view_dates").exists()


def test_an_observation_becomes_a_complaint_only_of_the_organisation_that_made_it(
    client_for, personas
):
    """A Nour worker acting as Amal's focal point cannot file Nour's finding as Amal's."""
    observation = Observation.objects.create(
        visit=_nour_visit(personas), category="health", severity="urgent", text="x"
    )
    url = reverse("complaints:complaint_from_observation", args=[observation.code])
    client = client_for("nour_worker_amal_manager")
    client.post(reverse("network:act_for"), {"organisation": personas.amal.code, "next": "/"})
    assert client.get(url).status_code == 404
    client.post(reverse("network:act_for"), {"organisation": personas.nour.code, "next": "/"})
    assert client.get(url).status_code == 200
    assert client_for("coordinator").get(url).status_code == 200


def test_a_form_s_picker_offers_only_people_the_acting_organisation_may_link(client_for, personas):
    """The Nour worker who is Amal's focal point, acting for Amal, is offered Amal's people
    in a visit report's picker, not Nour's (the form would refuse them)."""
    nour_person = register(personas, "nour", first_name_latin="Zahra", last_name_latin="Nouri")
    amal_person = register(personas, "amal", first_name_latin="Zahra", last_name_latin="Amali")
    client = client_for("nour_worker_amal_manager")
    client.post(reverse("network:act_for"), {"organisation": personas.amal.code, "next": "/"})
    pick = reverse("beneficiaries:beneficiary_pick")

    def found(**params):
        return {r["id"] for r in client.get(pick, {"q": "Zahra", **params}).json()["results"]}

    assert found() == {str(nour_person.pk), str(amal_person.pk)}  # both may be read
    assert found(**{"for": "visit.report"}) == {str(amal_person.pk)}
    assert found(**{"for": "finance.view"}) == found()  # only linking rights narrow
    form = client.get(reverse("visits:visit_report"))
    assert "for=visit.report" in form.text
