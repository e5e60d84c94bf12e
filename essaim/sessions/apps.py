from django.apps import AppConfig


class SessionsConfig(AppConfig):
    name = "essaim.sessions"
    # "sessions" is django.contrib.sessions' label.
    label = "support_sessions"
    verbose_name = "Sessions"

    def ready(self):
        # cohorts sits below sessions and may not import it: it announces a departure with a
        # signal, and the cohort's calendar feed is rotated here.
        from . import receivers  # noqa: F401
