"""Append-only audit trail, written by every app through `sanad.audit.services.record`."""

from functools import cache

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanad.audit.words import in_words
from sanad.lib.i18n import joined

# Records whose labels name no detainee: organisations and their staff, reference data,
# calls, meetings, the logframe, budget lines and retention rules. Every other target (a
# person, a case, a visit, a complaint, a claim...) is named only to those who may see people.
NAMES_NO_ONE = (
    "accounts.",
    "network.",
    "reference.",
    "calls.",
    "meetings.",
    "reports.",
    "finance.budgetline",
    "finance.allocation",
    "privacy.retentionpolicy",
)


def names_no_one() -> Q:
    """Events whose target label and changes name no detainee."""
    condition = Q(target_type="")
    for prefix in NAMES_NO_ONE:
        condition |= Q(target_type__startswith=prefix)
    return condition


class AuditEventQuerySet(models.QuerySet):
    """Who may read which event is decided by `sanad.auditlog.access`, above the network
    layer that defines capabilities."""

    def for_list(self):
        """Rows for the audit log page, with the actor and organisation joined."""
        return self.select_related("actor", "organisation").order_by("-created_at", "-id")

    def update(self, **kwargs):
        raise PermissionError("Audit events are append-only.")

    def delete(self):
        raise PermissionError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One thing that happened: who did what to which record, with the changed fields."""

    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=64)
    target_type = models.CharField(_("target type"), max_length=64, blank=True)
    target_code = models.CharField(_("target code"), max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["action", "-created_at"], name="audit_action_idx"),
            models.Index(fields=["actor", "-created_at"], name="audit_actor_idx"),
            models.Index(fields=["organisation", "-created_at"], name="audit_org_idx"),
            models.Index(fields=["target_type", "target_code"], name="audit_target_idx"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")

    @property
    def in_words(self) -> str:
        return in_words(self.action)

    @property
    def names_no_one(self) -> bool:
        return not self.target_type or self.target_type.startswith(NAMES_NO_ONE)

    @property
    def target_kind(self) -> str:
        """The kind of record the event is about, in the reader's language."""
        try:
            return apps.get_model(self.target_type)._meta.verbose_name
        except (LookupError, ValueError):
            return self.target_type

    def change_rows(self) -> list[tuple]:
        """Each change as `(label, old, new, named)` for the reader: a field of the target
        by its name in the reader's language and a choice by its label, not its stored
        value; `named` is False for a key with no such name (shown as written)."""
        rows = []
        for key, values in self.changes.items():
            old, new = values if isinstance(values, list) and len(values) == 2 else ("", values)
            label, choices = _described(self.target_type, key)
            rows.append((label or key, _shown(old, choices), _shown(new, choices), bool(label)))
        return rows


# Keys that services record about a target's parts rather than its own fields.
CHANGE_LABELS = {
    "absent": _("absent"),
    "actions": _("follow-up actions"),
    "attendance": _("attendance"),
    "authority": _("authority"),
    "changes": _("what changed"),
    "circumstances": _("circumstances"),
    "consent": _("consent"),
    "criterion": _("criterion"),
    "days_to_answer": _("days to answer"),
    "deadline": _("deadline"),
    "deadlines": _("deadlines"),
    "evidence": _("evidence"),
    "follow_up_consent": _("agrees to be followed after release"),
    "decision": _("decision"),
    "decisions": _("decisions"),
    "hearing": _("hearing"),
    "invited": _("invited"),
    "items": _("records to review"),
    "kind": _("kind"),
    "lawyer": _("lawyer"),
    "may_be_contacted": _("may be contacted"),
    "objective": _("objective"),
    "over_allocation": _("over the allocation"),
    "present": _("present"),
    "question": _("question"),
    "reason": _("reason"),
    "relative": _("relative"),
    "released_on": _("released on"),
    "remedy": _("remedy"),
    "score_after": _("score after"),
    "score_before": _("score before"),
    "target": _("target"),
    "urgent": _("urgent observations"),
    "version_number": _("version"),
}


@cache
def _described(target_type: str, key: str) -> tuple:
    """The label of change `key` on a `target_type` record and the choices its values
    come from: a field's own, or for the target's related rows (its needs, a visit's
    observations) their name and their fields' choices."""
    try:
        field = apps.get_model(target_type)._meta.get_field(key)
    except (LookupError, ValueError, FieldDoesNotExist):
        return CHANGE_LABELS.get(key), {}
    if not field.concrete and field.auto_created:
        related = field.related_model._meta
        choices = {}
        for related_field in related.fields:
            choices |= dict(related_field.flatchoices) if related_field.choices else {}
        return CHANGE_LABELS.get(key, related.verbose_name_plural), choices
    return field.verbose_name, dict(field.flatchoices) if field.choices else {}


def _shown(value, choices: dict):
    """A recorded value as the reader knows it: a choice's label, yes or no, — for none,
    the items of a list one after the other."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return joined(_shown(item, choices) for item in value)
    if isinstance(value, str) and value in choices:
        return choices[value]
    return value


class AuditSubject(models.Model):
    """A person whose data an event touched without being its target (the rows of an
    export), so that "who saw this person's data" is one indexed query."""

    event = models.ForeignKey(AuditEvent, on_delete=models.PROTECT, related_name="subjects")
    subject_code = models.CharField(max_length=64, db_index=True)

    class Meta:
        verbose_name = _("audit subject")
        verbose_name_plural = _("audit subjects")

    def __str__(self):
        return self.subject_code
