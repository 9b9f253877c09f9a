"""Daily reminders for referrals that the authorities have not answered."""

from django_tasks import task

from sanad.complaints import services


@task()
def send_complaint_reminders() -> int:
    return services.send_reminders()
