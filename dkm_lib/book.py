"""Helpers the book's notebooks share: one setup call, the run profile, and load-or-train.

``quick`` (the default on a CPU) loads heavy results from ``checkpoints/`` and ``results/`` so
every chapter runs in seconds to about a minute on two CPU cores (``results/cpu/chapters-*.json``);
``full`` (``DKM_PROFILE=full``, the default on a GPU) trains them here once, with the shipped seed,
into ``runs/book/`` and loads them from there after.
The tests pin ``DKM_PROFILE=quick``: what they compare never depends on a GPU being visible.
"""
from __future__ import annotations

import json
import os
import random
import re
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch

from . import paths, plots
from .model import DeepKMeans
from .checkpoints import checkpoint_model, load_checkpoint, read_checkpoint
from .config import HOW_IT_RUNS, PRESETS, TrainConfig, config_from_dict, differences
from .stages import train_in_stages
from .trainer import train

RUNS = paths.REPO_ROOT / "runs" / "book"   # where the full profile keeps the runs it trained


def repository() -> dict:
    """The book's repository, read from ``_config.yml`` (``repository: url, branch``), its one source.

    Returns ``{"url": ..., "slug": "owner/name", "branch": ...}``; the Colab links, the Colab install
    cell (``notebooks/build.py``) and the book's launch buttons all derive from it.
    """
    config = paths.REPO_ROOT / "_config.yml"
    if not config.is_file():
        raise FileNotFoundError(f"{config} is missing: the repository setting lives in the book's _config.yml.")
    block = re.search(r"^repository:\n((?:[ \t]+.*\n?)+)", config.read_text(), flags=re.M)
    fields = dict(re.findall(r"^[ \t]+(\w+):[ \t]*(\S+)", block.group(1), flags=re.M)) if block else {}
    if "url" not in fields:
        raise ValueError(f"{config} has no `repository: url:` setting.")
    url = fields["url"].strip("'\"").rstrip("/")
    return {"url": url, "slug": "/".join(url.split("/")[-2:]), "branch": fields.get("branch", "main").strip("'\"")}


def profile() -> str:
    """``"full"`` or ``"quick"``: ``$DKM_PROFILE`` if set, else full on a GPU and quick on a CPU."""
    value = os.environ.get("DKM_PROFILE", "").strip().lower()
    if value in ("full", "quick"):
        return value
    if value:   # a typo would silently pick by GPU instead, and a chapter would train or load unasked
        raise ValueError(f"DKM_PROFILE must be 'full' or 'quick', got {os.environ['DKM_PROFILE']!r}: set one of "
                         "them, or unset it to choose by GPU (full on a GPU, quick on a CPU).")
    return "full" if torch.cuda.is_available() else "quick"


def setup(seed: int = 0, verbose: bool = True) -> dict:
    """Seed every generator, apply the figure style, and say where we run."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    hangul = plots.use_book_style()
    info = {
        "device": "cuda" if torch.cuda.is_available() else "cpu",
        "profile": profile(),
        "language": plots.language(),
        "torch": torch.__version__.split("+")[0],
        "hangul_font": hangul,
    }
    if verbose:
        print("  ".join(f"{k}={v}" for k, v in info.items()))
    return info


def checkpoint_path(name: str) -> Path:
    """A shipped checkpoint, e.g. ``"seed"``, ``"improved"``, ``"improved_autoencoder"``."""
    path = paths.CHECKPOINTS / f"{name}.pt"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing. Run `python -m dkm_lib reproduce` to create it.")
    return path


def shipped(name: str) -> dict:
    """The manifest of the shipped checkpoint ``name`` (``checkpoints/NAME.json``), or {} where there is none."""
    path = paths.CHECKPOINTS / f"{name}.json"
    return json.loads(path.read_text()) if path.is_file() else {}


def shipped_seed(name: str) -> int | None:
    """The seed of the shipped checkpoint ``name``, or None."""
    return shipped(name).get("seed")


def load_or_train(name: str, config: TrainConfig | None = None, retrain: bool = False) -> tuple[DeepKMeans, dict]:
    """Load the run ``name`` if it exists, else train it; return the model (eval mode, CPU) and its history.

    The quick profile uses the shipped ``checkpoints/NAME.pt`` (or a finished ``runs/book/NAME``);
    the full profile uses only the run trained here, ``runs/book/NAME/model.pt``. When that run is
    missing, or ``retrain=True``, it trains ``config`` (default: the preset ``NAME`` with the seed
    of the shipped checkpoint, so the prose stays true) into ``runs/book/NAME``, resuming an
    interrupted run. A shipped study run (improved) is trained again as the study trained it: in two
    stages, the autoencoder and then the joint phase (``dkm_lib.stages``).
    """
    if name in ("", ".", "..") or Path(name).name != name:
        raise ValueError(f"a run's name is the name of its folder in {RUNS}, such as 'improved'; got {name!r}.")
    run = RUNS / name
    full = profile() == "full"
    manifest = shipped(name)
    in_stages = config is None and "study_recipe" in manifest
    candidates = [run / "model.pt"] if full else [paths.CHECKPOINTS / f"{name}.pt", run / "model.pt"]
    existing = [path for path in candidates if path.is_file()]
    if full and in_stages and existing and not (run / "joint" / "model.pt").is_file():
        print(f"{existing[0]} was trained in one go, not in the study's two stages as the shipped run: training it "
              "again")
        retrain = True
    if existing and not retrain:
        if config is not None:   # asked for a run of its own: the one that exists must be that run
            saved = config_from_dict(read_checkpoint(existing[0])["config"])
            changed = differences(saved, config, HOW_IT_RUNS | {"eval_every"})
            if changed:
                raise ValueError(f"{existing[0]} was trained with other settings than config ({'; '.join(changed)}): "
                                 f"pass retrain=True to train config into {run}, or give the run another name.")
        return _load_run(existing[0])
    if config is None:
        if name not in PRESETS:
            raise ValueError(f"no run named {name!r} in {candidates[0].parent} and no preset to train it; "
                             f"presets: {', '.join(PRESETS)}.")
        seed = manifest.get("seed")
        config = PRESETS[name] if seed is None else replace(PRESETS[name], seed=seed)
    config = replace(config, out_dir=str(run))
    if retrain:   # a new run: nothing of the old one (stages, snapshot, last.pt) is its own
        shutil.rmtree(run, ignore_errors=True)
    if in_stages:
        print(f"training {name!r} (seed {config.seed}) in two stages, as the study did: {config.pretrain_epochs} "
              f"epochs of the autoencoder, then {config.epochs - config.pretrain_epochs} joint epochs, in {run}")
        return _load_run(train_in_stages(config, resume=True))
    resume = (run / "last.pt").is_file() and not retrain
    if not resume:   # a snapshot left by an earlier run of this name is not this run's "before"
        (run / "pretrained.pt").unlink(missing_ok=True)
    print(f"{'resuming' if resume else 'training'} {name!r} (seed {config.seed}, {config.epochs} epochs) in {run}")
    train(config, resume=resume)
    return _load_run(run / "model.pt")


def load_before_clustering(name: str) -> DeepKMeans:
    """The run ``name`` of ``load_or_train`` just before its clustering loss: the shipped ``NAME_autoencoder.pt``
    (quick profile) or the snapshot of the run trained here, ``runs/book/NAME/pretrained.pt`` (full profile)."""
    if profile() == "quick":
        return load_checkpoint(checkpoint_path(f"{name}_autoencoder"))
    path = RUNS / name / "pretrained.pt"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: call book.load_or_train({name!r}) first, which trains the run "
                                "and writes it, or with retrain=True if the run exists (a run with pretrain_epochs=0 "
                                "has no such snapshot).")
    return load_checkpoint(path)


def _load_run(path: Path) -> tuple[DeepKMeans, dict]:
    blob = read_checkpoint(path)
    history = {**(blob["history"] or {}), "metrics": blob["metrics"]}
    return checkpoint_model(blob, path), history


def results(name: str = "mnist") -> dict:
    """A results table written by ``python -m dkm_lib reproduce`` or ``sweep``."""
    path = paths.RESULTS / f"{name}.json"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing. Run `python -m dkm_lib reproduce` (or `sweep`).")
    return json.loads(path.read_text())


# Column headers as the Korean edition shows them. Only the HTML (what Jupyter and the book show) is translated:
# the plain text keeps the header as given, so both editions print the same checked output.
HEADERS_KO = {
    "recipe": "레시피", "recipe (all 70k)": "레시피 (7만 장 전체)", "seeds": "시드 수",
    "ACC mean ± std": "ACC 평균 ± 표준편차", "test ACC mean ± std": "테스트 ACC 평균 ± 표준편차",
    "val ACC": "검증 ACC", "best": "최고", "worst": "최저", "clusters used": "사용 중인 군집 수",
    "s / seed": "초 / 시드", "measured": "측정 항목",
    "kind": "종류", "in its own cluster": "자기 군집에 든 비율",
    "largest share of the rest in": "나머지가 가장 많이 간 군집",
    "round": "차례", "joined": "더해진 후보", "rule's pick": "고른 레시피",
    "val ACC, seeds 0-2": "검증 ACC, 시드 0–2",
    "test ACC, 10 seeds": "테스트 ACC, 시드 10개", "test ACC, seeds 3-9": "테스트 ACC, 시드 3–9",
}

# What each module is for, in the Korean edition's words: chapter 0 lists every module by its docstring's first line
# in English and by this line in Korean (a module without one stops the chapter with a KeyError).
MODULES_KO = {
    "augment": "학습 배치를 무작위로 옮기고 돌리는 데이터 증강(DEC-DA가 학습에 쓰는 방식).",
    "batched": "여러 시드를 한 번에: 모델 S개를 쌓은 모델 하나로, 한 프로세스에서 학습합니다.",
    "book": "책의 노트북들이 함께 쓰는 도우미: 한 번의 설정 호출, 실행 프로필, 있으면 불러오고 없으면 학습하기.",
    "checkpoints": "체크포인트: 파일 하나에 dict 하나, 원자적으로 쓰고 안전하게(weights_only=True) 읽습니다.",
    "cli": "명령줄: python -m dkm_lib {data,train,evaluate,study,reproduce,sweep}.",
    "cluster": "잠재 벡터에 쓰는 고전적 군집화: 중심점 초기화와 빈 군집 고치기.",
    "config": "학습 실행을 정하는 것: TrainConfig, 그 검사, PRESETS에 이름 붙여 둔 레시피.",
    "confirm": "새 시드로 하는 확인: 대표 레시피와 그 앞의 두 선택을, 어떤 선택에도 쓰이지 않은 시드로.",
    "data": "메모리의 텐서로 올린 MNIST: 온라인에서 받거나 오프라인 사본에서 읽어 체크섬으로 확인합니다.",
    "devices": "실행이 쓰는 장치(설정을 검사한 뒤에 정합니다)와, 기록에 적는 장치 이름.",
    "distributed": "torchrun으로 여러 프로세스에서 학습하기: train()에 필요한 몇 가지 집합 연산.",
    "epoch": "딥 K-평균 학습의 한 에폭: 중심점 초깃값, 점수, 그 에폭의 기록.",
    "graphed": "CUDA 그래프로 다시 재생하는 학습 에폭: 배치마다 커널을 수백 번 띄우는 대신 한 번 띄웁니다.",
    "loss": "딥 K-평균 손실 L = L_rec + alpha * L_clust와, 블로그가 alpha를 늘려 가는 일정.",
    "metrics": "비지도 군집화 지표: 헝가리안 매칭 정확도, NMI, ARI.",
    "model": "딥 K-평균 모델: 작은 합성곱 오토인코더와 학습되는 중심점 k개.",
    "panel_plots": "튜닝 패널의 그림: 학습 곡선과 군집 결과를 pyplot 없이 그립니다.",
    "paths": "데이터, 배포하는 체크포인트, 결과가 있는 곳.",
    "plots": "책의 그림: 이미지 격자, 군집 크기, 혼동 행렬, 2차원 산점도, 곡선.",
    "report": "연구의 표: results/study/ 기록의 요약, 그 Markdown, README에 넣는 사본.",
    "reproduce": "이전 실행(첫 프로토콜): 블로그 레시피와 개선 레시피의 여러 시드, 기준선, 그리고 표.",
    "schedule": "레시피의 각 에폭이 하는 일, 그리고 실행이 어느 에폭의 가중치를 돌려주는지.",
    "splits": "연구의 검증 프로토콜: 학습 이미지 6만 장 가운데 선택에 쓰려고 떼어 둔 고정된 일부.",
    "stages": "연구가 학습하는 대로 두 단계로 나눠 학습하는 레시피와, 두 단계를 이어 붙인 실행 하나.",
    "study": "검증 프로토콜 연구: 시드 10개, 절제 실험, 제대로 된 N2D 기준선, 그리고 딥 K-평균 그 자체.",
    "study_plan": "연구가 돌리는 것, 어떤 실행보다 먼저 정해 둔 것: 시드, 레시피, 두 프로토콜.",
    "style": "책의 그림 스타일: 한 가지 모양, 본문 폭에 맞춘 크기, 한국어나 영어로 쓴 그림 글자.",
    "sweep": "7장의 λ × k 스윕: 튜닝 패널의 실행을 격자 위에서 여러 시드로 돌립니다.",
    "timing": "걸리는 시간을 기록에서 읽고, 수치마다 그것을 낸 장치를 함께 적습니다.",
    "trainer": "딥 K-평균의 학습 루프.",
    "tuner": "튜닝 패널이 하는 일을 위젯 없이: 주어진 설정으로 학습하고, 멈추고, 다시 군집화합니다.",
    "tuning": "튜닝 실행 하나: 튜닝 패널의 학습 버튼과 λ × k 스윕이 똑같이 합니다.",
    "widgets": "딥 K-평균을 손으로 튜닝하는 ipywidgets 패널: λ와 그 램프 T1/T2, k, 에폭, 부분집합, 시드.",
}


class Text:
    """Printed text in the reader's language: ``{"en": ..., "ko": ...}``. Jupyter and the book show the text of
    ``plots.language()``, its long lines wrapped by the page at any width; the plain text, what nbval checks, is the
    English in both editions, its lines wrapped at 88 characters."""

    def __init__(self, text: dict[str, str]):
        self.text = text

    def _repr_html_(self) -> str:
        from html import escape

        return (f'<pre style="white-space: pre-wrap">{escape(self.text.get(plots.language(), self.text["en"]))}'
                "</pre>")

    def __repr__(self) -> str:
        import textwrap

        return "\n".join(textwrap.fill(line, 88, subsequent_indent=" " * (len(line) - len(line.lstrip())))
                         for line in self.text["en"].split("\n"))


class Terms:
    """Names and what each means, in the reader's language: ``[(name, {"en": ..., "ko": ...}), ...]``. Jupyter and
    the book show a definition list; the plain text (what nbval checks) is the English, one wrapped entry a name."""

    def __init__(self, terms: list[tuple[str, dict[str, str]]]):
        self.terms = terms

    def _repr_html_(self) -> str:
        from html import escape

        lang = plots.language()
        items = "".join(f'<dt><code>{escape(name)}</code></dt><dd style="margin: 0 0 0.4em 1.5em">'
                        f"{escape(text.get(lang, text['en']))}</dd>" for name, text in self.terms)
        return f"<dl>{items}</dl>"

    def __repr__(self) -> str:
        import textwrap

        return "\n".join(textwrap.fill(text["en"], 88, initial_indent=f"{name}: ", subsequent_indent="    ")
                         for name, text in self.terms)


class Table:
    """Rows of strings shown as a real table: HTML in Jupyter and the book, aligned text elsewhere.

    (A Markdown table in a cell's output is not rendered as a table by the book.) In Korean
    (``plots.set_language("ko")``) the HTML and Markdown headers use ``HEADERS_KO`` and the cells ``cells_ko``
    (names such as Fashion-MNIST's kinds); the plain text, what nbval checks in both editions, stays English.
    """

    def __init__(self, header: list[str], rows: list[list[str]], cells_ko: dict[str, str] | None = None):
        if any(len(row) != len(header) for row in rows):
            raise ValueError(f"every row needs {len(header)} cells, like the header {header}")
        self.header, self.rows = [str(h) for h in header], [[str(c) for c in row] for row in rows]
        self.cells_ko = cells_ko or {}

    def _shown_header(self) -> list[str]:
        return [HEADERS_KO.get(h, h) for h in self.header] if plots.language() == "ko" else self.header

    def _shown_rows(self) -> list[list[str]]:
        korean = plots.language() == "ko"
        return [[self.cells_ko.get(c, c) if korean else c for c in row] for row in self.rows]

    def _repr_html_(self) -> str:
        from html import escape

        head = "".join(f"<th>{escape(h)}</th>" for h in self._shown_header())
        # a long recipe name (distill_mse_retry_lam0.2_gmm) may wrap after its underscores on a narrow page, but a
        # short name's leading underscore (_gmm) stays with it
        def cell(text: str) -> str:
            return "<td>" + re.sub(r"(?<=[^\W_])_", "_<wbr>", escape(text)) + "</td>"

        body = "".join("<tr>" + "".join(cell(c) for c in row) + "</tr>" for row in self._shown_rows())
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def _repr_markdown_(self) -> str:
        lines = [self._shown_header(), ["---"] * len(self.header), *self._shown_rows()]
        return "\n".join("| " + " | ".join(line) + " |" for line in lines)

    def __repr__(self) -> str:
        widths = [max(len(line[i]) for line in [self.header, *self.rows]) for i in range(len(self.header))]
        return "\n".join("  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip()
                         for line in [self.header, *self.rows])
