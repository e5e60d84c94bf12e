"""Sessions now live in essaim.sessions (label support_sessions, migration 0001): cohorts forgets
them in Django's state only; the tables stay, owned by the new app's models (db_table)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("cohorts", "0005_session_sequence_from_audit"),
        ("support_sessions", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Attendance"),
                migrations.DeleteModel(name="CalendarFeed"),
                migrations.DeleteModel(name="CodevSession"),
                migrations.DeleteModel(name="Participant"),
                migrations.DeleteModel(name="SessionDocument"),
                migrations.DeleteModel(name="Session"),
            ],
        ),
    ]
