"""Network life: the coordinator's announcements and the members' discussions by theme."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sanad.forum import services
from sanad.forum.forms import AnnouncementForm, ReplyForm, ThreadFilterForm, ThreadForm
from sanad.forum.models import Announcement, Thread
from sanad.lib.pagination import PER_PAGE, paginate
from sanad.network.access import has_capability
from sanad.network.decorators import capability_required

LATEST_ANNOUNCEMENTS = 3


def _thread(request, code, capability="forum.view") -> Thread:
    return get_object_or_404(Thread.objects.visible_to(request.user, capability), code=code)


@require_GET
@capability_required("forum.view")
def thread_list(request):
    """The latest announcements, then the discussions, most recently active first."""
    form = ThreadFilterForm(request.GET or None)
    rows = Thread.objects.visible_to(request.user).select_related("theme", "started_by")
    if form.is_valid():
        if q := form.cleaned_data["q"].strip():
            rows = rows.filter(Q(title__icontains=q) | Q(posts__body__icontains=q)).distinct()
        if theme := form.cleaned_data["theme"]:
            rows = rows.filter(theme=theme)
    announcements = Announcement.objects.visible_to(request.user)[:LATEST_ANNOUNCEMENTS]
    return render(
        request,
        "forum/thread_list.html",
        {
            "form": form,
            "page": paginate(request, rows.order_by("-last_post_at", "-id")),
            "announcements": announcements,
            "can_post": has_capability(request.user, "forum.post"),
            "can_manage": has_capability(request.user, "forum.manage"),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("forum.post")
def thread_create(request):
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data.pop("body")
        thread = services.start_thread(actor=request.user, values=form.cleaned_data, body=body)
        return redirect("forum:thread_detail", thread.code)
    return render(request, "forum/thread_form.html", {"form": form})


def _thread_page(request, thread, form):
    """A discussion's messages and the reply form; a refused reply stays on it as typed."""
    return render(
        request,
        "forum/thread_detail.html",
        {
            "thread": thread,
            "page": paginate(request, thread.posts.select_related("author")),
            "form": form,
            "can_post": form.errors
            or (not thread.closed and has_capability(request.user, "forum.post")),
            "can_manage": has_capability(request.user, "forum.manage"),
        },
    )


@require_GET
@capability_required("forum.view")
def thread_detail(request, code):
    return _thread_page(request, _thread(request, code), ReplyForm())


@require_POST
@capability_required("forum.post")
def thread_reply(request, code):
    thread = _thread(request, code, "forum.post")
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            post = services.reply(actor=request.user, thread=thread, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            last = (thread.posts.count() - 1) // PER_PAGE + 1
            url = reverse("forum:thread_detail", args=[thread.code])
            return redirect(f"{url}?page={last}#post-{post.pk}")
    return _thread_page(request, thread, form)


@require_POST
@capability_required("forum.manage")
def thread_close(request, code):
    thread = _thread(request, code, "forum.manage")
    services.close(actor=request.user, thread=thread)
    messages.success(request, _("The discussion was closed."))
    return redirect("forum:thread_detail", thread.code)


@require_GET
@capability_required("forum.view")
def announcement_list(request):
    rows = Announcement.objects.visible_to(request.user).select_related("published_by")
    return render(
        request,
        "forum/announcement_list.html",
        {
            "page": paginate(request, rows),
            "can_manage": has_capability(request.user, "forum.manage"),
        },
    )


@require_GET
@capability_required("forum.view")
def announcement_detail(request, code):
    announcement = get_object_or_404(
        Announcement.objects.visible_to(request.user).select_related("published_by"), code=code
    )
    return render(request, "forum/announcement_detail.html", {"announcement": announcement})


@require_http_methods(["GET", "POST"])
@capability_required("forum.manage")
def announcement_create(request):
    """Publish an announcement; e-mailed now if asked, else in the weekly digest."""
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data.pop("email")
        announcement = services.publish(actor=request.user, values=form.cleaned_data, email=email)
        messages.success(request, _("The announcement was published."))
        return redirect("forum:announcement_detail", announcement.code)
    return render(request, "forum/announcement_form.html", {"form": form})
