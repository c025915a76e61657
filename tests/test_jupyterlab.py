"""Chapter 07 in a real JupyterLab, driven from headless Chromium (the Korean edition).

A Jupyter server and kernel start on 127.0.0.1 (a free port, a token) over a COPY of the chapter
in a temporary folder, so the reader's notebooks are never written. The browser runs the chapter
up to the cell that shows the panel, then uses the panel as a reader would: move k (instant re-clustering),
Train (the curves appear, the status updates), Stop, type λ = 0.05 (the kernel gets exactly 0.05), and
an invalid ramp (the red message), with the panel's words in the chapter's language. Needs
JupyterLab (`make setup`) and Chromium (`make browser`): skipped without them, failed under CI.
The English chapter runs the same code cells (test_notebooks) and test_widgets checks the panel's
English words, so one language here saves a second Lab session (half a minute of CPU).
"""
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORDS = {
    "ko": {"k": "k (군집 수)", "t1": "T1 (램프 시작)", "lam": "λ (람다)", "epochs": "에폭", "train": "학습",
           "stop": "중지", "reclustered": "k = 7로 k-평균", "epoch": "/30 에폭: 손실",
           "stopped": "에폭 뒤 중지했습니다",
           "bad": "T2(4)는 T1(6)보다 커야 합니다", "curves": "이번 학습의 에폭별 손실"},
}


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    if shutil.which("jupyter-lab", path=str(Path(sys.executable).parent)) is None:
        _missing("JupyterLab is not installed: run `make setup`")
    root = tmp_path_factory.mktemp("lab")
    for lang in WORDS:
        (root / lang).mkdir()
        shutil.copy(ROOT / "notebooks" / lang / "07_tuning.ipynb", root / lang)
    port, token = _free_port(), secrets.token_hex(16)
    # no "get Jupyter news?" toast over the panel
    news = root / ".settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text('{"fetchNews": "false", "checkForUpdates": false}')
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(root / ".config"), "JUPYTER_RUNTIME_DIR": str(root / ".runtime"),
           "DKM_PROFILE": "quick", "MPLBACKEND": "Agg"}
    log = open(root / "server.log", "w")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyter-lab"), "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
         "--ServerApp.allow_root=True", "--ServerApp.terminals_enabled=False",
         f"--LabApp.user_settings_dir={root / '.settings'}", "--LabApp.extension_manager=readonly",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120   # a busy 2-core machine
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if time.time() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail(f"the Jupyter server did not start: {(root / 'server.log').read_text()[-2000:]}")
            time.sleep(0.5)
    yield url, token, root
    server.terminate()
    server.wait(20)
    log.close()


def _set_readout(page, panel, label: str, value: str) -> None:
    """Type into the value box of the control whose description is ``label``, as a reader does."""
    control = panel.locator(".widget-inline-hbox", has=page.locator(f"label:text-is('{label}')")).first
    box = control.locator(".widget-readout, input").first
    box.fill(value)
    box.press("Enter")


def _kernel_says(page, code: str) -> str:
    """Run ``code`` in the notebook's kernel, out of sight (no cell added, nothing scrolls), and return its output."""
    return page.evaluate("""async (code) => {
        const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
        const future = kernel.requestExecute({code, store_history: false});
        let out = '';
        future.onIOPub = (msg) => {
            const c = msg.content;
            if (msg.header.msg_type === 'stream') out += c.text;
            if (msg.header.msg_type === 'error') out += `${c.ename}: ${c.evalue}`;
        };
        await future.done;
        return out;
    }""", code)


def _kernel_value(page, expression: str, expected: str, timeout: float = 60) -> str:
    """``repr(expression)`` in the kernel, once it equals ``expected`` (a widget's change can still be on its
    way) or when ``timeout`` seconds have passed: the caller asserts."""
    deadline = time.time() + timeout
    while True:
        value = _kernel_says(page, f"print(repr({expression}))").strip()
        if value == expected or time.time() > deadline:
            return value
        time.sleep(0.5)


@pytest.mark.parametrize("lang", list(WORDS))
def test_chapter_07_panel_in_jupyterlab(lab, browser, lang):
    from playwright.sync_api import expect   # (installed: the browser fixture checked)

    url, token, root = lab
    words = WORDS[lang]
    before = (ROOT / "notebooks" / lang / "07_tuning.ipynb").read_bytes()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(120_000)   # each step; generous for a busy 2-core machine
    try:
        # a fresh workspace per language: only this chapter open (not the other language's tab too)
        page.goto(f"{url}/lab/workspaces/{lang}/tree/{lang}/07_tuning.ipynb?reset&token={token}")
        page.wait_for_function("window.jupyterapp && window.jupyterapp.shell.currentWidget "
                               "&& window.jupyterapp.shell.currentWidget.sessionContext "
                               "&& window.jupyterapp.shell.currentWidget.sessionContext.session "
                               "&& window.jupyterapp.shell.currentWidget.sessionContext.session.kernel")
        tic = time.perf_counter()
        # Run the chapter up to the cell that shows the panel, one cell at a time, as a reader would (the
        # next cell trains through the panel's code; nbval runs it and the rest of the chapter already).
        page.evaluate("""() => { (async () => {
            const app = window.jupyterapp, panel = app.shell.currentWidget, nb = panel.content;
            await panel.sessionContext.ready;
            await app.commands.execute('notebook:clear-all-cell-outputs');
            const last = nb.widgets.findIndex(c => c.model.type === 'code'
                                              && c.model.sharedModel.source.includes('tuning_panel()'));
            for (let i = 0; i <= last; i++) {
                nb.activeCellIndex = i;
                await app.commands.execute('notebook:run-cell');
            }
            window.panelCell = last;
        })(); }""")
        page.wait_for_function("""() => {
            const app = window.jupyterapp, nb = app.shell.currentWidget.content;
            return window.panelCell >= 0 && nb.widgets.slice(0, window.panelCell + 1)
                .every(c => c.model.type !== 'code' || c.model.executionCount !== null)
                && app.shell.currentWidget.sessionContext.session.kernel.status === 'idle';
        }""", polling=500, timeout=600_000)
        ran = time.perf_counter() - tic
        # (from the cells' models: JupyterLab keeps the cells out of view out of the page)
        errors = page.evaluate("""() => window.jupyterapp.shell.currentWidget.content.widgets
            .flatMap(c => c.model.type === 'code' ? c.model.outputs.toJSON() : [])
            .filter(o => o.output_type === 'error').map(o => `${o.ename}: ${o.evalue}`)""")
        assert not errors, errors

        # (a button's accessible name also holds its icon's glyph, so buttons are found by their text)
        def button(word):
            return page.locator("button.widget-button", has_text=word)

        panel = page.locator(".widget-vbox", has=button(words["stop"])).first
        # JupyterLab attaches only the cells in view: bring the panel's cell there
        page.evaluate("() => window.jupyterapp.shell.currentWidget.content.scrollToItem(window.panelCell, 'start')")
        try:
            panel.wait_for(timeout=30_000)
        except Exception:
            pytest.fail("the panel's cell ran but JupyterLab did not draw the panel (no widget view)")
        # k only: instant re-clustering, no training
        _set_readout(page, panel, words["k"], "7")
        panel.get_by_text(words["reclustered"]).wait_for()
        # Train, see the curves drawn, Stop
        curves = panel.locator(f"img[alt^='{words['curves']}']")   # the figure's alt text says what it is
        assert curves.count() == 0, "the panel shows training curves before any run"
        _set_readout(page, panel, words["epochs"], "30")
        panel.locator("button.widget-button", has_text=words["train"]).click()
        expect(curves).to_have_attribute("src", re.compile("^data:image/png;base64,."), timeout=120_000)
        panel.get_by_text(words["epoch"]).wait_for()
        panel.locator("button.widget-button", has_text=words["stop"]).click()
        panel.get_by_text(words["stopped"]).wait_for()
        # λ typed in the box reaches the kernel exactly (0.05 is the default: type another value first)
        for lam in ["0.5", "0.05"]:
            _set_readout(page, panel, words["lam"], lam)
            assert _kernel_value(page, "panel.config().lam", lam) == lam
        assert panel.locator(".widget-inline-hbox", has=page.locator(f"label:text-is('{words['lam']}')")
                             ).locator("input").input_value() == "0.05"
        # an invalid ramp: the inline message, marked as an error
        _set_readout(page, panel, words["t1"], "6")
        assert _kernel_value(page, "panel.t1.value", "6") == "6"
        panel.locator("button.widget-button", has_text=words["train"]).click()
        message = panel.locator("div.dkm-error", has_text=words["bad"])
        message.wait_for()
        page.screenshot(path=str(root / f"07_{lang}.png"))
        print(f"{lang}: chapter 07 up to the panel ran in {ran:.0f} s; the panel checks took "
              f"{time.perf_counter() - tic - ran:.0f} s", file=sys.stderr)
    except Exception:
        page.screenshot(path=str(root / f"07_{lang}_failed.png"))
        state = page.evaluate("""() => {
            const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
            if (!w || !w.content) return 'no notebook open';
            return JSON.stringify({kernel: w.sessionContext.session && w.sessionContext.session.kernel.status,
                                   counts: w.content.widgets.map(c => c.model.executionCount)});
        }""")
        print(f"{lang}: page state at the failure: {state}; screenshot {root}/07_{lang}_failed.png", file=sys.stderr)
        raise
    finally:
        page.close()
    assert (ROOT / "notebooks" / lang / "07_tuning.ipynb").read_bytes() == before
