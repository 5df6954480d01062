"""Page boilerplate is removed line by line; every line of the report is kept exactly as it was,
on invented pages and on the real seed pages of ../shared."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from sijill.ingest import iter_documents
from sijill.ingest.boilerplate import KINDS, clean_text, is_boilerplate, load_rules, parse_rules
from sijill.model import Document, Options

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "eval" / "seeds"

# Invented report lines.
BODY = [
    "قُتل ما لا يقل عن سبعة مدنيين بينهم طفلان، الليلة الماضية، بقصف مدفعي لميليشيا أسد استهدف بلدة الشحيل في ريف دير الزور الشرقي.",
    "وقالت مصادر محلية إن القذائف انطلقت من مواقع قوات النظام في مدينة الميادين على الضفة المقابلة لنهر الفرات.",
    "وأعلنت قسد في بيان اليوم الثلاثاء أن مقاتليها ردّوا على مصادر النيران.",
    "منابع محلی روز یکشنبه اعلام کردند که مزدوران قسد به روستاهای اطراف البصیره حمله کردند.",
]
# Furniture in the forms the brief and the seed pages show, written afresh.
FURNITURE = [
    "Facebook", "WhatsApp", "Telegram", "Twitter", "فيسبوك", "  واتساب", "Facebook Twitter WhatsApp",
    "التعليقات (0)", "تعليقات (12)", "0", "    0", "17", "💡", "✨ ✨", "•",
    "الأكثر قراءة", "💡 أهم المواضيع", "✨ أهم التصنيفات", "مقالات ذات صلة", "اقرأ أيضاً: قسد تعتقل شباناً في هجين",
    "دیدگاهتان را بنویسید", "نشانی ایمیل شما منتشر نخواهد شد. بخشهای موردنیاز علامتگذاری شدهاند *",
    "نشانی ایمیل شما منتشر نخواهد شد. بخش‌های موردنیاز علامت‌گذاری شده‌اند *",
    "5 − یک =", "۳ + ۴ =", "editor4", "admin", "المصدر", "جميع الحقوق محفوظة © 2021", "3 دقائق للقراءة",
    "اشتراک گذاری", "Your email address will not be published. Required fields are marked *",
]


def test_the_shipped_rules_load_and_describe_their_format():
    rules = load_rules()
    assert rules.exact and rules.prefixes and rules.headings and rules.regex is not None
    text = resources.files("sijill").joinpath("knowledge", "data", "boilerplate.tsv").read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    for kind in KINDS:
        assert kind in header
    kinds_used = {line.split("\t")[0] for line in text.splitlines() if line and not line.startswith("#")}
    assert kinds_used == set(KINDS) | {"kind"}


@pytest.mark.parametrize("rule,message", [
    ("kind\tlang\tpattern\tcomment\nsometimes\tar\tx\ty", ":2: kind 'sometimes' is not one of"),
    ("kind\tlang\tpattern\tcomment\nregex\tar\t(unclosed\ty", ":2: bad regular expression"),
    ("kind\tlang\tpattern\tcomment\nexact\t*\t💡\ty", ":2: pattern '💡' is empty once folded"),
    ("kind\tlang\tpattern\tcomment\nexact only", ":2: a rule needs kind, lang and pattern"),
])
def test_a_bad_rule_is_refused_with_its_line(rule, message):
    with pytest.raises(ValueError, match=message):
        parse_rules(rule, "test.tsv")


@pytest.mark.parametrize("line", FURNITURE)
def test_page_furniture_is_boilerplate(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", BODY + ["SY24 -خاص", "المصدر: رصد", "من تنظيم داعش من جهة أخرى.",
                                         "اشتباكات بين قسد ومقاتلين من العشائر في ذيبان", "2 − 1"])
def test_report_lines_are_not_boilerplate(line):
    assert not is_boilerplate(line)


def test_kept_lines_keep_every_character():
    odd = ["  وقالت مصادر محلية إن القصف استمر\u00a0 حتى الفجر.  ", "قُتِلَ ثلاثةُ عناصرَ «من قسد» في هجين.\t"]
    text = "\n".join([odd[0], "Facebook", odd[1], "0"])
    assert clean_text(text).split("\n") == odd


def test_a_related_articles_heading_near_the_end_drops_the_tail_of_links():
    text = "\n\n".join(BODY) + "\n\nمقالات ذات صلة\nقسد تعتقل شبانا في ريف دير الزور\nمقتل عنصرين من ميليشيا أسد بانفجار لغم\n"
    assert clean_text(text) == "\n\n".join(BODY)


def test_a_heading_followed_by_report_paragraphs_drops_only_itself():
    text = f"{BODY[0]}\nاقرأ أيضاً\nقسد تعتقل شبانا في ريف دير الزور\n{BODY[1]}\n{BODY[2]}"
    assert clean_text(text).split("\n") == [BODY[0], "قسد تعتقل شبانا في ريف دير الزور", BODY[1], BODY[2]]


def test_a_headline_printed_twice_is_kept_once():
    title = "مقتل سبعة مدنيين بقصف لميليشيا أسد على بلدة الشحيل"
    assert clean_text(f"{title}\n\n{title}\n{BODY[0]}") == f"{title}\n\n{BODY[0]}"


def test_runs_of_blank_lines_collapse_and_dropped_lines_leave_no_gap():
    text = f"\n\n{BODY[0]}\n\n\n\n{BODY[1]}\nWhatsApp\n{BODY[2]}\n\n   \n"
    assert clean_text(text) == f"{BODY[0]}\n\n{BODY[1]}\n{BODY[2]}"


@given(st.lists(st.sampled_from(BODY + FURNITURE + ["", "  "]), max_size=25))
def test_the_clean_text_is_the_report_lines_in_their_order(lines):
    out = clean_text("\n".join(lines))
    kept = [line for line in out.split("\n") if line]
    body = [line for line in lines if line in BODY]
    body = [line for i, line in enumerate(body) if i == 0 or body[i - 1] != line]   # doubled lines go
    assert kept == body or (not body and out == "")
    assert clean_text(out) == out


def test_long_paragraphs_are_never_dropped_whatever_they_begin_with():
    paragraph = "اقرأ أيضاً " + BODY[0] * 3
    assert clean_text(paragraph) == paragraph


# ---------------------------------------------------------------- the real seed pages

# The boilerplate lines the seed pages are known to carry (listed by the brief, not read from them).
SEED_FURNITURE = {"التعليقات (0)", "0", "الأكثر قراءة", "💡 أهم المواضيع", "✨ أهم التصنيفات", "مقالات ذات صلة",
                  "Facebook", "WhatsApp", "Telegram", "دیدگاهتان را بنویسید",
                  "نشانی ایمیل شما منتشر نخواهد شد. بخشهای موردنیاز علامتگذاری شدهاند *", "5 − یک =",
                  "المصدر", "editor4"}

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"reference data {SEEDS} is absent "
                                 "(../shared beside the repository); seed-page checks skipped")


def seed_pages():
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


@pytest.mark.shared
@needs_seeds
@pytest.mark.parametrize("path", seed_pages(), ids=lambda p: p.stem)
def test_every_body_paragraph_of_a_seed_page_survives_verbatim(path):
    original = path.read_text(encoding="utf-8").split("\n")
    (doc,) = iter_documents([path], Options())
    assert isinstance(doc, Document), str(doc)
    clean = doc.text.split("\n")
    # A body paragraph: any line of four words or more that is not listed furniture.
    body = [line for line in original if len(line.split()) >= 4 and line.strip() not in SEED_FURNITURE]
    assert body
    for line in body:
        assert line in clean, line[:60]
    # nothing invented or reordered: the clean lines are original lines, in order
    it = iter(original)
    assert all(any(line == o for o in it) for line in clean if line)


@pytest.mark.shared
@needs_seeds
@pytest.mark.parametrize("path", seed_pages(), ids=lambda p: p.stem)
def test_no_listed_boilerplate_line_is_left_on_a_seed_page(path):
    (doc,) = iter_documents([path], Options())
    left = {line.strip() for line in doc.text.split("\n")} & SEED_FURNITURE
    assert not left
