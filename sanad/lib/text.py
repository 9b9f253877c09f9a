"""Name folding for search and duplicate detection across Arabic and Latin spellings."""

import re
import unicodedata

# Arabic: short vowels and other marks (tashkeel), superscript alef, tatweel.
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640\u06d6-\u06ed]")
_ARABIC_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ه",
        "ک": "ك",
        "ڭ": "ك",
        "گ": "ك",
        "ڤ": "ف",
    }
)
_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case, accent-free, Arabic-letter-normalised text with single spaces.

    `fold("Aïcha")` == `fold("AICHA")` == "aicha"; `fold("فَاطِمَة")` == `fold("فاطمه")`."""
    text = _ARABIC_MARKS.sub("", text or "").translate(_ARABIC_LETTERS)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(
        c for c in decomposed if not unicodedata.combining(c) or "\u0600" <= c <= "\u06ff"
    )
    return _SEPARATORS.sub(" ", unicodedata.normalize("NFC", stripped)).strip()


# A consonant skeleton shared by both scripts, so that "Fatima Zahra" and "فاطمة الزهراء"
# meet. Rough on purpose: it proposes duplicates for a person to check, it decides nothing.
_ARABIC_TO_LATIN = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "k", "د": "d", "ذ": "d",
    "ر": "r", "ز": "z", "س": "s", "ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "d",
    "ع": "", "غ": "g", "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "و": "", "ي": "", "ا": "", "ء": "",
}  # fmt: skip
_LATIN_DIGRAPHS = [
    ("ph", "f"), ("dj", "j"), ("ch", "s"), ("sh", "s"), ("kh", "k"), ("gh", "g"), ("th", "t"),
    ("dh", "d"), ("ou", ""), ("q", "k"), ("c", "k"), ("x", "ks"), ("w", ""), ("y", ""), ("p", "b"),
    ("v", "f"), ("e", ""), ("a", ""), ("i", ""), ("o", ""), ("u", ""),
]  # fmt: skip


# "c" before e, i or y sounds "s" (Youcef, Naciri, Cissé).
_SOFT_C = re.compile("c(?=[eiy])")


def skeleton(name: str) -> str:
    """The consonants of a name (either script), without the Arabic article, doubled letters
    or a final silent h. Used only to propose possible duplicates."""
    words = []
    for word in fold(name).split():
        if re.match("[\u0600-\u06ff]", word):
            if word.startswith("ال") and len(word) > 3:
                word = word[2:]
            if word.endswith("ه"):
                word = word[:-1]
            latin = "".join(_ARABIC_TO_LATIN.get(c, "") for c in word)
        elif word in {"el", "al"}:
            continue
        else:
            latin = _SOFT_C.sub("s", word)
            for old, new in _LATIN_DIGRAPHS:
                latin = latin.replace(old, new)
            if latin.endswith("h"):
                latin = latin[:-1]
        latin = re.sub(r"(.)\1+", r"\1", latin)
        if latin:
            words.append(latin)
    return " ".join(words)
