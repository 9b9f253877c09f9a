"""Detainees followed by the network: identity, specific needs, placements, legal status,
consents, relatives and the organisations that follow them."""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from sanad.lib.i18n import ChoiceLabels
from sanad.network.access import reach


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class Status(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    VALIDATED = "validated", _("Validated")
    REJECTED = "rejected", _("Rejected")
    ASSISTED = "assisted", _("Assisted")
    CLOSED = "closed", _("Closed")


class ClosureReason(models.TextChoices):
    RELEASED = "released", _("Released")
    CONDITIONAL_RELEASE = "conditional_release", _("Conditional release")
    PARDONED = "pardoned", _("Pardoned")
    TRANSFERRED_ABROAD = "transferred_abroad", _("Transferred abroad")
    DECEASED = "deceased", _("Deceased")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    MERGED = "merged", _("Merged into another record")
    OTHER = "other", _("Other")


class NeedCategory(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MINOR = "minor", _("Minor")
    FOREIGNER = "foreigner", _("Foreigner")
    DISABILITY = "disability", _("Disability")
    ELDERLY = "elderly", _("Elderly")
    DEATH_ROW = "death_row", _("Sentenced to death")
    PRECARIOUS_YOUTH = "precarious_youth", _("Precarious youth")
    MIGRANT = "migrant", _("Migrant")


class LegalStatus(models.TextChoices):
    """After loi 23-98 art. 1 and DGAPR practice (domain/morocco.md §2)."""

    INVESTIGATION = "investigation", _("Pre-trial, under investigation")
    AWAITING_TRIAL = "awaiting_trial", _("Pre-trial, awaiting trial")
    APPEAL_PENDING = "appeal_pending", _("Convicted, appeal pending")
    CASSATION_PENDING = "cassation_pending", _("Convicted, cassation pending")
    FINAL = "final", _("Finally convicted")
    DEBT = "debt", _("Held for unpaid debt")


class IdDocument(models.TextChoices):
    NONE = "", _("None")
    CIN = "cin", _("National identity card (CIN)")
    PASSPORT = "passport", _("Passport")
    RESIDENCE = "residence", _("Residence permit")
    CONSULAR = "consular", _("Consular card")
    OTHER = "other", _("Other document")


AGE_BANDS = {
    "under18": (0, 17),
    "18-20": (18, 20),
    "21-59": (21, 59),
    "60plus": (60, 150),
}


# The capabilities whose new records name people: their forms' pickers ask for the people
# the acting organisation may link (`?for=` on the picker's address).
LINKING_CAPABILITIES = frozenset({"visit.report", "complaint.handle", "family.record"})


# Capabilities that change a person's record or add work about them: none reaches a person
# whose record was anonymised at the end of its retention period.
CHANGES = frozenset(
    {
        "beneficiary.edit", "beneficiary.validate", "beneficiary.share", "case.create",
        "family.record", "visit.report", "complaint.handle", "handover.propose", "release.edit",
    }
)  # fmt: skip


class BeneficiaryQuerySet(models.QuerySet):
    def visible_to(self, user, capability="beneficiary.view"):
        """Beneficiaries `user` may use `capability` on: all where they hold it network-wide
        (coordinators); those followed now by the organisations where they hold it; those of
        the cases they hold an active mandate on, if a lawyer's role gives it. Merged records
        are hidden from everyone but stay in the database with their history; an anonymised
        person is read-only (no capability in CHANGES reaches them)."""
        live = self.filter(merged_into__isnull=True)
        if capability in CHANGES:
            live = live.filter(anonymised_at__isnull=True)
        where = reach(user, capability)
        if where.network:
            return live
        scope = Q(pk__in=[])
        if where.organisations:
            scope |= Q(
                id__in=Following.objects.filter(
                    organisation_id__in=where.organisations, active=True
                ).values("beneficiary_id")
            )
        if where.mandates:
            # A lawyer sees the people of the cases they hold a mandate on, nothing more.
            scope |= Q(
                id__in=Beneficiary.objects.filter(
                    legal_cases__mandates__lawyer=user, legal_cases__mandates__active=True
                ).values("id")
            )
        return live.filter(scope)

    def for_work_of(self, user, capability, organisation):
        """People `user` may link to new work done with `capability` in the name of
        `organisation`: those it follows (any person, for network-wide holders), so that one
        organisation's record never names a person another organisation follows."""
        rows = self.visible_to(user, capability)
        if reach(user, capability).network:
            return rows
        followed = Following.objects.filter(organisation=organisation, active=True)
        return rows.filter(id__in=followed.values("beneficiary_id"))


class PersonRowQuerySet(models.QuerySet):
    def visible_to(self, user, capability="beneficiary.view"):
        """Rows about the people `user` may use `capability` on: a person's placements,
        consents and relatives are scoped through the person."""
        return self.filter(beneficiary__in=Beneficiary.objects.visible_to(user, capability))


class Beneficiary(ChoiceLabels, models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    first_name_latin = models.CharField(_("first name (Latin script)"), max_length=100, blank=True)
    last_name_latin = models.CharField(_("last name (Latin script)"), max_length=100, blank=True)
    first_name_ar = models.CharField(_("first name (Arabic script)"), max_length=100, blank=True)
    last_name_ar = models.CharField(_("last name (Arabic script)"), max_length=100, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        help_text=_("Estimated when the date is unknown."),
    )
    nationalities = CountryField(_("nationalities"), multiple=True, blank=True)
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    id_document_type = models.CharField(
        _("identity document"), max_length=12, choices=IdDocument.choices, blank=True
    )
    id_document_number = models.CharField(_("document number"), max_length=40, blank=True)
    disability_type = models.CharField(_("type of disability"), max_length=200, blank=True)
    pregnant = models.BooleanField(_("pregnant"), default=False)
    with_child = models.BooleanField(_("with a child in custody"), default=False)
    serious_illness = models.BooleanField(_("serious illness"), default=False)
    health_notes = models.TextField(_("health details"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IDENTIFIED
    )
    closure_reason = models.CharField(
        _("closure reason"), max_length=24, choices=ClosureReason.choices, blank=True
    )
    processing_restricted = models.BooleanField(
        _("restricted (data-processing consent withdrawn)"), default=False
    )
    # Derived from the latest placement and legal-status records, kept by the services that
    # write them, so that lists filter on one indexed column.
    current_establishment = models.ForeignKey(
        "reference.Establishment",
        verbose_name=_("current establishment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    current_register_number = models.CharField(max_length=40, blank=True)
    current_legal_status = models.CharField(
        _("legal status"), max_length=20, choices=LegalStatus.choices, blank=True
    )
    search_text = models.TextField(editable=False, default="")
    identified_by = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("identified by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("registered on"), default=timezone.now)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_records"
    )
    anonymised_at = models.DateTimeField(_("anonymised on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = BeneficiaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        indexes = [
            models.Index(fields=["status", "-created_at"], name="benef_status_idx"),
            models.Index(
                fields=["-created_at", "-id"],
                condition=Q(merged_into__isnull=True),
                name="benef_recent_idx",
            ),
            models.Index(fields=["current_establishment", "status"], name="benef_estab_idx"),
            # In id order within a status: a list's count of "legal status and need" merges it
            # with the need index instead of walking every id (docs/performance.md).
            models.Index(fields=["current_legal_status", "id"], name="benef_legal_id_idx"),
            models.Index(fields=["birth_year"], name="benef_birth_year_idx"),
            models.Index(fields=["date_of_birth"], name="benef_dob_idx"),
            models.Index(fields=["sex"], name="benef_sex_idx"),
            models.Index(
                fields=["current_establishment", "current_register_number"],
                name="benef_register_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(
                    first_name_latin="", last_name_latin="", first_name_ar="", last_name_ar=""
                ),
                name="benef_has_a_name",
                violation_error_message=_("Give at least one name, in Latin or Arabic letters."),
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def name_latin(self) -> str:
        return f"{self.first_name_latin} {self.last_name_latin}".strip()

    @property
    def name_ar(self) -> str:
        return f"{self.first_name_ar} {self.last_name_ar}".strip()

    @property
    def display_name(self) -> str:
        if (get_language() or "").startswith("ar") and self.name_ar:
            return self.name_ar
        return self.name_latin or self.name_ar

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth:
            dob = self.date_of_birth
            return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
        if self.birth_year:
            return day.year - self.birth_year
        return None

    @property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())

    @property
    def eighteenth_birthday(self) -> date | None:
        dob = self.date_of_birth
        if dob is None:
            return None
        try:
            return dob.replace(year=dob.year + 18)
        except ValueError:  # born on 29 February
            return date(dob.year + 18, 3, 1)

    @property
    def turns_18_soon(self) -> bool:
        """A minor whose 18th birthday falls within the next 30 days."""
        birthday = self.eighteenth_birthday
        today = timezone.localdate()
        return birthday is not None and 0 <= (birthday - today).days <= 30


class Need(ChoiceLabels, models.Model):
    """One specific-needs category of a beneficiary (several per person)."""

    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="needs")
    category = models.CharField(_("category"), max_length=20, choices=NeedCategory.choices)

    class Meta:
        verbose_name = _("specific need")
        verbose_name_plural = _("specific needs")
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary", "category"],
                name="need_unique",
                violation_error_message=_("This specific need is already recorded."),
            )
        ]
        indexes = [models.Index(fields=["category", "beneficiary"], name="need_category_idx")]

    def __str__(self):
        return self.get_category_display()


class Following(models.Model):
    """An organisation following a beneficiary; ended (active=False), never deleted."""

    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.CASCADE, related_name="followings"
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="followings",
    )
    active = models.BooleanField(_("active"), default=True)
    since = models.DateField(_("since"), default=timezone.localdate)
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("following organisation")
        verbose_name_plural = _("following organisations")
        indexes = [
            models.Index(fields=["organisation", "active", "beneficiary"], name="following_org_idx")
        ]
        # Two people sharing a record at the same moment must not make the organisation
        # follow it twice (get_or_create is safe only over a unique constraint).
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary", "organisation"],
                condition=models.Q(active=True),
                name="one_active_following",
                violation_error_message=_("This organisation already follows this person."),
            )
        ]

    def __str__(self):
        return str(self.organisation)


class StatusChange(models.Model):
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("previous status"), max_length=12, choices=Status.choices, blank=True
    )
    to_status = models.CharField(_("new status"), max_length=12, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=24, choices=ClosureReason.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("date and time"), default=timezone.now)

    class Meta:
        verbose_name = _("change of status")
        verbose_name_plural = _("changes of status")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


class Placement(models.Model):
    """A stay in one establishment. A transfer ends one placement and starts the next."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.CASCADE, related_name="placements"
    )
    establishment = models.ForeignKey(
        "reference.Establishment", verbose_name=_("establishment"), on_delete=models.PROTECT
    )
    register_number = models.CharField(_("prison register number"), max_length=40, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)

    objects = PersonRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("place of detention")
        verbose_name_plural = _("places of detention")
        ordering = ["started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="placement_dates_ordered",
                violation_error_message=_("The end of the stay must come after its start."),
            )
        ]

    def __str__(self):
        return f"{self.establishment} ({self.started_on})"


class LegalStatusRecord(models.Model):
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.CASCADE, related_name="legal_statuses"
    )
    status = models.CharField(_("legal status"), max_length=20, choices=LegalStatus.choices)
    since = models.DateField(_("since"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("legal status")
        verbose_name_plural = _("legal statuses")
        ordering = ["since", "id"]

    def __str__(self):
        return f"{self.get_status_display()} ({self.since})"


class ConsentKind(models.TextChoices):
    PROCESSING = "processing", _("Processing of personal data")
    REPRESENTATION = "representation", _("Legal representation")
    FAMILY_CONTACT = "family_contact", _("Contact with relatives")
    SHARING = "sharing", _("Sharing with another CSO")


class GivenBy(models.TextChoices):
    PERSON = "person", _("The person")
    REPRESENTATIVE = "representative", _("Legal representative (minor)")


class Consent(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(_("consent to"), max_length=20, choices=ConsentKind.choices)
    given_on = models.DateField(_("given on"))
    language = models.CharField(_("language of the form"), max_length=40)
    given_by = models.CharField(
        _("given by"), max_length=16, choices=GivenBy.choices, default=GivenBy.PERSON
    )
    representative_name = models.CharField(
        _("name of the legal representative"), max_length=200, blank=True
    )
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("collected by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    document = models.FileField(_("signed form (scan)"), upload_to="consents/%Y/", blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_note = models.TextField(_("withdrawal note"), blank=True)

    objects = PersonRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["kind", "-given_on"]
        indexes = [models.Index(fields=["beneficiary", "kind"], name="consent_kind_idx")]

    def __str__(self):
        return self.get_kind_display()

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class Relationship(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Brother or sister")
    GUARDIAN = "guardian", _("Guardian")
    OTHER = "other", _("Other relative")


class Relative(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="relatives")
    name = models.CharField(_("name"), max_length=200)
    relationship = models.CharField(_("relationship"), max_length=12, choices=Relationship.choices)
    phone = PhoneNumberField(_("phone"), blank=True, region="MA")
    city = models.CharField(_("city"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=40, blank=True)
    may_be_contacted = models.BooleanField(_("agrees to be contacted"), default=False)
    version = models.PositiveIntegerField(default=1)

    objects = PersonRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("relative")
        verbose_name_plural = _("relatives")
        ordering = ["name"]

    def __str__(self):
        return self.name


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("To check")
    MERGED = "merged", _("Merged")
    DISTINCT = "distinct", _("Distinct people")


class NameKey(models.Model):
    """One blocking key of a person's names (lib/names.keys): new records are compared with
    the records that share a key, in either script."""

    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("key"), max_length=60)

    class Meta:
        verbose_name = _("name key for finding duplicates")
        verbose_name_plural = _("name keys for finding duplicates")
        indexes = [models.Index(fields=["key"], name="namekey_key_idx")]

    def __str__(self):
        return self.key


class DuplicateFlagQuerySet(models.QuerySet):
    def visible_to(self, user, capability="beneficiary.merge"):
        """Only network-wide holders of `beneficiary.merge` (coordinators) see possible
        duplicates: they span organisations, and a CSO must learn nothing of another's."""
        if capability == "beneficiary.merge" and reach(user, capability).network:
            return self
        return self.none()


class DuplicateFlag(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.CASCADE, related_name="duplicate_flags"
    )
    candidate = models.ForeignKey(
        Beneficiary, verbose_name=_("similar record"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("why"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = DuplicateFlagQuerySet.as_manager()

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"], name="dup_status_idx")]

    def __str__(self):
        return f"{self.beneficiary_id} ~ {self.candidate_id}"

    def reasons(self) -> list:
        """Why the two records were put side by side, for the coordinator."""
        return [DUPLICATE_REASONS.get(code, code) for code in self.reason.split(",") if code]


DUPLICATE_REASONS = {
    "register number": _("Same establishment and register number"),
    "name": _("The names match, in Latin or Arabic script"),
    "birth year": _("Born within a year of each other"),
    "establishment": _("Held in the same establishment"),
    "name and birth year": _("Similar name and year of birth"),  # the earlier matching rule
}


class ImportBatchQuerySet(models.QuerySet):
    def visible_to(self, user, capability="beneficiary.import"):
        """Import batches of the organisations where `user` may import beneficiaries."""
        return self.filter(organisation_id__in=reach(user, capability).organisations)


class ImportBatch(models.Model):
    """An uploaded spreadsheet waiting for its column mapping and confirmation. Nothing is
    created from it until the user confirms the preview."""

    class State(models.TextChoices):
        CHECKING = "checking", _("Checking the rows")
        PREVIEW = "preview", _("Waiting for confirmation")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        FAILED = "failed", _("Stopped by an error")
        IMPORTED = "imported", _("Imported")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    file = models.FileField(upload_to="imports/%Y/")
    original_name = models.CharField(max_length=200)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEW)
    result = models.JSONField(default=dict, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # What the worker found with the current mapping: counts and the first rows with their
    # errors (`services.check_import`), so that the page never parses the file itself.
    checked = models.JSONField(default=dict, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.original_name


class ExportFileQuerySet(models.QuerySet):
    def visible_to(self, user, capability=None):
        """A prepared spreadsheet is seen by the person who asked for it, and no one else
        (whatever the capability): it holds the rows that person could see when it was made."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(created_by=user)

    def expired(self):
        return self.filter(
            created_at__lt=timezone.now() - timedelta(hours=settings.SANAD_EXPORT_KEEP_HOURS)
        )


class ExportFile(models.Model):
    """A spreadsheet prepared by the task worker and kept SANAD_EXPORT_KEEP_HOURS for its
    download: the beneficiary list (a big export held a web worker for seconds) or the
    pseudonymised analysis extract (minutes at national scale, past any request's timeout)."""

    class Kind(models.TextChoices):
        BENEFICIARIES = "beneficiaries", _("Export of the beneficiary list")
        ANALYSIS = "analysis", _("Analysis extract")

    # What its author must still hold when the worker writes it, and when they download it.
    CAPABILITY = {Kind.BENEFICIARIES: "beneficiary.export", Kind.ANALYSIS: "report.extract"}

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Stopped by an error")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BENEFICIARIES)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    query = models.CharField(max_length=2000, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/%Y/", blank=True)
    error = models.TextField(blank=True)
    # The worker's last sign of life: when it started the export or last wrote rows.
    progressed_at = models.DateTimeField(default=timezone.now)

    objects = ExportFileQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self):
        return f"sanad-{self.kind}-{timezone.localtime(self.created_at):%Y-%m-%d-%H%M}.xlsx"

    @property
    def expires_at(self):
        return self.created_at + timedelta(hours=settings.SANAD_EXPORT_KEEP_HOURS)

    def _quiet_for_long(self, since) -> bool:
        return timezone.now() - since > timedelta(minutes=settings.SANAD_EXPORT_STALL_MINUTES)

    @property
    def stalled(self) -> bool:
        """Being written, but without progress for SANAD_EXPORT_STALL_MINUTES: its worker
        stopped and will not finish it."""
        return self.state == self.State.RUNNING and self._quiet_for_long(self.progressed_at)

    @property
    def waiting_long(self) -> bool:
        """Still queued after SANAD_EXPORT_STALL_MINUTES: other work is ahead of it, or no
        task worker is running (it is not given up on: its turn may come)."""
        return self.state == self.State.QUEUED and self._quiet_for_long(self.created_at)

    @property
    def in_progress(self) -> bool:
        """Queued or being written, and not given up on: a stalled export, and any export
        still unfinished when its keeping time is over, is shown as failed."""
        in_progress = self.state in (self.State.QUEUED, self.State.RUNNING) and not self.stalled
        return in_progress and timezone.now() < self.expires_at

    @property
    def shown_state(self) -> str:
        """The state as its author should read it: a finished file past its keeping time has
        expired, a job given up on has stopped."""
        if self.state == self.State.READY and not self.downloadable:
            return _("Expired")
        if self.state != self.State.READY and not self.in_progress:
            return self.State.FAILED.label
        return self.get_state_display()

    @property
    def downloadable(self) -> bool:
        return (
            self.state == self.State.READY and bool(self.file) and timezone.now() < self.expires_at
        )
