"""Calls for participation: the call and its questionnaire, the applications associations
make without an account, the committee's reviews and the decision."""

import hashlib
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from sanad.lib.i18n import localized
from sanad.network.access import has_capability, network_wide_capabilities


class CallQuerySet(models.QuerySet):
    def visible_to(self, user, capability="call.view"):
        """Calls `user` may use `capability` on: all for coordinators (network-wide
        `call.manage`); for committee members, the calls they are assigned to; none for
        anyone without `capability`."""
        if not has_capability(user, capability):
            return self.none()
        if "call.manage" in network_wide_capabilities(user):
            return self
        if has_capability(user, "call.review"):
            return self.filter(reviewers=user)
        return self.none()

    def open(self):
        """Published calls still taking applications (the public list)."""
        return self.filter(state=Call.State.PUBLISHED, deadline__gt=timezone.now())


class Stage(models.TextChoices):
    """A call's life as people see it; `Call.state` keeps what only a person can change."""

    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    UNDER_REVIEW = "under_review", _("Under review")
    DECIDED = "decided", _("Decided")
    ARCHIVED = "archived", _("Archived")


class Call(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        DECIDED = "decided", _("Decided")
        ARCHIVED = "archived", _("Archived")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title_fr = models.CharField(_("title (French)"), max_length=300)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300, blank=True)
    text_fr = models.TextField(_("text of the call (French)"))
    text_ar = models.TextField(_("text of the call (Arabic)"), blank=True)
    eligibility_fr = models.TextField(_("eligibility (French)"), blank=True)
    eligibility_ar = models.TextField(_("eligibility (Arabic)"), blank=True)
    selection_fr = models.TextField(_("selection criteria (French)"), blank=True)
    selection_ar = models.TextField(_("selection criteria (Arabic)"), blank=True)
    documents_fr = models.TextField(_("documents required (French)"), blank=True)
    documents_ar = models.TextField(_("documents required (Arabic)"), blank=True)
    deadline = models.DateTimeField(_("deadline"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewers"), blank=True, related_name="+"
    )
    minutes = models.TextField(_("minutes of the committee"), blank=True)
    committee_met_on = models.DateField(_("committee met on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for participation")
        verbose_name_plural = _("calls for participation")
        ordering = ["-deadline"]
        indexes = [models.Index(fields=["state", "deadline"], name="call_open_idx")]

    def __str__(self):
        return self.title

    title = property(lambda self: localized(self, "title"))
    text = property(lambda self: localized(self, "text"))
    eligibility = property(lambda self: localized(self, "eligibility"))
    selection = property(lambda self: localized(self, "selection"))
    documents = property(lambda self: localized(self, "documents"))

    @cached_property
    def name_questions(self) -> list[int]:
        """The questions that ask for the applicant organisation's name (one query per call,
        however many applications are listed with it)."""
        targets = [Question.Target.NAME_FR, Question.Target.NAME_AR]
        return list(self.questions.filter(fills__in=targets).values_list("pk", flat=True))

    @property
    def is_open(self) -> bool:
        return self.state == self.State.PUBLISHED and timezone.now() < self.deadline

    @cached_property
    def stage(self) -> Stage:
        """Open until the deadline, then closed until a reviewer declares or scores."""
        if self.state != self.State.PUBLISHED:
            return Stage(self.state)
        if self.is_open:
            return Stage.OPEN
        started = Review.objects.filter(application__call=self).exists()
        return Stage.UNDER_REVIEW if started else Stage.CLOSED


class Question(models.Model):
    class Kind(models.TextChoices):
        SHORT = "short", _("Short text")
        LONG = "long", _("Long text")
        CHOICE = "choice", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")
        FILE = "file", _("File")

    class Source(models.TextChoices):
        OWN = "", _("The choices below")
        ACTION_FIELDS = "action_fields", _("Fields of action (reference data)")
        REGIONS = "regions", _("Regions (reference data)")
        ESTABLISHMENTS = "establishments", _("Establishments (reference data)")

    class Target(models.TextChoices):
        NONE = "", _("Nothing")
        NAME_FR = "name_fr", _("Name of the organisation (French)")
        NAME_AR = "name_ar", _("Name of the organisation (Arabic)")
        ACRONYM = "acronym", _("Acronym")
        CITY = "city", _("City")
        PHONE = "phone", _("Phone")
        FOCAL_POINT = "focal_point", _("Name of the focal point")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=Kind.choices)
    label_fr = models.CharField(_("question (French)"), max_length=500)
    label_ar = models.CharField(_("question (Arabic)"), max_length=500, blank=True)
    help_fr = models.CharField(_("help (French)"), max_length=500, blank=True)
    help_ar = models.CharField(_("help (Arabic)"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    choices_fr = models.TextField(_("choices (French), one per line"), blank=True)
    choices_ar = models.TextField(_("choices (Arabic), one per line"), blank=True)
    source = models.CharField(
        _("choices from"), max_length=16, choices=Source.choices, blank=True, default=""
    )
    fills = models.CharField(
        _("fills in the organisation's"), max_length=12, choices=Target.choices, blank=True
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "id"]

    def __str__(self):
        return self.label

    label = property(lambda self: localized(self, "label"))
    help = property(lambda self: localized(self, "help"))


class Criterion(models.Model):
    """One line of the scoring grid: scored from 0 to `max_score`, weighted."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label_fr = models.CharField(_("criterion (French)"), max_length=300)
    label_ar = models.CharField(_("criterion (Arabic)"), max_length=300, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=Decimal(1))
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=5)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gt=0),
                name="criterion_weight",
                violation_error_message=_("The weight must be more than zero."),
            )
        ]

    def __str__(self):
        return self.label

    label = property(lambda self: localized(self, "label"))


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user, capability="call.view"):
        """Submitted applications of the calls `user` may use `capability` on; a committee
        member never sees one they declared a conflict of interest on."""
        calls = Call.objects.visible_to(user, capability)
        rows = self.filter(call__in=calls).exclude(state=Application.State.DRAFT)
        if "call.manage" not in network_wide_capabilities(user):
            rows = rows.exclude(reviews__reviewer=user, reviews__conflict=True)
        return rows


class Application(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        SELECTED = "selected", _("Selected")
        REJECTED = "rejected", _("Not selected")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=5, default="fr")
    token_hash = models.CharField(max_length=64, unique=True)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "email"],
                name="application_one_per_email",
                violation_error_message=_("This address has already applied to this call."),
            )
        ]
        indexes = [models.Index(fields=["call", "state"], name="application_state_idx")]

    def __str__(self):
        return self.name or self.email

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def name(self) -> str:
        """The organisation's name as the applicant typed it."""
        for pk in self.call.name_questions:
            if value := self.answers.get(str(pk)):
                return str(value)
        return ""


class ApplicationFile(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to="calls/%Y/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class Review(models.Model):
    """One committee member's review of one application: a conflict of interest, or a score
    per criterion. Submitted reviews are final."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    conflict = models.BooleanField(_("I have a conflict of interest"), default=False)
    conflict_note = models.TextField(_("nature of the conflict"), blank=True)
    # When the reviewer declared having, or not having, a conflict of interest: nothing is
    # scored before.
    declared_at = models.DateTimeField(_("declared on"), null=True, blank=True)
    comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"],
                name="review_once",
                violation_error_message=_(
                    "This reviewer already has a review of this application."
                ),
            )
        ]

    def __str__(self):
        return f"{self.application} — {self.reviewer}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"],
                name="score_once",
                violation_error_message=_("This criterion is already scored in this review."),
            )
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class RequestCount(models.Model):
    """Requests of one kind from one source in one hour, counted atomically in the database
    (the public application form's rate limit). `key` is a digest: no e-mail or address kept."""

    kind = models.CharField(max_length=10)
    key = models.CharField(max_length=64)
    hour = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "hour"],
                name="request_count_once",
                violation_error_message=_("This request is already counted."),
            )
        ]
        indexes = [models.Index(fields=["hour"], name="request_count_hour_idx")]

    def __str__(self):
        return f"{self.kind} {self.hour:%Y-%m-%d %H}h: {self.count}"
