"""Chapter 7: interactive tuning of λ, the ramp and k, plus the static sweep for the published book."""

from bilingual import code, md

TITLE = {"ko": "7장. 손으로 돌려 보는 딥 K-평균: λ와 k 튜닝",
         "en": "Chapter 7. Tuning Deep K-means by hand: λ and k"}

CELLS = [
    md(ko="""
## 이 장에서 배울 것

- 군집 손실의 세기 λ와 그 램프(T1, T2)가 학습을 어떻게 바꾸는지 직접 확인하기
- 군집 수 k를 바꿨을 때 정확도(ACC)와 NMI가 어떻게 달라지는지, 그리고 왜 둘이 다르게 움직이는지
- 인터랙티브 패널 `tuning_panel`로 1분 안에 실험하기
- 노트북을 실행하지 않고 읽는 독자를 위해 미리 돌려 둔 λ × k 스윕 결과 읽기
""", en="""
## What you will learn

- how the strength λ of the clustering loss and its ramp (T1, T2) change training, by trying it
- how ACC and NMI respond to the number of clusters k, and why the two move differently
- how to run an experiment in under a minute with the interactive `tuning_panel`
- how to read the precomputed λ × k sweep, for readers without a running kernel
"""),
    md(ko=r"""
## 조절할 값 네 가지

3장의 목적 함수를 다시 봅시다.

$$
\begin{gathered}
L = L_{\text{rec}} + \alpha(e)\, L_{\text{clust}}, \\[6pt]
\alpha(e) = \begin{cases} \lambda/(T_2-T_1) & e \le T_1 \\ \lambda (e-T_1)/(T_2-T_1) & T_1 < e < T_2 \\ \lambda & e \ge T_2 \end{cases}
\end{gathered}
$$

- **λ**는 군집 손실이 결국 얼마나 세게 당기는지를 정합니다. 너무 작으면 잠재 공간이 거의 바뀌지 않고,
  너무 크면 인코더가 모든 잠재 벡터를 몇 개의 중심점으로 몰아넣어 **붕괴**가 일어납니다.
- **T1, T2**는 그 힘을 얼마나 천천히 올릴지 정합니다. 블로그처럼 오토인코더를 처음부터 학습할 때는 긴 램프가 복원을 먼저 배울 시간을 벌어 줍니다. 이미 학습된 오토인코더에서 출발하는 이 패널에서는 인코더가 중심점 쪽으로 얼마나 빨리 끌려가기 시작하는지를 정할 뿐입니다. 연습 7.1의 실행(시드 하나)에서는 두 배 느린 램프도 무너졌고, 첫 에폭의 당김이 작은 램프만 무너지지 않았습니다. 이 규칙에서는 T2가 첫 에폭의 α도 정합니다.
- **k**는 군집의 수입니다. MNIST에는 숫자가 10종류 있지만, 모델은 그 사실을 모릅니다.
- 나머지(에폭 수, 학습 이미지 수, 시드)는 실험의 크기와 재현성을 정합니다.

패널은 4장까지의 내용을 그대로 씁니다. **이미 학습된 오토인코더**(개선 레시피의 사전 학습 단계, 체크포인트
`improved_autoencoder.pt`)에서 출발해, 학습 이미지 일부의 잠재 벡터에 k-평균을 돌려 중심점을 놓고,
딥 K-평균 손실로 몇 에폭 학습합니다. 그래서 한 번의 실행이 2코어 CPU에서 1분이 채 걸리지 않습니다(아래 스윕의 기록에서는 실행마다 7–34초).
학습 버튼이 하는 일은 `dkm_lib.train`을 화면의 설정으로 호출하는 것뿐이라, 컴퓨터와 스레드 수가 같으면 같은 설정은
같은 결과를 냅니다(스레드 수가 다르면 어떻게 되는지는 아래 스윕 절에서 봅니다).

이 설정은 이 책의 두 레시피 어느 쪽과도 같지 않으므로, 둘과 어떻게 다른지 알아 두면 좋습니다. 블로그 레시피는 오토인코더를
처음부터 300 에폭 학습하고 중심점을 무작위로 놓습니다(λ = 10⁻³, T1 = 50, T2 = 200). 개선 레시피는 패널처럼 오토인코더를 먼저
학습하지만, 그다음에는 고정된 UMAP 분할에서 자기 부분의 중심점 쪽으로 잠재 벡터를 당기므로 붕괴할 수 없습니다(8장). 패널은 그
사이에 있습니다. 개선 레시피처럼 학습된 오토인코더와 k-평균 중심점에서 출발하고, 블로그처럼 3장의 가장 가까운 중심점 손실로
학습합니다. 그래서 패널이 보여 주는 것은 좋은 출발점에서 본래의 딥 K-평균에 λ, 램프, k가 하는 일이고, 패널에서 가장 좋은
설정이 두 레시피의 설정이 되지는 않습니다. 아래 스윕에서 보듯 이 출발점에서는 군집 손실이 보태는 것이 적습니다(가장 좋은
칸인 λ = 0.001, k = 10도 k-평균 출발점 0.761에서 0.770으로 오르는 데 그칩니다).

패널이 보여 주는 ACC와 NMI는 **검증 이미지** 2,000장의 점수입니다. 튜닝은 곧 설정을 **고르는** 일이고, 고를 때는
테스트 레이블을 보면 안 됩니다. 그래서 학습 세트 6만 장 가운데 5,000장을 레이블을 보지 않는 고정 순열로 떼어 둔
검증 세트(`dkm_lib.splits`, 8장에서 자세히 다룹니다)에서 2,000장을 골라 채점합니다. 학습에는 나머지 55,000장의 앞쪽
이미지(기본 5,000장)를 씁니다. 출발점인 오토인코더도 바로 그 55,000장으로 학습했으므로, 채점에 쓰는 검증 이미지는 오토인코더도
본 적이 없습니다. 테스트 세트는 이 장에서 한 번도 쓰지 않습니다.
""", en=r"""
## Four knobs

Recall the objective from chapter 3:

$$
\begin{gathered}
L = L_{\text{rec}} + \alpha(e)\, L_{\text{clust}}, \\[6pt]
\alpha(e) = \begin{cases} \lambda/(T_2-T_1) & e \le T_1 \\ \lambda (e-T_1)/(T_2-T_1) & T_1 < e < T_2 \\ \lambda & e \ge T_2 \end{cases}
\end{gathered}
$$

- **λ** sets how hard the clustering loss finally pulls. Too small and the latent space hardly changes;
  too large and the encoder herds every latent vector onto a few centroids: **collapse**.
- **T1, T2** set how slowly that pull is switched on. When the autoencoder trains from scratch, as in the blog, a long ramp gives it time to learn to reconstruct first. This panel starts from an already trained autoencoder, so here the ramp only sets how soon the encoder is pulled toward the centroids; in exercise 7.1's runs (one seed), a ramp twice as slow still collapsed and only one whose first epoch pulls gently did not (with this rule, T2 also sets the first epoch's α).
- **k** is the number of clusters. MNIST has ten digits, but the model does not know that.
- The rest (epochs, number of training images, seed) set the size and the reproducibility of the experiment.

The panel reuses everything up to chapter 4. It starts from an **already trained autoencoder** (the pretraining
stage of the improved recipe, checkpoint `improved_autoencoder.pt`), places the centroids with k-means on the
latents of a training subset, and trains with the Deep K-means loss for a few epochs — so a run takes under a
minute on a 2-core CPU (7 to 34 s per run in the records of the sweep below). The Train button only calls `dkm_lib.train` with the settings on screen, so on the
same machine and thread count, the same settings give the same numbers (the sweep below shows what
another thread count does).

This setting is neither of the book's two recipes, and it helps to know how it differs from both. The blog's recipe
trains the autoencoder from scratch for 300 epochs, with random centroids (λ = 10⁻³, T1 = 50, T2 = 200). The improved
recipe pretrains the autoencoder as the panel does, but then pulls each latent toward its own part of a fixed UMAP
partition, which cannot collapse (chapter 8). The panel sits in between: it starts like the improved recipe, from a
trained autoencoder and k-means centroids, and trains like the blog, with chapter 3's nearest-centroid loss. So it
shows what λ, the ramp and k do to Deep K-means proper on a good start, and its best settings are not settings for
either recipe. On this start, as the sweep below shows, the clustering loss adds little: the best cell, λ = 0.001 and
k = 10, ends at 0.770 from a k-means start of 0.761.

The ACC and NMI the panel shows are scores on 2,000 **validation images**. Tuning means **choosing** settings,
and a choice must never look at test labels. So the scores come from the validation set: 5,000 of the 60,000
training images held out by a fixed permutation that looks at no label (`dkm_lib.splits`, explained in chapter 8),
of which we score 2,000. Training uses the first images (5,000 by default) of the remaining 55,000, the same
55,000 the starting autoencoder was trained on, so the scoring images are new to the autoencoder too. This
chapter never touches the test set.
"""),
    code("""
from dkm_lib import book

info = book.setup(seed=0)
"""),
    md(ko="""
## 패널

λ는 입력 칸에 적고 나머지는 슬라이더를 움직인 뒤 **학습** 버튼을 누르세요. 학습하는 동안 손실과 ACC/NMI 곡선이 에폭마다 갱신되고, 끝나면 군집 크기 막대그래프,
중심점을 디코더로 그린 이미지, 헝가리안 매칭으로 정렬한 혼동 행렬이 나타납니다. **중지** 버튼은 현재 에폭이 끝나면 학습을 멈춥니다. 처음 몇 에폭 동안 학습 손실이 올라가도 잘못된 것이 아닙니다. α가 에폭 0의 λ/4에서 에폭 4의 λ까지 올라가므로(T1 = 0, T2 = 4), 최소화하는 손실 함수 자체가 에폭마다 달라집니다(연습 4.3). 이 책의 다른 곳과 마찬가지로 에폭은 0부터 셉니다.

**k, 시드, 학습 이미지 수 슬라이더**만 움직이면 학습 없이 현재 잠재 벡터에 k-평균을 다시 돌려 곧바로 결과를 바꿔 보여 줍니다. 학습하기 전이라면
그 결과가 바로 그 설정으로 학습을 시작할 출발점입니다.
T2 ≤ T1처럼 말이 안 되는 설정은 ⚠ 표시가 붙은 굵은 안내문으로 알려 줄 뿐, 오류 추적(traceback)을 쏟아 내지 않습니다.

:::{note}
:class: dkm-web-only
웹 페이지에서는 파이썬이 돌지 않으므로 패널이 학습하지 못합니다. 대신 **학습** 버튼을 누르면 아래 **스윕**에서 화면의 설정으로
기록해 둔 실행의 점수가 나타납니다. 스윕은 λ ∈ {0.001, 0.01, 0.05, 0.1, 0.5}, k ∈ {5, 8, 10, 12, 15}, 시드 0–2를
T1 = 0, T2 = 4로 두고 학습 이미지 5,000장으로 8 에폭 동안 돌렸습니다. 곡선과 그림은 저장된 실행(λ = 0.05, k = 10, 시드 0)의 것이라,
다른 설정의 점수가 보일 때는 흐리게 표시됩니다. 스윕에 없는 설정이면 ⚠ 표시가 붙은 안내문이 기록된 설정을 알려 주고, 점수는 저장된 실행의 것으로 돌아갑니다.
k를 움직여도 다시 군집화하지 않습니다. 인쇄판에는 저장된 모습만 실립니다.
무엇이든 직접 학습해 보려면 웹 페이지 위쪽의 로켓 모양 실행 버튼(Colab, Binder)이나 로컬 Jupyter에서 이 노트북을 여세요.
:::
""", en="""
## The panel

Type λ into its box, move the other sliders and press **Train**. While it trains, the loss and ACC/NMI curves update after every epoch; at
the end you get the cluster sizes, the centroids decoded into images, and the Hungarian-matched confusion matrix.
**Stop** ends training after the current epoch. If the training loss climbs over the first epochs, nothing is wrong: α ramps from λ/4 at epoch 0 to λ at epoch 4 (T1 = 0, T2 = 4), so the loss being measured changes from epoch to epoch (exercise 4.3). Epochs count from 0, as everywhere in the book.

Moving **only the k, seed or training-images slider** re-runs k-means on the current latents without training and
refreshes the results at once; before any training, what it shows is the start a run with those settings trains
from. Settings that make no sense, such as T2 ≤ T1, produce an inline message marked ⚠ in bold, never a traceback.

:::{note}
:class: dkm-web-only
No Python runs on the web page, so the panel cannot train there. Instead, **Train** shows the scores of the run
that the **sweep** below recorded with the settings on screen. The sweep ran λ ∈ {0.001, 0.01, 0.05, 0.1, 0.5},
k ∈ {5, 8, 10, 12, 15} and seeds 0–2, with T1 = 0, T2 = 4, 8 epochs and 5,000 training images. The curves and pictures
are the saved run's (λ = 0.05, k = 10, seed 0), so they fade while another run's scores are shown. For settings the
sweep did not run, a message marked ⚠ lists those it did, and the scores go back to the saved run's. Moving k does not
re-cluster. In print the panel is shown as it was saved. To train anything you like, open this notebook with
the rocket-shaped launch button at the top of the web page (Colab, Binder) or in a local Jupyter.
:::
"""),
    code("""
from dkm_lib.widgets import tuning_panel

panel = tuning_panel()
panel
"""),
    md(ko="""
아래 셀은 패널을 코드로 조작해 기본 설정으로 한 번 학습합니다(학습은 브라우저에서 버튼을 누를 때처럼 스레드에서 돌고, `panel.wait()`는 학습이 끝날 때까지 셀을 기다리게 합니다).
웹 책의 패널에 보이는 곡선과 그림이 바로 이 실행 결과입니다. 그 수치가 같은 설정으로 라이브러리를 직접 호출한 결과와 같은지도 확인합니다.
""", en="""
The next cell drives the panel from code and trains once with the default settings (training runs in a thread, as
when you click, and `panel.wait()` makes the cell wait until it ends). The curves and pictures in the web book's panel are this run. We also check that
the numbers equal a direct call of the library with the same settings.
"""),
    code("""
import time

tic = time.perf_counter()
panel.train_button.click()
panel.wait()
print(f"default run: {time.perf_counter() - tic:.1f} s on {info['device']}")
print({k: round(v, 4) for k, v in panel.metrics.items() if k != "selected_epoch"})
""", tags=["nbval-check-output", "nbval-approx"]),
    code("""
from dkm_lib import train
from dkm_lib.tuning import tuning_config, tuning_data

config = panel.config()
_, direct = train(config, progress=False, data=tuning_data(config.train_size))
print("panel == direct library call:", direct["metrics"] == panel.metrics)
print(f"lam={config.lam}, T1={config.t1}, T2={config.t2}, k={config.n_clusters}, "
      f"epochs={config.epochs}, train images={config.train_size}, seed={config.seed}")
""", tags=["nbval-check-output", "nbval-approx"]),
    md(ko="""
## 정적인 책을 위한 스윕: λ × k

패널과 **똑같은** 실행을 격자 위에서 돌려 두었습니다. λ는 $10^{-3}$부터 $0.5$까지 다섯 값, k는 5, 8, 10, 12, 15,
각 칸마다 시드 세 개이고, 패널처럼 검증 이미지 2,000장으로 채점합니다. 다시 만들려면 `python -m dkm_lib sweep`(또는 `make sweep`)을 실행하세요.
이미 기록된 실행은 건너뛰므로 여러 번에 나눠 돌려도 됩니다. 결과는 `results/sweep_lambda_k.json`에 저장되고, 출발점인 오토인코더
파일의 SHA-256(`autoencoder_sha256`)도 함께 기록되어 다른 오토인코더에서 돌린 실행과 섞이지 않습니다.
채점하는 2,000장은 저장소에 넣은 오토인코더의 시드(시드 8, 8장)를 고를 때도 쓴 검증 이미지 5,000장 가운데 일부이므로, 스윕의 점수는 이
오토인코더를 조금 좋게 보이게 할 수 있습니다. 모든 칸이 같은 오토인코더에서 출발하므로 칸끼리의 비교에는 거의 영향이 없습니다.
스윕은 실행마다 스레드 하나를 썼고 위의 패널은 둘을 썼습니다. 스레드 수는 기록의 `threads` 값인데, 이 값은 스윕을 마친 뒤에 채워 넣었고 지금의 스윕 명령은 이 값을 직접 기록합니다. 스레드 수나 CPU가 다르면 부동소수점 합의 순서가 달라지므로,
같은 설정인데도 결과가 소수점 셋째 자리에서 갈릴 수 있습니다. 스윕의 기록은 ACC 0.805이고, 위 기본 실행도 이 책의 출력에서 0.805를 냈습니다.
같은 실행을 한 컴퓨터(AMD EPYC)에서 수치 설정만 바꿔 가며 돌리면 ACC가 스레드 둘에서 0.806, 스레드 하나에서 0.805입니다. 파이토치의 범용 커널을 쓰고 oneDNN이
AVX 명령어까지만 쓰도록 제한하면 0.806, SSE4.1까지만 쓰도록 제한하면 0.8065입니다(둘 다 스레드 하나. `python benchmarks/numerics.py`, 기록은 `results/cpu/numerics-20261206.json`). 12월 7일에 역시 AMD EPYC라고 나오는 컴퓨터(파이토치가 AVX-512 커널을 고릅니다)에서 다시 재니 같은 네 설정이 0.8065, 0.805, 0.806, 0.8065를 냈습니다. 스레드 둘의 실행만 달라졌습니다(`results/cpu/numerics-20261207.json`).
그러니 소수점 셋째 자리의 차이는 믿지 마세요.
""", en="""
## A sweep for the static book: λ × k

We ran **exactly** the panel's runs on a grid: five values of λ from $10^{-3}$ to $0.5$, k ∈ {5, 8, 10, 12, 15},
three seeds per cell, scored like the panel on the 2,000 validation images. To reproduce it, run `python -m dkm_lib sweep` (or `make sweep`); runs already recorded are
skipped, so it can be done in several sittings. The results are in `results/sweep_lambda_k.json`, together with
the SHA-256 of the autoencoder file the runs started from (`autoencoder_sha256`), so runs from another autoencoder
are never mixed in. The 2,000 scoring images are among the 5,000 validation images that also picked which seed's
autoencoder ships (seed 8, chapter 8), so the sweep's scores may flatter that autoencoder slightly; every cell starts
from the same autoencoder, so comparisons between cells are hardly affected. The sweep ran each run on one thread, the panel above on two (the record's `threads` field, filled in after the sweep had run; the sweep command now writes it itself). Another thread count or
another CPU changes the order of floating-point sums, so the same settings can differ in the third decimal: the
sweep's record says ACC 0.805, and the default run above printed 0.805 too. On one machine (an AMD EPYC), with only
the numeric setup changed, the same run gives 0.806 on two threads, 0.805 on one, 0.806 with torch's generic kernels and
oneDNN capped at AVX, and 0.8065 capped at SSE4.1 (both on one thread; `python benchmarks/numerics.py`, recorded in
`results/cpu/numerics-20261206.json`). Measured again on 7 December on a machine that also calls itself an AMD
EPYC (its torch picks AVX-512 kernels), the same four setups gave 0.8065, 0.805, 0.806 and 0.8065: only the run on
two threads moved (`results/cpu/numerics-20261207.json`). Do not trust differences in the third decimal.
"""),
    code("""
from dkm_lib.sweep import grid

sweep = book.results("sweep_lambda_k")
runs = sweep["runs"]
print(f"{len(runs)} runs: {len({r['lam'] for r in runs})} lambdas"
      f" x {len({r['k'] for r in runs})} k values"
      f" x {len({r['seed'] for r in runs})} seeds")
settings = {k: v for k, v in sweep["settings"].items()
            if k not in ("lam", "n_clusters", "seed")}
print("settings:")
for key, value in settings.items():
    print(f"  {key} = {value}")
""", tags=["nbval-check-output"]),
    code("""
import matplotlib.pyplot as plt
from dkm_lib import plots

start = {"ko": "출발점: k-평균만\\n(학습 전)", "en": "start: k-means only\\n(before training)"}
trained = {"ko": "\\n(학습 후)", "en": "\\n(after training)"}   # two lines, as its neighbour
titles = [plots.t("val_acc") + trained[plots.language()], start[plots.language()],
          plots.t("val_nmi")]
fig, axes = plots.subplots(2, 2, height=5.8)
for ax, metric, title in zip(axes.flat, ["acc", "acc_start", "nmi"], titles):
    lams, ks, rows = grid(sweep, metric)
    plots.plot_grid_heatmap(rows, lams, ks, ax=ax, title=title)
lams, ks, rows = grid(sweep, "clusters_used")
# coloured by the share of k in use: 14.3 of 15 is not 5 of 5
share = [[used / k for used, k in zip(row, ks)] for row in rows]
used_title = {"ko": "사용 중인 군집\\n(색: k개 중 쓰인 비율)",
              "en": "clusters in use\\n(colour: share of k)"}[plots.language()]
plots.plot_grid_heatmap(rows, lams, ks, ax=axes[1, 1], title=used_title, fmt="{:.1f}",
                        colours=share)
fig.tight_layout()
plt.show()
""", hide=True, alt={
        "ko": "λ(행)와 k(열)에 따라 시드 평균을 칠한 히트맵 네 개로, 검증 정확도(ACC), 학습 전 k-평균 출발점의 ACC, 검증 NMI, 사용 중인 군집 수(색은 k개 가운데 쓰이는 군집의 비율)를 보여 줍니다. 학습 후 ACC는 대부분 출발점과 거의 같고, 예외는 붕괴한 k = 5, λ = 0.5(ACC 0.23, 군집 2.3개)와 0.65에서 최대 0.74로 오른 k = 15입니다.",
        "en": "Four heatmaps over λ (rows) and k (columns), averaged over seeds: validation ACC, the k-means start before training, validation NMI, and clusters in use (coloured by their share of k). The trained ACC map mostly matches the start map; the exceptions are k = 5, λ = 0.5, which collapses to ACC 0.23 with 2.3 clusters in use, and k = 15, which rises from 0.65 to at most 0.74."}),
    code("""
import numpy as np

fig, axes = plots.subplots(2, 1, width=6, height=5, sharex=True)
lams = sorted({r["lam"] for r in runs})
for k in sorted({r["k"] for r in runs}):
    for ax, metric in zip(axes, ["acc", "clusters_used"]):
        values = [[r[metric] for r in runs if r["k"] == k and r["lam"] == lam]
                  for lam in lams]
        ax.plot(lams, [np.mean(v) for v in values], marker="o", label=f"k={k}")
        ax.fill_between(lams, [min(v) for v in values], [max(v) for v in values],
                        alpha=0.15)
axes[0].set(xscale="log", ylabel=plots.t("val_acc"))
axes[1].set(xscale="log", xlabel="λ", ylabel=plots.t("clusters_used"))
axes[1].set_xticks(lams, [f"{lam:g}" for lam in lams])   # a tick at every λ run
axes[1].set_xticks([], minor=True)
from matplotlib.patches import Patch

band = {"ko": "띠: 시드 3개의 범위", "en": "band: range of 3 seeds"}[plots.language()]
handles, labels = axes[0].get_legend_handles_labels()
axes[0].legend(handles + [Patch(color="grey", alpha=0.3)], labels + [band],
               loc="center left", bbox_to_anchor=(1, 0.5), frameon=False)
fig.tight_layout()
plt.show()
""", hide=True, alt={
        "ko": "λ(로그 눈금)에 따른 선 그래프 두 개로, k마다 선 하나와 시드 사이의 범위를 칠한 띠가 있습니다. 위는 검증 정확도(ACC), 아래는 사용 중인 군집 수입니다. 대부분의 ACC 선은 거의 평평하지만, k = 5는 가장 큰 λ에서 ACC와 군집 수가 함께 뚝 떨어지고, k = 12와 15는 λ가 커질수록 군집을 잃습니다.",
        "en": "Two line plots against λ on a log scale, one line per k with a shaded band spanning the seeds: validation ACC on top, clusters in use below. Most ACC lines are nearly flat; k = 5 drops sharply at the largest λ together with its cluster count, and k = 12 and 15 lose clusters as λ grows."}),
    code("""
best = max(runs, key=lambda r: r["acc"])
by_cell = {}
for r in runs:
    by_cell.setdefault((r["lam"], r["k"]), []).append(r)
mean_acc = {cell: np.mean([r["acc"] for r in rs]) for cell, rs in by_cell.items()}
start_acc = {cell: np.mean([r["acc_start"] for r in rs])
             for cell, rs in by_cell.items()}
top = max(mean_acc, key=mean_acc.get)
print(f"best cell (mean over seeds): lambda={top[0]:g}, k={top[1]}: "
      f"ACC {mean_acc[top]:.3f} (k-means start {start_acc[top]:.3f})")
print("ACC change from the k-means start, by lambda", lams)
for k in sorted({r['k'] for r in runs}):
    gains = [mean_acc[(lam, k)] - start_acc[(lam, k)] for lam in lams]
    print(f"k={k:2d}: " + "  ".join(f"{g:+.3f}" for g in gains))
collapsed = [r for r in runs if r["clusters_used"] < r["k"]]
print(f"runs that ended with empty clusters: {len(collapsed)} of {len(runs)}")
""", tags=["nbval-check-output"]),
    md(ko="""
## 스윕이 말해 주는 것

위 수치를 읽는 법은 이렇습니다. 간추리면, 잘 학습된 오토인코더에서 딥 K-평균 8 에폭은 별로 바꾸지 못하고, 결과는 대부분
k-평균의 출발점이 정하며, 군집이 적은데 당김이 세면 군집이 무너집니다.

- **출발점이 대부분을 정합니다.** 오른쪽 위 히트맵(학습 전, k-평균만)과 왼쪽 위 히트맵(학습 후의 검증 ACC)을 비교해 보세요. k ≤ 12이고 붕괴가 없는 칸에서는
  8 에폭의 딥 K-평균 학습이 칸의 평균 ACC를 많아야 0.04 정도 움직이고, 그것도 늘 올리는 쪽은 아닙니다. k = 8에서는 λ ≥ 0.05이면
  오히려 ACC가 내려갑니다(λ = 0.5에서 0.04). 시드 사이의 차이도 출발점에서 옵니다. k = 10에서 시드 0의 k-평균 출발점은 0.80이고
  시드 1과 2는 0.74인데, 이 차이는 학습 뒤에도 모든 λ에서 0.04–0.06으로 남습니다. k ≤ 12에서 학습이 한 실행을 크게 끌어올린 곳은 k = 12의 시드 0 하나뿐입니다
  (λ ≥ 0.05에서 0.064–0.075 상승). 잘 학습된 오토인코더에서 출발하면 몇 에폭의 학습이 바꿀 수 있는 것은 제한적입니다.
  개선 레시피가 잠재 공간의 **모양**(6장의 UMAP 분할)을 먼저 찾는 이유가 여기에 있습니다.
  예외는 k = 15입니다. k-평균 출발점이 k = 5 다음으로 낮고(0.65), λ ≥ 0.01이면 학습이 평균 ACC를 0.04–0.09 올립니다.
  λ = 0.5에서는 그 일부가 군집이 비어서 생깁니다. 15개 가운데 12–13개만 남으니, 매칭되지 못해 오답으로 세어지는 남는 군집도 줄어듭니다.
- **붕괴는 λ와 k가 함께 정하고, 시드도 한몫합니다.** k = 5에서 λ = 0.5이면 세 시드 가운데 둘(시드 0과 2)이 군집 하나만 남기고 무너지고(ACC 0.116), 시드 1은 다섯 개를 모두 지킵니다(ACC 0.47). 세 시드를 평균하면 ACC 0.23, NMI 0.20입니다. λ = 0.1 이하에서는 k = 5의 어느 실행도 군집을 잃지 않습니다.
  k ≥ 8에서는 무너진 실행이 없지만, λ와 k가 클수록 군집이 비기 시작합니다. k ≥ 8인 실행 60번 가운데 12번이 군집을 하나 이상 잃는데,
  모두 λ ≥ 0.05이고, 한 번(λ = 0.5, k = 10의 시드 0, 군집 9개)을 빼면 모두 k ≥ 12입니다. λ = 0.5에서는 k = 12와 15의 모든 실행이 군집을 잃습니다.
  한 군집이 여러 숫자를 품어야 할 때는 군집 안의 잠재 벡터가
  중심점에서 멀어 군집 손실이 크고, 인코더에게 가장 쉬운 탈출구는 모든 잠재 벡터를 한곳으로 모으는 것입니다.
  딱딱한 "가장 가까운 중심점" 할당은 그 움직임을 막지 못합니다.
- **이 세 시드에서는 군집 10개일 때가 12개일 때보다 평균 점수가 높지만, 모든 시드에서 그렇지는 않고 시드 셋으로는 결론을 내릴 수 없습니다.** 평균 ACC는 모든 λ에서 k = 10이 k = 12보다 높습니다(전체 평균 0.76 대 0.75).
  다만 λ가 커질수록 차이가 줄어 λ = 0.1과 0.5에서는 0.005 안쪽입니다. NMI도 모든 λ에서 k = 10이 높지만 차이는 0.01 미만입니다.
  시드와 λ가 같은 실행끼리 짝지으면 15쌍 가운데 10쌍에서 k = 10이 높고 평균 차이는 0.013인데, 이 차이의 대부분은 시드 1에서 나옵니다(시드 1은
  0.030, 시드 0과 2는 0.005와 0.004). 시드 0은 λ ≥ 0.05에서 오히려 12개일 때가 낫습니다.
  이 잠재 공간에 k = 10으로 k-평균을 돌리면(시드 0) 대부분의 숫자가 자기 군집을 얻습니다. 틀리는 곳은 두 군집에 섞여 담기는 4와 9,
  그리고 3의 군집으로 들어가는 5의 일부입니다. 학습은 이 섞임을 풀지 않고 오히려 키웁니다. 위 패널의 혼동 행렬(8 에폭 학습 뒤)에서는
  3의 군집에 5가 수십 개 들어 있고, 4·9 군집 하나가 다른 4·9 군집의 대부분을 삼키고 7도 수십 개나 끌어들였습니다.
  시드 1과 2의 k-평균은 숫자 1에 군집 두 개를 쓰고 7과 9를 한 군집에 섞기 때문에 0.06 낮게 출발합니다.
  중심점 두 개를 더 주면(k = 12, 시드 0) 4와 7이 깨끗한 자기 군집을 얻지만, 남는 두 군집은 1의 두 번째 군집과 9·4가 섞인 군집이 됩니다.
  헝가리안 ACC는 이 두 군집을 매칭하지 않아 그 이미지들을 틀린 것으로 셉니다. 그런데 시드 0에서 λ ≥ 0.05로 학습하면 k = 12가
  스윕에서 가장 좋은 세 실행(0.81–0.82)이 되어 같은 시드의 k = 10(0.78–0.81)을 앞섭니다. 숫자보다 군집이 많으면 나을 **수도** 있지만, 믿을 만하지는 않습니다.
- **λ는 ACC가 아니라 NMI를 올립니다.** k = 8–12에서 λ를 $10^{-3}$에서 0.5로 올리면 NMI는 0.01–0.04 오르지만, ACC는 k = 8과 10에서
  오히려 내려가고(0.045와 0.016) k = 12에서만 0.011 오릅니다. 군집을 촘촘하게 만드는 것만으로는 두 점수가 바뀌지 않습니다. 점수는 이미지가
  군집을 옮길 때만 바뀝니다. 위 패널의 혼동 행렬에서 보듯(4와 9가 섞인 두 군집 가운데 하나가 다른 하나의 이미지를 대부분 삼켰습니다),
  당김은 섞인 군집을 한쪽으로 기울게 하거나 하나로 합치는 쪽으로 이미지를 옮기는 것으로 보입니다. 같은 비율로 섞인 두 군집이 하나가 되어도
  군집으로 숫자를 알아맞히기는 어려워지지 않고 구별할 군집 수는 줄어드니 NMI는 오르지만, 숫자 하나가 헝가리안 매칭으로 얻었던 자기 군집을
  잃으니 ACC는 내려갑니다. k = 15에서는 사정이 달라 둘 다 오르고, ACC가 오히려 더 많이 오릅니다(ACC 0.09, NMI 0.06).

패널로 직접 확인해 보세요. k를 5로, λ를 0.5로 두고 학습 버튼을 누르면 군집 크기 막대가 하나만 남고 나머지가 비는 것을 볼 수 있습니다(기본 시드 0에서 그렇습니다.
스윕에서 시드 1은 다섯 군집을 모두 지켰습니다).
""", en="""
## What the sweep says

Here is how to read the numbers above. In short: from a well-trained autoencoder, eight epochs of Deep K-means
change little, the k-means start decides most of the result, and a strong pull on few clusters collapses them.

- **The starting point decides most of it.** Compare the top-right heatmap (before training, k-means only) with
  the top-left one (validation ACC after training). For k ≤ 12, wherever nothing collapses, eight epochs of Deep K-means move a cell's
  mean ACC by about 0.04 at most, and not always upwards: at k = 8, λ ≥ 0.05 lowers ACC (by 0.04 at λ = 0.5). The
  differences between seeds come from the start too: at k = 10, seed 0's k-means start scores 0.80 and seeds 1 and 2
  score 0.74, and after training seed 0 is still 0.04–0.06 ahead at every λ. Among k ≤ 12, the one place where training
  lifts a run a lot is seed 0 at k = 12 (+0.064 to +0.075 for λ ≥ 0.05). Starting from a well-trained autoencoder, a few
  epochs of training can only change so much. This is why the improved recipe first finds the **shape** of the
  latent space (the UMAP partition of chapter 6).
  k = 15 is the exception: its k-means start is the weakest after k = 5 (0.65), and for λ ≥ 0.01 training adds
  0.04–0.09 to the mean ACC. At λ = 0.5 part of that comes from clusters going empty: only 12–13 of the 15 remain,
  so fewer surplus clusters are left unmatched and counted as errors.
- **Collapse is decided by λ and k together, and the seed has a say.** At k = 5, λ = 0.5 leaves a single cluster in
  two of the three seeds (seeds 0 and 2, ACC 0.116), while seed 1 keeps all five (ACC 0.47); the mean of the three is ACC 0.23, NMI 0.20. At
  λ = 0.1 and below no k = 5 run loses a cluster. For k ≥ 8 no run collapses, but clusters start to go empty as λ
  and k grow: 12 of those 60 runs lose at least one cluster, all at λ ≥ 0.05 and all but one at k ≥ 12 (the
  exception: seed 0 of λ = 0.5, k = 10 ends with 9). At λ = 0.5 every run with k = 12 or 15 loses clusters.
  When each cluster has to hold several digits, its latents lie far from the centroid, the clustering loss is large,
  and the encoder's easiest way out is to pull every latent to one place. Hard nearest-centroid assignments do
  nothing to stop it.
- **In these three seeds ten clusters score higher than twelve on average, but not for every seed, and three seeds
  cannot settle it.** Mean ACC is higher at k = 10 than at k = 12 for
  every λ (0.76 against 0.75 overall), though the gap shrinks as λ grows, to within 0.005 at λ = 0.1 and 0.5; NMI is higher at k = 10 for every λ too, by less than 0.01. Paired by seed and λ, k = 10 is higher in 10 of
  the 15 pairs, by 0.013 on average, most of it seed 1's (0.030; seeds 0 and 2: 0.005 and 0.004), and seed 0 does
  better with twelve at λ ≥ 0.05. With k = 10 (seed 0), k-means on this latent space gives
  most digits a cluster of their own; its mistakes are 4 and 9, mixed in two clusters, and some of the 5s, which land
  in the 3s' cluster. Training strengthens these mixes instead of undoing them: in the panel's confusion matrix above
  (after eight epochs) the 3s' cluster holds dozens of fives, and one of the two 4-and-9 clusters has swallowed most of the other's images and
  dozens of sevens. Seeds 1 and 2 land on a
  k-means partition that spends two clusters on the digit 1 and puts 7 and 9 together, which is why they start 0.06
  lower. Two more centroids (k = 12, seed 0) give 4 and 7 clean clusters of their own, but the two surplus clusters
  become a second 1 and a mix of 9 and 4; Hungarian ACC leaves them unmatched and counts their images as errors.
  Yet trained with λ ≥ 0.05, seed 0's k = 12 runs become the three best runs of the sweep (0.81–0.82), ahead of the
  same seed's k = 10 (0.78–0.81). More clusters than digits **can** pay off, but not reliably.
- **λ helps NMI, not ACC.** For k = 8–12, raising λ from $10^{-3}$ to 0.5 adds 0.01–0.04 to NMI, while ACC
  falls at k = 8 and 10 (by 0.045 and 0.016) and gains only 0.011 at k = 12. Tighter clusters alone would change neither score: the scores
  move only when images change cluster. As the panel's confusion matrix above shows (one of the two 4-and-9 clusters
  swallowed most of the other's images), the pull seems to move them so that mixed clusters become lopsided or
  merge. Two clusters with the same mix merged into one make an image's digit no harder to guess from its cluster,
  with fewer clusters to tell apart, so NMI rises; but one digit loses the cluster Hungarian matching gave it, so ACC
  falls. At k = 15 it is different:
  both rise, and ACC gains more than NMI (0.09 against 0.06).

Check it with the panel: set k to 5 and λ to 0.5 and press Train — only one cluster-size bar stays up,
while the rest go empty (with the default seed 0; in the sweep, seed 1 kept all five clusters).
"""),
    md(ko="""
### 여기서 출발점이 2장보다 낮은 이유

2장에서 같은 오토인코더에 k-평균을 돌린 정확도는 0.871이었는데, 스윕의 k = 10 출발점은 0.80(시드 0)과 0.74(시드 1, 2)입니다.
채점하는 이미지도 다르지만(2장은 테스트 이미지, 여기는 검증 이미지 2,000장), 더 큰 차이는 k-평균을 무엇에 맞추느냐입니다. 2장은
학습 이미지 55,000장의 잠재 벡터 전부에, 패널은 그중 처음 5,000장에 맞춥니다. 스윕의 세 시드로 두 방식을 모두 해 보고 같은 검증
이미지로 채점해 봅시다.
""", en="""
### Why the start is lower here than in chapter 2

Chapter 2 scored k-means on this same autoencoder at 0.871, yet the sweep's k = 10 starts score 0.80 (seed 0) and
0.74 (seeds 1 and 2). The images scored differ (test images there, 2,000 validation images here), but the bigger
difference is what k-means is fitted on: all 55,000 training latents in chapter 2, the first 5,000 of them in the
panel. Fit both ways with the sweep's three seeds and score the same validation images:
"""),
    code("""
from dkm_lib import load_checkpoint
from dkm_lib.cluster import kmeans_fit, nearest_centroid
from dkm_lib.metrics import cluster_acc
from dkm_lib.tuning import default_checkpoint

autoencoder = load_checkpoint(default_checkpoint())
fit_x, _, val_x, val_y = tuning_data(55000)
fit_z, val_z = (autoencoder.encode(x).double().numpy() for x in (fit_x, val_x))
for seed in range(3):
    scores = []
    for n in (5000, 55000):
        centres, _ = kmeans_fit(fit_z[:n], 10, seed)
        scores.append(cluster_acc(val_y.numpy(), nearest_centroid(val_z, centres)))
    print(f"seed {seed}: k-means fitted on 5,000 latents scores {scores[0]:.3f}, "
          f"on 55,000 {scores[1]:.3f}")
""", tags=["nbval-check-output"]),
    md(ko="""
잠재 벡터 55,000개에 맞추면 세 시드 모두 이 검증 이미지에서 0.86을 내는 분할을 찾습니다. 5,000개에 맞추면 시드 0은 0.80, 시드 1과 2는 0.74에서
멈춥니다. 패널은 CPU에서도 한 번의 학습이 짧게 끝나도록 5,000장으로 학습하고, 그 대가를 출발점에서 치릅니다.
""", en="""
Fitted on 55,000 latents, every seed finds the partition that scores 0.86 on these validation images; fitted on
5,000, seed 0 stops at 0.80 and seeds 1 and 2 at 0.74. The panel trains on 5,000 images to keep a run short on a
CPU, and it pays for that at its start.
"""),
    md(ko="""
## 스스로 확인하기

짧은 질문으로 이 장의 핵심을 점검합니다. 답을 펼치기 전에 먼저 스스로 답해 보세요.

1. λ, T1/T2, k는 각각 무엇을 정하나요?

   :::{admonition} 답
   :class: dropdown
   λ는 군집 손실이 결국 얼마나 세게 당기는지, T1/T2는 그 힘을 얼마나 천천히 올리는지, k는 군집의 수를 정합니다.
   :::

2. 스윕에서 붕괴는 어떤 설정에서 일어났나요?

   :::{admonition} 답
   :class: dropdown
   군집이 적을 때(k = 5) 큰 λ에서 일어났습니다. λ = 0.5에서 세 시드 가운데 둘이 한 군집으로 무너졌고, λ = 0.1 이하에서는 무너진 실행이 없습니다. k ≥ 8에서는 무너진 실행이 없지만, 60번 가운데 12번이 군집을 하나 이상 잃었습니다. 모두 λ ≥ 0.05였고, 한 번을 빼면 모두 k ≥ 12였습니다.
   :::

3. k 슬라이더만 움직이면 왜 학습이 필요 없나요?

   :::{admonition} 답
   :class: dropdown
   패널이 현재 잠재 벡터에 k-평균을 다시 돌려 군집만 새로 정하기 때문입니다. 인코더는 바뀌지 않습니다.
   :::

## 요약

- λ는 군집 손실의 세기, T1/T2는 그 힘을 켜는 속도, k는 군집 수입니다.
- 패널의 학습 버튼은 `train()`을 그대로 호출하므로 컴퓨터와 스레드 수가 같으면 같은 설정은 같은 결과를 냅니다. k만 바꾸면 학습 없이 즉시 다시 군집화합니다.
- 패널과 스윕의 점수는 모두 검증 이미지에서 잽니다. 설정을 고르는 일에 테스트 레이블은 쓰지 않습니다.
- 스윕 결과: k-평균 출발점이 가장 중요하고(k = 10에서 시드에 따라 0.06 차이가 납니다), 큰 λ는 군집이 적을 때(k = 5) 붕괴를, 많을 때는 빈 군집을 부릅니다. 이 세 시드에서는 평균으로 k = 10이 k = 12보다 ACC와 NMI가 높습니다(ACC 차이는 대부분 시드 1에서 나옵니다). 다만 가장 좋은 실행들은 k = 12의 한 시드에서 나왔습니다.
""", en="""
## Check yourself

Short questions on the chapter's key points: answer each one yourself before you read its answer.

1. What do λ, T1/T2 and k each control?

   :::{admonition} Answer
   :class: dropdown
   λ is how hard the clustering loss finally pulls, T1/T2 how slowly that pull is switched on, and k the number of clusters.
   :::

2. Which settings collapsed in the sweep?

   :::{admonition} Answer
   :class: dropdown
   A large λ with few clusters (k = 5): two of the three seeds at λ = 0.5 ended in one cluster, and nothing collapsed at λ = 0.1 or below. With k ≥ 8 no run collapsed, but 12 of 60 lost at least one cluster, all at λ ≥ 0.05 and all but one at k ≥ 12.
   :::

3. Why does moving only the k slider need no training?

   :::{admonition} Answer
   :class: dropdown
   The panel re-runs k-means on the current latents and only re-assigns the clusters; the encoder does not change.
   :::

## Summary

- λ is the strength of the clustering loss, T1/T2 how fast it is switched on, k the number of clusters.
- The panel's Train calls `train()` itself, so on the same machine and thread count, the same settings give the same numbers; moving only k re-clusters at once, without training.
- The panel and the sweep are scored on validation images: choosing settings never uses test labels.
- The sweep: the k-means starting point matters most (at k = 10 the seed alone moves it by 0.06), a large λ invites collapse when clusters are few (k = 5) and empty clusters when they are many, and in these three seeds k = 10 scores higher than k = 12 on average, in ACC and NMI (in ACC mostly through seed 1), although the best single runs are one seed's k = 12.
"""),
    md(ko=r"""
## 연습 문제

각 문제 아래에 **힌트**와 **풀이**가 있습니다. 먼저 직접 풀어 본 뒤 읽어 보세요. 코드 풀이는 대부분 다른 셀처럼
실행되고 테스트되므로, 자신의 결과를 실제 출력과 비교할 수 있습니다. 실행에 몇 분씩 걸리는 일부 풀이는 책을 만들 때 실행하지 않으며,
그 점을 밝히고 직접 실행할 코드를 보여 줍니다.

::::{exercise} 붕괴를 알아보기
:label: ko-ex07-1
:nonumber:

k = 5, λ = 0.5, T1 = 0, T2 = 1로 학습해 보세요. 군집 크기 막대와 중심점 이미지로 붕괴를 알아볼 수 있나요? 같은 λ에서 T2를 8이나 20으로 늘려 천천히 올리면 어떻게 되나요?

:::{hint}
:class: dropdown
Jupyter나 Colab에서는 패널에서 λ는 입력 칸에 적고 나머지는 슬라이더를 옮기면 됩니다. 어디서든(이 웹 페이지의 패널로는 학습할 수 없습니다) `train(tuning_config(lam=0.5, n_clusters=5, t1=0, t2=1), data=tuning_data(5000))`을 호출해도 됩니다. 스윕 기록(`runs`)에는 λ = 0.5, k = 5, T2 = 4의 세 시드가 이미 들어 있습니다. `clusters_used`를 보세요.
:::
::::

:::{solution-start} ko-ex07-1
:class: dropdown
:::
""", en=r"""
## Exercises

Each exercise has a **hint** and a **solution** below it: try the exercise first, then read them. Most code
solutions run and are tested like every other cell, so you can check your own work against real output; the few
that take minutes say that they are not run when the book is built, and show the code to run yourself.

::::{exercise} Recognising a collapse
:label: en-ex07-1
:nonumber:

Train with k = 5, λ = 0.5, T1 = 0, T2 = 1. Do the cluster-size bars and the decoded centroids reveal a collapse? What happens with the same λ and slower ramps, T2 = 8 or 20?

:::{hint}
:class: dropdown
In Jupyter or Colab, set λ in the panel's box and move its sliders; anywhere (the panel on this web page cannot train), call `train(tuning_config(lam=0.5, n_clusters=5, t1=0, t2=1), data=tuning_data(5000))`. The sweep records (`runs`) already hold three seeds of λ = 0.5, k = 5 with T2 = 4: look at `clusters_used`.
:::
::::

:::{solution-start} en-ex07-1
:class: dropdown
:::
"""),
    code(r"""
for r in runs:
    if r["lam"] == 0.5 and r["k"] == 5:
        print(f"lambda=0.5, k=5, T2=4, seed {r['seed']}: "
              f"ACC {r['acc_start']:.3f} -> {r['acc']:.3f}, "
              f"clusters used {r['clusters_used']}")
""", tags=['nbval-check-output']),
    md(ko=r"""
스윕의 λ = 0.5, k = 5에서는 시드 0과 2가 8 에폭 안에 **한 군집**으로 무너졌습니다(ACC 0.116, 검증 이미지에서 가장 흔한 숫자가 차지하는 비율). 시드 1은 다섯 군집을 모두 지키고 출발점보다 조금 낮은 0.471로 끝났습니다. 패널에서는 붕괴가 이렇게 보입니다. 군집 크기 막대 하나만 높고 나머지는 0(빨간 ×)이며, 혼동 행렬에서는 한 행이 모든 숫자를 차지합니다. 디코더로 그린 중심점은 그 자체로는 여전히 숫자처럼 보일 수 있으므로 막대와 함께 읽어야 합니다. 살아남은 군집 하나를 빼면 나머지 중심점들은 어떤 이미지도 대표하지 않습니다. T2 = 1은 첫 에폭부터 λ를 다 주므로 붕괴는 더 빨라질 뿐입니다. T2 = 8과 20으로 천천히 올리는 실행은 스윕에 없으므로 직접 돌려 보세요.

```python
for t2 in (1, 8, 20):
    ramp = tuning_config(lam=0.5, n_clusters=5, t1=0, t2=t2)   # the chapter's config stays
    _, h = train(ramp, progress=False, data=tuning_data(5000))
    print(t2, [e["clusters_used"] for e in h["eval"]], round(h["metrics"]["acc"], 3))
```

에폭마다의 `clusters_used`를 비교하세요. 우리가 돌린 시드 0에서는 T2 = 1과 T2 = 8 모두 첫 에폭부터 군집 하나만 남았습니다(`python -m dkm_lib sweep`이 `results/sweep_ramps.json`에 기록합니다). 이 규칙에서는 T2가 첫 에폭의 α도 정합니다. 느린 램프의 첫 α = λ/8 ≈ 0.06만으로도 에폭 0에서 이미 무너졌고, α는 그 뒤 약 0.44까지 오릅니다. T2 = 20은 α = 0.025에서 출발해 다섯 군집을 모두 지켰지만(ACC 0.487), 8 에폭 동안 α가 0.175까지밖에 오르지 않으므로 λ = 0.5를 천천히 준 것이라기보다 더 작은 λ에 가깝습니다. 스윕도 같은 쪽을 가리킵니다. λ = 0.1, k = 5의 실행은 α가 에폭 0의 0.025에서 0.1까지 오르는데도 셋 다 다섯 군집을 지킵니다. 곧 이 실행들에서는 나중에 α가 얼마나 높이 오르는지보다 첫 에폭의 당김이 붕괴를 정했습니다. 시드 하나와 스윕 하나에서 얻은 단서일 뿐 법칙은 아닙니다. λ와 k를 함께 보면, 붕괴는 둘 다에 달려 있습니다(같은 λ = 0.5에서 k = 8 이상은 무너지지 않습니다. 다만 k = 10의 한 시드와 k = 12, 15의 모든 실행이 군집을 하나 이상 잃습니다).

:::{solution-end}
:::

::::{exercise} k = 20의 군집
:label: ko-ex07-2
:nonumber:

사전 학습된 잠재 벡터에 k = 20으로 k-평균을 돌려 보세요(Jupyter나 Colab에서는 `tuning_panel()`로 패널을 새로 만들고 그 k 슬라이더를 20으로 옮기면 됩니다. 슬라이더는 패널이 지금 가진 모델의 잠재 벡터를 군집화하므로, 위에서 학습한 패널에서는 사전 학습된 잠재 벡터가 아니라 학습으로 바뀐 잠재 벡터를 씁니다. 이 웹 페이지의 패널로는 다시 군집화할 수 없습니다). 어떤 숫자가 여러 군집으로 나뉘나요? 그 숫자들의 중심점을 디코더로 그리면 어떻게 다른가요?

:::{hint}
:class: dropdown
학습은 필요 없습니다. 패널의 k 슬라이더처럼 사전 학습된 오토인코더의 잠재 벡터에 k = 20으로 k-평균을 돌리고(슬라이더는 학습의 출발점과 같은 `kmeans_fit`으로 재시작을 10번 합니다), 각 군집의 중심점을 디코더로 그려 보세요. 군집마다 가장 많은 숫자를 세면 어느 숫자가 여러 군집을 차지하는지 알 수 있습니다.
:::
::::

:::{solution-start} ko-ex07-2
:class: dropdown
:::
""", en=r"""
In the sweep, λ = 0.5 with k = 5 collapsed into **a single cluster** within 8 epochs for seeds 0 and 2 (ACC 0.116, the share of the most common digit among the validation images); seed 1 kept all five clusters and ended at 0.471, a little below its start. In the panel it looks like this: one cluster-size bar is high and the others are zero (red ×), and in the confusion matrix one row takes every digit. A decoded centroid can still look like a digit on its own, so read the centroids together with the bars: apart from the one surviving cluster, the centroids stand for no image at all. T2 = 1 gives the full λ from the first epoch, which can only make the collapse faster. The slower ramps T2 = 8 and 20 are not in the sweep, so run them yourself:

```python
for t2 in (1, 8, 20):
    ramp = tuning_config(lam=0.5, n_clusters=5, t1=0, t2=t2)   # the chapter's config stays
    _, h = train(ramp, progress=False, data=tuning_data(5000))
    print(t2, [e["clusters_used"] for e in h["eval"]], round(h["metrics"]["acc"], 3))
```

Compare `clusters_used` epoch by epoch. In our runs (seed 0, recorded in `results/sweep_ramps.json` by `python -m dkm_lib sweep`) T2 = 1 and T2 = 8 both leave a single cluster from the first epoch on. With this rule T2 also sets the first epoch's α: the slow ramp's first α = λ/8 ≈ 0.06 already collapses it in epoch 0, and α climbs on to about 0.44. T2 = 20 starts at α = 0.025 and keeps all five clusters (ACC 0.487), but in eight epochs its α never gets past 0.175, so it is closer to a smaller λ than to λ = 0.5 switched on slowly. The sweep points the same way: at λ = 0.1, k = 5, α climbs from 0.025 at epoch 0 to 0.1, and all three seeds keep their five clusters. So in these runs the pull of the first epoch decided the collapse, not how high α climbed later: a hint from one seed and one sweep, not a law. Across λ and k, collapse depends on both (at the same λ = 0.5, k = 8 and more do not collapse, although one seed at k = 10 and every run at k = 12 and 15 lose at least one cluster).

:::{solution-end}
:::

::::{exercise} Twenty clusters
:label: en-ex07-2
:nonumber:

Run k-means with k = 20 on the pretrained latents (in Jupyter or Colab, make a fresh panel with `tuning_panel()` and move its k slider to 20: the slider clusters the latents of the panel's current model, so on the panel trained above it would use latents the training has moved, not the pretrained ones; on this web page it does not re-cluster). Which digits are split over several clusters? How do their decoded centroids differ?

:::{hint}
:class: dropdown
No training is needed: like the panel's k slider, run k-means with k = 20 on the pretrained autoencoder's latents (the slider uses `kmeans_fit`, as a run's start does: ten restarts) and draw each centre with the decoder. Counting each cluster's most common digit shows which digits own several clusters.
:::
::::

:::{solution-start} en-ex07-2
:class: dropdown
:::
"""),
    code(r"""
import numpy as np
import torch

from dkm_lib import load_checkpoint
from dkm_lib.cluster import kmeans_fit, nearest_centroid
from dkm_lib.metrics import clustering_scores
from dkm_lib.tuning import default_checkpoint

ae = load_checkpoint(default_checkpoint())
tx, _, vx, vy = tuning_data(5000)
latents, val_latents = ae.encode(tx).double().numpy(), ae.encode(vx)
for k in (10, 20):   # as the panel's k slider does: 10 restarts, then the nearest centre
    centres, _ = kmeans_fit(latents, k, seed=0)
    centres = torch.as_tensor(centres, dtype=torch.float32)
    clusters = torch.as_tensor(nearest_centroid(val_latents, centres))
    scores = clustering_scores(vy.numpy(), clusters.numpy())
    print(f"k = {k}: ACC {scores['acc']:.3f}  NMI {scores['nmi']:.3f}")
majority = [int(torch.mode(vy[clusters == c]).values) if (clusters == c).any() else -1
            for c in range(20)]
print("clusters per digit:", {d: majority.count(d) for d in range(10)})
order20 = np.argsort(majority, kind="stable")
with torch.no_grad():
    # each captioned "position: majority digit", the positions the printout below names
    plots.captioned_grid(ae.decoder(centres[order20]),
                         [f"{p}: {majority[c]}" for p, c in enumerate(order20)], cols=10,
                         title={"ko": "k = 20 중심점 (자리: 다수 숫자)",
                                "en": "k = 20 centroids (position: majority digit)"}[
                                    plots.language()])
plt.show()
print("majority digit of the centroids shown:")
print([majority[c] for c in order20])
print("clusters whose majority digit is under 70 % of their images")
print("(position in the figure, counted from 0):")
for position, c in enumerate(order20):
    share = torch.bincount(vy[clusters == c], minlength=10) / (clusters == c).sum()
    first, second = share.argsort(descending=True)[:2].tolist()
    if share[first] < 0.7:
        mix = f"{share[first]:.0%} {first}s, {share[second]:.0%} {second}s"
        print(f"  {position}: {mix}")
""", tags=['nbval-check-output'], alt={
        "ko": "k = 20인 k-평균의 중심점 20개를 디코더로 그려 다수 숫자 순으로 열 개씩 두 줄로 늘어놓고, 각 그림 위에 자리(0–19)와 다수 숫자를 적었습니다. 0은 하나, 2는 셋, 나머지 숫자는 둘씩입니다. 같은 숫자의 중심점들은 필체가 다릅니다. 1, 4, 5, 8, 9는 곧게 선 것과 기운 것, 2는 고리 없이 꺾은 것과 아래에 고리가 있는 것입니다. 2의 중심점 셋 가운데 4번 자리의 것은 가운데에 가로획을 그은 7처럼 보입니다.",
        "en": "The 20 centroids of k-means with k = 20, decoded into images in two rows of ten, sorted by majority digit and each captioned with its position (0 to 19) and majority digit: 0 has one, 2 three, every other digit two. Centroids of the same digit differ in handwriting: the 1, 4, 5, 8 and 9 upright and slanted, the 2 plain and with a loop at the bottom. The 2 centroid at position 4 looks like a 7 crossed with a bar."}),
    md(ko=r"""
군집이 숫자의 두 배이니 대부분의 숫자가 군집 두 개씩을 차지하지만, 모두 그렇지는 않습니다("clusters per digit"). 0은 군집 하나, 2는 셋을 얻습니다. 같은 숫자의 중심점들을 나란히 보면 차이는 **필체**에 있습니다. 1, 4, 5, 8, 9는 곧게 선 것과 기운 것으로, 2는 고리 없이 꺾은 것과 아래에 고리를 그린 것으로 나뉩니다. 다만 모든 군집이 한 숫자만 담지는 않습니다(출력의 마지막 두 줄). 2의 군집 셋 가운데 하나(그림의 4번 자리, 0부터 셈)는 검증 이미지의 57%만 2이고 32%가 7입니다. 그 중심점은 2도 7도 아닌, 가운데에 가로획을 그은 7처럼 보입니다. 6장에서 2의 군집에 들어간다고 본 바로 그 '가로획 7'입니다. 기운 9의 군집(18번 자리)도 검증 이미지의 24%가 7입니다. k-평균은 "같은 숫자"가 아니라 "비슷한 모양"을 모으므로, k가 레이블 수보다 크면 숫자를 필체별로 쪼개고, 때로는 두 숫자가 함께 쓰는 모양에 군집 하나를 내줍니다. 그 위에 학습을 더하면(패널의 학습 버튼) 이 분할이 어떻게 바뀌는지는 직접 확인해 보세요. 출력의 첫 두 줄은 연습 3.3의 이야기를 보여 줍니다. k = 20에서 ACC는 0.802에서 0.533으로 떨어지지만(짝이 없는 군집 열 개의 이미지는 모두 틀린 것으로 셉니다) NMI는 0.733에서 0.728로 거의 그대로입니다.

:::{solution-end}
:::

::::{exercise} 시드에 따른 흔들림
:label: ko-ex07-3
:nonumber:

시드만 바꿔 가며 같은 설정을 세 번 돌려 보세요. ACC가 얼마나 흔들리나요? 스윕 표의 시드 간 범위와 비교해 보세요.

:::{hint}
:class: dropdown
스윕 기록 `runs`에서 (λ, k) 칸마다 세 시드의 ACC 최댓값 − 최솟값을 구하세요. 패널의 기본 설정은 λ = 0.05, k = 10이고, 스윕에는 이 설정을 시드 0, 1, 2로 돌린 세 실행이 이미 들어 있습니다.
:::
::::

:::{solution-start} ko-ex07-3
:class: dropdown
:::
""", en=r"""
With twice as many clusters as digits, most digits own two clusters, but not all ("clusters per digit"): 0 gets one, 2 three. Put the centroids of one digit side by side and the differences are **handwriting**: the 1s, 4s, 5s, 8s and 9s come upright and slanted, the 2s plain and with a loop at the bottom. Not every cluster is one digit, though (the last two lines of the output): one of the three 2 clusters (position 4, counted from 0) is only 57 % 2s and 32 % 7s, and its centroid is neither: it looks like a 7 crossed with a bar, the crossed 7 that chapter 6 found landing in the cluster of 2s. The slanted 9's cluster (position 18) is 24 % 7s too. k-means groups "similar shapes", not "the same digit", so with more clusters than labels it splits digits by style, and sometimes gives a cluster of its own to a shape that two digits share. How training on top (the panel's Train) changes this partition is for you to try. The first two lines show exercise 3.3's point: at k = 20 ACC falls from 0.802 to 0.533 (the images of the ten unmatched clusters all count as errors) while NMI hardly moves, from 0.733 to 0.728.

:::{solution-end}
:::

::::{exercise} How much the seed moves things
:label: en-ex07-3
:nonumber:

Run the same settings three times, changing only the seed. How much does ACC move? Compare with the seed-to-seed spread in the sweep.

:::{hint}
:class: dropdown
From the sweep records `runs`, compute max − min of the three seeds' ACC in every (λ, k) cell. The panel's default is λ = 0.05, k = 10, and the sweep already holds those three runs: the default with seeds 0, 1 and 2.
:::
::::

:::{solution-start} en-ex07-3
:class: dropdown
:::
"""),
    code(r"""
cells = {}
for r in runs:
    cells.setdefault((r["lam"], r["k"]), []).append(r["acc"])
default = cells[(0.05, 10)]
print(f"panel default (lambda=0.05, k=10): ACC {default}, "
      f"spread {max(default) - min(default):.3f}")
for k in sorted({k for _, k in cells}):
    spreads = [max(v) - min(v) for (lam, kk), v in cells.items() if kk == k]
    print(f"k={k:2d}: seed-to-seed ACC spread over the five lambdas: "
          f"{min(spreads):.3f} to {max(spreads):.3f}")
""", tags=['nbval-check-output']),
    md(ko=r"""
패널의 기본 설정에서는 세 시드의 ACC가 0.059나 벌어집니다. 모든 실행이 같은 사전 학습 오토인코더에서 출발하고 시드는 k-평균 초기화와 배치 순서만 바꾸는데도 그렇습니다. 시드 0의 k-평균은 시드 1, 2와 다른 분할(출발점 0.80 대 0.74)에 도달하고, 8 에폭의 학습은 그 차이를 없애지 못합니다. 흔들림은 k에 따라 다릅니다. k = 5와 8에서는 0.02 미만이지만(두 시드가 붕괴한 λ = 0.5, k = 5의 0.355는 예외), k = 10에서는 모든 λ에서 0.04–0.06, k = 12에서는 0.02–0.11, k = 15에서는 0.02–0.09입니다. 군집이 많으면 k-평균이 어느 숫자를 합치거나 쪼갤지가 초기화에 달려 있고, 그 선택이 일대일 매칭 ACC를 크게 바꿉니다. 그래서 k ≥ 10의 결과는 한 시드만 보고 판단하면 안 됩니다. 패널의 기본값만 보고 "λ = 0.05, k = 10은 0.81"이라고 말해서도 안 됩니다. 그 0.81은 시드 0이 운 좋게 낸 값입니다(시드 1과 2는 0.75 안팎).

:::{solution-end}
:::
""", en=r"""
At the panel's default the three seeds' ACC lie as much as 0.059 apart, although every run starts from the same pretrained autoencoder and the seed only changes the k-means initialisation and the batch order. Seed 0's k-means lands on another partition than seeds 1 and 2 (a start of 0.80 against 0.74), and eight epochs of training do not close the gap. The spread depends on k: below 0.02 at k = 5 and 8 (except λ = 0.5, k = 5, where two seeds collapse: 0.355), 0.04–0.06 at k = 10 for every λ, 0.02–0.11 at k = 12 and 0.02–0.09 at k = 15. With many clusters, which digits k-means merges or splits depends on the initialisation, and that choice moves the one-to-one matched ACC a lot. Never judge a result with k ≥ 10 from one seed — not even the panel's default: "λ = 0.05, k = 10 gives 0.81" is one seed's luck (seeds 1 and 2 give about 0.75).

:::{solution-end}
:::
"""),
]
