from django.test import RequestFactory

from sanad.audit.models import AuditEvent
from sanad.lib.pagination import CappedPaginator, paginate


def _events(n):
    AuditEvent.objects.bulk_create([AuditEvent(action=f"test.{i}") for i in range(n)])
    return AuditEvent.objects.order_by("id")


def test_lists_count_up_to_the_cap_and_page_as_far(db, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 50)
    rows = _events(80)
    first = paginate(RequestFactory().get("/"), rows)
    assert first.paginator.capped and first.paginator.num_pages == 2
    last = paginate(RequestFactory().get("/", {"page": 9}), rows)
    assert last.number == 2 and len(last) == 25 and not last.has_next()


def test_small_lists_keep_their_exact_count_and_a_page_parameter_of_their_own(db, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 50)
    page = paginate(RequestFactory().get("/", {"page": 2, "later": 2}), _events(30), param="later")
    assert not page.paginator.capped and page.paginator.count == 30
    assert page.number == 2 and len(page) == 5 and page.param == "later"
