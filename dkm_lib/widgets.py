"""An ipywidgets panel for tuning Deep K-means by hand: λ, its ramp T1/T2, k, epochs, subset, seed.

This module is the panel's view: its controls, layout and messages (``dkm_lib.panel_plots`` draws
its figures). What the buttons do (train from the shipped pretrained autoencoder, stop, re-cluster
with a new k at once) is ``dkm_lib.tuner.Tuner``; every run is ``dkm_lib.train`` with the settings
shown, so the same settings always give the same numbers, in the panel and in code.
"""
from __future__ import annotations

import base64
import html
import threading
import time

try:
    import ipywidgets as W
except ModuleNotFoundError:
    raise ModuleNotFoundError("the tuning panel needs ipywidgets, which is not installed: pip install ipywidgets "
                              "(or install dkm_lib with its [widgets] or [colab] extra).") from None
import numpy as np

from . import plots
from .model import DeepKMeans
from .config import TrainConfig
from .panel_plots import curve_figures, png, png_size, result_figures
from .tuner import Tuner
from .tuning import TUNING

# Every word the panel shows, in the chapter's language (``plots.language()``).
TEXT = {
    "en": {
        "lam": "λ (lambda)", "t1": "T1 (ramp start)", "t2": "T2 (ramp end)", "k": "k (clusters)", "epochs": "epochs",
        "subset": "train images", "seed": "seed", "train": "Train", "stop": "Stop",
        "tips": {"lam": "the clustering loss's final weight: α ramps up to λ",
                 "t1": "where α's ramp starts: λ/(T2 − T1) up to T1, then λ·(e − T1)/(T2 − T1) at epoch e, λ from T2",
                 "t2": "the epoch where α reaches λ", "k": "clusters; moving k re-clusters the current latents at once",
                 "epochs": "joint epochs a run trains", "subset": "training images a run uses (fewer: faster)",
                 "seed": "the run's random seed", "train": "train with these settings",
                 "stop": "stop after the current epoch"},
        "ready": "Ready. Move k to re-cluster instantly, or press Train.",
        "training": "Training ...",
        "failed": "Training failed: {err}",
        "done": "Done: {n} epochs in {s:.1f} s (seed {seed}).",
        "stopped": "Stopped after {n} epochs in {s:.1f} s (seed {seed}).",
        "epoch": "{e}/{n} epochs: loss {loss:.4f}, ACC {acc:.3f}, NMI {nmi:.3f}",
        "reclustered": "k-means with k = {k} on the current latents (no training).",
        "bad_lam": "λ must be a finite number ≥ 0 (got {lam}).",
        "bad_ramp": "T2 ({t2}) must be larger than T1 ({t1}): the ramp needs T1 < T2.",
        "bad_k": "k = {k} is more than the {n} training images.",
        "instant": "Instant k-means", "after": "After training",
        "loss_alt": "Training loss per epoch of this run, {n} epochs so far (counted from 0).",
        "scores_alt": "Validation ACC and NMI per epoch of this run, {n} epochs so far (counted from 0).",
        "sizes_alt": "The {n} validation images clustered with k = {k}: how many images each cluster holds.",
        "centroids_alt": "The k = {k} centroids, decoded into images.",
        "confusion_alt": "The confusion matrix of the {n} validation images' clusters against their digits "
                         "(k = {k}, ACC {acc:.3f}).",
        "scores": "<b>{kind}</b> on {n} validation images: ACC <b>{acc:.3f}</b> · NMI <b>{nmi:.3f}</b> · "
                  "ARI <b>{ari:.3f}</b> · clusters used {used}/{k}",
    },
    "ko": {
        "lam": "λ (람다)", "t1": "T1 (램프 시작)", "t2": "T2 (램프 끝)", "k": "k (군집 수)", "epochs": "에폭",
        "subset": "학습 이미지", "seed": "시드", "train": "학습", "stop": "중지",
        "tips": {"lam": "군집 손실의 최종 가중치: α가 λ까지 올라갑니다",
                 "t1": "α 램프가 시작되는 에폭: T1까지 λ/(T2 − T1), 그 뒤 에폭 e에서 λ·(e − T1)/(T2 − T1), T2부터 λ",
                 "t2": "α가 λ에 닿는 에폭", "k": "군집 수: k를 움직이면 현재 잠재 벡터를 바로 다시 군집화합니다",
                 "epochs": "한 번에 학습할 결합 에폭 수", "subset": "학습에 쓸 이미지 수(적을수록 빠름)",
                 "seed": "학습의 난수 시드", "train": "이 설정으로 학습", "stop": "지금 에폭을 마치고 중지"},
        "ready": "준비됐습니다. k를 움직이면 바로 다시 군집화하고, 학습을 누르면 학습합니다.",
        "training": "학습 중 ...",
        "failed": "학습에 실패했습니다: {err}",
        "done": "완료: {n} 에폭, {s:.1f}초 (시드 {seed}).",
        "stopped": "{n} 에폭 뒤 중지했습니다: {s:.1f}초 (시드 {seed}).",
        "epoch": "{e}/{n} 에폭: 손실 {loss:.4f}, ACC {acc:.3f}, NMI {nmi:.3f}",
        "reclustered": "현재 잠재 벡터에서 k = {k}로 k-평균을 돌렸습니다(학습 없음).",
        "bad_lam": "λ는 0 이상의 유한한 수여야 합니다(입력: {lam}).",
        "bad_ramp": "T2({t2})는 T1({t1})보다 커야 합니다: 램프에는 T1 < T2가 필요합니다.",
        "bad_k": "k({k})가 학습 이미지 수({n}장)보다 큽니다.",
        "instant": "즉시 k-평균", "after": "학습 후",
        "loss_alt": "이번 학습의 에폭별 손실(지금까지 {n} 에폭, 에폭은 0부터 셈).",
        "scores_alt": "이번 학습의 에폭별 검증 ACC·NMI(지금까지 {n} 에폭, 에폭은 0부터 셈).",
        "sizes_alt": "검증 이미지 {n}장의 군집(k = {k}): 군집마다 담긴 이미지 수.",
        "centroids_alt": "디코더로 그린 중심점 {k}개.",
        "confusion_alt": "검증 이미지 {n}장의 군집과 숫자의 혼동 행렬(k = {k}, ACC {acc:.3f}).",
        "scores": "검증 이미지 {n}장, <b>{kind}</b>: ACC <b>{acc:.3f}</b> · NMI <b>{nmi:.3f}</b> · "
                  "ARI <b>{ari:.3f}</b> · 사용 중인 군집 {used}/{k}",
    },
}



def in_panel_words(err: ValueError, config: TrainConfig, text: dict) -> str:
    """``TrainConfig.validate``'s message, in the panel's words for the settings a reader can type wrong."""
    message = str(err)
    if message.startswith("lam "):
        return text["bad_lam"].format(lam=config.lam)
    if "t1 < t2" in message:
        return text["bad_ramp"].format(t1=config.t1, t2=config.t2)
    if message.startswith("n_clusters=") and "more than train_size" in message:
        return text["bad_k"].format(k=config.n_clusters, n=config.train_size)
    return message


def _message(text: str, kind: str = "info") -> str:
    """A status line in the text colour of wherever the panel is shown (light or dark Jupyter, Colab, the book):
    a fixed colour is unreadable in one of them, so success and errors are marked by a sign, errors also bold."""
    mark, weight = {"info": ("", 400), "ok": ("✓ ", 400), "error": ("⚠ ", 700)}[kind]
    return f'<div class="dkm-{kind}" style="font-size:13px;font-weight:{weight}">{mark}{html.escape(text)}</div>'


FIGURE_BASIS = 320   # px: two pictures share a laptop's column (about 750 px), a phone's (about 360 px) takes one
ROW = '<div style="display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: flex-start">{}</div>'


def _figures(figures: list, alts: list[str]) -> str:
    """Figures as <img>s for an HTML widget, each with its ``alt`` (what it shows, for a screen reader).

    They sit side by side where two fit (a laptop) and one per row on a phone, where each fills the column.
    The percentage in max-width lets a picture shrink below its own width (without it a phone's column was
    widened to the picture's 450 px, and the panel scrolled sideways).
    """
    images = []
    for fig, alt in zip(figures, alts, strict=True):
        data = png(fig, scale=2)    # twice the pixels, shown at half: sharp on a 2x screen, as the book's figures
        width = png_size(data)[0] // 2
        images.append(f'<img src="data:image/png;base64,{base64.b64encode(data).decode("ascii")}" '
                      f'width="{width}" alt="{html.escape(alt)}" style="flex: 1 1 {FIGURE_BASIS}px; '
                      f'min-width: 0; max-width: min({width}px, 100%); height: auto">')
    return ROW.format("".join(images))


class TuningPanel(W.VBox):
    """The panel itself: a ``VBox`` whose controls and outputs are attributes, for tests and scripts."""

    def __init__(self, checkpoint=None, background: bool = True, language: str | None = None):
        self.tuner = Tuner(checkpoint)
        self.background = background
        language = language or plots.language()
        if language not in TEXT:
            raise ValueError(f"language must be one of {sorted(TEXT)}, got {language!r}.")
        self.text = text = TEXT[language]
        self._thread: threading.Thread | None = None

        def slider(name: str, value: int, low: int, high: int, step: int = 1) -> W.IntSlider:
            return W.IntSlider(value=value, min=low, max=high, step=step, description=text[name],
                               tooltip=text["tips"][name], style={"description_width": "110px"},
                               layout=W.Layout(width="340px"))

        # A text box, not a log slider: a slider snaps 0.05 to 10^-1.30 = 0.0501.
        self.lam = W.FloatText(value=TUNING["lam"], step=0.01, description=text["lam"], tooltip=text["tips"]["lam"],
                               style={"description_width": "110px"}, layout=W.Layout(width="340px"))
        self.t1 = slider("t1", TUNING["t1"], 0, 30)
        self.t2 = slider("t2", TUNING["t2"], 1, 30)
        self.k = slider("k", TUNING["n_clusters"], 2, 20)
        self.epochs = slider("epochs", TUNING["epochs"], 1, 30)
        self.subset = slider("subset", TUNING["train_size"], 1000, 20000, step=1000)
        self.seed = slider("seed", TUNING["seed"], 0, 9)
        self.train_button = W.Button(description=text["train"], button_style="primary", icon="play",
                                     tooltip=text["tips"]["train"])
        self.stop_button = W.Button(description=text["stop"], icon="stop", disabled=True, tooltip=text["tips"]["stop"])
        self.status = W.HTML(_message(text["ready"]))
        self.scores = W.HTML()
        self.curves = W.HTML()    # each figure an <img> with alt text (_figures): ipywidgets' Image has none
        self.results = W.HTML()

        self.train_button.on_click(lambda _: self.start())
        self.stop_button.on_click(lambda _: self.tuner.stop())
        for starts in (self.k, self.seed, self.subset):   # what a run's k-means start depends on
            starts.observe(lambda change: self.recluster(), names="value")
        buttons = W.HBox([self.train_button, self.stop_button])
        controls = W.HBox([W.VBox([self.lam, self.t1, self.t2, self.k]),
                           W.VBox([self.epochs, self.subset, self.seed, buttons])])
        super().__init__([controls, self.status, self.scores, self.curves, self.results])
        # Names for the web book's script (book/static/dkm.js), which answers Train there with the sweep's records.
        self.add_class("dkm-tuning-panel")
        for name in ("lam", "t1", "t2", "k", "epochs", "subset", "seed", "train_button", "status", "scores",
                     "curves", "results"):
            getattr(self, name).add_class(f"dkm-tune-{name.removesuffix('_button')}")
        self.recluster()

    @property
    def model(self) -> DeepKMeans:
        """The model the panel shows: the last run's, or the pretrained one with the current k."""
        return self.tuner.model

    @property
    def history(self) -> dict | None:
        """The last run's history (None before the first Train)."""
        return self.tuner.history

    @property
    def metrics(self) -> dict | None:
        """ACC, NMI, ARI and clusters used of the model shown, on the validation images."""
        return self.tuner.metrics

    def config(self) -> TrainConfig:
        """The ``TrainConfig`` that Train runs with the current slider values."""
        return self.tuner.config(lam=float(self.lam.value), t1=self.t1.value, t2=self.t2.value,
                                 n_clusters=self.k.value, epochs=self.epochs.value,
                                 train_size=self.subset.value, seed=self.seed.value)

    def problem(self) -> str | None:
        """Why the current settings cannot run, in one sentence in the panel's language, or None."""
        config = self.config()
        try:
            config.validate()
        except ValueError as err:
            return in_panel_words(err, config, self.text)
        return None

    def busy(self) -> bool:
        """True while a background run trains."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """What the Train button does: check the settings, then train (in a thread by default)."""
        if self.busy():
            return
        problem = self.problem()
        if problem:
            self.status.value = _message(problem, "error")
            return
        self.train_button.disabled, self.stop_button.disabled = True, False
        self.status.value = _message(self.text["training"])
        if self.background:
            self._thread = threading.Thread(target=self._train, daemon=True)
            self._thread.start()
        else:
            self._train()

    def wait(self, timeout: float | None = None) -> None:
        """Block until a background run finishes (for scripts and tests)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def recluster(self) -> None:
        """What moving k, the seed or the subset does: k-means on the current model's latents, no training, about a
        second (on the pretrained autoencoder, the start a run with these settings trains from)."""
        if self.busy():
            return
        k, n = self.k.value, self.subset.value
        if k > n:
            self.status.value = _message(self.text["bad_k"].format(k=k, n=n), "error")
            return
        predictions = self.tuner.recluster(k, self.seed.value, n)
        self._show_results(predictions, instant=True)
        self.status.value = _message(self.text["reclustered"].format(k=k))

    def _train(self) -> None:
        """Train, show the results, and report the time the reader waited (setup and drawing included)."""
        config, tic = self.config(), time.perf_counter()
        try:
            history = self.tuner.train(config, on_epoch=self._show_epoch)
        except Exception as err:  # shown inline: a reader should never see a traceback here
            self.status.value = _message(self.text["failed"].format(err=err), "error")
        else:
            self._show_results(self.tuner.predictions())
            n = len(history["epoch"])
            self.status.value = _message(self.text["stopped" if n < config.epochs else "done"].format(
                n=n, s=time.perf_counter() - tic, seed=config.seed), "ok")
        finally:
            self.train_button.disabled, self.stop_button.disabled = False, True

    def _show_epoch(self, epoch: int, history: dict) -> None:
        n = len(history["epoch"])
        self.curves.value = _figures(curve_figures(history), [self.text["loss_alt"].format(n=n),
                                                             self.text["scores_alt"].format(n=n)])
        if history["eval"]:
            last = history["eval"][-1]
            self.status.value = _message(self.text["epoch"].format(
                e=epoch + 1, n=self.epochs.value, loss=history["loss"][-1], acc=last["acc"], nmi=last["nmi"]))

    def _show_results(self, predictions: np.ndarray, instant: bool = False) -> None:
        metrics, model = self.tuner.metrics, self.tuner.model
        self.scores.value = self.text["scores"].format(
            kind=self.text["instant" if instant else "after"], n=len(predictions), acc=metrics["acc"],
            nmi=metrics["nmi"], ari=metrics["ari"], used=metrics["clusters_used"], k=model.n_clusters)
        said = {"n": len(predictions), "k": model.n_clusters, "acc": metrics["acc"]}
        self.results.value = _figures(result_figures(model, self.tuner.val[1].numpy(), predictions),
                                      [self.text[f"{part}_alt"].format(**said)
                                       for part in ("sizes", "centroids", "confusion")])


def tuning_panel(checkpoint=None, background: bool = True, language: str | None = None) -> TuningPanel:
    """The interactive tuning panel (an ipywidgets ``VBox``), starting from a pretrained autoencoder.

    ``checkpoint`` defaults to the shipped ``checkpoints/improved_autoencoder.pt``. Train runs in a
    thread, so Stop works while it trains; ``panel.wait()`` blocks until the run ends. With
    ``background=False`` (scripts, tests) Train itself blocks, and Stop cannot be pressed. The
    panel speaks ``language`` (``"ko"`` or ``"en"``; default: ``plots.language()``).
    """
    return TuningPanel(checkpoint, background, language)
