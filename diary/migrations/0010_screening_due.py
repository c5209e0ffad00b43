import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """The screening coalescing window as a row (issue 27): written inside the entry save's
    own statement, taken by the sweeper, instead of a Redis key and a task per window."""

    dependencies = [("diary", "0009_email_verification")]

    operations = [
        migrations.CreateModel(
            name="ScreeningDue",
            fields=[
                (
                    "patient",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                ("due_at", models.DateTimeField(db_index=True)),
            ],
        ),
    ]
