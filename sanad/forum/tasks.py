from django_tasks import task

from sanad.forum import services


@task()
def send_network_digest() -> int:
    return services.send_digest()
