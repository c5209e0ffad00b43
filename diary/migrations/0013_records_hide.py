from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("diary", "0012_account_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="examrecord",
            name="hidden_by_patient_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="programme",
            name="hidden_by_patient_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
