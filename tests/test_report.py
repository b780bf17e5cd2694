"""report.html: content, escaping, valid HTML, and the page as a browser shows it (headless Chromium)."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest

from stanceclf.actors import Analysis, SentenceRow, actor_table, analyze_folder, export
from stanceclf.report import CAVEATS, headless_browser, net_colour, render_html

ROOT = Path(__file__).resolve().parent.parent
SEED = sorted((ROOT / "data" / "articles").glob("00[0-4]_*.txt"))
EVIL = '<script>alert("x")</script> & <b>bold</b>'


def sentence(i: int, speaker: str, stance: str, target: str = "biometric_surveillance", text: str = "") -> SentenceRow:
    proba = {"NONE": 0.1, "AGAINST": 0.1, "FAVOR": 0.1}
    proba[stance] = 0.8
    return SentenceRow(
        f"d{i % 2}-{i}", f"d{i % 2}", None, text or f"Sentence {i}.", speaker, "politician", "", "subject-verb",
        target, "keyword", stance, proba,
    )  # fmt: skip


@pytest.fixture
def analysis() -> Analysis:
    rows = [
        sentence(1, "Renew", "FAVOR"),
        sentence(2, "Renew", "FAVOR"),
        sentence(3, "France", "AGAINST", text=EVIL),
        sentence(4, "France", "NONE"),
        sentence(5, 'EDPB & "EDPS" <joint>', "FAVOR", "social_scoring"),
        sentence(6, "author", "NONE"),
    ]
    timeline = actor_table([r for r in rows if r.doc == "d0"], period="d0")
    timeline += actor_table([r for r in rows if r.doc == "d1"], period="d1")
    return Analysis(rows, actor_table(rows), timeline)


class _Balance(HTMLParser):
    """Checks that every opened element is closed in order (void elements aside)."""

    VOID = {"meta", "link", "br", "hr", "img", "input", "col", "area", "base", "wbr", "source"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.ids += [v for k, v in attrs if k == "id"]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.ids += [v for k, v in attrs if k == "id"]

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> at {self.getpos()} closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def test_article_text_is_escaped(analysis) -> None:
    page = render_html(analysis)
    assert page.count("<script") == 1  # only the page's own script
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert "EDPB &amp; &quot;EDPS&quot; &lt;joint&gt;" in page
    assert "<b>bold</b>" not in page


def test_html_is_balanced_and_ids_unique(analysis) -> None:
    checker = _Balance()
    checker.feed(render_html(analysis))
    checker.close()
    assert checker.errors == [] and checker.stack == []
    assert len(checker.ids) == len(set(checker.ids))


@pytest.mark.filterwarnings(r"ignore:target\(s\):UserWarning")
def test_html5lib_strict_parse(analysis, fitted_model) -> None:
    html5lib = pytest.importorskip("html5lib", reason="html5lib is in the 'test' extra: pip install -e '.[test]'")
    html5lib.HTMLParser(strict=True).parse(render_html(analysis))  # raises on any parse error
    seed = render_html(analyze_folder(SEED[:2], fitted_model), fitted_model)  # real text, explanations, timeline
    html5lib.HTMLParser(strict=True).parse(seed)
    assert "://" not in seed and " src=" not in seed  # self-contained: nothing to fetch


def test_page_content_and_model_header(analysis, fitted_model) -> None:
    manifest = {
        "preset": "aipolicy",
        "library_version": "0.1.0",
        "training": {"n_records": 460},
        "evaluation": {"protocol": "leave-one-article-out", "n": 460, "f_avg": 0.478, "f_avg_ci": [0.424, 0.531],
                       "macro_f1": 0.506, "accuracy": 0.563, "per_class": {"FAVOR": {"f1": 0.656}}},
    }  # fmt: skip
    page = render_html(analysis, fitted_model, model_name="aipolicy", manifest=manifest)
    assert "<code>aipolicy</code>, preset <code>aipolicy</code>" in page
    assert "<strong>0.478</strong> (95% CI 0.424–0.531)" in page and "accuracy 0.563" in page
    assert all(figure in page for figure in re.findall(r"\d+\.\d%", CAVEATS[0]))  # the README's caveats
    assert "id='actor-chart'" in page and "id='sentence-table'" in page and "id='timeline-grid'" in page
    # Chart: one row per actor with a stance sentence, each linking to its sentences.
    assert page.count("class='actor-row'") == 3
    assert "href='#actor=Renew&amp;target=biometric_surveillance'" in page
    assert page.index(">Renew</a>") < page.index(">EDPB &amp;")  # more stance sentences first... per group
    # "author" has only NONE sentences: listed under the chart, not charted.
    assert "with no FAVOR or AGAINST sentence" in page
    assert page.count("<details class='why ") == 6  # features behind every stance, on demand
    assert "no manifest" in render_html(analysis, model_name="x") and "<details class='why " not in render_html(
        analysis
    )


def test_caveats_match_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    test = json.loads((ROOT / "benchmarks" / "results" / "speakers.json").read_text("utf-8"))["test"]
    for value in (test["lenient_accuracy"], test["at_threshold"]["precision"]):
        figure = f"{100 * value:.1f}%"
        assert f"**{figure}**" in readme and figure in CAVEATS[0]


def test_optional_speaker_fields_are_shown_when_present(analysis) -> None:
    sentences = [{**vars(s), "speaker_confidence": 0.42, "aliases": ["Renew Europe"]} for s in analysis.sentences]
    actors = [{**vars(r), "aliases": ["Renew Europe"]} for r in analysis.actors]
    page = render_html(SimpleNamespace(sentences=sentences, actors=actors))
    assert "confidence 0.42" in page and "also: Renew Europe" in page
    assert "confidence" not in render_html(analysis).split('id="sentences"')[1].split("<script>")[0]


def test_empty_analysis_renders() -> None:
    page = render_html(Analysis([], []))
    assert "0 sentences from 0 articles" in page and "No actor has a FAVOR or AGAINST sentence" in page


def test_net_colour_diverges() -> None:
    assert net_colour(1.0).lower() == "#0072b2" and net_colour(-1.0).lower() == "#d55e00"
    assert net_colour(0.0) == net_colour(None) == "#8c8c8c"


def test_export_writes_report_html(analysis, tmp_path) -> None:
    export(analysis, tmp_path)
    assert "id='actor-chart'" in (tmp_path / "report.html").read_text("utf-8")


# --- in a browser ---------------------------------------------------------------------------------

def _browser(profile: Path) -> list[str]:
    command = headless_browser(profile)
    if command is None:
        pytest.skip(
            "no Chromium on PATH: install one to run the browser test, e.g. 'apt-get install chromium' (Debian; "
            "'chromium-browser' on Ubuntu), 'brew install --cask chromium' (macOS); .ci/run installs it"
        )
    return command


class _Rows(HTMLParser):
    """Rows of the sentence table and whether they are hidden, from a DOM dump."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, str | None]] = []
        self.count = ""
        self._in_table = self._in_count = False
        self.chart_rows = self.circles = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and a.get("id") == "sentence-table":
            self._in_table = True
        elif tag == "tr" and self._in_table and "data-stance" in a:
            self.rows.append(a)
        elif tag == "tr" and a.get("class") == "actor-row":
            self.chart_rows += 1
        elif tag == "circle" and a.get("class") == "net":
            self.circles += 1
        self._in_count = tag == "output" and a.get("id") == "f-count"

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_table = False
        self._in_count = False

    def handle_data(self, data):
        if self._in_count:
            self.count += data


def _dump_dom(page: Path, fragment: str, tmp_path: Path) -> _Rows:
    command = [*_browser(tmp_path / "profile"), "--dump-dom", page.as_uri() + fragment]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    rows = _Rows()
    rows.feed(result.stdout)
    return rows


@pytest.mark.filterwarnings(r"ignore:target\(s\):UserWarning")
def test_report_in_headless_chromium_shows_chart_table_and_filters(tmp_path, fitted_model) -> None:
    analysis = analyze_folder(SEED[:2], fitted_model)
    export(analysis, tmp_path / "out", model=fitted_model, model_name="test-model")
    page = tmp_path / "out" / "report.html"
    stance_actors = [r for r in analysis.actors if r.favor + r.against]
    actor = stance_actors[0]

    unfiltered = _dump_dom(page, "", tmp_path)
    assert unfiltered.chart_rows == len(stance_actors) and unfiltered.circles == len(stance_actors)
    assert len(unfiltered.rows) == len(analysis.sentences) and all("hidden" not in r for r in unfiltered.rows)
    assert unfiltered.count == f"{len(analysis.sentences)} of {len(analysis.sentences)} sentences"

    # The link of the first chart row, narrowed to one stance: the script hides every other row.
    stance = "FAVOR" if actor.favor else "AGAINST"
    fragment = "#" + urlencode({"actor": actor.actor, "target": actor.target, "stance": stance})
    filtered = _dump_dom(page, fragment, tmp_path)
    visible = [r for r in filtered.rows if "hidden" not in r]
    wanted = (actor.actor, actor.target, stance)
    expected = [s.id for s in analysis.sentences if (s.speaker, s.target, s.stance) == wanted]
    assert [r["id"] for r in visible] == [f"s-{i}" for i in expected] and visible
    assert len(filtered.rows) == len(analysis.sentences)  # hidden, not removed
    assert filtered.count == f"{len(expected)} of {len(analysis.sentences)} sentences"


@pytest.mark.filterwarnings(r"ignore:target\(s\):UserWarning")
def test_cli_analyze_writes_the_report_with_the_model_name(tmp_path, fitted_model, monkeypatch, capsys) -> None:
    from stanceclf.cli import main

    monkeypatch.setattr("stanceclf.cli.analyze.load_model", lambda name=None: fitted_model)
    assert main(["analyze", str(SEED[0]), "--out", str(tmp_path / "a"), "--model", "mine"]) == 0
    page = (tmp_path / "a" / "report.html").read_text("utf-8")
    assert "<code>mine</code>" in page and "<details class='why " in page
    assert main(["analyze", str(SEED[0]), "--out", str(tmp_path / "b"), "--explain-top", "0"]) == 0
    assert "<details class='why " not in (tmp_path / "b" / "report.html").read_text("utf-8")
    assert main(["analyze", str(SEED[0]), "--out", str(tmp_path / "c"), "--explain-top", "-1"]) == 2
    assert "explain_top must be >= 0" in capsys.readouterr().err and not (tmp_path / "c" / "report.html").exists()
