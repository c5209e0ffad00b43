import datetime as dt
import uuid

import factory

from diary.choices import Role
from diary.models import Entry, User

PASSWORD = "a-long-test-passphrase"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    role = Role.PATIENT
    timezone = "UTC"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    id = factory.LazyFunction(uuid.uuid4)
    patient = factory.SubFactory(UserFactory)
    date = factory.LazyFunction(dt.date.today)
    headache = True
    side = "right"
    severity = 5
    onset_region = "neck"
    neck_trigger = "sustained_posture"
    posture = "desk_screen"
