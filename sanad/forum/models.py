"""The network's conversation: the coordinator's announcements, and discussion threads
among members by theme."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.lib.i18n import localized
from sanad.network.access import reach


class SharedQuerySet(models.QuerySet):
    def visible_to(self, user, capability="forum.view"):
        """Everything for members of the network who hold `capability` (announcements and
        threads are shared by the whole network), nothing for others."""
        return self if reach(user, capability).network else self.none()


class Announcement(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    body_fr = models.TextField(_("text (French)"))
    body_ar = models.TextField(_("text (Arabic)"), blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True, db_index=True)
    emailed = models.BooleanField(_("e-mailed at once"), default=False)

    objects = SharedQuerySet.as_manager()

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def body(self) -> str:
        return localized(self, "body")


class Thread(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("subject"), max_length=200)
    theme = models.ForeignKey(
        "library.Theme", verbose_name=_("theme"), on_delete=models.SET_NULL, null=True, blank=True
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_post_at = models.DateTimeField()
    posts_count = models.PositiveIntegerField(default=0)
    closed = models.BooleanField(_("closed"), default=False)

    objects = SharedQuerySet.as_manager()

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        ordering = ["-last_post_at", "-id"]
        indexes = [models.Index(fields=["-last_post_at", "-id"], name="thread_recent_idx")]

    def __str__(self):
        return self.title


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.body[:60]


class Digest(models.Model):
    """A weekly digest sent to the network: one a week, whatever runs the command."""

    week = models.DateField(unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("weekly digest")
        verbose_name_plural = _("weekly digests")

    def __str__(self):
        return str(self.week)
