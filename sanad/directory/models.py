"""Outside actors the network works with (bar associations, courts' social assistants,
regional prison directions, consulates…), kept by the coordinator beside the partners'
own profiles (`network.Organisation`)."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.lib.i18n import localized
from sanad.network.access import reach


class ActorKind(models.TextChoices):
    BAR = "bar", _("Bar association")
    COURT_SOCIAL = "court_social", _("Court social assistant")
    DGAPR = "dgapr", _("Regional prison administration (DGAPR)")
    CNDH = "cndh", _("CNDH regional commission")
    CONSULATE = "consulate", _("Consulate")
    HEALTH = "health", _("Health service")
    SOCIAL = "social", _("Social service")
    OTHER = "other", _("Other")


class ExternalActorQuerySet(models.QuerySet):
    def visible_to(self, user, capability="directory.view"):
        """Outside actors `user` may use `capability` on: the whole directory for anyone who
        holds it (the directory is shared by the network), none otherwise."""
        return self if reach(user, capability).network else self.none()


class ExternalActor(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=ActorKind.choices)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    establishments = models.ManyToManyField(
        "reference.Establishment", verbose_name=_("establishments it serves"), blank=True
    )
    fields_of_action = models.ManyToManyField(
        "reference.ActionField", verbose_name=_("people it serves"), blank=True
    )
    services = models.ManyToManyField(
        "reference.ServiceKind", verbose_name=_("services offered"), blank=True
    )
    languages = models.ManyToManyField(
        "reference.SpokenLanguage", verbose_name=_("languages spoken"), blank=True
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact = models.CharField(
        _("contact"), max_length=200, blank=True, help_text=_("A service or a position.")
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("listed"), default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExternalActorQuerySet.as_manager()

    class Meta:
        verbose_name = _("outside actor")
        verbose_name_plural = _("outside actors")
        ordering = ["name_fr"]
        indexes = [models.Index(fields=["kind", "region"], name="actor_kind_region_idx")]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")
