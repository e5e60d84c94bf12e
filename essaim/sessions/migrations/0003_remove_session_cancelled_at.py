"""A session's status (0002) is the one source of truth for a cancellation; when it happened is
in its log. A migration of its own: 0002 wrote log rows in its transaction first."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("support_sessions", "0002_session_status"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="session",
            name="cancelled_at",
        ),
    ]
