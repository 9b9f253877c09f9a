"""The network's shared library: guides, letter templates, legal texts, training materials
and advocacy briefs, each in French and Arabic, in numbered versions."""

import uuid
from types import SimpleNamespace

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.lib.i18n import localized
from sanad.lib.text import fold
from sanad.network.access import has_capability
from sanad.reference.models import ShortList


class Theme(ShortList):
    """A theme a resource is tagged with (detention conditions, legal aid, reintegration…)."""

    class Meta(ShortList.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class Kind(models.TextChoices):
    GUIDE = "guide", _("Guide")
    TEMPLATE = "template", _("Letter or request template")
    LEGAL_TEXT = "legal_text", _("Legal text")
    TRAINING = "training", _("Training material")
    BRIEF = "brief", _("Advocacy brief")


class Visibility(models.TextChoices):
    NETWORK = "network", _("Whole network")
    COORDINATOR = "coordinator", _("Coordinator only")
    PUBLIC = "public", _("Public")


class Letter(models.TextChoices):
    """The legal app's request letters whose text a template resource may provide."""

    PARDON = "pardon", _("Royal pardon request")
    CONDITIONAL_RELEASE = "conditional_release", _("Conditional release request")


class ResourceQuerySet(models.QuerySet):
    def visible_to(self, user, capability="library.view"):
        """Resources `user` may use `capability` on: every one for those who keep the library
        (`library.manage`), the network's and the public ones for members holding
        `library.view`, the public ones for anyone else (even signed out)."""
        if has_capability(user, "library.manage"):
            return self
        if capability == "library.manage":
            return self.none()
        if has_capability(user, "library.view"):
            return self.exclude(visibility=Visibility.COORDINATOR)
        return self.filter(visibility=Visibility.PUBLIC)


class Resource(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    summary_ar = models.TextField(_("summary (Arabic)"), blank=True)
    fields_of_action = models.ManyToManyField(
        "reference.ActionField", verbose_name=_("people it concerns"), blank=True
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    visibility = models.CharField(
        _("who may see it"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.NETWORK,
    )
    letter = models.CharField(
        _("text of the legal app's letter"),
        max_length=30,
        choices=Letter.choices,
        blank=True,
        help_text=_("For a letter template: the request letter whose text it provides."),
    )
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("library resource")
        verbose_name_plural = _("library resources")
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["-updated_at", "id"], name="resource_updated_idx"),
            models.Index(fields=["visibility", "kind"], name="resource_visibility_kind_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["letter"],
                condition=~models.Q(letter=""),
                name="one_template_per_letter",
                violation_error_message=_("Another template already provides this letter."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def summary(self) -> str:
        return localized(self, "summary")

    def searchable(self) -> str:
        """Title and summary in both languages, folded for search (`lib.text.fold`)."""
        return fold(" ".join((self.title_fr, self.title_ar, self.summary_fr, self.summary_ar)))


def _upload_to(version, filename):
    return f"library/{version.resource.code}/{uuid.uuid4().hex}"


class ResourceVersion(models.Model):
    """One version of a resource: its file in each language, what changed, and for a letter
    template the letter's text in each language."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    changes = models.CharField(_("what changed"), max_length=300)
    file_fr = models.FileField(_("file in French"), upload_to=_upload_to, blank=True)
    name_fr = models.CharField(max_length=200, blank=True)
    type_fr = models.CharField(max_length=100, blank=True)
    file_ar = models.FileField(_("file in Arabic"), upload_to=_upload_to, blank=True)
    name_ar = models.CharField(max_length=200, blank=True)
    type_ar = models.CharField(max_length=100, blank=True)
    text_fr = models.TextField(_("letter text in French"), blank=True)
    text_ar = models.TextField(_("letter text in Arabic"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "number"],
                name="one_number_per_version",
                violation_error_message=_("Someone added a version at the same time; try again."),
            )
        ]

    def __str__(self):
        return f"{self.resource} v{self.number}"

    def stored(self, language: str):
        """The file of `language` as `lib.uploads.file_download` serves it, or None."""
        file = getattr(self, f"file_{language}")
        if not file:
            return None
        return SimpleNamespace(
            file=file,
            original_name=getattr(self, f"name_{language}"),
            content_type=getattr(self, f"type_{language}"),
        )
