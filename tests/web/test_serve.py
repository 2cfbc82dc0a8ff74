"""ledger serve (SPEC 3.11): a real server on 127.0.0.1 and a random port, its pages over HTTP, who gets in,
forms that show the change before saving it through the editor, and nothing lost to a stale form."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import helpers
import pytest
import yaml
from helpers import CONFIG, Browserless, Page

pytest.importorskip("flask", reason="the web extra is not installed (pip install -e '.[web]')")
pytest.importorskip("waitress", reason="the web extra is not installed (pip install -e '.[web]')")

from ledger.core.i18n import set_language  # noqa: E402
from ledger.web.guard import CSP  # noqa: E402
from ledger.web.server import Running, start  # noqa: E402


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The messages as written in the code; the Chinese pages have a test of their own."""
    monkeypatch.setenv("LEDGER_LANG", "en")
    set_language(None)
    yield
    set_language(None)


@pytest.fixture
def served(ledger_root: Path) -> Iterator[Running]:
    running = start(ledger_root)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def client(served: Running) -> Browserless:
    client = Browserless(served.address)
    assert client.login().status == 303
    return client


def test_the_address_holds_a_random_token_which_becomes_a_strict_cookie(ledger_root: Path) -> None:
    first, second = start(ledger_root), start(ledger_root)
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[\w-]{32}", first.address)
        assert first.guard.token != second.guard.token and first.guard.port != second.guard.port
        client = Browserless(first.address)
        login = client.login()
        assert login.status == 303 and login.headers["location"] == "/"  # the token leaves the address bar
        cookie = login.headers["set-cookie"]
        assert cookie.startswith(f"ledger_token_{first.guard.port}={first.guard.token};")
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
        assert client.get("/").status == 200
        # The other server's token is not this one's.
        other = Browserless(second.address)
        other.cookie = client.cookie.replace(str(first.guard.port), str(second.guard.port))
        assert other.get("/").status == 403
    finally:
        first.stop()
        second.stop()


def test_without_the_token_every_page_is_refused(served: Running) -> None:
    client = Browserless(served.address)
    for path in ("/", "/item/01", "/raw/01", "/static/style.css", "/notice/view", "/download/notice.md", "/nowhere"):
        page = client.get(path)
        assert page.status == 403, path
        assert "token" in page.text
        assert "未启动的任务" not in page.text
    assert client.get("/?token=wrong").status == 403
    client.cookie = f"{served.guard.cookie}=wrong"
    assert client.get("/").status == 403


def test_a_foreign_host_is_refused_even_with_the_token(served: Running, client: Browserless) -> None:
    """DNS rebinding: a name that resolves to 127.0.0.1 reaches the port, but its Host is not ours."""
    port = served.guard.port
    for host in (f"evil.example:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}", f"localhost.evil.example:{port}", ""):
        assert client.get("/", host=host).status == 400, host
    assert client.get("/", host=f"localhost:{port}").status == 200
    assert client.get("/", host=f"127.0.0.1:{port}").status == 200


def test_every_page_carries_a_strict_content_security_policy(client: Browserless) -> None:
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert csp == (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'none'; form-action 'self'; "
        "frame-src 'self'; frame-ancestors 'none'; base-uri 'none'"
    )
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "same-origin"
    assert page.headers["x-frame-options"] == "DENY"
    assert "<script" not in page.text and "http://" not in page.text.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_the_pages_answer(client: Browserless, ledger_root: Path) -> None:
    ledger = client.get("/")
    assert ledger.status == 200
    for title in (
        "未启动的任务",
        "正在推进的任务",
        "阶段性完成的任务",
        "长期坚持的任务",
        "已完成的任务",
        "没有期限的任务",
    ):
        assert title in ledger.text
    assert '<a href="/item/03">03</a>' in ledger.text
    item = client.get("/item/3")
    assert item.status == 200 and "阶段性完成的任务" in item.text and "items/03-财务.yaml" in item.text
    assert client.get("/raw/03").text == (ledger_root / "items" / "03-财务.yaml").read_text(encoding="utf-8")
    assert client.get("/raw/03").headers["content-type"] == "text/plain; charset=utf-8"
    assert client.get("/item/99").status == 404
    assert client.get("/item/..%2F..%2Fetc").status == 404
    for path in ("/stats", "/notice", "/changes", "/item/02/note", "/item/02/set", "/item/02/close",
                 "/item/05/reopen", "/new"):  # fmt: skip
        assert client.get(path).status == 200, path


def test_a_field_the_page_does_not_lay_out_is_shown_by_its_name(
    client: Browserless, ledger_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A field added to the schema reaches the item page with no line in item.html."""
    from ledger.web import pages

    (ledger_root / "items" / "02.yaml").write_text(
        (ledger_root / "items" / "02.yaml").read_text(encoding="utf-8") + "owner: 王<某>\n", encoding="utf-8"
    )
    monkeypatch.setattr(pages, "ON_THE_PAGE", tuple(k for k in pages.ON_THE_PAGE if k != "owner"))
    page = client.get("/item/02").text
    assert "<dt>owner</dt><dd>王&lt;某&gt;</dd>" in page


def test_filters_sort_and_counts(client: Browserless) -> None:
    page = client.get("/?as_of=2025-06-15&status=in_progress&status=open&sort=deadline")
    ids = re.findall(r'<td class="id"[^>]*><a href="/item/(\w+)">', page.text)
    assert ids == ["01", "02", "06"]  # deadline soonest first, none last
    assert "3 of 6 items, as of 2025-06-15:" in page.text
    overdue = client.get("/?as_of=2025-06-15&overdue=1")
    assert re.findall(r'<td class="id"[^>]*><a href="/item/(\w+)">', overdue.text) == ["01"]
    red = client.get("/?as_of=2025-06-25&light=yellow")
    assert re.findall(r'<td class="id"[^>]*><a href="/item/(\w+)">', red.text) == ["02"]
    department = client.get("/?department=%E7%A7%98%E4%B9%A6%E7%A7%91")
    assert re.findall(r'<td class="id"[^>]*><a href="/item/(\w+)">', department.text) == ["02"]
    assert client.get("/?category=nope").status == 400


def note_form(client: Browserless, item: str = "02", text: str = "已召开专题会议") -> dict[str, str]:
    form = client.get(f"/item/{item}/note").form()
    form.update(text=text, date="2025-06-20")
    return form


def test_a_note_is_shown_as_a_diff_and_saved_through_the_editor(client: Browserless, ledger_root: Path) -> None:
    path = ledger_root / "items" / "02.yaml"
    before = path.read_bytes()
    form = note_form(client)
    preview = client.post("/item/02/note", form | {"step": "preview"})
    assert preview.status == 200
    assert '<span class="add">+log:</span>' in preview.text
    assert '<span class="add">+  - date: 2025-06-20</span>' in preview.text
    assert '<span class="add">+    note: 已召开专题会议</span>' in preview.text
    assert path.read_bytes() == before  # a preview writes nothing
    saved = client.post("/item/02/note", preview.form() | {"step": "save"})
    assert saved.status == 303 and saved.headers["location"] == "/item/02?saved=note"
    assert path.read_bytes() == before + "log:\n  - date: 2025-06-20\n    note: 已召开专题会议\n".encode()
    assert "已召开专题会议" in client.get("/item/02").text


def test_a_form_over_a_file_changed_since_is_refused_showing_both_versions(client: Browserless,
                                                                           ledger_root: Path) -> None:  # fmt: skip
    path = ledger_root / "items" / "02.yaml"
    form = note_form(client)
    changed = path.read_text(encoding="utf-8").replace("第一条措施", "别处改过的措施")
    path.write_text(changed, encoding="utf-8")
    for step in ("preview", "save"):
        refused = client.post("/item/02/note", form | {"step": step})
        assert refused.status == 409
        assert "第一条措施" in refused.text and "别处改过的措施" in refused.text  # both versions
        assert path.read_text(encoding="utf-8") == changed


def test_a_form_whose_hash_does_not_match_its_base_is_refused(client: Browserless) -> None:
    form = note_form(client)
    assert client.post("/item/02/note", form | {"digest": "0" * 64, "step": "save"}).status == 400
    assert client.post("/item/02/note", form | {"base": "!!", "step": "save"}).status == 400


def test_a_post_without_the_csrf_token_is_refused(client: Browserless, ledger_root: Path) -> None:
    before = (ledger_root / "items" / "02.yaml").read_bytes()
    form = note_form(client) | {"step": "save"}
    assert client.post("/item/02/note", {k: v for k, v in form.items() if k != "csrf"}).status == 403
    assert client.post("/item/02/note", form | {"csrf": "x" * 32}).status == 403
    for origin in ("http://evil.example", "null", f"http://localhost:{client.port + 1}"):
        assert client.post("/item/02/note", form, headers={"Origin": origin}).status == 403
    assert (ledger_root / "items" / "02.yaml").read_bytes() == before


def test_refusals_are_the_editors_own_words(client: Browserless, ledger_root: Path) -> None:
    done = client.get("/item/05/set").form() | {"status": "in_progress", "step": "preview"}
    assert "item 05 is done; reopen it first: ledger reopen 05 --reason TEXT" in client.post("/item/05/set", done).text
    moved = client.get("/item/02/set").form() | {"deadline": "2025-08-31", "step": "preview"}
    assert (
        "item 02: moving the deadline from 2025-06-30 to 2025-08-31 needs --reason"
        in client.post("/item/02/set", moved).text
    )
    (ledger_root / "ledger.yaml").write_text(CONFIG + "close_requires: [evidence]\n", encoding="utf-8")
    form = client.get("/item/02/close").form() | {"step": "preview"}
    refused = client.post("/item/02/close", form)
    assert refused.status == 400
    assert "item 02 cannot be closed: evidence: " in refused.text
    assert "(give it with --evidence TEXT)" in refused.text


def test_set_reopen_and_new(client: Browserless, ledger_root: Path) -> None:
    form = client.get("/item/02/set").form() | {"deadline": "2025-08-31", "reason": "等待批复", "owner": "李某",
                                                 "date": "2025-06-20", "step": "save"}  # fmt: skip
    assert client.post("/item/02/set", form).status == 303
    text = (ledger_root / "items" / "02.yaml").read_text(encoding="utf-8")
    assert "deadline: 2025-08-31" in text and "owner: 李某" in text and "note: 等待批复" in text
    reopen = client.get("/item/05/reopen").form() | {"reason": "问题反弹", "date": "2025-03-01", "step": "save"}
    assert client.post("/item/05/reopen", reopen).status == 303
    assert "status: in_progress" in (ledger_root / "items" / "05.yaml").read_text(encoding="utf-8")
    new = client.get("/new").form() | {"title": "新增的任务", "category": "conduct", "measures": "一条\n两条",
                                       "step": "preview"}  # fmt: skip
    preview = client.post("/new", new)
    assert "+title: 新增的任务" in preview.text and "items/07.yaml" in preview.text
    saved = client.post("/new", preview.form() | {"step": "save"})
    assert saved.status == 303 and saved.headers["location"] == "/item/07?saved=new"
    assert (ledger_root / "items" / "07.yaml").read_text(encoding="utf-8") == (
        "title: 新增的任务\ncategory: conduct\nstatus: open\nmeasures:\n  - 一条\n  - 两条\n"
    )


def test_read_only_shows_no_forms_and_refuses_posts(ledger_root: Path) -> None:
    running = start(ledger_root, read_only=True)
    try:
        client = Browserless(running.address)
        client.login()
        item = client.get("/item/02")
        assert item.status == 200 and "<form" not in item.text and "/item/02/note" not in item.text
        assert 'href="/new"' not in client.get("/").text
        assert client.get("/item/02/note").status == 403
        form = {"csrf": running.guard.csrf, "text": "x", "step": "save"}
        assert client.post("/item/02/note", form).status == 403
    finally:
        running.stop()


def test_files_changed_outside_are_seen_on_the_next_request(served: Running, client: Browserless,
                                                             ledger_root: Path) -> None:  # fmt: skip
    held = served.held
    stamp = time.time() - 3600
    for n, path in enumerate(sorted((ledger_root / "items").iterdir())):  # written long ago: their stat keys hold
        os.utime(path, (stamp + n, stamp + n))
    client.get("/")
    reads = held.reads
    client.get("/")
    client.get("/item/02")
    assert held.reads == reads  # nothing changed: nothing read
    path = ledger_root / "items" / "06.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("没有期限的任务", "外面改过的标题"), encoding="utf-8")
    os.utime(path, (stamp + 100, stamp + 100))
    assert "外面改过的标题" in client.get("/").text
    assert held.reads == reads + 1  # that file only
    (ledger_root / "items" / "07.yaml").write_text("title: 新文件\ncategory: duty\nstatus: open\n", encoding="utf-8")
    assert "新文件" in client.get("/").text
    (ledger_root / "items" / "01.yaml").unlink()
    assert "未启动的任务" not in client.get("/").text
    assert held.reads == reads + 3  # and 07 twice: it was written too recently to trust its time


def test_problems_are_shown_on_every_page_with_file_and_line(client: Browserless, ledger_root: Path) -> None:
    (ledger_root / "items" / "08.yaml").write_text("title: 坏的\ncategory: duty\nstatus: open\ndeadline: 2025-02-30\n",
                                                    encoding="utf-8")  # fmt: skip
    for path in ("/", "/item/02", "/stats", "/notice", "/changes", "/item/02/note"):
        page = client.get(path)
        assert "<code>items/08.yaml:4:11</code> <b>error[bad-date]</b>" in page.text, path
    (ledger_root / "items" / "08.yaml").unlink()
    assert "error[bad-date]" not in client.get("/").text


def test_every_value_is_escaped(client: Browserless, ledger_root: Path) -> None:
    (ledger_root / "items" / "09.yaml").write_text(
        "title: <script>alert(1)</script>\ncategory: duty\nstatus: in_progress\nmeasures: ['<img src=x onerror=y>']\n"
        "evidence: ['\"><b>x</b>']\n",
        encoding="utf-8",
    )
    for path in ("/", "/item/09", "/item/09/note"):
        page = client.get(path)
        assert "<script>" not in page.text and "<img src=x" not in page.text and "<b>x</b>" not in page.text, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_the_notice_and_its_downloads(client: Browserless) -> None:
    page = client.get("/notice?as_of=2025-06-15")
    assert '<iframe class="notice" src="/notice/view?as_of=2025-06-15"' in page.text
    assert 'href="/download/notice.docx?as_of=2025-06-15"' in page.text
    view = client.get("/notice/view?as_of=2025-06-15")
    assert view.status == 200 and "测试机关党组关于巡察整改进展情况的通报" in view.text
    assert '<p class="date" style="padding-right: 2em">2025年6月15日</p>' in view.text
    assert view.headers["content-security-policy"].startswith("default-src 'none'; style-src 'unsafe-inline'")
    md = client.get("/download/notice.md")
    assert md.status == 200 and md.headers["content-disposition"].endswith(
        "''%E6%95%B4%E6%94%B9%E8%BF%9B%E5%B1%95%E6%83%85%E5%86%B5%E9%80%9A%E6%8A%A5.md"
    )
    assert client.get("/download/ledger.csv").text.startswith("\ufeff序号,编号")
    assert client.get("/download/notice.exe").status == 404


def test_the_xlsx_download_is_offered_where_xlsxwriter_is_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The 台账 workbook is written by the table writer (XlsxWriter); openpyxl only reads workbooks."""
    from ledger.web import pages

    monkeypatch.setattr(pages, "has_module", lambda name: name != "xlsxwriter")
    xlsx = {d.name: d for d in pages.downloads()}["ledger.xlsx"]
    assert (xlsx.available, xlsx.why) == (False, "XlsxWriter")
    monkeypatch.setattr(pages, "has_module", lambda name: name != "openpyxl")
    assert {d.name: d for d in pages.downloads()}["ledger.xlsx"].available


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_the_notice_downloads_as_pdf_where_libreoffice_is_installed(client: Browserless) -> None:
    assert 'href="/download/notice.pdf' in client.get("/notice").text
    pdf = client.get("/download/notice.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.text.startswith("%PDF-")


def test_statistics_as_svg(client: Browserless) -> None:
    page = client.get("/stats")
    assert page.text.count("<svg") == 4
    assert "<title>办公室: 2</title>" in page.text  # by department: 01 and 02
    assert "<title>已完成: 1</title>" in page.text


def test_changes_since_the_last_notice(client: Browserless, ledger_root: Path) -> None:
    def git(*args: str) -> None:
        helpers.git(ledger_root, *args)

    assert "notice-*" in client.get("/changes").text  # not a repository yet: the reason is said
    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "first")
    git("tag", "notice-2025-06")
    path = ledger_root / "items" / "02.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "log:\n  - date: 2025-06-20\n    note: 新的进展\n",
                    encoding="utf-8")  # fmt: skip
    page = client.get("/changes")
    assert "新的进展" in page.text and "notice-2025-06" in page.text
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "进展")
    history = client.get("/item/02").text
    assert "进展" in history and "first" in history


def test_the_command_prints_its_address_and_serves(ledger_root: Path) -> None:
    process = subprocess.Popen([sys.executable, "-m", "ledger", "serve", "--port", "0", "--root", str(ledger_root)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        line = process.stdout.readline() if process.stdout else ""
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[\w-]{32}\n", line), line
        client = Browserless(line.strip())
        assert client.login().status == 303
        assert "未启动的任务" in client.get("/").text
    finally:
        process.terminate()
        process.wait(10)


def test_the_host_option_is_needed_for_another_address(ledger_root: Path) -> None:
    from ledger.web.guard import Guard

    assert Guard("127.0.0.1", 8384, False).host_allowed("127.0.0.1:8384")
    wildcard = Guard("0.0.0.0", 8384, False)
    assert wildcard.host_allowed("192.168.1.5:8384") and not wildcard.host_allowed("rebind.example:8384")
    assert not wildcard.host_allowed("192.168.1.5:8385")


def test_the_pages_speak_chinese_by_default(client: Browserless, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LEDGER_LANG")
    monkeypatch.setenv("LANG", "C.UTF-8")  # no language named: Chinese (SPEC 3.6)
    set_language(None)
    page = client.get("/?as_of=2025-06-15&overdue=1")
    assert "<h1>整改台账</h1>" in page.text and "共 6 项，显示 1 项，截至 2025-06-15：" in page.text
    assert '<span class="light red"></span>红灯' in page.text
    form = client.get("/item/02/set").text
    assert "调整完成时限的原因" in form and "预览改动" in form and "Reason" not in form
    assert "请打开“ledger serve”显示的地址（含令牌）" in Browserless(client.address).get("/").text
    monkeypatch.setenv("LEDGER_LANG", "en")
    set_language(None)
    assert "<h1>Rectification ledger</h1>" in client.get("/").text


def test_history_problems_and_a_missing_page_in_chinese(client: Browserless, ledger_root: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from helpers import git

    git(ledger_root, "init", "-q")
    git(ledger_root, "add", "-A")
    git(ledger_root, "commit", "-qm", "台账")
    text = (ledger_root / "items" / "02.yaml").read_text(encoding="utf-8")
    (ledger_root / "items" / "02.yaml").write_text(text.replace("in_progress", "partial"), encoding="utf-8")
    git(ledger_root, "commit", "-qam", "推进", when="2026-01-06T10:00:00+08:00")
    (ledger_root / "items" / "08.yaml").write_text("title: 坏的\ncategory: duty\nstatus: open\n", encoding="utf-8")
    monkeypatch.setenv("LEDGER_LANG", "zh")
    set_language(None)
    page = client.get("/item/02").text
    assert "<small>状态 正在推进 → 阶段性完成</small>" in page and "<small>新增：正在推进的任务</small>" in page
    assert "<code>items/08.yaml:1:1</code> <b>警告[no-measures]</b>" in page
    missing = client.get("/no/such/page")
    assert missing.status == 404
    assert '<p class="message">工作台中没有这个页面。</p>' in missing.text and "requested URL" not in missing.text


def test_evidence_inside_the_ledger_is_a_download_and_nothing_outside_is(
    client: Browserless, ledger_root: Path
) -> None:
    (ledger_root / "files").mkdir()
    (ledger_root / "files" / "报告.txt").write_text("整改情况报告", encoding="utf-8")
    (ledger_root.parent / "secret.txt").write_text("secret", encoding="utf-8")
    (ledger_root / "files" / "link.txt").symlink_to(ledger_root.parent / "secret.txt")
    (ledger_root / "items" / "09.yaml").write_text(
        "title: 有佐证的任务\ncategory: duty\nstatus: in_progress\nmeasures: [措施]\n"
        "evidence: [files/报告.txt, ../secret.txt, files/link.txt, 《制度汇编》, /etc/passwd]\n",
        encoding="utf-8",
    )
    page = client.get("/item/09").text
    assert '<a href="/evidence/09/0">files/报告.txt</a>' in page
    assert page.count('href="/evidence/09/') == 1  # not ../, not a link out, not a document name, not /etc
    got = client.get("/evidence/09/0")
    assert got.status == 200 and got.text == "整改情况报告"
    assert got.headers["content-disposition"].startswith("attachment;")
    for n in range(1, 6):
        assert client.get(f"/evidence/09/{n}").status == 404


# --- What two hostile testers found (issue 26) ----------------------------------------------------


def raw_request(port: int, data: bytes, timeout: float = 10) -> bytes:
    """Bytes sent as they are on a socket, and the whole answer (until the server closes)."""
    import socket

    answer = b""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        try:
            while chunk := s.recv(65536):
                answer += chunk
        except OSError:
            pass
    return answer


def test_nothing_of_git_is_evidence_however_it_is_written_or_linked(client: Browserless, ledger_root: Path) -> None:
    (ledger_root / ".git").mkdir()
    (ledger_root / ".git" / "config").write_text("url = https://clerk:S3CRET@git.example.org/x\n", encoding="utf-8")
    (ledger_root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (ledger_root / "items" / "gitlink").symlink_to("../.git")
    (ledger_root / "docs").mkdir()
    (ledger_root / "docs" / "x").symlink_to("../.git/config")
    (ledger_root / "sub").mkdir()
    (ledger_root / "sub" / ".git").write_text("gitdir: ../.git\n", encoding="utf-8")  # a submodule's .git file
    (ledger_root / "docs" / "ok.txt").write_text("佐证", encoding="utf-8")
    (ledger_root / "items" / "09.yaml").write_text(
        "title: 有佐证的任务\ncategory: duty\nstatus: in_progress\nmeasures: [措施]\nevidence: [./.git/config, "
        ".//.git/HEAD, items/gitlink/config, docs/x, sub/.git, ./.GIT/config, docs/ok.txt]\n",
        encoding="utf-8",
    )
    page = client.get("/item/09").text
    assert page.count('href="/evidence/09/') == 1 and '<a href="/evidence/09/6">docs/ok.txt</a>' in page
    for n in range(6):
        got = client.get(f"/evidence/09/{n}")
        assert got.status == 404 and "S3CRET" not in got.text and "refs/heads" not in got.text, n
    assert client.get("/evidence/09/6").text == "佐证"


def test_a_body_over_the_limit_is_refused_before_it_is_read(served: Running) -> None:
    """Without any token, from any page the clerk visits: a 200 MiB body is refused from its Content-Length."""
    port = served.guard.port
    head = (f"POST /item/01/note HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/x-www-form-urlencoded"
            f"\r\nContent-Length: {200 << 20}\r\n\r\n").encode()  # fmt: skip
    started = time.monotonic()
    answer = raw_request(port, head + b"a" * 1000, timeout=5)  # not the body: an answer must come without it
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:100]
    assert time.monotonic() - started < 5


def test_waitress_own_error_answers_carry_the_csp_and_nosniff(served: Running) -> None:
    port = served.guard.port
    host = f"127.0.0.1:{port}".encode()
    for request in (
        b"GET / HTTP/1.1\r\nHost: " + host + b"\r\nContent-Length: abc\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: " + host + b"\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n\r\n",
    ):
        head = raw_request(port, request).split(b"\r\n\r\n")[0].decode("latin-1").lower()
        assert head.startswith("http/1.1 400 "), head
        assert f"content-security-policy: {CSP.lower()}" in head.splitlines()
        assert "x-content-type-options: nosniff" in head.splitlines()


def test_crlf_from_a_browser_textarea_is_saved_as_lf(client: Browserless, ledger_root: Path) -> None:
    path = ledger_root / "items" / "02.yaml"
    before = path.read_bytes()
    saved = client.post("/item/02/note", note_form(client, text="第一段\r\n第二段") | {"step": "save"})
    assert saved.status == 303
    after = path.read_bytes()
    assert after.startswith(before) and b"\r" not in after
    assert yaml.safe_load(after)["log"][-1] == {"date": datetime.date(2025, 6, 20), "note": "第一段\n第二段"}


SPACED = (
    'title: 测试\ncategory: conduct\nstatus: in_progress\nleader: "张三 "\ndepartment: ["办公室 ", 秘书科]\n'
    "outcome: |\n  第一行\n  第二行\nmeasures:\n  - 措施一\n"
)


@pytest.mark.parametrize("crlf", [False, True])
def test_the_set_form_changes_only_the_fields_the_clerk_changed(client: Browserless, ledger_root: Path,
                                                                crlf: bool) -> None:  # fmt: skip
    """A multi-line outcome and values with a space at an end come back from the browser otherwise: untouched."""
    path = ledger_root / "items" / "16.yaml"
    path.write_text(SPACED, encoding="utf-8")
    form = client.get("/item/16/set").form()
    assert form["outcome"].strip() == "第一行\n第二行" and form["leader"] == "张三 "
    if crlf:
        form = {k: v.replace("\n", "\r\n") for k, v in form.items()}
    saved = client.post("/item/16/set", form | {"owner": "李四", "date": "2026-03-10", "step": "save"})
    assert saved.status == 303, saved.text
    # The owner set is logged as a 责任调整 (SPEC 3: set's assign entry), through the same editor as `ledger set`.
    assert path.read_text(encoding="utf-8") == SPACED + (
        "owner: 李四\nlog:\n  - date: 2026-03-10\n    kind: assign\n    field: owner\n    to: 李四\n"
    )


def test_a_status_not_among_the_codes_is_refused_with_the_form(client: Browserless, ledger_root: Path) -> None:
    before = (ledger_root / "items" / "02.yaml").read_bytes()
    for status in ("bogus", "done "):
        refused = client.post("/item/02/set", client.get("/item/02/set").form() | {"status": status, "step": "save"})
        assert refused.status == 400
        assert f"status: &#39;{status}&#39; is not one of open, in_progress, partial, ongoing, done" in refused.text
        assert 'name="csrf"' in refused.text  # the form again
    assert (ledger_root / "items" / "02.yaml").read_bytes() == before


def test_a_form_not_in_utf8_is_refused_and_nothing_is_written(client: Browserless, ledger_root: Path) -> None:
    import http.client
    from urllib.parse import quote_from_bytes, urlencode

    before = (ledger_root / "items" / "02.yaml").read_bytes()
    fields = urlencode({k: v for k, v in note_form(client).items() if k != "text"} | {"step": "save"}).encode()
    for text in (quote_from_bytes("进展".encode("gbk")).encode(), "进展".encode("gbk")):  # escaped, and raw bytes
        connection = http.client.HTTPConnection("127.0.0.1", client.port, timeout=30)
        connection.request("POST", "/item/02/note", body=fields + b"&text=" + text,
                           headers={"Host": f"127.0.0.1:{client.port}", "Cookie": client.cookie or "",
                                    "Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
        response = connection.getresponse()
        page = response.read().decode("utf-8")
        assert response.status == 400 and "the form was not sent as UTF-8; open it again" in page
    assert (ledger_root / "items" / "02.yaml").read_bytes() == before
    assert client.post("/item/02/note", note_form(client, text="进展") | {"step": "save"}).status == 303


def test_evidence_over_a_mib_is_served_whole(client: Browserless, ledger_root: Path) -> None:
    import http.client

    (ledger_root / "docs").mkdir()
    scan = os.urandom(5_000_000)
    (ledger_root / "docs" / "scan.pdf").write_bytes(scan)
    os.mkfifo(ledger_root / "docs" / "pipe.pdf")
    (ledger_root / "items" / "09.yaml").write_text(
        "title: 有佐证的任务\ncategory: duty\nstatus: in_progress\nmeasures: [措施]\n"
        "evidence: [docs/scan.pdf, docs/pipe.pdf]\n",
        encoding="utf-8",
    )
    connection = http.client.HTTPConnection("127.0.0.1", client.port, timeout=30)
    connection.request("GET", "/evidence/09/0", headers={"Host": f"127.0.0.1:{client.port}",
                                                         "Cookie": client.cookie or ""})  # fmt: skip
    response = connection.getresponse()
    assert response.status == 200 and response.getheader("Content-Length") == "5000000"
    assert response.read() == scan
    assert client.get("/evidence/09/1").status == 404  # a FIFO is never read


def test_a_previewed_id_is_saved_at_most_once(client: Browserless, ledger_root: Path) -> None:
    import threading

    from ledger.core.errors import LedgerError
    from ledger.edit import editor

    with pytest.raises(LedgerError, match="another item took items/06.yaml since the preview"):
        editor.new_item(ledger_root, {"title": "迟到的任务", "category": "conduct"}, expect_path="items/06.yaml")
    for expected in ("07", "08", "09"):
        preview = client.post("/new", client.get("/new").form() | {"title": "x", "category": "conduct",
                                                                   "step": "preview"})  # fmt: skip
        form = preview.form()
        assert form["path"] == f"items/{expected}.yaml"
        answers: list[Page] = []

        def save(form: dict[str, str], title: str, answers: list[Page] = answers) -> None:
            answers.append(client.post("/new", form | {"title": title, "step": "save"}))

        windows = [threading.Thread(target=save, args=(form, f"窗口{i}")) for i in range(4)]
        for window in windows:
            window.start()
        for window in windows:
            window.join()
        assert sorted(a.status for a in answers) == [303, 400, 400, 400]
        assert [a.headers["location"] for a in answers if a.status == 303] == [f"/item/{expected}?saved=new"]
        assert all(f"another item took items/{expected}.yaml" in a.text for a in answers if a.status == 400)
    assert not (ledger_root / "items" / "10.yaml").exists()


def test_a_department_changed_in_the_set_form_is_logged_and_shown_with_both_sides(
    client: Browserless, ledger_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpers import git

    git(ledger_root, "init", "-q")
    git(ledger_root, "add", "-A")
    git(ledger_root, "commit", "-qm", "台账")
    git(ledger_root, "tag", "notice-2026-01")
    form = client.get("/item/01/set").form()
    saved = client.post("/item/01/set", form | {"department": "秘书科", "date": "2026-01-06", "step": "save"})
    assert saved.status == 303, saved.text
    text = (ledger_root / "items" / "01.yaml").read_text(encoding="utf-8")
    assert text.endswith("department: 秘书科\nlog:\n  - date: 2026-01-06\n    kind: assign\n    field: department\n"
                         "    from: 办公室\n    to: 秘书科\n")  # fmt: skip
    git(ledger_root, "commit", "-qam", "调整", when="2026-01-06T10:00:00+08:00")
    page = client.get("/item/01").text
    assert '<td data-label="Kind">reassigned</td><td data-label="What changed">department 办公室 → 秘书科</td>' in page
    assert "<small>department 办公室 → 秘书科; +1 log</small>" in page
    changes = client.get("/changes").text
    assert ('<dt>reassigned</dt><dd><ul><li><a href="/item/01">01</a> 未启动的任务: department 办公室 → 秘书科</li>'
            in changes and "调整责任分工1个（第1项责任部门由办公室调整为秘书科）" in changes)  # fmt: skip
    monkeypatch.setenv("LEDGER_LANG", "zh")
    set_language(None)
    page = client.get("/item/01").text
    assert '<td data-label="类型">责任调整</td><td data-label="变动">责任部门 办公室 → 秘书科</td>' in page
    assert "<small>责任部门 办公室 → 秘书科；整改进展增加1条</small>" in page
    assert "<dt>责任调整</dt>" in client.get("/changes").text
