import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanad.calls import services
from sanad.calls.models import Application, Call, Question
from sanad.network.models import Membership


@pytest.fixture
def second_reviewer(personas):
    user = get_user_model().objects.create_user(
        "reviewer2@test.example", "x", full_name="Second Reviewer", preferred_language="ar"
    )
    Membership.objects.create(user=user, organisation=personas.omp, role="reviewer")
    return user


@pytest.fixture
def call(personas, second_reviewer, settings, tmp_path):
    """A published call: a required name, a choice of fields of action, regions, a number,
    a required file; three weighted criteria; two reviewers."""
    settings.MEDIA_ROOT = tmp_path
    call_command("load_reference", verbosity=0)
    call = services.save_call(
        actor=personas.coordinator,
        call=Call(),
        values={
            "title_fr": "Appel test",
            "title_ar": "دعوة تجريبية",
            "text_fr": "Texte",
            "deadline": timezone.now() + timedelta(days=10),
        },
        reviewers=[personas.reviewer, second_reviewer],
    )
    K = Question.Kind
    for position, values in enumerate(
        [
            {"kind": K.SHORT, "label_fr": "Nom", "label_ar": "الاسم", "required": True,
             "fills": "name_fr"},
            {"kind": K.SHORT, "label_fr": "Point focal", "fills": "focal_point"},
            {"kind": K.MULTIPLE, "label_fr": "Champs", "source": "action_fields"},
            {"kind": K.MULTIPLE, "label_fr": "Régions", "source": "regions"},
            {"kind": K.NUMBER, "label_fr": "Années", "required": True},
            {"kind": K.FILE, "label_fr": "Statuts", "required": True},
        ]
    ):  # fmt: skip
        services.add_question(
            actor=personas.coordinator, call=call, values={"position": position, **values}
        )
    for position, weight in enumerate([3, 2, 1]):
        services.add_criterion(
            actor=personas.coordinator,
            call=call,
            values={"position": position, "label_fr": f"Critère {position}", "weight": weight},
        )
    services.publish(actor=personas.coordinator, call=call)
    call.refresh_from_db()
    return call


def question(call, label):
    return call.questions.get(label_fr=label)


def start(client, call, email="asso@example.org"):
    """Ask for the private link and return it (path) from the e-mail."""
    client.post(reverse("calls:call_public", args=[call.code]), {"email": email})
    link = re.search(r"http\S+/calls/apply/\S+/", mail.outbox[-1].body).group(0)
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


PDF = b"%PDF-1.4\n%test\n%%EOF\n"


def submitted(call, email, name, language="fr"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    path = start(client, call, email)
    statutes = question(call, "Statuts")
    client.post(path + f"files/{statutes.pk}/", {"file": SimpleUploadedFile("s.pdf", PDF)})
    fields = call.questions.get(label_fr="Champs")
    regions = call.questions.get(label_fr="Régions")
    client.post(
        path,
        {
            f"q{question(call, 'Nom').pk}": name,
            f"q{question(call, 'Point focal').pk}": "Samira Benali",
            f"q{question(call, 'Années').pk}": "4",
            f"q{fields.pk}": ["women", "minors"],
            f"q{regions.pk}": ["fes-meknes"],
            "action": "submit",
        },
    )
    return Application.objects.get(call=call, email=email)


@pytest.fixture
def applications(call):
    return [
        submitted(call, "a@example.org", "Association A"),
        submitted(call, "b@example.org", "جمعية باء", language="ar"),
    ]
