"""Chapter 07 in a real JupyterLab, driven from headless Chromium, in both languages.

A Jupyter server and kernel start on 127.0.0.1 (a free port, a token) over a COPY of the chapter
in a temporary folder, so the reader's notebooks are never written. The browser runs the chapter
up to its first panel run, then uses the panel as a reader would: move k (instant re-clustering), Train (the curves update),
Stop, type λ = 0.05, and an invalid ramp (the red message). Needs JupyterLab (requirements.txt)
and Chromium (``make browser``).
"""
import os
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
    "en": {"k": "k (clusters)", "t1": "T1 (ramp start)", "lam": "λ (lambda)", "epochs": "epochs", "train": "Train",
           "stop": "Stop", "reclustered": "k-means with k = 7", "stopped": "Stopped after",
           "bad": "T2 (4) must be larger than T1 (6)"},
    "ko": {"k": "k (군집 수)", "t1": "T1 (증가 시작)", "lam": "λ (람다)", "epochs": "에폭", "train": "학습",
           "stop": "중지", "reclustered": "k = 7로 k-평균", "stopped": "에폭 뒤 중지했습니다",
           "bad": "T2(4)는 T1(6)보다 커야 합니다"},
}


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Not verified end to end yet (the machine it was written on was too loaded): opt in with DKM_TEST_LAB=1.
pytestmark = pytest.mark.skipif(not os.environ.get("DKM_TEST_LAB"), reason="set DKM_TEST_LAB=1 to run it")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    if shutil.which("jupyter-lab", path=str(Path(sys.executable).parent)) is None:
        _missing("JupyterLab is not installed: run `make setup`")
    root = tmp_path_factory.mktemp("lab")
    for lang in WORDS:
        (root / lang).mkdir()
        shutil.copy(ROOT / "notebooks" / lang / "07_tuning.ipynb", root / lang)
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(root / ".config"), "JUPYTER_RUNTIME_DIR": str(root / ".runtime"),
           "DKM_PROFILE": "quick", "MPLBACKEND": "Agg"}
    log = open(root / "server.log", "w")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyter-lab"), "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
         "--ServerApp.allow_root=True", "--ServerApp.terminals_enabled=False",
         "--LabApp.extension_manager=readonly", "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
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
    """Run ``code`` in a new last cell of the (copied) notebook and return its printed text."""
    return page.evaluate("""async (code) => {
        const app = window.jupyterapp, panel = app.shell.currentWidget, nb = panel.content;
        nb.model.sharedModel.insertCell(nb.widgets.length, {cell_type: 'code', source: code});
        nb.activeCellIndex = nb.widgets.length - 1;
        await app.commands.execute('notebook:run-cell');
        const cell = nb.widgets[nb.widgets.length - 1];
        for (let i = 0; i < 600 && cell.model.executionCount === null; i++) await new Promise(r => setTimeout(r, 100));
        return cell.node.querySelector('.jp-OutputArea').innerText;
    }""", code)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_chapter_07_panel_in_jupyterlab(lab, browser, lang):
    url, token, root = lab
    words = WORDS[lang]
    before = (ROOT / "notebooks" / lang / "07_tuning.ipynb").read_bytes()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(600_000)   # generous: a busy 2-core CI machine
    try:
        page.goto(f"{url}/lab/tree/{lang}/07_tuning.ipynb?token={token}")
        page.wait_for_function("window.jupyterapp && window.jupyterapp.shell.currentWidget "
                               "&& window.jupyterapp.shell.currentWidget.sessionContext "
                               "&& window.jupyterapp.shell.currentWidget.sessionContext.session "
                               "&& window.jupyterapp.shell.currentWidget.sessionContext.session.kernel")
        tic = time.perf_counter()
        # Run the chapter up to the cell that trains once through the panel, one cell at a time, as
        # a reader would (the rest of the chapter trains again and is checked by nbval already).
        page.evaluate("""() => { (async () => {
            const app = window.jupyterapp, panel = app.shell.currentWidget, nb = panel.content;
            await panel.sessionContext.ready;
            await app.commands.execute('notebook:clear-all-cell-outputs');
            const last = nb.widgets.findIndex(c => c.model.sharedModel.source.includes('panel.train_button.click()'));
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
        }""", polling=500)
        ran = time.perf_counter() - tic
        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")
        assert errors.count() == 0, errors.first.inner_text()

        # (a button's accessible name also holds its icon's glyph, so buttons are found by their text)
        button = lambda word: page.locator("button.widget-button", has_text=word)
        panel = page.locator(".widget-vbox", has=button(words["stop"])).first
        # k only: instant re-clustering, no training
        _set_readout(page, panel, words["k"], "7")
        page.wait_for_function("(s) => document.body.innerText.includes(s)", arg=words["reclustered"])
        # Train, see the curves change, Stop
        curves = panel.locator("img").first
        old_curves = curves.get_attribute("src")
        _set_readout(page, panel, words["epochs"], "30")
        panel.locator("button.widget-button", has_text=words["train"]).click()
        page.wait_for_function("([img, old]) => img.getAttribute('src') !== old",
                               arg=[curves.element_handle(), old_curves])
        panel.locator("button.widget-button", has_text=words["stop"]).click()
        page.wait_for_function("(s) => document.body.innerText.includes(s)", arg=words["stopped"])
        # λ typed in the box reaches the kernel exactly
        _set_readout(page, panel, words["lam"], "0.05")
        assert _kernel_says(page, "print(repr(panel.config().lam))").strip() == "0.05"
        # an invalid ramp: the red inline message
        _set_readout(page, panel, words["t1"], "6")
        panel.locator("button.widget-button", has_text=words["train"]).click()
        message = panel.locator("div[style*='#b00020']", has_text=words["bad"])
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
