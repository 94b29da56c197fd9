from django.db import migrations

POINTS = {
    "answer_upvoted": 10,
    "question_upvoted": 5,
    "answer_downvoted": -2,
    "question_downvoted": -2,
    "answer_accepted": 15,
    "accepted_an_answer": 2,
    "idea_voted": 2,
    "idea_planned": 20,
}
RANKS = [
    (0, "Newcomer", "Neuling"),
    (50, "Helper", "Helfer"),
    (200, "Regular", "Stammgast"),
    (1000, "Expert", "Experte"),
    (5000, "Guru", "Guru"),
]


def defaults(apps, schema_editor):
    PointRule, Rank, Category = (
        apps.get_model("superusers", "PointRule"),
        apps.get_model("superusers", "Rank"),
        apps.get_model("forum", "Category"),
    )
    for code, points in POINTS.items():
        PointRule.objects.get_or_create(code=code, defaults={"points": points})
    for threshold, en, de in RANKS:
        Rank.objects.get_or_create(threshold=threshold, defaults={"name": en, "name_en": en, "name_de": de})
    # The program's own place: only super users and the team read and write there.
    Category.objects.get_or_create(
        slug="super-users",
        defaults={
            "name": "Super-user lounge",
            "name_en": "Super-user lounge",
            "name_de": "Super-User-Lounge",
            "description": "Private: for super users and the community team.",
            "description_en": "Private: for super users and the community team.",
            "description_de": "Privat: für Super-User und das Community-Team.",
            "audience": "super_users",
            "colour": "orange",
            "order": 9,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("superusers", "0001_initial"), ("forum", "0002_search_knowledge_base_imports")]

    operations = [migrations.RunPython(defaults, migrations.RunPython.noop)]
