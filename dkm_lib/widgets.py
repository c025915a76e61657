"""An ipywidgets panel for tuning Deep K-means by hand: λ, its ramp T1/T2, k, epochs, subset, seed.

Training starts from a pretrained autoencoder (a shipped checkpoint), places the centroids
with k-means on the subset's latents, then runs the Deep K-means loss: a default run takes
seconds on a laptop CPU. Moving only the k slider re-clusters the current latents with k-means
at once, without training. Every run is ``dkm_lib.train.train`` with the settings shown, so the
same settings always give the same numbers, in the panel and in code.
"""
from __future__ import annotations

import html
import io
import math
import threading

try:
    import ipywidgets as W
except ModuleNotFoundError:
    raise ModuleNotFoundError("the tuning panel needs ipywidgets, which is not installed: pip install ipywidgets "
                              "(or install dkm_lib with its [widgets] or [colab] extra).") from None
import numpy as np
import torch
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from . import plots
from .cluster import kmeans_fit
from .metrics import clustering_scores
from .model import DeepKMeans
from .sweep import TEST_SIZE, TUNING, default_checkpoint, tuning_config, tuning_data
from .train import TrainConfig, load_checkpoint, train


# Every word the panel shows, in the chapter's language (``plots.language()``).
TEXT = {
    "en": {
        "lam": "λ (lambda)", "t1": "T1 (ramp start)", "t2": "T2 (ramp end)", "k": "k (clusters)", "epochs": "epochs",
        "subset": "train images", "seed": "seed", "train": "Train", "stop": "Stop",
        "ready": "Ready. Move k to re-cluster instantly, or press Train.",
        "training": "Training ...",
        "failed": "Training failed: {err}",
        "done": "Done: {n} epochs in {s:.1f} s (seed {seed}).",
        "stopped": "Stopped after {n} epochs in {s:.1f} s (seed {seed}).",
        "epoch": "epoch {e}/{n}: loss {loss:.4f}, ACC {acc:.3f}, NMI {nmi:.3f}",
        "reclustered": "k-means with k = {k} on the current latents (no training).",
        "bad_lam": "λ must be a finite number ≥ 0 (got {lam}).",
        "bad_ramp": "T2 ({t2}) must be larger than T1 ({t1}): the ramp needs T1 < T2.",
        "bad_k": "k = {k} is more than the {n} training images.",
        "instant": "instant k-means", "after": "after training",
        "scores": "<b>{kind}</b> on {n} test images: ACC <b>{acc:.3f}</b> · NMI <b>{nmi:.3f}</b> · "
                  "ARI <b>{ari:.3f}</b> · clusters used {used}/{k}",
    },
    "ko": {
        "lam": "λ (람다)", "t1": "T1 (증가 시작)", "t2": "T2 (증가 끝)", "k": "k (군집 수)", "epochs": "에폭",
        "subset": "학습 이미지", "seed": "시드", "train": "학습", "stop": "중지",
        "ready": "준비됐습니다. k를 움직이면 바로 다시 군집화하고, 학습을 누르면 학습합니다.",
        "training": "학습 중 ...",
        "failed": "학습에 실패했습니다: {err}",
        "done": "완료: {n} 에폭, {s:.1f}초 (시드 {seed}).",
        "stopped": "{n} 에폭 뒤 중지했습니다: {s:.1f}초 (시드 {seed}).",
        "epoch": "에폭 {e}/{n}: 손실 {loss:.4f}, ACC {acc:.3f}, NMI {nmi:.3f}",
        "reclustered": "현재 잠재 벡터에서 k = {k}로 k-평균을 돌렸습니다(학습 없음).",
        "bad_lam": "λ는 0 이상의 유한한 수여야 합니다(입력: {lam}).",
        "bad_ramp": "T2({t2})는 T1({t1})보다 커야 합니다: 증가 구간에는 T1 < T2가 필요합니다.",
        "bad_k": "k = {k}가 학습 이미지 {n}장보다 많습니다.",
        "instant": "즉시 k-평균", "after": "학습 후",
        "scores": "테스트 이미지 {n}장, <b>{kind}</b>: ACC <b>{acc:.3f}</b> · NMI <b>{nmi:.3f}</b> · "
                  "ARI <b>{ari:.3f}</b> · 사용된 군집 {used}/{k}",
    },
}


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    return buf.getvalue()


def _message(text: str, kind: str = "info") -> str:
    color = {"info": "#333", "error": "#b00020", "ok": "#1b5e20"}[kind]
    return f'<div style="color:{color};font-size:13px">{html.escape(text)}</div>'


class TuningPanel(W.VBox):
    """The panel itself: a ``VBox`` whose controls and outputs are attributes, for tests and scripts."""

    def __init__(self, checkpoint=None, background: bool = True, language: str | None = None):
        self.checkpoint = str(checkpoint or default_checkpoint())
        self.background = background
        self.text = TEXT[language or plots.language()]
        pool_x, pool_y, test_x, test_y = tuning_data(20000, TEST_SIZE)
        self.pool, self.test = (pool_x, pool_y), (test_x, test_y)
        self.model: DeepKMeans = load_checkpoint(self.checkpoint)
        self.history: dict | None = None
        self.metrics: dict | None = None
        self._stop = threading.Event()
        self._cache_key, self._cache = None, None
        self._thread: threading.Thread | None = None

        style = {"description_width": "110px"}
        layout = W.Layout(width="340px")
        text = self.text
        # A text box, not a log slider: a slider snaps 0.05 to 10^-1.30 = 0.0501.
        self.lam = W.FloatText(value=TUNING["lam"], step=0.01, description=text["lam"], style=style, layout=layout)
        self.t1 = W.IntSlider(value=TUNING["t1"], min=0, max=30, description=text["t1"], style=style,
                              layout=layout)
        self.t2 = W.IntSlider(value=TUNING["t2"], min=1, max=30, description=text["t2"], style=style,
                              layout=layout)
        self.k = W.IntSlider(value=TUNING["n_clusters"], min=2, max=20, description=text["k"], style=style,
                             layout=layout)
        self.epochs = W.IntSlider(value=TUNING["epochs"], min=1, max=30, description=text["epochs"], style=style,
                                  layout=layout)
        self.subset = W.IntSlider(value=TUNING["train_size"], min=1000, max=20000, step=1000,
                                  description=text["subset"], style=style, layout=layout)
        self.seed = W.IntSlider(value=TUNING["seed"], min=0, max=9, description=text["seed"], style=style, layout=layout)
        self.train_button = W.Button(description=text["train"], button_style="primary", icon="play")
        self.stop_button = W.Button(description=text["stop"], icon="stop", disabled=True)
        self.status = W.HTML(_message(text["ready"]))
        self.scores = W.HTML()
        self.curves = W.Image(format="png")
        self.results = W.Image(format="png")

        self.train_button.on_click(lambda _: self.start())
        self.stop_button.on_click(lambda _: self._stop.set())
        self.k.observe(lambda change: self.recluster(), names="value")
        controls = W.HBox([W.VBox([self.lam, self.t1, self.t2, self.k]),
                           W.VBox([self.epochs, self.subset, self.seed, W.HBox([self.train_button, self.stop_button])])])
        super().__init__([controls, self.status, self.scores, self.curves, self.results])
        self.recluster()

    # --- settings ------------------------------------------------------------------------
    def config(self) -> TrainConfig:
        """The ``TrainConfig`` that Train runs with the current slider values."""
        return tuning_config(self.checkpoint, lam=float(self.lam.value), t1=int(self.t1.value),
                             t2=int(self.t2.value), n_clusters=int(self.k.value), epochs=int(self.epochs.value),
                             train_size=int(self.subset.value), seed=int(self.seed.value))

    def data(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        """``(train_x, train_y, test_x, test_y)`` passed to ``train``: the subset and the test images."""
        n = int(self.subset.value)
        return self.pool[0][:n], self.pool[1][:n], *self.test

    def problem(self) -> str | None:
        """Why the current settings cannot run, in one sentence, or None."""
        lam = float(self.lam.value)
        if not math.isfinite(lam) or lam < 0:
            return self.text["bad_lam"].format(lam=lam)
        if self.t2.value <= self.t1.value:
            return self.text["bad_ramp"].format(t1=self.t1.value, t2=self.t2.value)
        if self.k.value > self.subset.value:
            return self.text["bad_k"].format(k=self.k.value, n=self.subset.value)
        try:
            self.config().validate()
        except ValueError as err:
            return str(err)
        return None

    # --- training ----------------------------------------------------------------------
    def start(self) -> None:
        """What the Train button does: check the settings, then train (in a thread by default)."""
        if self._thread is not None and self._thread.is_alive():
            return
        problem = self.problem()
        if problem:
            self.status.value = _message(problem, "error")
            return
        self._stop.clear()
        self.train_button.disabled, self.stop_button.disabled = True, False
        self.status.value = _message(self.text["training"])
        if self.background:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        else:
            self._run()

    def wait(self, timeout: float | None = None) -> None:
        """Block until a background run finishes (for scripts and tests)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        config = self.config()
        try:
            model, history = train(config, progress=False, data=self.data(), on_epoch=self._on_epoch)
        except Exception as err:  # shown inline: a reader should never see a traceback here
            self.status.value = _message(self.text["failed"].format(err=err), "error")
        else:
            self.model, self.history, self.metrics = model, history, history["metrics"]
            stopped = len(history["epoch"]) < config.epochs
            self._show_results(self.metrics, self.model.predict(self.test[0]).numpy())
            self.status.value = _message(self.text["stopped" if stopped else "done"].format(
                n=len(history["epoch"]), s=history["wall_s"], seed=config.seed), "ok")
        finally:
            self.train_button.disabled, self.stop_button.disabled = False, True

    def _on_epoch(self, epoch: int, history: dict) -> bool:
        self.curves.value = _png(self._curve_figure(history))
        last = history["eval"][-1] if history["eval"] else None
        if last:
            self.status.value = _message(self.text["epoch"].format(e=epoch + 1, n=self.epochs.value,
                                                                   loss=history["loss"][-1], acc=last["acc"], nmi=last["nmi"]))
        return self._stop.is_set()

    # --- instant re-clustering ---------------------------------------------------------
    def recluster(self) -> None:
        """k-means with the slider's k on the current model's latents: no training, about a second."""
        if self._thread is not None and self._thread.is_alive():
            return
        if self.k.value > self.subset.value:
            self.status.value = _message(self.problem() or "", "error")
            return
        train_latents, test_latents = self._latents()
        k = int(self.k.value)
        centers, _ = kmeans_fit(train_latents.double().numpy(), k, int(self.seed.value), n_init=3)
        model = DeepKMeans(self.model.latent_size, k, self.model.final_relu)
        model.encoder, model.decoder = self.model.encoder, self.model.decoder   # shared, not copied
        with torch.no_grad():
            model.centroids.copy_(torch.as_tensor(centers, dtype=torch.float32))
        predictions = model.assign(test_latents).numpy()
        self.model, self.metrics = model.eval(), clustering_scores(self.test[1].numpy(), predictions)
        self._show_results(self.metrics, predictions, instant=True)
        self.status.value = _message(self.text["reclustered"].format(k=k))

    def _latents(self) -> tuple[torch.Tensor, torch.Tensor]:
        """Latents of the training subset and the test images, cached per encoder and subset size."""
        # The key holds the encoder itself, not id(): a freed encoder's id can be reused by a new one.
        key = (self.model.encoder, int(self.subset.value))
        if self._cache_key != key:   # modules compare by identity
            self._cache = (self.model.encode(self.data()[0]), self.model.encode(self.test[0]))
            self._cache_key = key
        return self._cache

    # --- figures -----------------------------------------------------------------------
    def _show_results(self, metrics: dict, predictions: np.ndarray, instant: bool = False) -> None:
        self.scores.value = self.text["scores"].format(
            kind=self.text["instant" if instant else "after"], n=len(predictions), acc=metrics["acc"],
            nmi=metrics["nmi"], ari=metrics["ari"], used=metrics["clusters_used"], k=self.model.n_clusters)
        self.results.value = _png(self._result_figure(predictions))

    @staticmethod
    def _curve_figure(history: dict) -> Figure:
        fig = Figure(figsize=(9, 2.6))
        ax1, ax2 = fig.subplots(1, 2)
        ax1.plot(np.array(history["epoch"]) + 1, history["loss"], marker="o", ms=3)
        ax1.set(xlabel=plots.t("epoch"), ylabel=plots.t("loss"))
        evals = history["eval"]
        x = [e["epoch"] + 1 for e in evals]
        ax2.plot(x, [e["acc"] for e in evals], marker="o", ms=3, label="ACC")
        ax2.plot(x, [e["nmi"] for e in evals], marker="s", ms=3, label="NMI")
        ax2.set(xlabel=plots.t("epoch"), ylim=(0, 1))
        ax2.legend(loc="lower right")
        for ax in (ax1, ax2):   # epochs are whole numbers (a short run would show 1.2, 1.4, ...)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        fig.tight_layout()
        return fig

    def _result_figure(self, predictions: np.ndarray) -> Figure:
        k = self.model.n_clusters
        fig = Figure(figsize=(14, 3.6))
        axes = fig.subplots(1, 3, gridspec_kw={"width_ratios": [1.1, 1.4, 1.0]})
        plots.plot_cluster_sizes(predictions, k, ax=axes[0])
        with torch.no_grad():
            prototypes = self.model.decoder(self.model.centroids)
        plots.image_grid(prototypes, rows=2, cols=math.ceil(k / 2), ax=axes[1], title=plots.t("centroids"))
        plots.plot_confusion(self.test[1].numpy(), predictions, ax=axes[2])
        fig.tight_layout()
        return fig


def tuning_panel(checkpoint=None, background: bool = True, language: str | None = None) -> TuningPanel:
    """The interactive tuning panel (an ipywidgets ``VBox``), starting from a pretrained autoencoder.

    ``checkpoint`` defaults to the shipped ``checkpoints/improved_autoencoder.pt``. Train runs in a
    thread, so Stop works while it trains; ``panel.wait()`` blocks until the run ends. With
    ``background=False`` (scripts, tests) Train itself blocks, and Stop cannot be pressed. The
    panel speaks ``language`` (``"ko"`` or ``"en"``; default: ``plots.language()``).
    """
    return TuningPanel(checkpoint, background, language)
