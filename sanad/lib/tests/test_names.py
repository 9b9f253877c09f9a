"""Names across scripts, measured on a labelled set of name pairs (name_pairs.csv).

The set holds 341 pairs: 190 records of the same person written twice (Latin variants,
Arabic script, particles split or joined, typing slips, a birth year off by one or missing)
and 151 of different people (another family or first name, namesakes born years apart or
with no birth year, Karim and Karima), Moroccan and West-African names. docs/duplicates.md
says how it was built."""

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanad.lib.names import Person, _one_apart, compare, keys, parts, skeletons

PAIRS = Path(__file__).with_name("name_pairs.csv")


def _people(row):
    def person(side):
        year = row[f"{side}_birth_year"]
        return Person(
            row[f"{side}_latin"],
            row[f"{side}_arabic"],
            row[f"{side}_sex"],
            int(year) if year else None,
        )

    return person("a"), person("b")


def _flagged(a, b) -> bool:
    """What registration does: compared only when the two share a blocking key."""
    return bool(keys(a) & keys(b)) and bool(compare(a, b))


def test_precision_and_recall_on_the_labelled_pairs():
    rows = list(csv.DictReader(PAIRS.open(encoding="utf-8")))
    assert len(rows) >= 300
    assert sum(1 for r in rows if (r["a_latin"] == "") != (r["b_latin"] == "")) >= 30
    found = [(_flagged(*_people(r)), r["same"] == "1") for r in rows]
    true = sum(1 for flagged, same in found if flagged and same)
    precision = true / sum(1 for flagged, _same in found if flagged)
    recall = true / sum(1 for _flagged, same in found if same)
    assert precision >= 0.9 and recall >= 0.95, (precision, recall)


@pytest.mark.parametrize(
    "one, other",
    [
        ("Mohamed Benali", "Mohammed Ben Ali"),
        ("محمد بن علي", "Mohammed Ben Ali"),
        ("Abdelkader Tazi", "عبد القادر التازي"),
        ("Fatima Zahra El Alaoui", "Fatimazahra Alaoui"),
        ("Noureddine Ouazzani", "Nour Eddine Wazzani"),
        ("Moussa N'Diaye", "Musa Ndiaye"),
        ("Youcef Naciri", "يوسف الناصري"),
        ("Said Ould Ahmed", "سعيد ولد أحمد"),
        ("Brahim Aït Ouarab", "Ibrahim Ait Ouarab"),
    ],
)
def test_one_person_written_two_ways_is_one_name(one, other):
    a, b = (
        Person(latin=n) if "a" <= n[0].lower() <= "z" else Person(arabic=n) for n in (one, other)
    )
    assert _flagged(a, b)


def test_particles_are_joined_and_articles_dropped():
    assert parts("Mohammed Ben Ali") == ["mohammed", "benali"]
    assert parts("El Alaoui") == parts("Alaoui") == ["alaoui"]
    assert skeletons("عبد الله") == skeletons("Abdellah") == skeletons("Abdallah")


def test_different_people_are_not_one():
    born = {"sex": "M", "birth_year": 1990}
    assert not compare(Person("Karim Tazi", **born), Person("Karima Tazi", "", "F", 1990))
    assert not compare(Person("Mohamed Benali", **born), Person("Mohamed Berrada", **born))
    assert not compare(Person("Mohamed Benali", **born), Person("Mohamed Benali", "", "M", 1975))
    assert compare(Person("Mohamed Benali", **born), Person("Mohamed Benali", "", "M", 1991))


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@given(st.text("bdkmnrst", max_size=7), st.text("bdkmnrst", max_size=7))
def test_one_letter_apart_is_an_edit_distance_of_one_at_most(a, b):
    assert _one_apart(a, b) == (_levenshtein(a, b) <= 1)
