"""HTML pages: the report's paragraphs are kept, the page's chrome is dropped, metadata is read,
and a broken page still gives the text it has."""
from __future__ import annotations

from datetime import date

from sijill.ingest import iter_documents
from sijill.model import Document, InputProblem, Options

# An invented report.
TITLE = "مقتل عنصرين من قسد بانفجار لغم خلال حملة دهم في هجين"
PARAGRAPHS = [
    "نفذت ميليشيا قسد بمساندة مروحيات التحالف الدولي، فجر اليوم الأربعاء، حملة دهم في بلدة هجين بريف دير الزور الشرقي، اعتقلت خلالها ستة شبان.",
    "وقالت مصادر محلية إن لغماً أرضياً انفجر بإحدى آليات قسد عند أطراف البلدة، ما أدى إلى مقتل عنصرين وإصابة آخرين.",
    "وأضافت المصادر أن عناصر الحملة أطلقوا النار في الهواء لتفريق محتجين تجمعوا أمام مدرسة البلدة، من دون تسجيل إصابات.",
    "وتخطط قسد لإقامة نقاط تفتيش جديدة على الطريق بين هجين والشعفة خلال الأسبوع المقبل، وفق المصادر ذاتها.",
]
CHROME = ["اتصل بنا", "أخبار حلب", "فيسبوك", "واتساب", "التعليقات", "أضف تعليقاً", "الاسم",
          "تعليق قارئ يقول إن الخبر غير دقيق", "الأكثر قراءة", "قسد تفرض حظر تجول في بلدة الشعفة",
          "جميع الحقوق محفوظة", "سياسة الخصوصية"]


def page(body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{TITLE} | منصة ضفاف الفرات</title>
<meta property="og:site_name" content="منصة ضفاف الفرات">
<meta property="article:published_time" content="2021-06-16T09:30:00+03:00">
<script>var tracking = "الأكثر قراءة";</script><style>.share {{ color: red }}</style></head>
<body><header><nav><a href="/">الرئيسية</a> | <a href="/aleppo">أخبار حلب</a> | <a href="/contact">اتصل بنا</a></nav></header>
<main><article><h1>{TITLE}</h1>
<div class="share-buttons"><a href="#">فيسبوك</a> <a href="#">واتساب</a></div>
{body}
</article>
<section id="comments" class="comments"><h3>التعليقات (1)</h3>
<div class="comment"><p>تعليق قارئ يقول إن الخبر غير دقيق</p></div>
<form><label>الاسم</label><input name="name"><textarea></textarea><button>أضف تعليقاً</button></form></section>
<aside class="sidebar"><h3>الأكثر قراءة</h3><ul><li><a href="/1">قسد تفرض حظر تجول في بلدة الشعفة</a></li>
<li><a href="/2">التحالف يرسل تعزيزات إلى حقل العمر</a></li></ul></aside></main>
<footer><p>جميع الحقوق محفوظة © 2021</p><p><a href="/privacy">سياسة الخصوصية</a></p></footer></body></html>"""


def read_one(path) -> Document | InputProblem:
    items = list(iter_documents([str(path)], Options()))
    assert len(items) == 1
    return items[0]


def test_the_main_text_is_kept_and_the_chrome_dropped(tmp_path):
    path = tmp_path / "hajin.html"
    path.write_text(page("\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)), encoding="utf-8")
    doc = read_one(path)
    assert isinstance(doc, Document), str(doc)
    lines = doc.text.split("\n")
    for paragraph in PARAGRAPHS:
        assert paragraph in lines           # one paragraph a line, unchanged
    assert lines.index(PARAGRAPHS[0]) < lines.index(PARAGRAPHS[-1])
    for chrome in CHROME:
        assert chrome not in doc.text, chrome


def test_title_date_and_outlet_come_from_the_page(tmp_path):
    path = tmp_path / "hajin.html"
    path.write_text(page("\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)), encoding="utf-8")
    doc = read_one(path)
    assert (doc.id, doc.title, doc.published, doc.outlet, doc.language) == (
        "hajin", TITLE, date(2021, 6, 16), "منصة ضفاف الفرات", "ar")
    assert doc.text.startswith(TITLE)


def test_a_truncated_page_still_gives_its_text(tmp_path):
    whole = page("\n".join(f"<p>{p}</p>" for p in PARAGRAPHS))
    cut = whole[:whole.index(PARAGRAPHS[2]) + 40]      # ends inside the third paragraph, no closing tags
    path = tmp_path / "cut.html"
    path.write_text(cut, encoding="utf-8")
    doc = read_one(path)
    assert isinstance(doc, Document), str(doc)
    assert PARAGRAPHS[0] in doc.text and PARAGRAPHS[1] in doc.text
    assert PARAGRAPHS[2][:40] in doc.text


def test_a_short_notice_without_article_markup_still_gives_its_text(tmp_path):
    path = tmp_path / "notice.html"
    path.write_text(f"<html><body><nav><a href='/'>الرئيسية</a></nav><div>{PARAGRAPHS[1]}</div>"
                    "<footer>جميع الحقوق محفوظة</footer></body></html>", encoding="utf-8")
    doc = read_one(path)
    assert isinstance(doc, Document), str(doc)
    assert doc.text.strip() == PARAGRAPHS[1]


def test_paragraphs_split_by_line_breaks_stay_on_their_own_lines(tmp_path):
    path = tmp_path / "br.html"
    path.write_text(page("<div class='content'>" + "<br><br>".join(PARAGRAPHS) + "</div>"), encoding="utf-8")
    doc = read_one(path)
    for paragraph in PARAGRAPHS:
        assert paragraph in doc.text.split("\n")


def test_a_page_without_text_is_reported(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>var x = 1;</script></head><body><img src='a.png'></body></html>",
                    encoding="utf-8")
    assert str(read_one(path)) == f"{path}: no readable text in the HTML page"


def test_trafilatura_is_not_imported_until_a_page_is_read():
    import subprocess
    import sys
    code = "import sys, sijill.ingest, sijill.cli; print('trafilatura' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
