from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("diary", "0011_record_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="language",
            field=models.CharField(blank=True, db_default="", default="", max_length=8),
        ),
    ]
