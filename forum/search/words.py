"""German words made findable: compound words also stand for their parts.

A German question and its answer often share no stem: "Behandlungsmöglichkeiten" is one word to
PostgreSQL's german configuration, "Behandlung" another. Before a German text is indexed or
searched, every compound in it is followed by its parts ("Behandlungsmöglichkeiten behandlung
möglichkeiten"), so both meet at the stems of the parts. The parts are found in the German
dictionary of `simplemma` (word forms, MIT licensed, shipped inside its wheel): a split is taken
when the head and every modifier (with or without its linking "s", "es", "n", ...) are German words.

The same expansion runs on the document (forum/search/index.py) and on the query
(forum/search/engine.py), so a change here needs `manage.py reindex`.
"""

import re
from functools import lru_cache

WORD = re.compile(r"[^\W\d_]+")  # "Corona-Test": PostgreSQL's parser splits at the hyphen itself
SHORTEST_COMPOUND = 8  # "Mundschutz" splits, "Beispiel" and shorter words are left alone
SHORTEST_PART = 4  # "Atem", "Mund", "Arzt"; shorter modifiers split too much ("bei", "mit" ...)
SHORTEST_HEAD = 3  # "Gesundheits-amt"
# What joins a modifier to the next part (Fugenelemente): none first ("Reise-warnung", not "Reis"), then
# the longest ("Krankheit-s-zeichen").
LINKS = ("", "ens", "es", "en", "er", "ns", "s", "n", "e")
# Parts that are words but not meanings of their own in a compound: a split on them is a wrong split.
NOT_PARTS = frozenset(
    {"ende", "ungen", "lich", "keit", "heit", "chen", "lein", "isch", "ling", "nisse", "tion", "ion", "ions", "ung"}
)
# A modifier ending so always takes a linking "s" ("Gesundheit-s-amt"): after it, "s…" starts no head.
LINKED_WITH_S = ("heit", "keit", "ung", "ion", "tät", "schaft", "ling")


def expand(text: str, language: str | None) -> str:
    """`text` with the parts of its German compounds after it (English text as it is)."""
    if language == "en" or not text:
        return text
    parts = [part for word in WORD.findall(text) for part in compound_parts(word.lower())]
    return f"{text} {' '.join(parts)}" if parts else text


@lru_cache(maxsize=50_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """The parts of a lower-case German compound, modifiers and head ("atemschutzmaske": atem, schutz,
    maske); () for a word that is no compound (or not German)."""
    if len(word) < SHORTEST_COMPOUND:
        return ()
    return tuple(_split(word) or ())


def _split(word: str) -> list[str] | None:
    """The split with the longest head whose modifier is a word (or a compound of words), else None.

    German compounds are right-headed, and a long head that is a word is rarely a coincidence; a
    modifier is a word once its link is off ("Kurzarbeiter-geld": "kurzarbeit", "geld").
    """
    for cut in range(SHORTEST_PART, len(word) - SHORTEST_HEAD + 1):
        modifier, head = word[:cut], word[cut:]
        if head in NOT_PARTS or not _known(head):
            continue
        if head.startswith("s") and modifier.endswith(LINKED_WITH_S):
            continue
        stem = _modifier(modifier)
        if stem is None:
            continue
        rest = _split(head) if len(head) >= SHORTEST_COMPOUND else None
        return [*(stem if isinstance(stem, list) else [stem]), *(rest or [head])]
    return None


def _modifier(modifier: str) -> str | list[str] | None:
    """The modifier as a word (as it stands when the dictionary has it so, "behandlungs", else without
    its link), or its own parts when it is a compound in turn. The stemmer takes a linking "s" off anyway."""
    for link in LINKS:
        if link and not modifier.endswith(link):
            continue
        stem = modifier[: len(modifier) - len(link)]
        if len(stem) >= SHORTEST_PART and stem not in NOT_PARTS and _known(stem):
            return stem
    if len(modifier) >= SHORTEST_COMPOUND:
        return _split(modifier)
    return None


@lru_cache(maxsize=200_000)
def _known(word: str) -> bool:
    from simplemma import is_known

    return is_known(word, lang="de")
