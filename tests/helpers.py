"""Helpers shared by the test modules: a small ledger on disk and the installed `ledger` run as a user runs it."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent

CONFIG = """\
title: 测试机关党组关于巡察整改进展情况的通报
issuer: 测试机关党组
subject: 测试机关党组
categories:
  - key: duty
    title: 关于落实主体责任方面
  - key: conduct
    title: 关于作风建设方面
"""

# One item in every status, with deadlines around 2025-06-30.
ITEMS = {
    "01.yaml": "title: 未启动的任务\ncategory: duty\nstatus: open\ndeadline: 2025-06-01\ndepartment: 办公室\n",
    "02.yaml": (
        "title: 正在推进的任务\ncategory: duty\nstatus: in_progress\nmeasures:\n  - 第一条措施\n"
        "deadline: 2025-06-30\ndepartment: [办公室, 秘书科]\n"
    ),
    "03-财务.yaml": (
        "title: 阶段性完成的任务\ncategory: conduct\nstatus: partial\nmeasures: [措施]\ndeadline: 2025-07-15\n"
        "department: 财务科\n"
    ),
    "04.yaml": "title: 长期坚持的任务\ncategory: conduct\nstatus: ongoing\nmeasures: [措施]\ndeadline: 2025-01-01\n",
    "05.yaml": (
        "title: 已完成的任务\ncategory: duty\nstatus: done\nmeasures: [措施]\ndeadline: 2025-01-01\n"
        "closed: 2025-02-01\n"
    ),
    "06.yaml": "title: 没有期限的任务\ncategory: conduct\nstatus: in_progress\nmeasures: [措施]\n",
}


def git(cwd: Path, *args: str, who: str = "a", when: str = "2026-01-05T10:00:00+08:00",
        env: dict[str, str] | None = None) -> str:  # fmt: skip
    """git in `cwd` as one scripted person at a fixed time, without the system's or the user's config; its stdout."""
    signed = {f"GIT_{role}_{part}": value for role in ("AUTHOR", "COMMITTER")
              for part, value in (("NAME", who), ("EMAIL", "office@example.org"), ("DATE", when))}  # fmt: skip
    neutral = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    base = {k: v for k, v in (env or os.environ).items() if not k.startswith("GIT_")}  # nothing a test planted
    done = subprocess.run(["git", *args], cwd=cwd, env={**base, **neutral, **signed},
                          capture_output=True, text=True, check=True)  # fmt: skip
    return done.stdout


def write_ledger(root: Path, items: dict[str, str] | None = None, config: str = CONFIG) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "ledger.yaml").write_text(config, encoding="utf-8")
    (root / "items").mkdir(exist_ok=True)
    for name, text in (ITEMS if items is None else items).items():
        (root / "items" / name).write_text(text, encoding="utf-8")
    return root


def cache_entries(root: Path) -> dict[str, list]:
    """The cache's lines by item path (the last line for a path wins, as when it is read)."""
    import json

    path = root / ".ledger-cache" / "items.jsonl"
    entries = {}
    for line in path.read_bytes().decode("utf-8", "replace").splitlines()[1:] if path.exists() else []:
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # cut short (perhaps inside a character)
        if isinstance(entry, list) and entry and isinstance(entry[0], str):
            entries[entry[0]] = entry
    return entries


def tamper_cache(root: Path, target: str, **fields: object) -> None:
    """Make the cache say something else about a file than the file does (same stat key)."""
    import json

    from ledger.core.cache import ITEM_FIELDS

    path = root / ".ledger-cache" / "items.jsonl"
    header, *lines = path.read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    for entry in entries:
        if entry[0] == target:
            for name, value in fields.items():
                if name == "rel":
                    entry[0] = value
                else:
                    entry[5][ITEM_FIELDS.index(name)] = value
    text = "\n".join([header, *(json.dumps(e, ensure_ascii=False) for e in entries)]) + "\n"  # NaN as NaN
    path.write_text(text, encoding="utf-8")


def without_module(monkeypatch: pytest.MonkeyPatch, module: str) -> None:
    """Make `import module` fail, as where an optional extra is not installed."""
    import builtins

    real_import = builtins.__import__

    def refuse(name: str, *args, **kwargs):
        if name == module or name.startswith(module + "."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)


def ledger_exe() -> str:
    """The installed `ledger` executable; a test that needs it is skipped, saying why, where it is absent."""
    beside = Path(sys.executable).parent / "ledger"
    found = str(beside) if beside.exists() else shutil.which("ledger")
    if not found:
        pytest.skip("the `ledger` executable is not installed (pip install -e '.[test]')")
    return found


def run(*args: str, cwd: Path = REPO, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The installed `ledger` in a process of its own, in a stable terminal."""
    base = {k: v for k, v in os.environ.items() if k != "LEDGER_ROOT"} | {"COLUMNS": "120", "NO_COLOR": "1"}
    return subprocess.run(
        [ledger_exe(), *args], cwd=cwd, env=base | (env or {}), capture_output=True, text=True, timeout=120
    )


# --- The Chinese interface: English words that must not be in it ------------------------------------


def command_paths() -> list[list[str]]:
    """Every command and group of the app, as the words that run its --help."""
    import typer.main

    from ledger.cli import app

    def walk(command, path):
        found = [path]
        for name, sub in getattr(command, "commands", {}).items():
            found += walk(sub, [*path, name])
        return found

    return walk(typer.main.get_command(app), [])


@functools.cache
def command_words() -> frozenset[str]:
    return frozenset(c for path in command_paths() for c in path)


# What Chinese text may hold in Latin letters: names of formats, tools and files, and what is typed.
NAMES = {"YAML", "JSON", "CSV", "Markdown", "Word", "Excel", "WPS", "HTML", "git", "GitHub", "Actions", "UTF", "BOM",
         "GB", "python", "docx", "openpyxl", "shell", "diff", "Python", "pip", "pipx", "ledger", "yaml", "md", "j2",
         "YYYY", "MM", "DD", "root", "LEDGER_ROOT", "cache", "notice", "round", "templates", "items", "as_of",
         "categories", "stats", "id", "deadline", "html", "xlsx", "csv", "json", "table", "text", "github",
         "x", "XlsxWriter", "red", "yellow", "green", "lights", "yellow_days", "Windows", "chcp", "GBK",
         "GB18030", "LibreOffice", "soffice", "PDF", "iCalendar", "Outlook", "icalendar"}  # fmt: skip


def english_words(text: str) -> set[str]:
    """Latin words left once option names, file names and the allowed names are taken out."""
    from ledger import output
    from ledger.core.model import Status

    text = re.sub(r"(?<![\w-])--?[a-z][a-z-]*", " ", text)  # options
    text = re.sub(
        r"[\w.-]*\.(?:yaml|j2|md|docx|xlsx|html|csv|txt|xls|doc)\b|<root>/[\w./-]*|\.ledger-cache/?", " ", text
    )
    text = re.sub(r"<[a-z_|]+>", " ", text)  # the choices of an option
    text = re.sub(r"'[^'\s]*'|“[^”\s]*”", " ", text)  # what was typed, quoted
    allowed = NAMES | {s.value for s in Status} | {f for formats in output.FORMATS.values() for f in formats}
    allowed |= command_words()
    return {w for w in re.findall(r"[A-Za-z][A-Za-z_]+", text) if w not in allowed}


def file_keys() -> set[str]:
    """The keys of item files, ledger.yaml and round.yaml: what a clerk writes in a file, named as written."""
    import ledger.core.schema as schema

    found: set[str] = set()
    for value in vars(schema).values():
        if isinstance(value, (tuple, list, set, frozenset, dict)):
            found |= {k for k in value if isinstance(k, str) and re.fullmatch(r"[a-z_]+", k)}
    return found | {"inspection", "publication", "start", "end", "feedback", "until", "key", "units", "path", "ref",
                    "name", "lights", "yellow_days", "close_requires", "contact", "mail", "subject", "issuer", "true",
                    "false", "kind", "from", "to", "reopen", "close", "note", "NUL", "GBK", "GB18030", "FIFO",
                    "MiB", "https", "ssh", "file", "U", "ID", "extra", "schema", "red", "yellow", "green",
                    "date"}  # fmt: skip


# --- Rendering documents as people see them ---------------------------------------------------

FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
%s
</fontconfig>
"""
# The office fonts are not free to install; these stand-ins have the same widths (CJK one em).
FONT_ALIASES = {"仿宋_GB2312": "Noto Serif CJK SC", "仿宋": "Noto Serif CJK SC", "楷体_GB2312": "Noto Serif CJK SC",
                "黑体": "Noto Sans CJK SC",
                "宋体": "Noto Serif CJK SC", "方正小标宋简体": "Noto Serif CJK SC"}  # fmt: skip


def soffice_pdf(document: Path) -> Path:
    """The document converted to PDF by LibreOffice (skipped, saying why, where it is not installed)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftotext"):
        pytest.skip(
            "LibreOffice and poppler are needed (Debian: libreoffice-writer-nogui poppler-utils fonts-noto-cjk)"
        )
    folder = document.parent
    aliases = "".join(
        f'  <alias binding="same"><family>{name}</family><prefer><family>{font}</family></prefer></alias>\n'
        for name, font in FONT_ALIASES.items()
    )
    (folder / "fonts.conf").write_text(FONTS_CONF % aliases, encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(folder / "fonts.conf"), HOME=str(folder))
    profile = f"-env:UserInstallation=file://{folder / 'lo-profile'}"
    subprocess.run([soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(document)],
                   env=env, capture_output=True, timeout=180, check=True)  # fmt: skip
    return document.with_suffix(".pdf")


MM_PER_POINT = 25.4 / 72


def pdf_lines(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's lines of text as (left, top, right, bottom) in millimetres and the text, by pdftotext."""
    import re

    layout = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    pages = []
    for page in layout.stdout.split("<page ")[1:]:
        lines = []
        for box in re.finditer(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>',
                               page, re.S):  # fmt: skip
            text = "".join(re.findall(r">([^<]*)</word>", box.group(5)))
            lines.append((*(float(box.group(n)) * MM_PER_POINT for n in range(1, 5)), text))
        pages.append(lines)
    return pages


def pdf_words(pdf: Path) -> list[tuple[float, float, list[tuple[float, float, float, float, str]]]]:
    """Each page's width, height (mm) and words as (left, top, right, bottom) in mm and text, by pdftotext."""
    import re

    layout = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    pages = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', layout.stdout, re.S):
        found = [(*(float(v) * MM_PER_POINT for v in m.groups()[:4]), m.group(5))
                 for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)'
                                      "</word>", page.group(3))]  # fmt: skip
        pages.append((float(page.group(1)) * MM_PER_POINT, float(page.group(2)) * MM_PER_POINT, found))
    return pages


def plain_text(blocks: list) -> list[str]:
    """Each block's text (a table's cells one after another), as Word and HTML must show it."""
    texts = []
    for block in blocks:
        if block.kind == "table":
            texts += ["".join(r.text for r in cell) for row in block.rows for cell in row]
        else:
            texts.append(block.text)
    return texts


# --- The workbench (ledger serve) over HTTP ------------------------------------------------------


class Page:
    def __init__(self, status: int, headers: dict[str, str], text: str) -> None:
        self.status, self.headers, self.text = status, headers, text

    def form(self) -> dict[str, str]:
        """The fields of the page's edit form as a browser would send them (inputs, textareas, selects)."""
        from html.parser import HTMLParser

        fields: dict[str, str] = {}

        class Fields(HTMLParser):
            textarea: str | None = None
            select: str | None = None

            def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                a = {k: v or "" for k, v in attrs}
                if tag == "input" and a.get("type") not in ("checkbox", "submit") and "name" in a:
                    fields[a["name"]] = a.get("value", "")
                elif tag == "textarea":
                    self.textarea = a["name"]
                    fields[a["name"]] = ""
                elif tag == "select":
                    self.select = a["name"]
                    fields.pop(a["name"], None)
                elif tag == "option" and self.select and ("selected" in a or self.select not in fields):
                    fields[self.select] = a.get("value", "")  # the selected option, else the first (as a browser)

            def handle_endtag(self, tag: str) -> None:
                if tag == "textarea":
                    self.textarea = None
                elif tag == "select":
                    self.select = None

            def handle_data(self, data: str) -> None:
                if self.textarea:
                    fields[self.textarea] += data

        Fields(convert_charrefs=True).feed(self.text)
        return fields


class Browserless:
    """An HTTP client of the workbench: http.client, so that Host and every header are what the test says."""

    def __init__(self, address: str) -> None:
        from urllib.parse import urlsplit

        parts = urlsplit(address)
        self.address = address
        self.host, self.port, self.token = parts.hostname or "", parts.port or 80, parts.query.split("=", 1)[1]
        self.cookie: str | None = None

    def request(self, method: str, path: str, form: dict[str, str] | None = None, host: str | None = None,
                cookie: bool = True, headers: dict[str, str] | None = None) -> Page:  # fmt: skip
        import http.client
        from urllib.parse import urlencode

        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        sent = {"Host": host if host is not None else f"{self.host}:{self.port}", **(headers or {})}
        if cookie and self.cookie:
            sent["Cookie"] = self.cookie
        body = None
        if form is not None:
            body = urlencode(form).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        got = {k.lower(): v for k, v in response.getheaders()}
        connection.close()
        if "set-cookie" in got:
            self.cookie = got["set-cookie"].split(";", 1)[0]
        return Page(response.status, got, text)

    def login(self) -> Page:
        return self.request("GET", f"/?token={self.token}")

    def get(self, path: str, **kwargs: Any) -> Page:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, form: dict[str, str], **kwargs: Any) -> Page:
        return self.request("POST", path, form, **kwargs)
