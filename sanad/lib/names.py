"""Names compared across Arabic and Latin script, for possible duplicates and search.

A name becomes *parts*: folded words with the particles joined to the word they belong to
(Ben Ali = Benali = بن علي, Abdel Kader = Abdelkader = عبد القادر, Ould, Aït) and the
article dropped (El Alaoui = Alaoui = العلوي). Each part has a consonant *skeleton* shared by
both scripts (`text.skeleton`), so that Mohamed, Mohammed, Muhammad and محمد meet. Two
names match when every part of the shorter one finds its own part in the other.
docs/duplicates.md gives the measured precision and recall."""

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from sanad.lib.text import fold, skeleton

# Joined to the word that follows them.
PARTICLES = {
    "ben", "bin", "bn", "ibn", "bent", "bint", "ould", "ait", "abd", "abdel", "abdul", "abdal",
    "abdou", "abou", "abu", "bou", "oulad",
    "بن", "ابن", "بنت", "ولد", "ايت", "عبد", "ابو", "بو", "اولاد",
}  # fmt: skip
# Articles standing alone, dropped (the attached Arabic article is dropped by the skeleton).
ARTICLES = {"el", "al", "ال", "ed", "er", "es", "et", "ez", "ad", "ar", "as", "at", "az"}
# "Abdel", "Abdul", "Abdal", "Abdou" + a name: the article or vowel after Abd goes.
_ABD = re.compile(r"^(abd|عبد)(?:el|al|ul|ou|u|ال)")
_LATIN = re.compile("[a-z]")
# "Elfassi", "Elidrissi": the article glued to a name (not "Elias", "Elhoussine" keeps h).
_GLUED_EL = re.compile("^el(?=[bcdfghjklmnpqrstvwxz]{1}[a-z]{3,})")


def parts(name: str) -> list[str]:
    """The words of `name` with particles joined and standalone articles dropped."""
    words, found = fold(name).split(), []
    joining = ""
    for word in words:
        if word in ARTICLES and (joining or found or len(words) > 1):
            continue
        if _single(word) in PARTICLES or (len(word) == 1 and _LATIN.match(word)):
            joining += word  # N'Diaye, M'Barek: a lone letter belongs to the next word
            continue
        word = _GLUED_EL.sub("", word)
        found.append(_ABD.sub(r"\1", joining + _strip_article(word) if joining else word))
        joining = ""
    if joining:
        found.append(joining)
    return [_ABD.sub(r"\1", part) for part in found]


def _single(word: str) -> str:
    """`word` with doubled letters made single (a particle typed "Ouldd" is still Ould)."""
    return re.sub(r"(.)\1+", r"\1", word)


def _strip_article(word: str) -> str:
    for article in ("al", "el", "ال"):
        if word.startswith(article) and len(word) > len(article) + 2:
            return word[len(article) :]
    return word


@lru_cache(maxsize=65536)
def skeletons(name: str) -> tuple[str, ...]:
    """The consonant skeleton of each part of `name`, in order; a part with no consonant
    to speak of (Awa, Aya) stays as it is written. Kept per name: an import reads the same
    first names thousands of times."""
    return tuple(skeleton(part).replace(" ", "") or part for part in parts(name))


def latin(name: str) -> bool:
    return bool(_LATIN.search(fold(name)))


def _one_apart(a: str, b: str) -> bool:
    """Whether `b` is `a` with one letter changed, added or dropped (a linear check)."""
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return False
    i = next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def _same_part(a: str, b: str) -> bool:
    """Two skeletons that may be the same word: equal, or one letter apart (not single
    letters, and not when a digit tells two identifiers apart)."""
    if a == b:
        return True
    digits = any(ch.isdigit() for ch in a + b)
    return not digits and min(len(a), len(b)) >= 2 and _one_apart(a, b)


def _matched(left: list[str], right: list[str]) -> int:
    """How many parts of `left` find a distinct part in `right` (exact ones first)."""
    free = list(right)
    matched = 0
    for exact in (True, False):
        for part in list(left):
            for other in free:
                if (part == other) if exact else _same_part(part, other):
                    free.remove(other)
                    left = [p for p in left if p is not part]
                    matched += 1
                    break
    return matched


@dataclass(frozen=True)
class Person:
    """What the comparison reads of a record: names in both scripts, sex, birth year and
    establishment (each may be empty)."""

    latin: str = ""
    arabic: str = ""
    sex: str = ""
    birth_year: int | None = None
    establishment: int | None = None

    @cached_property
    def spellings(self) -> list[tuple[str, ...]]:
        """The part skeletons of each script the person's name is written in."""
        return [s for s in (skeletons(self.latin), skeletons(self.arabic)) if s]


def _compounds(left: list[str], right: list[str]) -> list[str]:
    """`left` with two neighbours joined where `right` writes them as one word (Nour Eddine
    and Noureddine)."""
    joined, i = [], 0
    while i < len(left):
        if i + 1 < len(left) and left[i] + left[i + 1] in right:
            joined.append(left[i] + left[i + 1])
            i += 2
        else:
            joined.append(left[i])
            i += 1
    return joined


def name_match(a: Person, b: Person) -> bool:
    """Every part of the shorter name (at least two) found in the other, in some script."""
    for left in a.spellings:
        for right in b.spellings:
            left, right = _compounds(left, right), _compounds(right, left)
            shorter = min(len(left), len(right))
            if shorter >= 2 and _matched(left, right) >= shorter:
                return True
    return False


def compare(a: Person, b: Person) -> list[str]:
    """Why `b` may be the same person as `a` (empty when not): the reasons a coordinator
    reads. Matching names and a compatible sex and birth year are required; the same
    establishment is noted as supporting evidence. The cheap checks come first."""
    if a.sex and b.sex and a.sex != b.sex:
        return []
    born = bool(a.birth_year and b.birth_year)
    if born and abs(a.birth_year - b.birth_year) > 1:
        return []
    if not name_match(a, b):
        return []
    reasons = ["name"]
    if born:
        reasons.append("birth year")
    if a.establishment and a.establishment == b.establishment:
        reasons.append("establishment")
    return reasons


def keys(person: Person) -> set[str]:
    """Blocking keys: each pair of part skeletons of either script (two neighbours joined
    too, in a name of three parts or more), and each pair with one letter dropped from one
    of them, so that two matching names share a key even with one letter typed differently."""
    found = set()
    for spelling in person.spellings:
        pairs = {(x, y) for i, x in enumerate(spelling) for y in spelling[i + 1 :]}
        # Two neighbours written as one word elsewhere (Fatima Zahra / Fatimazahra), with
        # each other part: only a name of three parts or more has one to pair them with.
        for i, (a, b) in enumerate(zip(spelling, spelling[1:], strict=False)):
            pairs |= {(a + b, other) for other in spelling[:i] + spelling[i + 2 :]}
        for x, y in pairs:
            found |= {(x, y)} | {(v, y) for v in _dropped(x)} | {(x, v) for v in _dropped(y)}
    return {" ".join(sorted(pair))[:60] for pair in found if pair[0] != pair[1]}


def _dropped(part: str) -> set[str]:
    return {part[:i] + part[i + 1 :] for i in range(len(part))} if len(part) > 2 else set()


def search_terms(*names: str) -> str:
    """Extra words for the search text: the joined parts (Benali for Ben Ali) and the
    skeletons (prefixed "~") so that a name typed in the other script is found."""
    joined = {p for name in names for p in parts(name)}
    ghosts = {f"~{s}" for name in names for s in skeletons(name) if len(s) >= 2}
    return " ".join(sorted(joined | ghosts))
