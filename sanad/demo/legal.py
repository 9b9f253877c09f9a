"""Demo case files: a lawyer on several Nour cases; deadlines upcoming, met and missed;
hearings next week. Written through the legal services, like real work."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from sanad.beneficiaries.models import Beneficiary, Status
from sanad.legal import services
from sanad.legal.models import LawyerMandate, LegalCase
from sanad.reference.models import Court


def seed_second_lawyer(*, lawyer, coordinator, nour) -> None:
    """Give `lawyer` a mandate on one Nour case, once."""
    if LawyerMandate.objects.filter(lawyer=lawyer).exists():
        return
    case = LegalCase.objects.filter(beneficiary__identified_by=nour).order_by("id").first()
    if case is not None:
        services.assign_lawyer(
            actor=coordinator,
            case=case,
            lawyer=lawyer,
            bar="Barreau de Rabat",
            starts_on=timezone.localdate() - timedelta(days=30),
        )


def seed_cases(*, lawyer, coordinator, nour, amal) -> int:
    """Create the demo cases once; later runs change nothing."""
    if LegalCase.objects.filter(beneficiary__identified_by__in=[nour, amal]).exists():
        return 0
    today = timezone.localdate()
    first = Court.objects.filter(kind="first_instance").order_by("name_fr")
    appeal = Court.objects.filter(kind="appeal").order_by("name_fr").first()
    people = Beneficiary.objects.filter(
        identified_by__in=[nour, amal],
        status__in=[Status.VALIDATED, Status.ASSISTED],
        merged_into__isnull=True,
    ).order_by("id")
    created = 0
    for i, beneficiary in enumerate(people[:16]):
        nour_case = beneficiary.identified_by_id == nour.id
        court = first[i % first.count()] if first else None
        case = services.open_case(
            actor=coordinator,
            beneficiary=beneficiary,
            values={
                "court": court,
                "case_number": f"{2025 + i % 2}/{2100 + i}",
                "charges": "Vol qualifié" if i % 3 else "Trafic de stupéfiants",
                "offence_class": "crime" if i % 4 == 0 else "delit",
                "stage": "first_instance",
                "needs": ["representation", "appeal"]
                if i % 2
                else ["pardon", "conditional_release"],
                "detained_since": today - timedelta(days=200 + 40 * i),
            },
        )
        if nour_case and i % 4 != 2:
            services.assign_lawyer(
                actor=coordinator,
                case=case,
                lawyer=lawyer,
                bar="Barreau de Rabat",
                starts_on=today - timedelta(days=90),
            )
        scenario = i % 4
        if scenario == 0:  # judgment five days ago: appeal deadline coming
            services.record_decision(
                actor=coordinator,
                case=case,
                values={
                    "level": "first_instance",
                    "kind": "contradictory",
                    "pronounced_on": today - timedelta(days=5),
                    "custodial_months": 18,
                },
            )
        elif scenario == 1:  # appeal filed on time
            services.record_decision(
                actor=coordinator,
                case=case,
                values={
                    "level": "first_instance",
                    "kind": "contradictory",
                    "pronounced_on": today - timedelta(days=40),
                    "custodial_months": 36,
                },
            )
            services.file_remedy(
                actor=coordinator,
                case=case,
                values={
                    "kind": "appeal",
                    "filed_on": today - timedelta(days=35),
                    "status": "filed",
                },
            )
            services.schedule_hearing(
                actor=coordinator,
                case=case,
                values={
                    "scheduled_at": _at(today + timedelta(days=3 + i % 5), 10),
                    "court": appeal,
                    "purpose": "Audience d'appel",
                },
            )
        elif scenario == 2:  # deadline missed
            services.record_decision(
                actor=coordinator,
                case=case,
                values={
                    "level": "first_instance",
                    "kind": "contradictory",
                    "pronounced_on": today - timedelta(days=60),
                    "custodial_months": 12,
                },
            )
        else:  # awaiting trial: hearing next week
            services.schedule_hearing(
                actor=coordinator,
                case=case,
                values={
                    "scheduled_at": _at(today + timedelta(days=6), 9),
                    "court": court,
                    "purpose": "Audience de jugement",
                },
            )
        created += 1
    services.mark_missed(today=today)
    return created


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))
