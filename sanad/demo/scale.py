"""National-scale data for the benchmark: `seed_scale --beneficiaries 105000` writes, in bulk
and in proportion, the organisations, people, cases, releases and their follow-ups, visits,
complaints, family work, claims and audit trail of ten years of a national network.
Internally consistent (every case has its beneficiary, every deadline its decision,
denormalised fields as the services keep them) but written without the services, which
would take hours at this size."""

import json
import random
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from operator import attrgetter

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from sanad.audit.models import AuditEvent
from sanad.beneficiaries.models import (
    Beneficiary,
    Consent,
    Following,
    LegalStatus,
    LegalStatusRecord,
    NameKey,
    Need,
    NeedCategory,
    Placement,
    Relative,
    Status,
    StatusChange,
)
from sanad.beneficiaries.services import _derive, name_keys
from sanad.complaints.models import Category as ComplaintCategory
from sanad.complaints.models import Complaint
from sanad.demo.beneficiaries import FAMILY, MEN, WOMEN
from sanad.families.models import AwarenessSession, FamilyContact
from sanad.finance.models import BudgetLine, ExpenseClaim
from sanad.legal.models import Deadline, Decision, Hearing, LawyerMandate, LegalCase, Remedy
from sanad.lib.deadlines import add_months
from sanad.network.models import Membership, Organisation, OrganisationKind
from sanad.reference.models import Establishment, LegalRule
from sanad.releases.models import (
    Basis,
    ChecklistStep,
    ExpectedRelease,
    FollowUp,
    PlanItem,
    Release,
    ReleasePlan,
    Source,
)
from sanad.releases.services import FOLLOW_UP_MONTHS
from sanad.visits.models import Observation, Visit
from sanad.visits.taxonomy import Category, Severity

BATCH = 2000
CHUNK = 5000  # beneficiaries written (with everything about them) per transaction
YEARS = 10
PASSWORD = "sanad-scale-pass"
STATUS_MIX = [Status.ASSISTED] * 5 + [Status.CLOSED] * 3 + [Status.VALIDATED, Status.IDENTIFIED]


def _converter(field, postgres: bool):
    """How a Python value of `field` goes to the database driver, cheaply (no model
    instances): a function, or None when the driver takes the value as it is. Chosen once
    per column, not per value: asking `connection.vendor` for each of 2.5 million values of
    a 5,000-person seed cost a fifth of its time."""
    if isinstance(field, models.JSONField):
        return json.dumps
    if postgres:
        return None
    if isinstance(field, models.UUIDField):
        return attrgetter("hex")
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    return None


def fast_insert(model, rows: list[dict]) -> list[int]:
    """Insert plain rows (attname → value; the fields' defaults fill the rest) with COPY on
    PostgreSQL and executemany elsewhere, giving them the next ids (a single writer seeds).
    Returns the ids."""
    if not rows:
        return []
    postgres = connection.vendor == "postgresql"
    fields = list(model._meta.concrete_fields)
    columns_of = [(f.attname, _converter(f, postgres)) for f in fields]
    defaults = {f.attname: f.get_default() for f in fields if f.attname != "code"}
    has_code = any(f.attname == "code" for f in fields)
    start = (model._base_manager.aggregate(m=Max("pk"))["m"] or 0) + 1
    ids = list(range(start, start + len(rows)))
    values = []
    for pk, row in zip(ids, rows, strict=True):
        row = {**defaults, **row, model._meta.pk.attname: pk}
        if has_code:
            row.setdefault("code", uuid.uuid4())
        values.append(
            tuple(
                value if convert is None or value is None else convert(value)
                for name, convert in columns_of
                for value in (row.get(name),)
            )
        )
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        if postgres:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            # Table and column names come from the model's metadata, quoted.
            insert = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(insert, values)
    return ids


def reset_sequences(models_) -> None:
    """After explicit ids, move PostgreSQL's sequences past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _day(rng, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


class Seeder:
    def __init__(self, beneficiaries: int, seed: int = 2026, out=None):
        self.total = beneficiaries
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.start = self.today - timedelta(days=365 * YEARS)
        self.out = out or (lambda message: None)

    def run(self) -> dict:
        self._network()
        for first in range(0, self.total, CHUNK):
            with transaction.atomic():
                self._chunk(min(CHUNK, self.total - first))
            self.out(f"{min(first + CHUNK, self.total)} / {self.total} beneficiaries")
        self._audit_trail()
        reset_sequences([Visit, Visit.beneficiaries.through, Observation, AuditEvent])
        return {"beneficiaries": self.total}

    # The network ------------------------------------------------------------------------------

    def _network(self):
        User = get_user_model()
        password = make_password(PASSWORD)
        self.coordinating = Organisation.objects.get_or_create(
            name_fr="Observatoire (échelle)", defaults={"kind": OrganisationKind.COORDINATOR}
        )[0]
        self.csos = [
            Organisation.objects.get_or_create(
                name_fr=f"Association {n:02d} (échelle)",
                defaults={"kind": OrganisationKind.PARTNER_CSO, "acronym": f"A{n:02d}"},
            )[0]
            for n in range(1, 25)
        ]
        people = [
            ("coordinator@scale.example", self.coordinating, "coordinator"),
            ("observer@scale.example", self.coordinating, "observer"),
            ("analyst@scale.example", self.coordinating, "analyst"),
        ]
        for n, cso in enumerate(self.csos, start=1):
            people.append((f"manager@cso{n}.scale.example", cso, "cso_manager"))
            people += [(f"worker{w}@cso{n}.scale.example", cso, "cso_worker") for w in range(10)]
        bar = Organisation.objects.get_or_create(
            name_fr="Barreau (échelle)", defaults={"kind": OrganisationKind.BAR}
        )[0]
        people += [(f"lawyer{n}@scale.example", bar, "lawyer") for n in range(33)]
        for email, organisation, role in people:
            user, created = User.objects.get_or_create(
                email=email, defaults={"full_name": email.split("@")[0], "password": password}
            )
            Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
        self.workers = {
            cso.pk: list(User.objects.filter(memberships__organisation=cso)) for cso in self.csos
        }
        self.lawyers = list(
            User.objects.filter(memberships__role="lawyer", memberships__organisation=bar)
        )
        self.places = list(Establishment.objects.all())
        self.rules = list(LegalRule.objects.all()[:3])
        line = BudgetLine.objects.get_or_create(
            name="Transport (échelle)",
            defaults={
                "category": "transport",
                "amount": Decimal("5000000"),
                "period_start": self.start,
                "period_end": self.today,
            },
        )[0]
        self.budget_line = line

    # One chunk of people and everything about them ------------------------------------------

    def _chunk(self, size: int):
        rng = self.rng
        people = []
        for _ in range(size):
            woman = rng.random() < 0.3
            first_latin, first_ar = rng.choice(WOMEN if woman else MEN)
            last_latin, last_ar = rng.choice(FAMILY)
            registered = _day(rng, self.start, self.today)
            person = Beneficiary(
                first_name_latin=first_latin,
                last_name_latin=last_latin,
                first_name_ar=first_ar,
                last_name_ar=last_ar,
                sex="F" if woman else "M",
                birth_year=rng.randint(1945, registered.year - 15),
                status=rng.choice(STATUS_MIX),
                identified_by=rng.choice(self.csos),
                current_establishment=rng.choice(self.places),
                current_register_number=f"{rng.randint(1000, 99999)}/{registered.year}",
                current_legal_status=rng.choice(LegalStatus.values),
                created_at=_moment(registered),
            )
            _derive(person)
            people.append(person)
        people = Beneficiary.objects.bulk_create(people, batch_size=BATCH)
        NameKey.objects.bulk_create(name_keys(people), batch_size=BATCH)
        rows = {
            model: []
            for model in (
                Need,
                Following,
                Placement,
                LegalStatusRecord,
                Consent,
                StatusChange,
                Relative,
            )
        }
        for p in people:
            registered = timezone.localdate(p.created_at)
            for category in rng.sample(NeedCategory.values, rng.choice([1, 1, 2])):
                rows[Need].append(Need(beneficiary=p, category=category))
            rows[Following].append(
                Following(beneficiary=p, organisation=p.identified_by, since=registered)
            )
            rows[Placement].append(
                Placement(
                    beneficiary=p,
                    establishment=p.current_establishment,
                    register_number=p.current_register_number,
                    started_on=registered,
                )
            )
            rows[LegalStatusRecord].append(
                LegalStatusRecord(beneficiary=p, status=p.current_legal_status, since=registered)
            )
            rows[Consent].append(
                Consent(beneficiary=p, kind="processing", given_on=registered, language="darija")
            )
            path = {
                Status.IDENTIFIED: [],
                Status.VALIDATED: [Status.VALIDATED],
                Status.ASSISTED: [Status.VALIDATED, Status.ASSISTED],
                Status.CLOSED: [Status.VALIDATED, Status.ASSISTED, Status.CLOSED],
            }[p.status]
            previous, day = Status.IDENTIFIED, registered
            rows[StatusChange].append(
                StatusChange(beneficiary=p, to_status=previous, at=_moment(day))
            )
            for step in path:
                day = min(self.today, day + timedelta(days=rng.randint(3, 60)))
                reason = "released" if step == Status.CLOSED else ""
                rows[StatusChange].append(
                    StatusChange(
                        beneficiary=p,
                        from_status=previous,
                        to_status=step,
                        reason=reason,
                        at=_moment(day),
                    )
                )
                previous = step
            if rng.random() < 0.3:
                rows[Relative].append(
                    Relative(
                        beneficiary=p,
                        name=f"{rng.choice(WOMEN)[0]} {p.last_name_latin}",
                        relationship="mother",
                        may_be_contacted=True,
                    )
                )
        for model, objects in rows.items():
            created = model.objects.bulk_create(objects, batch_size=BATCH)
            if model is Relative:
                relatives = created
        self._cases(people)
        self._releases(people)
        self._visits(people)
        self._families(relatives)
        self._complaints(people, size)
        self._claims(size)

    def _cases(self, people):
        rng = self.rng
        cases = []
        for p in people:
            for _ in range(1 if rng.random() < 0.8 else 2):
                opened = _day(rng, timezone.localdate(p.created_at), self.today)
                cases.append(
                    LegalCase(
                        beneficiary=p,
                        stage=rng.choice(["first_instance", "appeal", "execution"]),
                        case_number=f"{rng.randint(1, 9999)}/{opened.year}",
                        offence_class=rng.choice(["delit", "crime"]),
                        opened_on=opened,
                        is_open=rng.random() < 0.6,
                    )
                )
        cases = LegalCase.objects.bulk_create(cases, batch_size=BATCH)
        mandates, hearings, decisions, remedies = [], [], [], []
        for case in cases:
            if rng.random() < 0.6:
                mandates.append(
                    LawyerMandate(
                        case=case,
                        lawyer=rng.choice(self.lawyers),
                        starts_on=_day(rng, case.opened_on, self.today),
                    )
                )
            for _ in range(2):
                when = _day(rng, case.opened_on, self.today + timedelta(days=60))
                hearings.append(
                    Hearing(
                        case=case,
                        scheduled_at=_moment(when),
                        status="held" if when < self.today else "scheduled",
                    )
                )
            pronounced = _day(rng, case.opened_on, self.today)
            decisions.append(
                Decision(
                    case=case,
                    level="first_instance",
                    kind="contradictory",
                    pronounced_on=pronounced,
                    notified_on=pronounced,
                    custodial_months=rng.randint(3, 120),
                )
            )
            if rng.random() < 0.5:
                remedies.append(
                    Remedy(
                        case=case,
                        kind="appeal",
                        status="filed",
                        filed_on=min(self.today, pronounced + timedelta(days=rng.randint(1, 12))),
                    )
                )
        LawyerMandate.objects.bulk_create(mandates, batch_size=BATCH)
        Hearing.objects.bulk_create(hearings, batch_size=BATCH)
        Remedy.objects.bulk_create(remedies, batch_size=BATCH)
        decisions = Decision.objects.bulk_create(decisions, batch_size=BATCH)
        deadlines = []
        for decision in decisions:
            due = decision.pronounced_on + timedelta(days=10)
            status = (
                "open"
                if due >= self.today
                else rng.choice(["met", "met", "met", "missed", "waived"])
            )
            deadlines.append(
                Deadline(
                    case_id=decision.case_id,
                    decision=decision,
                    rule=rng.choice(self.rules),
                    trigger_date=decision.pronounced_on,
                    due_on=due,
                    status=status,
                )
            )
        Deadline.objects.bulk_create(deadlines, batch_size=BATCH)

    def _releases(self, people):
        """Each person held has an expected release (one in ten unknown), a third of those
        due within 90 days a plan under way; each closed one was released, half with a plan
        begun before, with follow-ups and outcomes, one in eight detained again."""
        rng, today = self.rng, self.today
        expected, plans, releases = [], [], []
        for p in people:
            if p.status != Status.CLOSED:
                on = None if rng.random() < 0.1 else _day(rng, today, today + timedelta(days=1100))
                expected.append(ExpectedRelease(
                    beneficiary=p, on=on, source=Source.COMPUTED if on else Source.UNKNOWN,
                    basis=Basis.SENTENCE if on else Basis.MISSING,
                    missing=[] if on else ["detention_start"]))  # fmt: skip
                if on and on <= today + timedelta(days=90) and rng.random() < 0.33:
                    plans.append(self._plan(p, on, today - timedelta(days=rng.randint(0, 60))))
                continue
            left = _day(rng, timezone.localdate(p.created_at), today)
            back = left + timedelta(days=rng.randint(30, 700))
            back = back if back < today and rng.random() < 0.12 else None
            releases.append(Release(
                beneficiary=p, released_on=left, circumstances="end_of_sentence",
                follow_up_consent=rng.random() < 0.8, reincarcerated_on=back))  # fmt: skip
            if rng.random() < 0.5:
                plans.append(self._plan(p, left, left - timedelta(days=rng.randint(5, 90))))
        ExpectedRelease.objects.bulk_create(expected, batch_size=BATCH)
        self._plan_items(ReleasePlan.objects.bulk_create(plans, batch_size=BATCH))
        self._follow_ups(Release.objects.bulk_create(releases, batch_size=BATCH))

    def _plan(self, person, on, started):
        return ReleasePlan(beneficiary=person, organisation=person.identified_by, expected_on=on,
                           started_on=min(started, self.today))  # fmt: skip

    def _plan_items(self, plans):
        rng = self.rng
        steps = list(ChecklistStep.objects.filter(foreigners_only=False))
        items = []
        for plan in plans:
            for step in steps:
                due = plan.expected_on - timedelta(days=step.days_before)
                done = due if due <= self.today and rng.random() < 0.7 else None
                items.append(PlanItem(plan=plan, step=step, label=step.label_fr, due_on=due,
                                      done_on=done))  # fmt: skip
        PlanItem.objects.bulk_create(items, batch_size=BATCH)

    def _follow_ups(self, releases):
        rng = self.rng
        rows = []
        for release in releases:
            if not release.follow_up_consent:
                continue
            for month in FOLLOW_UP_MONTHS:
                due = add_months(release.released_on, month)
                done = due < self.today and rng.random() < 0.75
                rows.append(FollowUp(
                    release=release, month=month, due_on=due, done_on=due if done else None,
                    housing=rng.choice(["stable", "temporary", "none"]) if done else "",
                    activity=rng.choice(["work", "training", "none"]) if done else "",
                    family_contact=rng.random() < 0.7 if done else None))  # fmt: skip
        FollowUp.objects.bulk_create(rows, batch_size=BATCH)

    def _visits(self, people):
        rng = self.rng
        visits, links = [], []
        for p in people:
            registered = timezone.localdate(p.created_at)
            worker = self.workers[p.identified_by_id]
            for _ in range(rng.randint(5, 15)):
                day = _day(rng, registered, self.today)
                visits.append(
                    {
                        "organisation_id": p.identified_by_id,
                        "kind": "detention",
                        "state": "done",
                        "establishment_id": p.current_establishment_id,
                        "visited_on": day,
                        "discussed": "Point sur la procédure.",
                        "created_by_id": rng.choice(worker).pk,
                        "created_at": _moment(day),
                    }
                )
                links.append(p.pk)
        ids = fast_insert(Visit, visits)
        through = Visit.beneficiaries.through
        fast_insert(
            through,
            [{"visit_id": v, "beneficiary_id": p} for v, p in zip(ids, links, strict=True)],
        )
        fast_insert(
            Observation,
            [
                {
                    "visit_id": v,
                    "category": rng.choice(Category.values),
                    "severity": rng.choice(Severity.values),
                    "text": "Constat de routine.",
                }
                for v in ids
                if rng.random() < 0.6
            ],
        )

    def _families(self, relatives):
        rng = self.rng
        contacts = [
            FamilyContact(
                organisation_id=r.beneficiary.identified_by_id,
                beneficiary_id=r.beneficiary_id,
                relative=r,
                kind="call",
                contacted_on=_day(rng, self.start, self.today),
            )
            for r in relatives
        ]
        FamilyContact.objects.bulk_create(contacts, batch_size=BATCH)
        sessions = [
            AwarenessSession(
                organisation=rng.choice(self.csos),
                held_on=_day(rng, self.start, self.today),
                place="Maison des associations",
                facilitator="Équipe",
                women_18_59=12,
                men_18_59=5,
            )
            for _ in range(max(1, len(relatives) // 50))
        ]
        AwarenessSession.objects.bulk_create(sessions, batch_size=BATCH)

    def _complaints(self, people, size):
        rng = self.rng
        count = round(size * 20000 / 105000)
        complaints = []
        for p in rng.sample(people, min(count, len(people))):
            received = _day(rng, timezone.localdate(p.created_at), self.today)
            closed = received + timedelta(days=rng.randint(5, 120))
            done = closed < self.today and rng.random() < 0.7
            complaints.append(
                Complaint(
                    organisation=p.identified_by,
                    complainant="detainee",
                    channel="visit",
                    received_on=received,
                    establishment=p.current_establishment,
                    beneficiary=p,
                    category=rng.choice(ComplaintCategory.values),
                    description="Doléance.",
                    status="closed" if done else "received",
                    closed_on=closed if done else None,
                )
            )
        Complaint.objects.bulk_create(complaints, batch_size=BATCH)

    def _claims(self, size):
        rng = self.rng
        claims = [
            ExpenseClaim(
                organisation=rng.choice(self.csos),
                budget_line=self.budget_line,
                amount=Decimal(rng.randint(50, 900)),
                spent_on=_day(rng, self.start, self.today),
                description="Transport visite",
                state="paid",
            )
            for _ in range(max(1, size // 20))
        ]
        ExpenseClaim.objects.bulk_create(claims, batch_size=BATCH)

    def _audit_trail(self):
        """About twenty audit events per beneficiary: views, edits, reports, exports."""
        rng = self.rng
        coordinator = get_user_model().objects.get(email="coordinator@scale.example")
        codes = [str(c) for c in Beneficiary.objects.values_list("code", flat=True)]
        wanted = self.total * 2000000 // 105000
        actions = ["beneficiary.viewed"] * 6 + ["beneficiary.updated", "case.opened"]
        now = timezone.now()
        for first in range(0, wanted, 50000):
            with transaction.atomic():
                fast_insert(
                    AuditEvent,
                    [
                        {
                            "actor_id": coordinator.pk,
                            "actor_label": coordinator.email,
                            "action": rng.choice(actions),
                            "target_type": "beneficiaries.beneficiary",
                            "target_code": rng.choice(codes),
                            "created_at": now - timedelta(minutes=rng.randint(0, 5256000)),
                        }
                        for _ in range(min(50000, wanted - first))
                    ],
                )
            self.out(f"{min(first + 50000, wanted)} / {wanted} audit events")
