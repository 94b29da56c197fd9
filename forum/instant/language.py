"""Which language a question is written in, and whether it says enough to be matched at all.

Cheap on purpose: it runs on every new question. Function words give a language away even in a short
question ("Wie lange dauert die Inkubationszeit?"), so each language is a list of its commonest ones and
the text goes to the language with the most hits. Only German and English are answered; another language
that clearly wins means the question is in a language the community does not answer in.
"""

import re


def _listed(words: str) -> frozenset[str]:
    return frozenset(words.split())


STOP_WORDS = {
    "de": _listed(
        "der die das den dem des ein eine einen einem einer eines und oder aber nicht kein keine ich du er sie es wir"
        " ihr mich mir dich dir sich mein meine dein deine ist sind bin bist war waren wird werden wurde kann kannst"
        " können muss musst müssen soll sollte wie was wer wo wann warum wieso welche welcher welches mit von zu zum"
        " zur für auf aus bei nach über unter vor seit bis im ins am auch noch schon nur sehr wenn dass ob als man"
        " gibt habe hast hat haben da dann denn doch hier jetzt mal ja nein gegen ohne etwas alle viele"
    ),
    "en": _listed(
        "the a an and or but not no i you he she it we they me my your his her its our their is are am was were be"
        " been being will would can could should must shall may might do does did have has had how what who where"
        " when why which with from to of for on at by in into about after before over under this that these those"
        " there here if then than also just very any some all get got there's it's i'm don't can't doesn't"
    ),
    "fr": _listed(
        "le la les un une des et ou mais ne pas je tu il elle nous vous ils elles est sont suis être avoir ai as a"
        " ont que qui quoi comment pourquoi quand où dans pour sur avec sans du au aux ce cette ces mon ma mes ton"
        " ta tes son sa ses très aussi peut faire fait"
    ),
    "es": _listed(
        "el la los las un una unos unas y o pero no yo tú él ella nosotros ellos es son soy estoy está están ser"
        " tener tengo tiene que qué quién cómo por para con sin del al en mi mis tu tus su sus muy también puedo"
        " puede hacer hay cuando donde"
    ),
    "it": _listed(
        "il lo la i gli le un uno una e o ma non io tu lui lei noi voi loro è sono sei essere avere ho ha hanno che"
        " chi come perché quando dove di da in con su per tra fra del della dei mio mia tuo tua suo sua molto anche"
        " posso può fare"
    ),
    "nl": _listed(
        "de het een en of maar niet geen ik jij je hij zij wij jullie ze is zijn ben was waren wordt worden kan kun"
        " kunnen moet hoe wat wie waar wanneer waarom welke met van naar voor op uit bij over onder ook nog al heel"
        " mijn jouw hun dit dat deze die er hier"
    ),
    "pt": _listed(
        "o a os as um uma e ou mas não eu tu ele ela nós eles elas é são sou estou está estão ser ter tenho tem que"
        " quem como por para com sem do da dos das no na nos nas meu minha seu sua muito também posso"
        " pode fazer"
    ),
    "pl": _listed(
        "i w na z do nie się jest są to że jak co czy ale lub oraz mój moja twój jego jej nasz wasz ich ten ta te"
        " tak już tylko bardzo może można mam masz ma mają być był była dla od po przez przy"
    ),
}
ANSWERED = ("de", "en")
# Links, e-mail addresses, code (fenced, indented, inline) and HTML tags: no words of a question.
_NOT_WORDS = re.compile(
    r"```.*?(```|$)|~~~.*?(~~~|$)|`[^`\n]*`|(?m:^(?: {4}|\t).*$)|<[^>]{1,200}>|\b(?:https?://|www\.)\S+|\S+@\S+\.\w+",
    re.DOTALL,
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# A one-word question ("Hilfe", "Passwort?"), or one of function words only, says too little to be matched;
# two words with one that means something may ("Welche Symptome gibt es?").
MIN_WORDS = 2


def words(text: str) -> list[str]:
    """The words of a question in lower case, without links, code and markup."""
    return [word.lower().replace("’", "'") for word in _WORD.findall(_NOT_WORDS.sub(" ", text or ""))]


def function_words(text: str) -> dict[str, int]:
    """How many function words of each language the text has."""
    found = set(words(text))
    return {language: sum(1 for word in found if word in stop) for language, stop in STOP_WORDS.items()}


def detect(text: str) -> str | None:
    """The language of a text by its function words ("de", "en", "fr", ...), None when none shows."""
    hits = function_words(text)
    best = max(hits, key=hits.get)
    return best if hits[best] else None


def content_words(text: str) -> set[str]:
    """Words that carry meaning: three letters or more and no function word of any language."""
    every_stop = set().union(*STOP_WORDS.values())
    return {word for word in words(text) if len(word) >= 3 and word not in every_stop}


def answerable_language(title: str, body: str, declared: str) -> str | None:
    """The language to answer a question in, or None: it says too little, or it is in another language.

    `declared` is the language the question was posted with (the asker's). The text overrules it only
    when its function words clearly say otherwise: at least two of them, more than of the declared one.
    """
    if (body or "").strip() and not words(body):
        return None  # the text is only a link or code: nothing to match it by
    text = f"{title}\n{body}"
    if len(set(words(text))) < MIN_WORDS or not content_words(text):
        return None
    hits = function_words(text)
    best = max(hits, key=lambda language: (hits[language], language == declared))
    if best == declared or hits[best] < 2 or hits[best] <= hits.get(declared, 0):
        return declared if declared in ANSWERED else None
    return best if best in ANSWERED else None
