"""What the API reads and writes, field by field (the OpenAPI schema is built from these).
Writes are validated again by the same forms and services as the pages."""

from rest_framework import serializers

from sanad.beneficiaries.models import Beneficiary, NeedCategory
from sanad.complaints.models import Complaint
from sanad.families.models import FamilyContact
from sanad.finance.models import ExpenseClaim
from sanad.legal.models import Deadline, Decision, Hearing, LegalCase, Remedy
from sanad.reference.models import Court, Establishment, LegalRule
from sanad.visits.models import Observation, Visit
from sanad.visits.taxonomy import Category, Severity


class Code(serializers.SlugRelatedField):
    """A related row named by its public code."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", read_only=True, allow_null=True, **kwargs)


class OrganisationRef(serializers.Serializer):
    code = serializers.UUIDField()
    name = serializers.CharField()


class Me(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField()
    access = serializers.CharField()
    expires_on = serializers.DateField()
    acts_for = OrganisationRef(allow_null=True)
    roles = serializers.ListField(child=serializers.CharField())


class Listed(serializers.ModelSerializer):
    """A list's rows, fetched with what the serializer reads of their relations."""

    relations: tuple[str, ...] = ()
    many_relations: tuple[str, ...] = ()

    @classmethod
    def with_relations(cls, rows):
        return rows.select_related(*cls.relations).prefetch_related(*cls.many_relations)


class BeneficiaryOut(Listed):
    relations = ("current_establishment",)
    many_relations = ("needs",)

    current_establishment = Code()
    needs = serializers.SerializerMethodField()

    class Meta:
        model = Beneficiary
        fields = [
            "code", "first_name_latin", "last_name_latin", "first_name_ar", "last_name_ar",
            "sex", "birth_year", "date_of_birth", "languages", "interpreter_needed", "status",
            "current_legal_status", "current_establishment", "needs", "version",
        ]  # fmt: skip

    def get_needs(self, person) -> list[str]:
        return [need.category for need in person.needs.all()]


class BeneficiaryIn(serializers.Serializer):
    """What a PATCH may change (the identity page's fields), and the version it starts from;
    the identity form checks the values again."""

    version = serializers.IntegerField(required=False, min_value=1)
    first_name_latin = serializers.CharField(max_length=100, allow_blank=True, required=False)
    last_name_latin = serializers.CharField(max_length=100, allow_blank=True, required=False)
    first_name_ar = serializers.CharField(max_length=100, allow_blank=True, required=False)
    last_name_ar = serializers.CharField(max_length=100, allow_blank=True, required=False)
    sex = serializers.ChoiceField(choices=["F", "M"], required=False)
    birth_year = serializers.IntegerField(allow_null=True, required=False)
    date_of_birth = serializers.DateField(allow_null=True, required=False)
    languages = serializers.CharField(max_length=200, allow_blank=True, required=False)
    interpreter_needed = serializers.BooleanField(required=False)
    needs = serializers.ListField(child=serializers.ChoiceField(
        choices=NeedCategory.choices), required=False)  # fmt: skip


class EstablishmentOut(serializers.ModelSerializer):
    region = serializers.CharField(source="region.name_fr")

    class Meta:
        model = Establishment
        fields = ["code", "name_fr", "name_ar", "kind", "city", "region", "houses_women",
                  "houses_minors", "closed_on"]  # fmt: skip


class CourtOut(serializers.ModelSerializer):
    region = serializers.SerializerMethodField()
    appeal_court = Code()

    class Meta:
        model = Court
        fields = ["code", "name_fr", "name_ar", "kind", "city", "region", "appeal_court",
                  "to_verify", "source"]  # fmt: skip

    def get_region(self, court) -> str | None:
        return court.region.name_fr if court.region else None


class ObservationIn(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices)
    item = serializers.CharField(required=False, allow_blank=True, default="")
    severity = serializers.ChoiceField(choices=Severity.choices)
    text = serializers.CharField(max_length=4000)


class VisitReportIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Visit.Kind.choices)
    establishment = serializers.UUIDField(required=False, allow_null=True)
    visited_on = serializers.DateField()
    beneficiaries = serializers.ListField(child=serializers.UUIDField(), max_length=50)
    discussed = serializers.CharField(required=False, allow_blank=True, default="")
    wellbeing = serializers.CharField(required=False, allow_blank=True, default="")
    legal_needs = serializers.CharField(required=False, allow_blank=True, default="")
    observations = ObservationIn(many=True, required=False, default=list, max_length=5)


class SubmissionOut(serializers.Serializer):
    code = serializers.UUIDField()
    state = serializers.ChoiceField(choices=["to_review", "quarantined"])
    reason = serializers.CharField(allow_blank=True)
    received_at = serializers.DateTimeField()
    review_url = serializers.URLField()


class FigureOut(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.ChoiceField(choices=["number", "percent", "days"])
    value = serializers.FloatField(allow_null=True)
    hidden = serializers.BooleanField()
    mark = serializers.CharField(allow_blank=True)
    numerator = serializers.IntegerField(allow_null=True)
    denominator = serializers.IntegerField(allow_null=True)
    description = serializers.CharField(allow_blank=True)


class LogframeIndicatorOut(FigureOut):
    indicator = serializers.UUIDField()
    baseline = serializers.FloatField(allow_null=True)
    target = serializers.FloatField(allow_null=True)
    means_of_verification = serializers.CharField(allow_blank=True)


class LogframeLineOut(serializers.Serializer):
    number = serializers.CharField()
    result = serializers.BooleanField(help_text="A result under a specific objective")
    name_fr = serializers.CharField()
    name_ar = serializers.CharField(allow_blank=True)
    indicators = LogframeIndicatorOut(many=True)


class Published(serializers.Serializer):
    """The period figures are for, and whether small counts are hidden (below k)."""

    start = serializers.DateField()
    end = serializers.DateField()
    protected = serializers.BooleanField()
    k = serializers.IntegerField()


class LogframeOut(Published):
    project = serializers.UUIDField()
    name_fr = serializers.CharField()
    name_ar = serializers.CharField(allow_blank=True)
    lines = LogframeLineOut(many=True)


class FiguresOut(Published):
    figures = FigureOut(many=True)


class HearingOut(serializers.ModelSerializer):
    court = Code()

    class Meta:
        model = Hearing
        fields = ["code", "scheduled_at", "court", "purpose", "status", "outcome",
                  "postponed_to"]  # fmt: skip


class DecisionOut(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["code", "level", "kind", "pronounced_on", "notified_on", "custodial_months",
                  "suspended_months", "fine_mad", "life_sentence", "death_sentence",
                  "summary"]  # fmt: skip


class RuleOut(serializers.ModelSerializer):
    class Meta:
        model = LegalRule
        fields = ["code", "name_fr", "name_ar", "remedy", "applies_to", "court_level", "start",
                  "period", "unit", "counting", "roll_forward", "legal_basis",
                  "legal_basis_ar", "valid_from", "valid_to", "verified"]  # fmt: skip


class DeadlineOut(serializers.ModelSerializer):
    """A deadline as the engine computed it, with the rule it applied."""

    rule = RuleOut()
    decision = Code()
    met_by = Code()

    class Meta:
        model = Deadline
        fields = ["code", "decision", "rule", "trigger_date", "due_on", "status", "met_by",
                  "waived_reason"]  # fmt: skip


class RemedyOut(serializers.ModelSerializer):
    class Meta:
        model = Remedy
        fields = ["code", "kind", "filed_on", "status", "outcome"]


class CaseOut(Listed):
    relations = ("beneficiary", "court")

    beneficiary = Code()
    court = Code()

    class Meta:
        model = LegalCase
        fields = ["code", "beneficiary", "court", "case_number", "prosecution_number",
                  "charges", "offence_class", "stage", "is_open", "opened_on",
                  "detained_since", "version"]  # fmt: skip


class CaseDetailOut(CaseOut):
    hearings = HearingOut(many=True)
    decisions = DecisionOut(many=True)
    deadlines = DeadlineOut(many=True)
    remedies = RemedyOut(many=True)

    class Meta(CaseOut.Meta):
        fields = [*CaseOut.Meta.fields, "hearings", "decisions", "deadlines", "remedies"]


class ObservationOut(serializers.ModelSerializer):
    class Meta:
        model = Observation
        fields = ["category", "item", "severity", "text"]


class VisitOut(Listed):
    """A visit with its report and observations (only visits whose report the person may
    read are listed)."""

    relations = ("organisation", "establishment")
    many_relations = ("beneficiaries", "observations")
    organisation = Code()
    establishment = Code()
    beneficiaries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    observations = ObservationOut(many=True)

    class Meta:
        model = Visit
        fields = ["code", "organisation", "kind", "state", "establishment", "planned_on",
                  "visited_on", "beneficiaries", "discussed", "wellbeing", "legal_needs",
                  "reintegration", "observations", "version"]  # fmt: skip


class ComplaintOut(Listed):
    """A complaint without its complainant's name or contact, never served by the API."""

    relations = ("organisation", "establishment", "beneficiary", "legal_case")
    organisation = Code()
    establishment = Code()
    beneficiary = Code()
    legal_case = Code()

    class Meta:
        model = Complaint
        fields = ["code", "organisation", "complainant", "channel", "received_on",
                  "establishment", "beneficiary", "legal_case", "category", "sub_category",
                  "urgent", "description", "status", "closure", "closed_on", "version"]  # fmt: skip


class FamilyContactOut(Listed):
    relations = ("organisation", "beneficiary", "relative")

    organisation = Code()
    beneficiary = Code()
    relative = Code()

    class Meta:
        model = FamilyContact
        fields = ["code", "organisation", "beneficiary", "relative", "kind", "contacted_on",
                  "topics", "outcome", "next_step", "version"]  # fmt: skip


class ClaimOut(Listed):
    relations = ("organisation", "budget_line")

    organisation = Code()
    budget_line = Code()

    class Meta:
        model = ExpenseClaim
        fields = ["code", "organisation", "budget_line", "amount", "spent_on", "description",
                  "state", "rejection_reason", "paid_on", "payment_reference"]  # fmt: skip
