from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from community.accounts import services
from community.accounts.models import Role, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A person who signed up and confirmed their address; `roles=[Role.MODERATOR]` adds roles.

    They joined just now, so they are a new member (rate limits, links held for review); `established=True`
    makes them a member of some months whose posts with links go out at once.
    """

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        established = factory.Trait(date_joined=factory.LazyFunction(lambda: timezone.now() - timedelta(days=120)))

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    display_name = factory.Faker("name")
    handle = factory.Sequence(lambda n: f"person{n}")
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and self.email and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create:
            self.save()
            wanted = {Role.MEMBER, *(extracted or [])}
            services.set_roles(user=self, roles=wanted, by=None)
