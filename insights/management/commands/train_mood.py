import gzip
import json

from django.core.management.base import BaseCommand

from insights import mood_training, sentiment


class Command(BaseCommand):
    help = "Train the mood model on the dev splits (potts_de, vader_amazon_en) into insights/mood_model.json.gz."

    def add_arguments(self, parser):
        parser.add_argument("--datasets", help="folder holding potts_de/ and vader_amazon_en/")

    def handle(self, *args, **options):
        from pathlib import Path

        folder = Path(options["datasets"]) if options["datasets"] else None
        model = {}
        for language in sentiment.LANGUAGES:
            texts, labels = mood_training.load_dev(language, folder)
            model[language] = mood_training.fit(texts, labels, language)
            self.stdout.write(f"{language}: {len(texts)} texts, {len(model[language]['idf'])} terms")
        # mtime=0: the same data gives the same bytes, so a retrain without changes shows no diff
        with gzip.GzipFile(sentiment.MODEL_PATH, "wb", mtime=0) as raw:
            raw.write(json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode())
        sentiment.reload_model()
        self.stdout.write(self.style.SUCCESS(f"wrote {sentiment.MODEL_PATH}"))
