"""Automatic first replies: what a question is about (language.py), which solved threads and articles may
answer it and how sure that is (matching.py, calibration.json, fitted by bench/instant_answers.py --fit).
The writes are forum.services.instant's."""
