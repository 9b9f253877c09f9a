"""Roles and the capabilities each one grants: the one table that says who may do what.

A capability answers "may this person do this kind of thing at all" (403 when not). Which
records they may do it to is decided by each model's `visible_to(user)` (404 when outside).
Roles held in the coordinating organisation act across the whole network; roles held in any
other organisation act within that organisation only.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Platform administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    REVIEWER = "reviewer", _("Selection committee member")
    FINANCE = "finance", _("Finance officer")
    ANALYST = "analyst", _("Analyst")
    CSO_MANAGER = "cso_manager", _("CSO focal point")
    CSO_WORKER = "cso_worker", _("CSO field worker")
    LAWYER = "lawyer", _("Lawyer")
    OBSERVER = "observer", _("Observer")


CAPABILITIES: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(
        {
            "home.view",
            "forum.view",
            "forum.post",
            "advocacy.view",
            "directory.view",
            "library.view",
            "organisation.view",
            "organisation.create",
            "organisation.edit",
            "member.view",
            "member.manage",
            "audit.view",
            "reference.view",
            "reference.edit",
            "retention.view",
            "retention.configure",
        }
    ),
    Role.COORDINATOR: frozenset(
        {
            "home.view",
            "release.view",
            "release.edit",
            "forum.view",
            "forum.post",
            "forum.manage",
            "advocacy.view",
            "advocacy.manage",
            "training.view",
            "training.manage",
            "training.follow",
            "directory.view",
            "library.view",
            "handover.view",
            "directory.external",
            "library.manage",
            "organisation.view",
            "organisation.edit",
            "member.view",
            "audit.view",
            "reference.view",
            "beneficiary.view",
            "beneficiary.edit",
            "beneficiary.validate",
            "beneficiary.merge",
            "beneficiary.share",
            "beneficiary.export",
            "beneficiary.view_details",
            "case.view",
            "case.create",
            "case.edit",
            "case.assign",
            "case.record",
            "agenda.view",
            "visit.view",
            "visit.view_dates",
            "visit.establishments",
            "family.view",
            "complaint.view",
            "complaint.handle",
            "complaint.figures",
            "meeting.view",
            "meeting.manage",
            "meeting.act",
            "finance.view",
            "finance.export",
            "retention.view",
            "retention.approve",
            "subject_request.manage",
            "report.view",
            "report.network",
            "report.logframe",
            "report.logframe_edit",
            "report.donor",
            "report.donor_read",
            "call.view",
            "call.manage",
            "call.decide",
            "report.extract",
            "report.conditions",
        }
    ),
    Role.REVIEWER: frozenset({"home.view", "call.view", "call.review"}),
    Role.FINANCE: frozenset(
        {
            "home.view",
            "forum.view",
            "forum.post",
            "advocacy.view",
            "directory.view",
            "library.view",
            "organisation.view",
            "finance.view",
            "finance.decide",
            "finance.pay",
            "finance.budget",
            "finance.export",
        }
    ),
    Role.ANALYST: frozenset(
        {
            "home.view",
            "forum.view",
            "forum.post",
            "advocacy.view",
            "directory.view",
            "library.view",
            "reference.view",
            "report.view",
            "report.aggregate",
            "report.logframe",
            "report.extract",
            "report.conditions",
        }
    ),
    Role.CSO_MANAGER: frozenset(
        {
            "home.view",
            "release.view",
            "release.edit",
            "forum.view",
            "forum.post",
            "advocacy.view",
            "training.view",
            "training.follow",
            "directory.view",
            "library.view",
            "handover.view",
            "handover.propose",
            "handover.answer",
            "organisation.view",
            "organisation.edit",
            "member.view",
            "member.manage",
            "reference.view",
            "beneficiary.view",
            "beneficiary.create",
            "beneficiary.edit",
            "beneficiary.export",
            "beneficiary.import",
            "beneficiary.view_details",
            "case.view",
            "case.create",
            "case.edit",
            "case.assign",
            "case.record",
            "agenda.view",
            "visit.view",
            "visit.view_dates",
            "visit.report",
            "family.view",
            "family.record",
            "complaint.view",
            "complaint.handle",
            "meeting.view",
            "meeting.act",
            "finance.view",
            "claim.create",
            "report.view",
            "report.own",
        }
    ),
    Role.CSO_WORKER: frozenset(
        {
            "home.view",
            "release.view",
            "release.edit",
            "forum.view",
            "forum.post",
            "advocacy.view",
            "training.view",
            "directory.view",
            "library.view",
            "handover.view",
            "handover.propose",
            "handover.answer",
            "organisation.view",
            "reference.view",
            "beneficiary.view",
            "beneficiary.create",
            "beneficiary.edit",
            "beneficiary.view_details",
            "case.view",
            "case.create",
            "case.edit",
            "case.record",
            "agenda.view",
            "visit.view",
            "visit.view_dates",
            "visit.report",
            "family.view",
            "family.record",
            "complaint.view",
            "complaint.handle",
            "meeting.view",
            "report.view",
            "report.own",
        }
    ),
    Role.LAWYER: frozenset(
        {
            "home.view",
            "forum.view",
            "forum.post",
            "advocacy.view",
            "directory.view",
            "library.view",
            "reference.view",
            "beneficiary.view",
            "case.view",
            "case.view_assigned",
            "case.record",
            "agenda.view",
            "visit.view_dates",
            "complaint.view",
        }
    ),
    Role.OBSERVER: frozenset(
        {
            "home.view",
            "advocacy.view",
            "report.view",
            "report.aggregate",
            "report.logframe",
            "report.donor_read",
            "report.conditions",
        }
    ),
}

# Roles a CSO focal point may give when inviting into their own organisation.
CSO_INVITABLE_ROLES = frozenset({Role.CSO_MANAGER, Role.CSO_WORKER})
