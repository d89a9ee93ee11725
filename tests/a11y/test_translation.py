"""Ready for translation: every visible string in a template goes through gettext, messages can
be extracted (Babel for the Jinja templates, ``makemessages`` for Python), and no sentence is
built by joining pieces (a translator must see, and may reorder, the whole sentence)."""

from __future__ import annotations

import ast
import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from jinja2 import Environment, nodes

from decision_aid.content import eligibility
from decision_aid.content.models import Route
from decision_aid.content.profile import (
    CHOICE_VALUES,
    HISTORY_VALUES,
    LIST_VOCABULARIES,
    MARKER_KEYS,
    MENOPAUSE_VALUES,
    Profile,
)
from decision_aid.core.forms import error_summary_params, field_params
from decision_aid.journey import forms as journey_forms
from decision_aid.journey import presenters
from decision_aid.journey.steps import STEPS
from decision_aid.journey.views import CODE_REJECTED, CODE_THROTTLED

# One xdist group: the module-scoped makemessages run is made once, on one worker (Makefile).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("translation")]  # runs makemessages

TEMPLATES = Path(settings.BASE_DIR) / "templates"
GETTEXT = {"_", "gettext", "ngettext", "pgettext", "npgettext"}
# Macro parameters the NHS.UK components show as text.
VISIBLE_KEYS = {
    "text", "html", "titleText", "summaryText", "label", "hint", "heading", "caption",
    "legend", "visuallyHiddenText", "descriptionText", "errorMessage", "titleHtml",
}  # fmt: skip
VISIBLE_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "aria-description"}
SKIPPED_ELEMENTS = {"script", "style"}
PRINTED_LITERAL = "\x01"  # stands for {{ "some words" }} in the shadow page below
EXPRESSION = "\x02"  # stands for any other {{ ... }}

ENV = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)  # parsed, never rendered


def templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.jinja"))


def words_like(value: object) -> bool:
    """A literal a person would read ("Save", "MDT pack: "), not a key, class or format."""
    if not isinstance(value, str) or not re.search(r"[A-Za-z]{2,}", value):
        return False
    return " " in value.strip() or value[:1].isupper()


def is_gettext(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Call) and getattr(node.node, "name", None) in GETTEXT


def _walk(node: nodes.Node, inside_gettext: bool = False):
    """Every node with whether it sits inside a gettext call's arguments."""
    yield node, inside_gettext
    inside = inside_gettext or is_gettext(node)
    for child in node.iter_child_nodes():
        yield from _walk(child, inside)


def printed_literals(expression: nodes.Node) -> list[str]:
    """String constants an expression prints as they are (not via gettext, not as arguments)."""
    if isinstance(expression, nodes.Const):
        return [expression.value] if isinstance(expression.value, str) else []
    if isinstance(expression, nodes.CondExpr):
        branches = [expression.expr1, expression.expr2]
        return [s for b in branches if b is not None for s in printed_literals(b)]
    if isinstance(expression, nodes.Concat):
        return [s for n in expression.nodes for s in printed_literals(n)]
    if isinstance(expression, nodes.Filter) and expression.node is not None:
        return printed_literals(expression.node)
    return []


def shadow_page(source: str) -> str:
    """The template as the browser would get it, with each {{ ... }} replaced by a marker.

    Line breaks are kept, so positions in the shadow page are lines of the template.
    """
    out: list[str] = []
    expression: list[str] | None = None
    for _lineno, kind, value in ENV.lexer.tokeniter(source, "template"):
        if kind == "data":
            out.append(value)
        elif kind == "variable_begin":
            expression = []
        elif kind == "variable_end" and expression is not None:
            code = "".join(expression)
            tree = ENV.parse("{{ " + code + " }}")
            literals = [
                s
                for output in tree.find_all(nodes.Output)
                for node in output.nodes
                for s in printed_literals(node)
            ]
            marker = PRINTED_LITERAL if any(re.search("[A-Za-z]", s) for s in literals) else ""
            out.append((marker or EXPRESSION) + "\n" * code.count("\n"))
            expression = None
        elif expression is not None:
            expression.append(value)
        else:
            out.append("\n" * value.count("\n"))
    return "".join(out)


class TextFinder(HTMLParser):
    """Text nodes and visible attributes that are written in the template itself."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.skipping = 0

    def _check(self, text: str) -> None:
        words = " ".join(text.replace(EXPRESSION, " ").split())
        if PRINTED_LITERAL in words or re.search("[A-Za-z]", words):
            self.found.append((self.getpos()[0], words.replace(PRINTED_LITERAL, "{{ '…' }}")))

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_ELEMENTS:
            self.skipping += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self._check(value)

    def handle_endtag(self, tag):
        if tag in SKIPPED_ELEMENTS:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self._check(data)


def untranslated(source: str) -> list[tuple[int, str]]:
    """(line, text) of each piece of visible text in a template that is not marked."""
    finder = TextFinder()
    finder.feed(shadow_page(source))
    finder.close()
    found = finder.found
    for node, in_gettext in _walk(ENV.parse(source)):
        if in_gettext:
            continue
        if isinstance(node, nodes.Pair) and isinstance(node.key, nodes.Const):
            if node.key.value in VISIBLE_KEYS:
                found += [(node.lineno, s) for s in printed_literals(node.value) if words_like(s)]
        elif isinstance(node, nodes.Assign | nodes.List | nodes.Tuple):
            values = [node.node] if isinstance(node, nodes.Assign) else node.items
            found += [
                (node.lineno, s)
                for value in values
                for s in printed_literals(value)
                if words_like(s)
            ]
    return sorted(set(found))


def concatenated(source: str) -> list[tuple[int, str]]:
    """(line, why) of each sentence joined from pieces with ~ or +."""
    found = []
    for node, _ in _walk(ENV.parse(source)):
        if isinstance(node, nodes.Concat):
            parts = node.nodes
        elif isinstance(node, nodes.Add):
            parts = [node.left, node.right]
        else:
            continue
        if any(is_gettext(p) for p in parts):
            found.append((node.lineno, "a translated string joined to other text"))
        elif any(isinstance(p, nodes.Const) and words_like(p.value) for p in parts):
            found.append((node.lineno, "words joined to other text"))
    return found


# --- Extraction --------------------------------------------------------------------------------


def test_babel_extracts_every_template_message_without_errors(tmp_path):
    method_map = [("**.jinja", "jinja2.ext.babel_extract")]
    # silent=false: a template with a syntax error fails the test instead of being skipped.
    jinja = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true", "silent": "false"}
    options = {"**.jinja": jinja}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2)}
    catalog = Catalog(locale="cy", project="decision-aid")
    files = set()
    for filename, lineno, message, comments, context in extract_from_dir(
        str(TEMPLATES), method_map, options, keywords=keywords
    ):
        files.add(filename)
        catalog.add(
            message, locations=[(filename, lineno)], auto_comments=comments, context=context
        )
    pot = tmp_path / "messages.pot"
    with pot.open("wb") as handle:
        write_po(handle, catalog)
    with pot.open("rb") as handle:
        messages = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    assert len(messages) > 300
    assert {"Words we use", "Accessibility statement", "Step %(number)s of %(total)s",
            "%(num)d patient"} <= messages  # fmt: skip
    assert len(files) >= 40  # every folder of templates, not just a few files


@pytest.fixture(scope="module")
def python_messages(tmp_path_factory):
    """``makemessages -l cy`` for the Python code, written to a temporary folder.

    Returns what it printed, what it printed as errors, and the catalogue it wrote (Babel reads
    the templates' messages; see above)."""
    folder = tmp_path_factory.mktemp("locale")
    repo_locale = Path(settings.BASE_DIR) / "locale"
    existed = repo_locale.exists()
    out, err = io.StringIO(), io.StringIO()
    here = Path.cwd()
    os.chdir(settings.BASE_DIR)
    try:
        with override_settings(LOCALE_PATHS=[folder]):
            call_command(
                "makemessages", locale=["cy"], extensions=["py"], verbosity=1, stdout=out,
                stderr=err, ignore_patterns=["node_modules", "tests", "benchmarks", "var",
                                             "static", "docs", "fixtures", "templates"],
            )  # fmt: skip
    finally:
        os.chdir(here)
    assert repo_locale.exists() == existed  # written to the temporary folder only
    with (folder / "cy" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalog = read_po(handle)
    return out.getvalue(), err.getvalue(), catalog


def test_makemessages_runs_clean_for_the_python_code(python_messages):
    out, err, _catalog = python_messages
    assert err == ""
    assert "processing locale cy" in out


# Each Python module with interface text: a message it must give the translators, and the
# fewest messages it should give (well below today's count, far above "a few got marked").
PYTHON_MESSAGES = {
    "decision_aid/journey/forms.py": ("Enter your access code", 50),
    "decision_aid/journey/views.py": (CODE_REJECTED, 2),
    "decision_aid/journey/presenters.py": ("Hospital days in the first 12 weeks: %(weeks)s.", 20),
    "decision_aid/journey/summary.py": ("What worries you about %(option)s", 12),
    "decision_aid/journey/questions.py": ("Is your cancer ER positive?", 70),
    "decision_aid/journey/models.py": ("Discussed at MDT", 5),
    "decision_aid/documents/presenters.py": ("MDT summary: patient preferences", 15),
    "decision_aid/core/forms.py": ("There is a problem", 2),
    "decision_aid/content/models.py": ("Drip into a vein", 40),
    "decision_aid/content/eligibility.py": ("Your cancer is %(marker)s negative.", 55),
    "decision_aid/journey/steps.py": ("Check your answers", 10),
    "decision_aid/documents/services.py": ("Generated %(when)s", 1),
}


def test_makemessages_finds_the_messages_of_every_python_module(python_messages):
    _out, _err, catalog = python_messages
    by_file: dict[str, set[str]] = {}
    for message in catalog:
        if not message.id:
            continue  # the header
        singular = message.id if isinstance(message.id, str) else message.id[0]
        for filename, _line in message.locations:
            by_file.setdefault(filename, set()).add(singular)
    for filename, (known, fewest) in PYTHON_MESSAGES.items():
        found = by_file.get(filename, set())
        assert known in found, f"{filename}: {known!r} is not marked for translation"
        assert len(found) >= fewest, f"{filename}: only {len(found)} messages"
    assert CODE_THROTTLED in by_file["decision_aid/journey/views.py"]
    assert len([m for m in catalog if m.id]) > 250


def test_python_counts_are_plural_messages_with_named_placeholders(python_messages):
    _out, _err, catalog = python_messages
    week = catalog.get(("week %(week)s: %(days)s day", "week %(week)s: %(days)s days"))
    assert week is not None and week.pluralizable
    assert "python-format" in week.flags
    trips = catalog.get(
        ("%(count)s hospital trip in 12 weeks.", "%(count)s hospital trips in 12 weeks.")
    )
    assert trips is not None and trips.pluralizable
    # No message is a piece of a sentence that code finishes off.
    pieces = [m.id for m in catalog if isinstance(m.id, str) and re.match(r"^\s|.*\s$", m.id)]
    assert pieces == []


def test_python_text_is_translated_when_shown_not_when_imported(tmp_path):
    """With a Welsh catalogue, the same objects speak Welsh or English by the active language:
    nothing was translated at import time, and nothing cached keeps the other language."""
    catalog = Catalog(locale="cy")
    catalog.add("Drip into a vein", "Drip i wythïen")
    catalog.add("Enter your access code", "Rhowch eich cod mynediad")
    catalog.add("There is a problem", "Mae problem")
    catalog.add("Hospital days in the first 12 weeks: %(weeks)s.",
                "Diwrnodau yn yr ysbyty yn y 12 wythnos gyntaf: %(weeks)s.")  # fmt: skip
    # One string per Welsh plural form, tagged, to show which form each count chose.
    forms = tuple(f"wythnos %(week)s: %(days)s diwrnod [{form}]" for form in range(6))
    catalog.add(("week %(week)s: %(days)s day", "week %(week)s: %(days)s days"), forms)
    folder = tmp_path / "locale" / "cy" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "django.mo").open("wb") as handle:
        write_mo(handle, catalog)
    burden = SimpleNamespace(hospital_days=(1, 2, 15), stay_days=())  # what a timeline reads

    def shown() -> tuple[str, ...]:
        form = journey_forms.AccessCodeForm({"code": ""})
        params = field_params(form["code"]).params
        return (
            presenters.timeline(burden).description,
            str(dict(Route.choices)[Route.DRIP]),
            params["label"]["text"],
            params["errorMessage"]["text"],
            error_summary_params(form)["titleText"],
        )

    english = (
        "Hospital days in the first 12 weeks: week 1: 2 days; week 3: 1 day.",
        "Drip into a vein", "Enter your access code", "Enter your access code",
        "There is a problem",
    )  # fmt: skip
    welsh = (
        "Diwrnodau yn yr ysbyty yn y 12 wythnos gyntaf: "
        "wythnos 1: 2 diwrnod [2]; wythnos 3: 1 diwrnod [1].",
        "Drip i wythïen", "Rhowch eich cod mynediad", "Rhowch eich cod mynediad", "Mae problem",
    )  # fmt: skip
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        for language, expected in [("cy", welsh), ("en-gb", english), ("cy", welsh)]:
            with translation.override(language):
                assert shown() == expected, language
                # What goes to the component cache is plain text, never a lazy string.
                params = field_params(journey_forms.AccessCodeForm()["code"]).params
                assert type(params["label"]["text"]) is str


# --- Visible text outside gettext ----------------------------------------------------------


def test_the_scanner_finds_text_that_is_not_marked_for_translation():
    source = """{% set page_title = "Plain title" %}
<p>Hello there</p><p>{{ _("Fine") }} – {{ count }}.</p>
<img alt="A picture" src="x.png"><a aria-label="{{ _('Fine too') }}" href="#">{{ name }}</a>
{{ button({"text": "Save", "classes": "nhsuk-button--secondary"}) }}
<td>{{ "team" if x else "patient" }}</td><div class="{{ 'a b' if wide else 'c' }}"></div>
{% for key, label in [("k", "Your own words")] %}{{ label }}{% endfor %}
<script>var x = "not text";</script>"""
    assert untranslated(source) == [
        (1, "Plain title"), (2, "Hello there"), (3, "A picture"), (4, "Save"),
        (5, "{{ '…' }}"), (6, "Your own words"),
    ]  # fmt: skip
    clean = '{{ _("Hello %(name)s", name=n) }} <b>{{ n }}</b> {{ url("journey:start") }}'
    assert untranslated(clean) == []


def test_every_template_marks_its_visible_text_for_translation():
    found = [
        f"{path.relative_to(TEMPLATES)}:{line}: {text}"
        for path in templates()
        for line, text in untranslated(path.read_text(encoding="utf-8"))
    ]
    assert not found, "text not wrapped in _():\n" + "\n".join(found)


# --- No sentences built from pieces --------------------------------------------------------

PYTHON_GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy",
                  "pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}  # fmt: skip


def _translated(node: ast.AST) -> bool:
    """A gettext call, or one with its placeholders filled in (``_("...") % {...}``)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        node = node.left
    if not isinstance(node, ast.Call):
        return False
    name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
    return name in PYTHON_GETTEXT


def python_concatenated(source: str) -> list[tuple[int, str]]:
    """(line, why) of each translated string joined to other text with + or an f-string."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            if _translated(node.left) or _translated(node.right):
                found.append((node.lineno, "a translated string joined with +"))
        elif isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add):
            if _translated(node.value):
                found.append((node.lineno, "a translated string joined with +="))
        elif isinstance(node, ast.JoinedStr):
            parts = [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
            if any(_translated(n) for part in parts for n in ast.walk(part)):
                found.append((node.lineno, "a translated string inside an f-string"))
    return sorted(found)


def python_modules() -> list[Path]:
    """The app's Python code: not migrations, not management commands (their output is for
    the people running them), not tests."""
    root = Path(settings.BASE_DIR) / "decision_aid"
    return sorted(
        path
        for path in root.rglob("*.py")
        if not {"migrations", "management", "tests"} & set(path.relative_to(root).parts)
    )


def test_the_python_scanner_finds_sentences_built_by_concatenation():
    source = """
a = _("Total: ") + str(n)
b = "Hello " + gettext("there")
c = f"{_('You have')} {n} {ngettext('option', 'options', n)}"
d = _("Total: %(n)s") % {"n": n} + "."
e = "You have"
e += gettext_lazy(" options")
"""
    assert python_concatenated(source) == [
        (2, "a translated string joined with +"), (3, "a translated string joined with +"),
        (4, "a translated string inside an f-string"), (5, "a translated string joined with +"),
        (7, "a translated string joined with +="),
    ]  # fmt: skip
    clean = """
a = _("You have %(n)s options") % {"n": n}
b = ngettext("%(n)s day", "%(n)s days", n) % {"n": n}
c = "; ".join([_("week 1"), _("week 2")])
d = f"pros_{slug}" + "-" + key
"""
    assert python_concatenated(clean) == []


def test_no_python_module_builds_a_sentence_by_concatenation():
    assert len(python_modules()) > 40  # every app's code, not just a few files
    found = [
        f"{path.relative_to(settings.BASE_DIR)}:{line}: {why}"
        for path in python_modules()
        for line, why in python_concatenated(path.read_text(encoding="utf-8"))
    ]
    assert not found, "use one message with %(name)s placeholders instead:\n" + "\n".join(found)


def test_the_scanner_finds_sentences_built_by_concatenation():
    assert concatenated('{{ _("You have") ~ n ~ _("options") }}') == [
        (1, "a translated string joined to other text")
    ]
    assert concatenated('{% set t = "MDT pack: " ~ team %}') == [(1, "words joined to other text")]
    assert concatenated('{{ _("Total: ") + n }}') == [
        (1, "a translated string joined to other text")
    ]
    assert concatenated('{{ _("You have %(n)s options", n=n) }} {% set k = "pros_" ~ slug %}') == []


def test_no_template_builds_a_sentence_by_concatenation():
    found = [
        f"{path.relative_to(TEMPLATES)}:{line}: {why}"
        for path in templates()
        for line, why in concatenated(path.read_text(encoding="utf-8"))
    ]
    assert not found, "use one message with %(name)s placeholders instead:\n" + "\n".join(found)


# --- Sentences from words and values, with no gettext in sight ------------------------------

# Modules that once built sentences from pieces (ADR 0005's known gaps). In them, words next to
# values in an f-string, a + or a % outside gettext are a sentence built from pieces, even when
# no translated string is involved (the scan above only sees translated ones).
SENTENCE_FREE_MODULES = (
    "decision_aid/content/eligibility.py",
    "decision_aid/journey/steps.py",
    "decision_aid/documents/services.py",
    "decision_aid/clinic/forms.py",
)


def _sentence_piece(node: ast.AST) -> bool:
    """A literal with words in it ("Your cancer ", "is ", " or "), not a key ("done_")."""
    if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
        return False
    value = node.value
    return bool(re.search(r"[A-Za-z]{2,}", value)) and (" " in value or value[:1].isupper())


def python_words_around_values(source: str) -> list[tuple[int, str]]:
    """(line, why) of each piece of wording finished off with values outside gettext."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            if any(_sentence_piece(value) for value in node.values):
                found.append((node.lineno, "words around values in an f-string"))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            if _sentence_piece(node.left) or _sentence_piece(node.right):
                found.append((node.lineno, "words joined to other text with +"))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            if _sentence_piece(node.left):
                found.append((node.lineno, "words filled in with % outside gettext"))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and _sentence_piece(node.func.value)
        ):
            found.append((node.lineno, "words filled in with .format()"))
    return sorted(found)


def test_the_python_scanner_finds_words_around_values():
    # The shapes eligibility.py used before its reasons became whole messages.
    source = """
a = f"Your cancer {wanted_words}."
b = f"you {'have not had' if negative else 'have had'} {phrase}"
c = ", ".join(words[:-1]) + " or " + words[-1]
d = "Generated %s" % when
e = "Yours is {} {}".format(short, actual)
f = f"is {short} negative"
"""
    assert python_words_around_values(source) == [
        (2, "words around values in an f-string"), (3, "words around values in an f-string"),
        (4, "words joined to other text with +"), (5, "words filled in with % outside gettext"),
        (6, "words filled in with .format()"), (7, "words around values in an f-string"),
    ]  # fmt: skip
    clean = """
a = f"done_{slug}"
b = _("Generated %(when)s") % {"when": f"{now:%-d %b %Y %H:%M}"}
c = gettext("%(items)s or %(last)s") % {"items": head, "last": last}
d = "; ".join(per_week)
"""
    assert python_words_around_values(clean) == []


def test_modules_that_built_sentences_from_pieces_no_longer_do():
    found = [
        f"{name}:{line}: {why}"
        for name in SENTENCE_FREE_MODULES
        for line, why in python_words_around_values(
            (Path(settings.BASE_DIR) / name).read_text(encoding="utf-8")
        )
    ]
    assert not found, "use one message with %(name)s placeholders instead:\n" + "\n".join(found)


# --- Every eligibility reason is whole messages from the catalogue ----------------------------


def pseudo(msgid: str) -> str:
    """A test translation: the words in capitals and the message in «…», placeholders kept."""
    parts = re.split(r"(%\([a-z_]+\)s)", msgid)
    return "«" + "".join(p if i % 2 else p.upper() for i, p in enumerate(parts)) + "»"


Message = tuple[str | None, str]  # (context, msgid)


def install_pseudo_language(folder: Path, messages: list[Message]) -> Path:
    """A compiled ``cy`` catalogue that translates each message with ``pseudo``."""
    catalog = Catalog(locale="cy")
    for context, msgid in messages:
        catalog.add(msgid, pseudo(msgid), context=context)
    messages = folder / "locale" / "cy" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    with (messages / "django.mo").open("wb") as handle:
        write_mo(handle, catalog)
    return folder / "locale"


def messages_from(catalog: Catalog, filename: str) -> list[Message]:
    found = [m for m in catalog if m.id and any(f == filename for f, _ in m.locations)]
    assert all(isinstance(m.id, str) for m in found)  # no plurals expected here
    return [(m.context, m.id) for m in found]


def eligibility_reasons() -> list[str]:
    """Every reason for a sweep of profiles: each option in RULES, and each kind of requirement
    on its own (including those RULES does not use yet, such as PR positive), for each value of
    each profile key on its own, none or all of each list, a profile that says nothing, and two
    that say everything (all negative and no lists, all positive and full lists)."""
    profiles = [Profile()]
    profiles += [Profile(**{key: v}) for key in MARKER_KEYS for v in ("positive", "negative")]
    profiles += [Profile(menopause=value) for value in MENOPAUSE_VALUES]
    for key, vocabulary in LIST_VOCABULARIES.items():
        lists = [(), vocabulary, *((v,) for v in vocabulary)]
        profiles += [Profile(**{key: frozenset(items)}) for items in lists]
    # The treatment history: each value alone, and the pairs whose reasons depend on both.
    profiles += [Profile(**{key: v}) for key, values in HISTORY_VALUES.items() for v in values]
    profiles += [
        Profile(**{first: a, second: b})
        for first, second in [
            ("pdl1", "pdl1_test"),
            ("er", "pr"),
            ("er", "hormone_for_secondary"),
            ("anthracycline_ever", "taxane_ever"),
        ]
        for a in CHOICE_VALUES[first]
        for b in CHOICE_VALUES[second]
    ]
    for value, lists in [("negative", {}), ("positive", LIST_VOCABULARIES)]:  # all known
        known = {key: frozenset(lists.get(key, ())) for key in LIST_VOCABULARIES}
        profiles.append(Profile(**dict.fromkeys(MARKER_KEYS, value), menopause="post", **known))
    requirements = [r for rules in eligibility.RULES.values() for r in rules]
    requirements += [
        eligibility.Marker(k, v) for k in MARKER_KEYS for v in ("positive", "negative")
    ]
    requirements += [eligibility.ListHas(k, v) for k, v in LIST_VOCABULARIES.items()]
    requirements += [eligibility.ListLacks("previous", v) for v in LIST_VOCABULARIES["previous"]]
    reasons = [r.check(p).reason for r in requirements for p in profiles]
    reasons += [
        reason
        for profile in profiles
        for assessment in eligibility.assess(profile, eligibility.RULES)
        for reason in assessment.reasons
    ]
    assert all(type(reason) is str for reason in reasons)  # never a lazy string
    return reasons


def one_message(text: str) -> bool:
    """Whether a pseudo-translated text is one message at the top (others only inside it)."""
    depth = 0
    for position, char in enumerate(text):
        depth += {"«": 1, "»": -1}.get(char, 0)
        if depth == 0 and position != len(text) - 1:
            return False
    return text.startswith("«") and depth == 0


def test_every_eligibility_reason_is_one_message_with_data_in_its_placeholders(
    python_messages, tmp_path
):
    """With a test language that writes every message of eligibility.py (as makemessages
    extracted them) in capitals inside «…», every reason the engine gives is one message at the
    top, and every letter of it comes from a message, or from a placeholder's data in capitals
    (the markers' names): a fragment of English outside gettext would stay as it was."""
    _out, _err, catalog = python_messages
    messages = messages_from(catalog, "decision_aid/content/eligibility.py")
    assert ("what the patient has", "fluid around a lung") in messages  # list items: context
    english = eligibility_reasons()
    assert len(set(english)) > 100
    assert one_message("«A «B» «C»»") and not one_message("«A» «B»")
    with override_settings(LOCALE_PATHS=[install_pseudo_language(tmp_path, messages)]):
        with translation.override("cy"):
            translated = eligibility_reasons()
        with translation.override("en-gb"):
            assert eligibility_reasons() == english  # nothing kept from the other language
    for reason, test_language in zip(english, translated, strict=True):
        assert test_language.replace("«", "").replace("»", "") == reason.upper(), reason
        assert one_message(test_language), test_language
    # The sweep uses every message of the module, so it reaches every kind of reason.
    everything = "\n".join(sorted(set(translated)))
    unused = [
        msgid
        for _context, msgid in messages
        if not re.search(
            ".+".join(re.escape(p) for p in re.split(r"%\([a-z_]+\)s", pseudo(msgid))),
            everything,
        )
    ]
    assert unused == []


def test_step_titles_are_translated_when_shown_and_steps_compare_the_same(
    python_messages, tmp_path
):
    _out, _err, catalog = python_messages
    messages = messages_from(catalog, "decision_aid/journey/steps.py")
    english = [str(step.title) for step in STEPS]
    hashes = [hash(step) for step in STEPS]
    assert english[-1] == "Check your answers" and {(None, t) for t in english} <= set(messages)
    locale = install_pseudo_language(tmp_path, messages)
    with override_settings(LOCALE_PATHS=[locale]), translation.override("cy"):
        assert [str(step.title) for step in STEPS] == [pseudo(t) for t in english]
        # A step is the same step in any language: its slug, not its title, identifies it.
        assert [hash(step) for step in STEPS] == hashes
        assert json.loads(json.dumps([str(s.title) for s in STEPS])) == [pseudo(t) for t in english]
