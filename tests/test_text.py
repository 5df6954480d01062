"""The text stage: normalisation keeps a map back to the original, language, sentences."""
import re

import pytest
from hypothesis import given, strategies as st

from sijill.text import detect_language, fold, normalize, split_sentences

ARABIC_ALPHABET = "ابتثجحخدذرسشصضطظعغفقكلمنهويءأإآةىؤئ" + "\u064b\u064e\u064f\u0650\u0651\u0652\u0640" + "یکپچژگ\u200c ٠١٢٣۴۵"


@given(st.text(alphabet=ARABIC_ALPHABET + "abc .،", max_size=80))
def test_normalisation_is_idempotent(s):
    assert fold(fold(s)) == fold(s)
    assert normalize(normalize(s).norm).norm == normalize(s).norm


@given(st.text(alphabet=ARABIC_ALPHABET, min_size=1, max_size=60), st.data())
def test_every_normalised_span_maps_back_to_the_characters_it_came_from(s, data):
    nt = normalize(s)
    if not nt.norm:
        return
    i = data.draw(st.integers(0, len(nt.norm) - 1))
    j = data.draw(st.integers(i + 1, len(nt.norm)))
    a, b = nt.to_original(i, j)
    assert 0 <= a < b <= len(s)
    # runs of spaces are kept as one (normalize's design: a dropped quote must not split a name)
    assert re.sub(" +", " ", fold(s[a:b])) == re.sub(" +", " ", nt.norm[i:j])


def test_persian_and_arabic_spellings_of_one_name_meet():
    assert fold("دیرالزور") == fold("ديرالزور")
    assert fold("درگیری‌ها") == fold("درگیریها")
    assert fold("قُتِلَ") == fold("قتل")
    assert fold("مقتلـــه") == fold("مقتله")
    assert fold("أمس") == fold("امس")
    assert fold("البصیره") == fold("البصيرة")


@pytest.mark.parametrize("mark", ["\u061c", "\u00ad", "\u2060", "\u200b", "\u180e"])
def test_invisible_format_characters_inside_a_word_do_not_stop_it_matching(mark):
    # pasted and scraped text carries Arabic letter marks, soft hyphens and word joiners
    # inside words; they are dropped for matching and the spans still index the text itself
    text = f"قوات سوريا الديمق{mark}راطية سيطرت على دير ال{mark}زور"
    nt = normalize(text)
    assert nt.norm == fold("قوات سوريا الديمقراطية سيطرت على دير الزور")
    i = nt.norm.index("دير الزور")
    a, b = nt.to_original(i, i + len("دير الزور"))
    assert text[a:b] == f"دير ال{mark}زور"


def test_eastern_and_persian_digits_read_as_numbers():
    assert fold("٣٠ عنصراً") == "30 عنصرا"
    assert fold("۱۲ نفر") == "12 نفر"


def test_language_of_persian_and_arabic_pages():
    assert detect_language("درگیری‌های شدیدی بین شبه نظامیان قسد و عشایر در دیرالزور روی داده است که") == "fa"
    assert detect_language("قالت مصادر محلية إن اشتباكات اندلعت في ريف دير الزور الشرقي بين قسد والعشائر") == "ar"
    assert detect_language("Clashes broke out between the SDF and tribal fighters near Deir ez-Zor on Sunday.") == "en"


def test_sentences_carry_offsets_into_the_text():
    text = "قصف مدفعي على القرية.\nوقالت مصادر إن 3.5 كيلومتر؟ نعم"
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["قصف مدفعي على القرية.", "وقالت مصادر إن 3.5 كيلومتر؟", "نعم"]
    for s in sents:
        assert text[s.start:s.end] == s.text
