"""Role × page access: who gets 200, 403 (missing capability) or 404 (outside their scope).

Later capabilities add their pages to PAGES. A persona not named for a page must get 403."""

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanad.advocacy.models import DialogueEvent, Recommendation
from sanad.api import services as api
from sanad.api.models import Submission
from sanad.beneficiaries.models import Consent, DuplicateFlag, ExportFile, Relative
from sanad.beneficiaries.tests.conftest import register
from sanad.calls.models import Application, Call
from sanad.complaints.services import receive as receive_complaint
from sanad.directory.models import ExternalActor
from sanad.families.models import FamilyContact
from sanad.finance.models import BudgetLine, ExpenseClaim
from sanad.forum.models import Announcement, Thread
from sanad.handovers.models import Handover
from sanad.legal.services import assign_lawyer, open_case
from sanad.library.models import Resource
from sanad.meetings.models import Meeting, MeetingDocument
from sanad.network.models import Invitation, Membership
from sanad.privacy.models import RetentionPolicy, RetentionReview, SubjectRequest
from sanad.reference.models import Establishment, Region
from sanad.releases.models import FollowUp, PlanItem, Release, ReleasePlan
from sanad.reports.models import DonorReport, Indicator, Objective, Project
from sanad.test import ROLE_PERSONAS, SEVERAL_MEMBERSHIPS
from sanad.trainings.models import Participant, Training
from sanad.visits.models import Visit

ALL = set(ROLE_PERSONAS)
CSO = {"nour_manager", "nour_worker", "amal_manager", "amal_worker"}
DIRECTORY = {"admin", "coordinator", "finance", "analyst", "lawyer"} | CSO
ADVOCACY = DIRECTORY | {"observer"}


def _nour(p):
    return {"code": p.nour.code}


def _amal(p):
    return {"code": p.amal.code}


def _nour_handover(p):
    person = register(p, "nour", first_name_latin="Fatima")
    Consent.objects.create(
        beneficiary=person, kind="sharing", given_on=date(2026, 1, 10), language="darija"
    )
    handover = Handover.objects.create(
        beneficiary=person, from_organisation=p.nour, to_organisation=p.amal,
        kind="transfer", reason="Transférée", proposed_by=p.nour_worker,
    )  # fmt: skip
    return {"code": handover.code}


def _nour_shareable(p):
    person = register(p, "nour", first_name_latin="Fatima")
    Consent.objects.create(
        beneficiary=person, kind="sharing", given_on=date(2026, 1, 10), language="darija"
    )
    return {"code": person.code}


def _actor(p):
    return {"code": ExternalActor.objects.create(kind="bar", name_fr="Ordre (test)").code}


def _guide(p):
    return {"code": Resource.objects.create(kind="guide", title_fr="Guide (test)").code}


def _nour_training(p):
    training = Training.objects.create(
        title_fr="Délais (test)", trainers="Me Idrissi", starts_on=date(2027, 1, 4),
        ends_on=date(2027, 1, 4), mode="in_person",
    )  # fmt: skip
    for user in (p.nour_worker, p.nour_manager):
        Participant.objects.create(training=training, user=user, organisation=p.nour)
    return {"code": training.code}


def _recommendation(p):
    recommendation = Recommendation.objects.create(
        text_fr="Publier (test)", addressee="dgapr", status_on=date(2026, 9, 1)
    )
    return {"code": recommendation.code}


def _dialogue(p):
    event = DialogueEvent.objects.create(title_fr="Table ronde (test)", held_on=date(2026, 9, 1))
    return {"code": event.code}


def _thread(p):
    return {
        "code": Thread.objects.create(title="Parloirs (test)", last_post_at=timezone.now()).code
    }


def _announcement(p):
    announcement = Announcement.objects.create(title_fr="Assemblée (test)", body_fr="Rabat")
    return {"code": announcement.code}


def _nour_plan(p):
    person = register(p, "nour", first_name_latin="Salma")
    plan = ReleasePlan.objects.create(beneficiary=person, organisation=p.nour,
                                      started_on=date(2026, 11, 1))  # fmt: skip
    item = PlanItem.objects.create(plan=plan, label="Pièces d'identité")
    return {"code": plan.code, "pk": item.pk}


def _nour_follow_up_after(p):
    person = register(p, "nour", first_name_latin="Salma")
    release = Release.objects.create(beneficiary=person, released_on=date(2026, 11, 1),
                                     circumstances="pardon", follow_up_consent=True)  # fmt: skip
    return {"pk": FollowUp.objects.create(release=release, month=1, due_on=date(2026, 12, 1)).pk}


def _nour_worker_membership(p):
    return {"code": Membership.objects.get(user=p.nour_worker).code}


def _nour_invitation(p):
    invitation = Invitation.objects.create(
        token_hash="x" * 64,
        email="new@test.example",
        organisation=p.nour,
        role="cso_worker",
        language="fr",
        invited_by=p.nour_manager,
        expires_at=timezone.now() + timezone.timedelta(days=1),
    )
    return {"code": invitation.code}


def _nour_beneficiary(p):
    return {"code": register(p, "nour", first_name_latin="Fatima").code}


def _nour_consent(p):
    return {"code": register(p, "nour", first_name_latin="Fatima").consents.get().code}


def _nour_case(p, lawyer=False):
    beneficiary = register(p, "nour", first_name_latin="Fatima")
    case = open_case(actor=p.nour_worker, beneficiary=beneficiary, values={"stage": "appeal"})
    for mandated in (p.lawyer, p.amal_worker_lawyer) if lawyer else ():
        assign_lawyer(
            actor=p.coordinator, case=case, lawyer=mandated, bar="Rabat", starts_on=date(2026, 1, 1)
        )
    return {"code": case.code}


def _nour_submission(p):
    return {"code": Submission.objects.create(organisation=p.nour, data={}).code}


def _nour_beneficiary_code(p):
    return {"beneficiary_code": register(p, "nour", first_name_latin="Fatima").code}


def _nour_export(p):
    export = ExportFile.objects.create(created_by=p.nour_manager, state=ExportFile.State.READY)
    export.file.save(f"{export.code}.xlsx", ContentFile(b"PK"))
    return {"code": export.code}


def _analyst_extract(p):
    export = ExportFile.objects.create(
        created_by=p.analyst, kind=ExportFile.Kind.ANALYSIS, state=ExportFile.State.READY
    )
    export.file.save(f"{export.code}.xlsx", ContentFile(b"PK"))
    return {"code": export.code}


def _nour_family_contact(p):
    person = register(p, "nour", first_name_latin="Fatima")
    relative = Relative.objects.create(beneficiary=person, name="Rkia", relationship="mother")
    contact = FamilyContact.objects.create(
        organisation=p.nour, beneficiary=person, relative=relative, kind="call"
    )
    return {"code": contact.code}


def _nour_meeting_document(p):
    meeting = Meeting.objects.get(code=_nour_meeting(p, days=-1)["code"])
    document = MeetingDocument(meeting=meeting, kind="agenda", original_name="odj.pdf")
    document.file.save("odj.pdf", ContentFile(b"%PDF-1.4"), save=False)
    document.save()
    return {"code": document.code}


def _nour_visit(p):
    visit = Visit.objects.create(organisation=p.nour, planned_on=date(2026, 12, 1))
    return {"code": visit.code}


def _nour_complaint(p):
    complaint = receive_complaint(
        actor=p.nour_worker,
        organisation=p.nour,
        values={
            "complainant": "detainee",
            "channel": "visit",
            "category": "conditions",
            "description": "x",
        },
    )
    return {"code": complaint.code}


def _nour_meeting(p, days=3):
    start = timezone.now() + timezone.timedelta(days=days)
    meeting = Meeting.objects.create(
        title="R",
        starts_at=start,
        ends_at=start + timezone.timedelta(hours=1),
        mode="in_person",
        place="X",
    )
    meeting.invited_organisations.add(p.nour)
    return {"code": meeting.code}


def nour_claim(p, state="draft") -> ExpenseClaim:
    """An expense claim of Nour's, in `state`, on a budget line of its own."""
    line = BudgetLine.objects.create(
        name="T",
        category="transport",
        amount=100,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    return ExpenseClaim.objects.create(
        organisation=p.nour,
        budget_line=line,
        amount=10,
        spent_on=date(2026, 5, 1),
        description="x",
        state=state,
    )


def _nour_claim(p):
    return {"code": nour_claim(p).code}


def _establishment(p):
    region = Region.objects.create(code="r", name_fr="Région")
    return {
        "code": Establishment.objects.create(
            name_fr="Prison", kind="PL", city="X", region=region
        ).code
    }


def _review(p):
    return {"code": RetentionReview.objects.create(total=0).code}


def _policy(p):
    policy = RetentionPolicy.objects.create(record_type="import", keep_days=30, legal_basis="x")
    return {"pk": policy.pk}


def _subject_request(p):
    beneficiary = register(p, "nour", first_name_latin="Fatima")
    request = SubjectRequest.objects.create(
        beneficiary=beneficiary, kind="access", due_on=date(2026, 12, 31)
    )
    return {"code": request.code}


def _new_project():
    return Project.objects.create(
        name_fr="P",
        overall_objective_fr="O",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )


def _project(p):
    project = Project.objects.create(
        name_fr="P",
        overall_objective_fr="O",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    return {"code": project.code}


def _indicator(p):
    project = Project.objects.create(
        name_fr="P",
        overall_objective_fr="O",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    objective = Objective.objects.create(project=project, number="OS1", name_fr="O")
    indicator = Indicator.objects.create(objective=objective, key="visits_made")
    return {"code": project.code, "indicator_code": indicator.code}


def _donor_report(p):
    project = Project.objects.create(
        name_fr="P",
        overall_objective_fr="O",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    report = DonorReport.objects.create(
        project=project,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        language="fr",
        state="done",
    )
    return {"code": report.code}


def _call(p):
    call = Call.objects.create(
        title_fr="Appel",
        text_fr="x",
        deadline=timezone.now() + timezone.timedelta(days=5),
        state="published",
    )
    call.reviewers.add(p.reviewer)
    return {"code": call.code}


def _application(p):
    code = _call(p)["code"]
    application = Application.objects.create(
        call=Call.objects.get(code=code),
        email="asso@test.example",
        token_hash="t" * 64,
        state="submitted",
        submitted_at=timezone.now(),
    )
    return {"code": code, "application_code": application.code}


COMMITTEE = {"coordinator": 200, "reviewer": 200}
AGGREGATES = {"coordinator": 200, "analyst": 200, "observer": 200}
NOUR_CSO_WRITE = {"nour_manager": 200, "nour_worker": 200, "amal_manager": 404, "amal_worker": 404}


def _duplicate(p):
    register(p, "amal", first_name_latin="Aicha", last_name_latin="Bennani")
    register(p, "nour", first_name_latin="Aicha", last_name_latin="Bennani")
    return {"code": DuplicateFlag.objects.get().code}


AMAL_404 = {"amal_manager": 404, "amal_worker": 404}
NOUR_CASEWORK = {
    "coordinator": 200,
    "nour_manager": 200,
    "nour_worker": 200,
    "amal_manager": 404,
    "amal_worker": 404,
}

# page name -> (url name, kwargs factory, {persona: status}); unnamed personas expect 403.
PAGES = {
    "home": ("home", None, dict.fromkeys(ALL, 200)),
    "profile": ("accounts:profile", None, dict.fromkeys(ALL, 200)),
    "organisation list": (
        "network:organisation_list",
        None,
        dict.fromkeys({"admin", "coordinator", "finance"} | CSO, 200),
    ),
    "organisation detail": (
        "network:organisation_detail",
        _nour,
        {
            "admin": 200,
            "coordinator": 200,
            "finance": 200,
            "nour_manager": 200,
            "nour_worker": 200,
            "amal_manager": 404,
            "amal_worker": 404,
        },
    ),
    "organisation create": ("network:organisation_create", None, {"admin": 200}),
    "organisation edit": (
        "network:organisation_edit",
        _nour,
        {"admin": 200, "coordinator": 200, "nour_manager": 200, "amal_manager": 404},
    ),
    "member list": (
        "network:member_list",
        _nour,
        {"admin": 200, "coordinator": 200, "nour_manager": 200, "amal_manager": 404},
    ),
    "member invite": (
        "network:member_invite",
        _nour,
        {"admin": 200, "nour_manager": 200, "amal_manager": 404},
    ),
    "membership toggle": (
        "network:membership_toggle",
        _nour_worker_membership,
        {"admin": 200, "nour_manager": 200, "amal_manager": 404},
    ),
    "invitation revoke": (
        "network:invitation_revoke",
        _nour_invitation,
        {"admin": 200, "nour_manager": 200, "amal_manager": 404},
    ),
    "audit log": ("audit:event_list", None, {"admin": 200, "coordinator": 200}),
    "processing register": (
        "privacy:processing_register",
        None,
        {"admin": 200, "coordinator": 200},
    ),
    "processing register export": (
        "privacy:processing_register_xlsx",
        None,
        {"admin": 200, "coordinator": 200},
    ),
    "retention": ("privacy:retention", None, {"admin": 200, "coordinator": 200}),
    "retention policy edit": ("privacy:policy_edit", _policy, {"admin": 200}),
    "retention review": (
        "privacy:review_detail",
        _review,
        {"admin": 200, "coordinator": 200},
    ),
    "subject requests": ("privacy:request_list", None, {"coordinator": 200}),
    "subject request create": (
        "privacy:request_create",
        lambda p: {"beneficiary_code": register(p, "nour", first_name_latin="Fatima").code},
        {"coordinator": 200},
    ),
    "subject request": ("privacy:request_detail", _subject_request, {"coordinator": 200}),
    "subject request JSON": (
        "privacy:request_export_json",
        _subject_request,
        {"coordinator": 200},
    ),
    "subject request PDF": (
        "privacy:request_export_pdf",
        _subject_request,
        {"coordinator": 200},
    ),
    "calls": ("calls:manage_list", None, COMMITTEE),
    "call create": ("calls:call_create", None, {"coordinator": 200}),
    "call detail": ("calls:call_detail", _call, COMMITTEE),
    "call edit": ("calls:call_edit", _call, {"coordinator": 200}),
    "call questionnaire": ("calls:questionnaire", _call, {"coordinator": 200}),
    "call minutes": ("calls:call_minutes", _call, {"coordinator": 200}),
    "call export": ("calls:call_export", _call, {"coordinator": 200}),
    "application detail": ("calls:application_detail", _application, COMMITTEE),
    "application PDF": ("calls:application_export", _application, COMMITTEE),
    "reports dashboard": ("reports:dashboard", None, AGGREGATES | dict.fromkeys(CSO, 200)),
    "detention conditions": ("reports:conditions", None, AGGREGATES),
    "logframe": ("reports:logframe", None, AGGREGATES),
    "project create": ("reports:project_create", None, {"coordinator": 200}),
    "project edit": ("reports:project_edit", _project, {"coordinator": 200}),
    "objective create": ("reports:objective_create", _project, {"coordinator": 200}),
    "indicator create": ("reports:indicator_create", _project, {"coordinator": 200}),
    "indicator edit": ("reports:indicator_edit", _indicator, {"coordinator": 200}),
    "target create": ("reports:target_create", _indicator, {"coordinator": 200}),
    "donor reports": ("reports:donor_list", None, {"coordinator": 200, "observer": 200}),
    "donor report": ("reports:donor_detail", _donor_report, {"coordinator": 200, "observer": 200}),
    "analysis extract": ("reports:extract", None, {"coordinator": 200, "analyst": 200}),
    **{
        f"analysis {name}": (
            f"reports:{name}",
            _analyst_extract,
            {"analyst": 200, "coordinator": 404},
        )
        for name in ("extract_detail", "extract_download")
    },
    "person access history": (
        "audit:person_history",
        _nour_beneficiary,
        {"admin": 404, "coordinator": 200},
    ),
    "beneficiary list": (
        "beneficiaries:beneficiary_list",
        None,
        dict.fromkeys({"coordinator", "lawyer"} | CSO, 200),
    ),
    "beneficiary detail": (
        "beneficiaries:beneficiary_detail",
        _nour_beneficiary,
        NOUR_CASEWORK | {"lawyer": 404},
    ),
    "person picker": (
        "beneficiaries:beneficiary_pick",
        None,
        dict.fromkeys({"coordinator", "lawyer"} | CSO, 200),
    ),
    "case picker": ("legal:case_pick", None, dict.fromkeys({"coordinator", "lawyer"} | CSO, 200)),
    "court picker": (
        "reference:court_pick",
        None,
        dict.fromkeys({"admin", "coordinator", "analyst", "lawyer"} | CSO, 200),
    ),
    "relative picker": ("families:relative_pick", None, dict.fromkeys(CSO, 200)),
    "beneficiary create": ("beneficiaries:beneficiary_create", None, dict.fromkeys(CSO, 200)),
    "beneficiary export": (
        "beneficiaries:beneficiary_export",
        None,
        dict.fromkeys({"coordinator", "nour_manager", "amal_manager"}, 200),
    ),
    **{
        f"beneficiary {name}": (
            f"beneficiaries:{name}",
            _nour_export,
            {"nour_manager": 200, "coordinator": 404, "amal_manager": 404},
        )
        for name in ("export_detail", "export_download")
    },
    **{
        f"beneficiary {name}": (f"beneficiaries:{name}", _nour_beneficiary, NOUR_CASEWORK)
        for name in (
            "beneficiary_edit",
            "placement_create",
            "legal_status_create",
            "consent_create",
            "relative_create",
        )
    },
    "beneficiary sharing": (
        "beneficiaries:beneficiary_share",
        _nour_beneficiary,
        {"coordinator": 200},
    ),
    "consent withdraw": ("beneficiaries:consent_withdraw", _nour_consent, NOUR_CASEWORK),
    "beneficiary import": (
        "beneficiaries:import_upload",
        None,
        dict.fromkeys({"nour_manager", "amal_manager"}, 200),
    ),
    "beneficiary import template": (
        "beneficiaries:import_template",
        lambda p: {"language": "ar"},
        dict.fromkeys({"nour_manager", "amal_manager"}, 200),
    ),
    **{
        f"legal {name}": (
            f"legal:{name}",
            None,
            dict.fromkeys({"coordinator", "lawyer"} | CSO, 200),
        )
        for name in ("case_list", "agenda", "calendar_manage")
    },
    "legal rules": (
        "legal:rule_list",
        None,
        dict.fromkeys({"admin", "coordinator", "analyst", "lawyer"} | CSO, 200),
    ),
    "legal rule create": ("legal:rule_create", None, {"admin": 200}),
    "case create": (
        "legal:case_create",
        _nour_beneficiary_code,
        {
            "coordinator": 200,
            "nour_manager": 200,
            "nour_worker": 200,
            "amal_manager": 404,
            "amal_worker": 404,
        },
    ),
    "case detail": ("legal:case_detail", _nour_case, NOUR_CASEWORK | {"lawyer": 404}),
    "case detail with mandate": (
        "legal:case_detail",
        lambda p: _nour_case(p, lawyer=True),
        NOUR_CASEWORK | {"lawyer": 200},
    ),
    "case edit": ("legal:case_edit", _nour_case, NOUR_CASEWORK),
    "case assign lawyer": (
        "legal:mandate_create",
        _nour_case,
        {"coordinator": 200, "nour_manager": 200, "amal_manager": 404},
    ),
    **{
        f"case {name}": (
            f"legal:{name}",
            lambda p: _nour_case(p, lawyer=True),
            NOUR_CASEWORK | {"lawyer": 200},
        )
        for name in ("hearing_create", "decision_create", "remedy_create", "document_upload")
    },
    "case letter": (
        "legal:letter",
        lambda p: _nour_case(p) | {"kind": "pardon"},
        NOUR_CASEWORK | {"lawyer": 404},
    ),
    **{
        f"visits {name}": (f"visits:{name}", None, dict.fromkeys({"coordinator"} | CSO, 200))
        for name in ("action_list", "visit_calendar")
    },
    "visit list": ("visits:visit_list", None, dict.fromkeys({"coordinator", "lawyer"} | CSO, 200)),
    "visit picker": ("visits:visit_pick", None, dict.fromkeys({"coordinator"} | CSO, 200)),
    **{
        f"visits {name}": (f"visits:{name}", None, dict.fromkeys(CSO, 200))
        for name in ("visit_plan", "visit_report")
    },
    "visit detail": ("visits:visit_detail", _nour_visit, NOUR_CASEWORK | {"lawyer": 403}),
    "visit plan edit": ("visits:visit_plan_edit", _nour_visit, NOUR_CSO_WRITE),
    "visit cancel": ("visits:visit_cancel", _nour_visit, NOUR_CSO_WRITE),
    "visit report planned": ("visits:visit_report_planned", _nour_visit, NOUR_CSO_WRITE),
    "establishment conditions": (
        "visits:establishment_summary",
        _establishment,
        {"coordinator": 200},
    ),
    "families": ("families:contact_list", None, dict.fromkeys({"coordinator"} | CSO, 200)),
    "family contact edit": (
        "families:contact_edit",
        _nour_family_contact,
        NOUR_CSO_WRITE,
    ),
    **{
        f"families {name}": (f"families:{name}", None, dict.fromkeys(CSO, 200))
        for name in ("contact_create", "session_create")
    },
    "complaint list": (
        "complaints:complaint_list",
        None,
        dict.fromkeys({"coordinator", "lawyer"} | CSO, 200),
    ),
    "complaint create": (
        "complaints:complaint_create",
        None,
        dict.fromkeys({"coordinator"} | CSO, 200),
    ),
    "complaint figures": ("complaints:complaint_figures", None, {"coordinator": 200}),
    **{
        f"complaint {name}": (
            f"complaints:{name}",
            _nour_complaint,
            NOUR_CASEWORK | ({"lawyer": 404} if name == "complaint_detail" else {}),
        )
        for name in ("complaint_detail", "complaint_qualify", "complaint_refer", "complaint_close")
    },
    "meeting list": ("meetings:meeting_list", None, dict.fromkeys({"coordinator"} | CSO, 200)),
    "action items": ("meetings:action_list", None, dict.fromkeys({"coordinator"} | CSO, 200)),
    "meeting document": (
        "meetings:document_download",
        _nour_meeting_document,
        {"coordinator": 200, "nour_manager": 200, "nour_worker": 200} | AMAL_404,
    ),
    "meeting create": ("meetings:meeting_create", None, {"coordinator": 200}),
    "meeting detail": (
        "meetings:meeting_detail",
        _nour_meeting,
        {
            "coordinator": 200,
            "nour_manager": 200,
            "nour_worker": 200,
            "amal_manager": 404,
            "amal_worker": 404,
        },
    ),
    "meeting change": ("meetings:meeting_change", _nour_meeting, {"coordinator": 200}),
    "meeting cancel": ("meetings:meeting_cancel", _nour_meeting, {"coordinator": 200}),
    "meeting outcome": (
        "meetings:meeting_outcome",
        lambda p: _nour_meeting(p, days=-1),  # an outcome once the meeting has started
        {"coordinator": 200},
    ),
    **{
        f"finance {name}": (
            f"finance:{name}",
            None,
            dict.fromkeys({"coordinator", "finance", "nour_manager", "amal_manager"}, 200),
        )
        for name in ("overview", "claim_list")
    },
    "finance claim create": (
        "finance:claim_create",
        None,
        dict.fromkeys({"nour_manager", "amal_manager"}, 200),
    ),
    **{
        f"finance {name}": (f"finance:{name}", None, {"finance": 200})
        for name in ("budget_line_create", "allocation_create")
    },
    "finance export": ("finance:export_xlsx", None, dict.fromkeys({"coordinator", "finance"}, 200)),
    "finance claim detail": (
        "finance:claim_detail",
        _nour_claim,
        {"coordinator": 200, "finance": 200, "nour_manager": 200, "amal_manager": 404},
    ),
    "finance claim decide": ("finance:claim_decide", _nour_claim, {"finance": 200}),
    "notifications": ("network:notification_list", None, dict.fromkeys(ALL, 200)),
    "duplicate list": ("beneficiaries:duplicate_list", None, {"coordinator": 200}),
    "duplicate resolve": ("beneficiaries:duplicate_resolve", _duplicate, {"coordinator": 200}),
    **{
        f"reference {kind} list": (
            f"reference:{kind}_list",
            None,
            dict.fromkeys({"admin", "coordinator", "analyst", "lawyer"} | CSO, 200),
        )
        for kind in ("establishment", "court", "holiday")
    },
    **{
        f"reference {kind} create": (f"reference:{kind}_create", None, {"admin": 200})
        for kind in ("establishment", "court", "holiday")
    },
    # The directory is shared: every member reads every partner's profile and the outside
    # actors; only the coordinator keeps the outside actors.
    "directory partners": ("directory:partner_list", None, dict.fromkeys(DIRECTORY, 200)),
    "directory partner": ("directory:partner_detail", _amal, dict.fromkeys(DIRECTORY, 200)),
    "directory PDF": ("directory:directory_pdf", None, dict.fromkeys(DIRECTORY, 200)),
    "directory outside actors": ("directory:actor_list", None, dict.fromkeys(DIRECTORY, 200)),
    "directory outside actor create": ("directory:actor_create", None, {"coordinator": 200}),
    "directory outside actor edit": ("directory:actor_edit", _actor, {"coordinator": 200}),
    # The library is read by the network (its public part by anyone, tested in
    # library/tests); only the coordinator keeps it.
    "library resource create": ("library:resource_create", None, {"coordinator": 200}),
    "library resource edit": ("library:resource_edit", _guide, {"coordinator": 200}),
    "library version add": ("library:version_add", _guide, {"coordinator": 200}),
    # Trainings: CSO members read those their organisation is invited to; only the
    # coordinator plans them (the questionnaire and certificates: trainings/tests).
    "training list": ("trainings:training_list", None, dict.fromkeys({"coordinator"} | CSO, 200)),
    "training create": ("trainings:training_create", None, {"coordinator": 200}),
    "training detail": (
        "trainings:training_detail",
        _nour_training,
        {"coordinator": 200, "nour_manager": 200, "nour_worker": 200} | AMAL_404,
    ),
    **{
        f"training {name}": (f"trainings:{name}", _nour_training, {"coordinator": 200})
        for name in ("training_edit", "training_cancel", "questions", "invite", "attendance")
    },
    # Advocacy is shared with the network and its donor; the coordinator keeps it.
    **{
        f"advocacy {name}": (f"advocacy:{name}", factory, dict.fromkeys(ADVOCACY, 200))
        for name, factory in (
            ("recommendation_list", None),
            ("recommendation_detail", _recommendation),
            ("event_list", None),
            ("event_detail", _dialogue),
        )
    },
    **{
        f"advocacy {name}": (f"advocacy:{name}", factory, {"coordinator": 200})
        for name, factory in (
            ("recommendation_create", None),
            ("recommendation_edit", _recommendation),
            ("status_add", _recommendation),
            ("event_create", None),
            ("event_edit", _dialogue),
        )
    },
    # Announcements and discussions are the network's: every member reads them.
    **{
        f"forum {name}": (f"forum:{name}", factory, dict.fromkeys(DIRECTORY, 200))
        for name, factory in (
            ("thread_list", None),
            ("thread_detail", _thread),
            ("thread_create", None),
            ("announcement_list", None),
            ("announcement_detail", _announcement),
        )
    },
    "forum announcement create": ("forum:announcement_create", None, {"coordinator": 200}),
    "release list": ("releases:release_list", None, dict.fromkeys({"coordinator"} | CSO, 200)),
    "release detail": ("releases:release_detail", _nour_beneficiary, NOUR_CASEWORK),
    "release plan": (
        "releases:plan_detail",
        lambda p: {"code": _nour_plan(p)["code"]},
        NOUR_CASEWORK,
    ),
    "release plan item": ("releases:item_edit", _nour_plan, NOUR_CASEWORK),
    "follow-ups after release": (
        "releases:follow_up_list",
        None,
        dict.fromkeys({"coordinator"} | CSO, 200),
    ),
    "follow-up after release": ("releases:follow_up_edit", _nour_follow_up_after, NOUR_CASEWORK),
    "api tokens": ("api:token_list", None, dict.fromkeys(ALL, 200)),
    "api submissions": ("api:submission_list", None, dict.fromkeys(CSO, 200)),
    "api submission review": ("api:submission_review", _nour_submission, NOUR_CSO_WRITE),
    "handover list": ("handovers:handover_list", None, dict.fromkeys({"coordinator"} | CSO, 200)),
    "handover detail": (
        "handovers:handover_detail",
        _nour_handover,
        dict.fromkeys({"coordinator"} | CSO, 200),
    ),
    "handover propose": (
        "handovers:propose",
        _nour_shareable,
        {"nour_manager": 200, "nour_worker": 200, "amal_manager": 404, "amal_worker": 404},
    ),
}


# The single-role persona each membership of a two-membership persona stands for.
SAME_AS = {
    ("amal", "cso_worker"): "amal_worker",
    ("amal", "cso_manager"): "amal_manager",
    ("bar", "lawyer"): "lawyer",
    ("nour", "cso_worker"): "nour_worker",
    ("omp", "coordinator"): "coordinator",
}
# Pages that create a record for the organisation the person acts for: someone with two
# memberships who has not chosen is sent back with a request to choose.
ACTING_PAGES = {
    "beneficiary create",
    "beneficiary import",
    "complaint create",
    "families contact_create",
    "families session_create",
    "finance claim create",
    "handover propose",
    "visits visit_plan",
    "visits visit_report",
}
# What a person with two memberships gets: the most either membership gets (each acts only
# within its own organisation, so together they read what each reads, no more).
RANK = {200: 2, 404: 1, 403: 0}
# A Nour worker who manages Amal sees Nour (they are a member) but may not manage it: a
# missing capability on a row they can see, not a hidden row.
OVERRIDES = {
    ("nour_worker_amal_manager", page): 403
    for page in ("member list", "member invite", "organisation edit")
}


def expected_for(persona, page) -> int:
    grants = SEVERAL_MEMBERSHIPS.get(persona)
    if (persona, page) in OVERRIDES:
        return OVERRIDES[persona, page]
    if grants is None:
        return PAGES[page][2].get(persona, 403)
    best = max((expected_for(SAME_AS[g], page) for g in grants), key=RANK.get)
    return 302 if best == 200 and page in ACTING_PAGES else best


def _url(personas, page):
    url_name, kwargs_factory, _expected = PAGES[page]
    return reverse(url_name, kwargs=kwargs_factory(personas) if kwargs_factory else None)


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("persona", ROLE_PERSONAS + list(SEVERAL_MEMBERSHIPS))
def test_role_page_access(client_for, personas, page, persona):
    expected = expected_for(persona, page)
    response = client_for(persona).get(_url(personas, page))
    assert response.status_code == expected, f"{persona} on {page}"


@pytest.mark.parametrize("page", sorted(PAGES))
def test_anonymous_visitors_are_sent_to_sign_in(client_for, personas, page):
    response = client_for(None).get(_url(personas, page))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_suspended_partner_loses_its_access(client_for, personas):
    personas.nour.status = "suspended"
    personas.nour.save()
    response = client_for("nour_worker").get(reverse("network:organisation_list"))
    assert response.status_code == 403


# The API column: each resource read with a personal token answers as its page does.
API = {
    "me": ("api:me", None, dict.fromkeys(ALL, 200)),
    "beneficiaries": ("api:beneficiary_list", None, PAGES["beneficiary list"][2]),
    "beneficiary": ("api:beneficiary", _nour_beneficiary, PAGES["beneficiary detail"][2]),
    "cases": ("api:case_list", None, PAGES["legal case_list"][2]),
    "case": ("api:case", _nour_case, PAGES["case detail"][2]),
    "case with mandate": (
        "api:case",
        lambda p: _nour_case(p, lawyer=True),
        PAGES["case detail with mandate"][2],
    ),
    "visits": ("api:visit_list", None, dict.fromkeys({"coordinator"} | CSO, 200)),
    "complaints": ("api:complaint_list", None, PAGES["complaint list"][2]),
    "family contacts": ("api:family_contact_list", None, PAGES["families"][2]),
    "expense claims": ("api:claim_list", None, PAGES["finance claim_list"][2]),
    "figures": ("api:figures", None, PAGES["reports dashboard"][2]),
    "logframe": ("api:logframe", lambda p: _project(p) and {}, PAGES["logframe"][2]),
    "figures csv": ("api:figures_csv", None, PAGES["reports dashboard"][2]),
    "establishments": ("api:establishment_list", None, dict.fromkeys(ALL, 200)),
    "courts": ("api:court_list", None, dict.fromkeys(ALL, 200)),
    "rules": ("api:rule_list", None, dict.fromkeys(ALL, 200)),
}


def api_expected(persona, resource) -> int:
    grants = SEVERAL_MEMBERSHIPS.get(persona)
    if grants is None:
        return API[resource][2].get(persona, 403)
    return max((api_expected(SAME_AS[g], resource) for g in grants), key=RANK.get)


def _bearer(user, access="read"):
    values = {"name": "matrix", "access": access, "organisation": None,
              "expires_on": timezone.localdate() + timedelta(days=1)}  # fmt: skip
    _token, secret = api.create_token(actor=user, values=values, mfa_verified=True)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.mark.parametrize("resource", sorted(API))
@pytest.mark.parametrize("persona", ROLE_PERSONAS + list(SEVERAL_MEMBERSHIPS))
def test_api_access(personas, resource, persona):
    url_name, kwargs_factory, _expected = API[resource]
    url = reverse(url_name, kwargs=kwargs_factory(personas) if kwargs_factory else None)
    response = _bearer(personas.by_name(persona)).get(url)
    assert response.status_code == api_expected(persona, resource), f"{persona} on {resource}"


@pytest.mark.parametrize("persona", ROLE_PERSONAS + list(SEVERAL_MEMBERSHIPS))
def test_api_visit_report_access(personas, persona):
    """A valid report about a Nour person: kept for Nour's review when sent by Nour, refused
    as an unknown person by Amal, refused to whoever does not report visits or has not said
    which organisation the token acts for."""
    person = register(personas, "nour", first_name_latin="Fatima")
    report = {"kind": "detention", "visited_on": str(timezone.localdate()),
              "establishment": str(_establishment(personas)["code"]),
              "beneficiaries": [str(person.code)], "discussed": "Procédure"}  # fmt: skip
    response = _bearer(personas.by_name(persona), "write").post(
        reverse("api:visit_report_create"), report, content_type="application/json"
    )
    expected = {"nour_manager": 201, "nour_worker": 201, "amal_manager": 400, "amal_worker": 400}
    assert response.status_code == expected.get(persona, 403), persona
    assert Submission.objects.filter(organisation=personas.nour).exists() == (
        response.status_code == 201
    )


@pytest.mark.parametrize("persona", ROLE_PERSONAS + list(SEVERAL_MEMBERSHIPS))
def test_api_form_submission_access(personas, persona):
    """A Kobo submission naming a Nour person: kept for the sender's own CSO (Amal's keeps
    it unmatched, naming nobody), refused to whoever does not report visits."""
    person = register(personas, "nour", first_name_latin="Fatima")
    payload = {"sanad_form": "visit-report-1", "kind": "detention", "_uuid": persona,
               "visited_on": str(timezone.localdate()),
               "person_code": str(person.code)}  # fmt: skip
    response = _bearer(personas.by_name(persona), "write").post(
        reverse("api:form_submission"), payload, content_type="application/json"
    )
    mine = {"nour_manager": "nour", "nour_worker": "nour", "amal_manager": "amal",
            "amal_worker": "amal"}  # fmt: skip
    assert response.status_code == (201 if persona in mine else 403), persona
    kept = Submission.objects.filter(data__beneficiaries=[str(person.pk)])
    assert kept.exists() == (mine.get(persona) == "nour"), persona


@pytest.mark.parametrize("persona", ROLE_PERSONAS + list(SEVERAL_MEMBERSHIPS))
def test_api_beneficiary_update_access(personas, persona):
    """A valid PATCH of a Nour person, as the edit page allows it: Nour's staff and the
    coordinator save it; Amal and the lawyers do not find the person to edit; the rest lack
    the capability. Nothing changes for those refused."""
    person = register(personas, "nour", first_name_latin="Fatima")
    response = _bearer(personas.by_name(persona), "write").patch(
        reverse("api:beneficiary", args=[person.code]),
        {"version": person.version, "last_name_latin": "Changed"},
        content_type="application/json",
    )
    allowed = {"coordinator", "nour_manager", "nour_worker", "nour_worker_amal_manager",
               "coordinator_nour_worker"}  # fmt: skip
    hidden = {"amal_manager", "amal_worker", "amal_worker_lawyer"}
    expected = 200 if persona in allowed else 404 if persona in hidden else 403
    assert response.status_code == expected, persona
    person.refresh_from_db()
    assert (person.last_name_latin == "Changed") == (persona in allowed)


@pytest.mark.parametrize("persona", ROLE_PERSONAS + list(SEVERAL_MEMBERSHIPS))
def test_api_registration_access(personas, persona):
    """A valid registration: made for the persona's CSO as on the registration page; refused
    to the rest, and to people in two organisations whose token names none."""
    response = _bearer(personas.by_name(persona), "write").post(
        reverse("api:beneficiary_list"),
        {"first_name_latin": "Salma", "sex": "F", "birth_year": 1994, "needs": ["woman"]},
        content_type="application/json",
    )
    registers = {name for name, status in PAGES["beneficiary create"][2].items() if status == 200}
    assert response.status_code == (201 if persona in registers else 403), persona
