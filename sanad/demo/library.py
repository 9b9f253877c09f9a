"""The demo's shared library: a guide in both languages, the pardon request template in two
versions (the legal app's letters use it), a public legal text and a coordinator's brief."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import get_template

from sanad.lib.pdf import html_to_pdf
from sanad.library.models import Resource, Theme
from sanad.library.services import add_version, save_resource
from sanad.reference.models import ActionField


def _pdf(title: str, body: str, language: str) -> SimpleUploadedFile:
    direction = "rtl" if language == "ar" else "ltr"
    html = f'<html lang="{language}" dir="{direction}"><h1>{title}</h1><p>{body}</p></html>'
    uploaded = SimpleUploadedFile(f"{title[:40]}.pdf", html_to_pdf(html))
    uploaded.checked_type = "application/pdf"
    return uploaded


def _letter(name: str) -> str:
    """The text of the legal app's built-in letter `name` (a plain-text template)."""
    return get_template(f"legal/letters/{name}.txt").template.source.strip()


def seed_library(*, coordinator) -> None:
    if Resource.objects.exists():
        return
    women = ActionField.objects.filter(code="women")
    guide = save_resource(
        actor=coordinator,
        resource=Resource(),
        values={
            "kind": "guide", "visibility": "network",
            "title_fr": "Guide de l'assistance juridique aux femmes détenues",
            "title_ar": "دليل المساعدة القانونية للنساء المعتقلات",
            "summary_fr": "Les étapes de la procédure, les délais de recours, les droits.",
            "summary_ar": "مراحل المسطرة وآجال الطعن والحقوق داخل المؤسسة السجنية.",
            "fields_of_action": women, "themes": Theme.objects.filter(code="legal-aid"),
        },
        first={
            "changes": "Première version",
            "file_fr": _pdf("Guide de l'assistance juridique", "Procédure et délais.", "fr"),
            "file_ar": _pdf("دليل المساعدة القانونية", "المسطرة والآجال.", "ar"),
        },
    )  # fmt: skip
    add_version(
        actor=coordinator,
        resource=guide,
        values={
            "changes": "Délais d'appel mis à jour",
            "file_fr": _pdf("Guide de l'assistance juridique", "Délais mis à jour.", "fr"),
        },
    )
    pardon = save_resource(
        actor=coordinator,
        resource=Resource(),
        values={
            "kind": "template", "visibility": "network", "letter": "pardon",
            "title_fr": "Modèle de demande de grâce royale",
            "title_ar": "نموذج طلب العفو الملكي",
            "themes": Theme.objects.filter(code="legal-aid"),
        },
        first={"changes": "Texte d'origine de Sanad",
               "text_fr": _letter("pardon_fr"), "text_ar": _letter("pardon_ar")},
    )  # fmt: skip
    add_version(
        actor=coordinator,
        resource=pardon,
        values={
            "changes": "Formule finale revue avec le barreau",
            "text_fr": _letter("pardon_fr").replace(
                "Je vous prie d'agréer", "Je prie Votre Majesté d'agréer"
            ),
            "text_ar": _letter("pardon_ar"),
        },
    )
    save_resource(
        actor=coordinator,
        resource=Resource(),
        values={
            "kind": "legal_text", "visibility": "public",
            "title_fr": "Libération conditionnelle : articles 622 à 632 du CPP",
            "title_ar": "الإفراج المقيد بشروط: المواد 622 إلى 632 من قانون المسطرة الجنائية",
            "summary_fr": "Texte à vérifier avant usage (version en vigueur).",
            "themes": Theme.objects.filter(code__in=["legal-aid", "reintegration"]),
        },
        first={"changes": "Première version",
               "file_fr": _pdf("Libération conditionnelle", "Articles 622 à 632.", "fr")},
    )  # fmt: skip
    save_resource(
        actor=coordinator,
        resource=Resource(),
        values={
            "kind": "brief", "visibility": "coordinator",
            "title_fr": "Note de plaidoyer : la détention préventive des femmes",
            "title_ar": "ورقة ترافعية: الاعتقال الاحتياطي للنساء",
            "fields_of_action": women, "themes": Theme.objects.filter(code="advocacy"),
        },
        first={"changes": "Brouillon pour le comité de pilotage",
               "file_fr": _pdf("Note de plaidoyer", "Brouillon.", "fr")},
    )  # fmt: skip
