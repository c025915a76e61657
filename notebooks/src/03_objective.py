"""Chapter 3: the Deep K-means objective: k-means, the joint loss, the alpha schedule, and how we score clusters."""

from bilingual import code, md

TITLE = {"ko": "3장. 딥 K-평균의 목적 함수",
         "en": "Chapter 3. The Deep K-means objective"}

CELLS = [
    md(ko=r"""
## 이 장에서 배울 것

- k-평균의 목적 함수와 로이드 알고리즘(할당 → 갱신)이 한 단계씩 어떻게 움직이는지, 그리고 왜 국소 최솟값에 머무를 수 있는지
- 딥 K-평균의 결합 손실 $L = L_{\text{rec}} + \alpha \cdot L_{\text{clust}}$가 코드에서 정확히 무엇을 계산하고, 기울기가 어디로 흘러가는지
- 블로그의 α 스케줄($T_1$, $T_2$, λ)과, 그 α가 잠재 벡터의 크기에 비해 얼마나 작은지
- 블로그의 α(손실 가중치)와 DKM 논문의 α(소프트맥스 역온도)가 서로 다른 것이라는 점
- 레이블 없이 얻은 군집을 평가하는 세 가지 지표: 헝가리안 매칭 정확도(ACC), NMI, ARI
""", en=r"""
## What you will learn

- the k-means objective, how Lloyd's algorithm (assign → update) moves step by step, and why it can stop in a local minimum
- what the Deep K-means loss $L = L_{\text{rec}} + \alpha \cdot L_{\text{clust}}$ computes in code, and where its gradients flow
- the blog's α schedule ($T_1$, $T_2$, λ), and how small that α is next to the size of the latent vectors
- why the blog's α (a loss weight) and the α of the DKM paper (a softmax inverse temperature) are different things
- three ways to score clusters found without labels: Hungarian-matched accuracy (ACC), NMI and ARI
"""),
    code(r"""
import inspect

import matplotlib.pyplot as plt
import numpy as np
import torch

from dkm_lib import book, plots
from dkm_lib.cluster import kmeans_fit, lloyd, random_start

info = book.setup(seed=0)
"""),
    md(ko=r"""
## k-평균, 한 단계씩

점 $x_1, \dots, x_N$과 군집 수 $k$가 주어지면, k-평균은 중심점 $\mu_1, \dots, \mu_k$를 골라 다음 **목적 함수**를 최소화합니다.

$$
J(\mu_1, \dots, \mu_k) = \sum_{i=1}^{N} \min_{j} \lVert x_i - \mu_{j} \rVert^2
$$

각 점은 가장 가까운 중심점에 속하고, $J$는 모든 점이 자기 중심점까지 떨어진 거리의 제곱을 더한 값입니다.
$J$를 직접 최소화하기는 어렵지만, 할당을 별도의 변수로 두면 쉬운 두 단계로 나뉩니다. 점 $i$가 속한 군집을 $s_i$라 하고

$$
J(\mu, s) = \sum_{i=1}^{N} \lVert x_i - \mu_{s_i} \rVert^2
$$

라고 쓰면, 할당을 가장 좋게 골랐을 때의 값이 처음의 $J$입니다. 곧 $J(\mu) = \min_s J(\mu, s)$입니다.
두 변수를 번갈아 하나씩 최적화하면 $J$를 계속 줄일 수 있습니다. 이것이 **로이드 알고리즘**입니다 {cite:p}`lloyd1982kmeans`.

1. **할당**: 중심점을 고정하고, 각 점을 가장 가까운 중심점에 배정합니다. $s_i = \arg\min_j \lVert x_i - \mu_j \rVert^2$
2. **갱신**: 할당을 고정하고, 각 중심점을 자기에게 배정된 점들 $C_j = \{i : s_i = j\}$의 평균으로 옮깁니다. $\mu_j = \frac{1}{|C_j|} \sum_{i \in C_j} x_i$

할당 단계는 중심점이 주어졌을 때 가장 좋은 할당을, 갱신 단계는 할당이 주어졌을 때 가장 좋은 중심점을 고릅니다
(제곱 거리의 합을 최소로 만드는 점은 평균입니다). 그래서 어느 단계도 $J(\mu, s)$를 늘리지 않고, 가능한 할당의 수는 유한하므로
알고리즘은 반드시 멈춥니다. 다만 멈춘 곳이 **전역** 최솟값이라는 보장은 없습니다. 어느 단계를 한 번 더 해도 더 나아지지 않는 **국소**
최솟값일 뿐입니다.

`dkm_lib.cluster.lloyd`는 이 두 단계를 그대로 옮긴 교육용 구현입니다. 무작위로 고른 데이터 점 $k$개(`random_start`)에서
출발하고, 매 단계가 끝날 때의 중심점과 할당을 모두 돌려줍니다.
""", en=r"""
## k-means, step by step

Given points $x_1, \dots, x_N$ and a number of clusters $k$, k-means chooses centroids $\mu_1, \dots, \mu_k$ that
minimise the **objective**

$$
J(\mu_1, \dots, \mu_k) = \sum_{i=1}^{N} \min_{j} \lVert x_i - \mu_{j} \rVert^2 .
$$

Each point belongs to its nearest centroid, and $J$ adds up the squared distance of every point to its centroid.
Minimising $J$ directly is hard, but writing the assignment as a variable of its own splits it into two easy steps.
Call $s_i$ the cluster of point $i$ and

$$
J(\mu, s) = \sum_{i=1}^{N} \lVert x_i - \mu_{s_i} \rVert^2 ;
$$

the best assignment gives back the first $J$: $J(\mu) = \min_s J(\mu, s)$. Optimising the two variables in turn,
one at a time, drives $J$ down. This is **Lloyd's algorithm** {cite:p}`lloyd1982kmeans`:

1. **Assign**: keep the centroids fixed and send each point to its nearest centroid, $s_i = \arg\min_j \lVert x_i - \mu_j \rVert^2$.
2. **Update**: keep the assignment fixed and move each centroid to the mean of its points $C_j = \{i : s_i = j\}$: $\mu_j = \frac{1}{|C_j|} \sum_{i \in C_j} x_i$.

The assignment step picks the best assignment for the given centroids, and the update step picks the best
centroids for the given assignment (the mean is the point that minimises a sum of squared distances). So neither
step can increase $J(\mu, s)$, and since there are finitely many assignments, the algorithm must stop. Where it stops,
however, is not guaranteed to be the **global** minimum: it is only a **local** minimum, a place that no single
step can improve.

`dkm_lib.cluster.lloyd` is a teaching implementation of exactly these two steps. It starts from $k$ random data
points (`random_start`) and returns the centroids and the assignment after every step.
"""),
    code(r"""
print(inspect.getsource(random_start))
print(inspect.getsource(lloyd))
"""),
    md(ko=r"""
### 로이드 알고리즘을 한 단계씩

격자 위에 놓인 여섯 개의 가우스 덩어리(600개 점)에 $k = 6$으로 로이드 알고리즘을 돌려 봅시다.
각 칸은 한 단계가 끝난 상태입니다. 점의 색은 그 단계의 할당, 검은 ×는 갱신된 중심점이고, 빈 원과 화살표는
중심점이 어디서 어디로 옮겨 갔는지를 보여 줍니다. 첫 칸의 빈 원은 출발점, 곧 무작위로 뽑은 데이터 점 여섯 개입니다.
""", en=r"""
### Lloyd's algorithm, one step at a time

Let us run Lloyd's algorithm with $k = 6$ on six Gaussian blobs placed on a grid (600 points). Each panel shows
the state after one step: point colours are that step's assignment, black × marks are the updated centroids, and
hollow circles with arrows show where each centroid came from. In the first panel the hollow circles are the start:
six data points drawn at random.
"""),
    code(r"""
from sklearn.datasets import make_blobs

centers = [[x, y] for x in (-6, 0, 6) for y in (-3, 3)]   # six blobs, 3 x 2 grid
blobs_x, blobs_y = make_blobs(n_samples=600, centers=centers, cluster_std=0.8,
                              random_state=1)
points = torch.tensor(blobs_x, dtype=torch.float32)


def objective(points, centroids, labels):
    # the k-means objective J: summed squared distance of each point to its centroid
    return float(((points - centroids[labels]) ** 2).sum())


start = random_start(points, k=6, seed=4)   # where lloyd(..., seed=4) begins
steps = lloyd(points, k=6, steps=6, seed=4)
for step, (centroids, labels) in enumerate(steps, start=1):
    print(f"step {step}: J = {objective(points, centroids, labels):7.1f}")
""", tags=["nbval-check-output"]),
    code(r"""
def mark_centroids(ax, centroids):
    ax.scatter(centroids[:, 0], centroids[:, 1], marker="X", s=140, color="black",
               edgecolors="white", linewidths=1)


fig, axes = plots.subplots(3, 2, height=8.4)
previous = start
arrow = {"arrowstyle": "->", "color": "black", "lw": 1.2}
step_name = {"ko": "{}단계", "en": "step {}"}[plots.language()]
for step, (ax, (centroids, labels)) in enumerate(zip(axes.flat, steps), start=1):
    plots.scatter_2d(points, labels, ax=ax, s=4, legend=False)
    ax.scatter(previous[:, 0], previous[:, 1], s=70, facecolors="none",
               edgecolors="black", linewidths=1)
    for before, after in zip(previous.tolist(), centroids.tolist()):
        ax.annotate("", xy=after, xytext=before, arrowprops=arrow)
    mark_centroids(ax, centroids)
    j = objective(points, centroids, labels)
    ax.set_title(f"{step_name.format(step)}   J = {j:.0f}")
    previous = centroids
fig.tight_layout()
plt.show()
""", hide=True, alt={
        "ko": "여섯 가우스 덩어리에 k = 6으로 로이드 알고리즘을 돌린 여섯 단계를 한 칸씩 그린 산점도로, 점의 색은 할당, 검은 ×는 중심점, 빈 원은 직전 중심점(첫 칸은 무작위로 뽑은 출발점), 화살표는 중심점이 옮겨 간 길입니다. 출발점 두 개는 위쪽 가운데 덩어리에 있고, 아래쪽 가운데 덩어리에는 하나도 없습니다. 위쪽 가운데 덩어리의 중심점 하나가 비어 있던 아래쪽 가운데 덩어리로 내려가며, J는 2568에서 735로 줄고 6단계에서는 그대로입니다.",
        "en": "Six panels, one per step of Lloyd's algorithm (k = 6) on six Gaussian blobs: points coloured by assignment, black × centroids, hollow circles and arrows from their previous positions (in the first panel, the six random starting points: two in the top-middle blob, none in the bottom-middle one). One of two centroids in the top-middle blob drifts down into the empty bottom-middle blob; J falls from 2568 to 735 and stays there at step 6."}),
    code(r"""
# after step 1: where the 100 points of the bottom-middle blob, centred at (0, -3), went
centroids, labels = steps[0]
in_blob = torch.from_numpy(blobs_y == 2)
for j, n in enumerate(torch.bincount(labels[in_blob], minlength=6).tolist()):
    if n:
        print(f"{n:3d} points -> centroid {j} at "
              f"({centroids[j, 0]:.1f}, {centroids[j, 1]:.1f})")
""", tags=["nbval-check-output"]),
    md(ko=r"""
무작위로 뽑은 출발점 여섯 개 가운데 두 개가 위쪽 가운데 덩어리에 떨어졌고, 아래쪽 가운데 덩어리에는 하나도 없습니다.
그래서 첫 단계에서는 위쪽 가운데 덩어리에 중심점이 두 개 들어가 있고, 아래쪽 가운데 덩어리에는 자기 중심점이 없어 그 점 100개가
세 군집으로 나뉩니다(위 출력). 31개는 왼쪽, 54개는 오른쪽 이웃 군집으로 가고, 위쪽 가장자리의 15개는 위쪽 가운데 덩어리에 있는 두 중심점 중 아래쪽 것으로 갑니다.
이 15개가 그 중심점을 아래로 끌어당깁니다. 단계가 거듭될 때마다 그 중심점이 더 많은 점을 얻으며 비어 있는 아래쪽 덩어리로 내려가고, 네 번째 단계에서
여섯 덩어리가 모두 자기 중심점을 갖게 됩니다. $J$는 5단계까지 단계마다 줄어 734.7이 되고, 6단계에서는 그대로입니다.
곧 알고리즘은 5단계에서 수렴했습니다. 출력한 $J$는 갱신 단계가 끝난 뒤의 두 변수 함수 $J(\mu, s)$의 값입니다. 중심점은 방금 옮긴 것이고
할당은 그 직전에 한 것이라, 새 중심점 가운데 가장 가까운 것에 다시 할당하면(다음 단계가 하는 일) 더 작아지거나 그대로입니다.
커지는 일은 없고, 중심점이 아직 크게 움직이는 초반에는 꽤 많이 작아지기도 합니다. 두 값은 알고리즘이 수렴하면 같아집니다.

### 국소 최솟값

이번 출발점은 좋았지만, 모든 출발점이 그렇지는 않습니다. 같은 데이터에서 시드만 바꿔 20번 돌려 보면
그중 8번은 이 734.7보다 높은 $J$에서 멈춥니다.
""", en=r"""
The random draw put two of the six starting points in the top-middle blob and none in the bottom-middle one. So
after the first step the top-middle blob holds two centroids, while the bottom-middle blob has none of its own: its
100 points are split among three clusters (printed above). 31 go to the cluster on its left and 54 to the one on its right, and the 15
along its top edge go to the lower of the two top-middle centroids. Those 15 pull that centroid down. Step by step it
wins more of the blob and drifts down into it, and at step 4 every blob has a centroid of its own. $J$ falls at every step until it
reaches 734.7 at step 5 and stays there at step 6: the algorithm converged at step 5. The $J$ printed is the
two-variable $J(\mu, s)$ after the update step: the centroids just moved, the assignment is the one made just before.
Reassigning every point to its nearest new centroid (what the next step does) would lower it or leave it as it is,
never raise it, and early on, while the centroids still move far, it can lower it a lot; the two agree once the
algorithm has converged.

### Local minima

That start was a good one, but not every start is: run the same data twenty times with different seeds and 8 of
the 20 stop above this 734.7.
"""),
    code(r"""
finals = []
for seed in range(20):
    centroids, labels = lloyd(points, k=6, steps=50, seed=seed)[-1]
    finals.append(objective(points, centroids, labels))
finals = np.array(finals)
print("final J per seed:")
print(np.round(finals).astype(int).tolist()[:10])
print(np.round(finals).astype(int).tolist()[10:])
n_best = int(np.sum(finals < finals.min() + 1))
print(f"seeds that reach the lowest J ({finals.min():.0f}): {n_best} of 20")
""", tags=["nbval-check-output"]),
    code(r"""
best_seed, worst_seed = int(finals.argmin()), int(finals.argmax())
fig, axes = plots.subplots(1, 2, height=3.2)
for ax, seed, kind in zip(axes, (best_seed, worst_seed), ("best", "worst")):
    centroids, labels = lloyd(points, k=6, steps=50, seed=seed)[-1]
    plots.scatter_2d(points, labels, ax=ax, s=4, legend=False)
    mark_centroids(ax, centroids)
    j = objective(points, centroids, labels)
    name = {"ko": {"best": "가장 좋은 시드", "worst": "가장 나쁜 시드"}[kind],
            "en": f"{kind} seed"}[plots.language()]
    ax.set_title(f"{name} ({seed}): J = {j:.0f}")
fig.tight_layout()
plt.show()
""", hide=True, alt={
        "ko": "여섯 덩어리에서 로이드 알고리즘이 멈춘 최종 결과를 두 시드로 비교한 산점도입니다. 가장 좋은 시드(0, J = 735)는 덩어리마다 중심점이 하나씩이고, 가장 나쁜 시드(8, J = 4204)는 아래쪽 두 덩어리가 중심점을 두 개씩 차지해 남은 두 중심점이 덩어리 두 개씩을 떠맡습니다.",
        "en": "Two scatter plots of where Lloyd's algorithm stops on the six blobs: the best seed (0, J = 735) has one centroid per blob; with the worst seed (8, J = 4204) two bottom blobs hold two centroids each, so the remaining two centroids must each cover two blobs."}),
    md(ko=r"""
나쁜 시드에서는 아래쪽 두 덩어리가 각각 중심점을 두 개씩 차지하고 있어, 남은 두 중심점이 덩어리 두 개씩을 떠맡습니다.
어느 중심점을 조금 움직여도 할당과 평균이 다시 같은 자리로 돌아오므로, 로이드 알고리즘은 이 상태를 빠져나오지 못합니다.
k-평균의 전역 최솟값을 찾는 일은 일반적으로 NP-난해하므로(NP-hard: 모든 경우를 빠르게 푸는 알고리즘이 알려져 있지 않다는 뜻), 실제로는 **좋은 출발점**과 **여러 번의 재시작**에 기댑니다.

**k-평균++** {cite:p}`arthur2007kmeanspp`는 첫 중심점을 무작위로 고른 뒤, 다음 중심점을 $D(x)^2$, 곧 지금까지 고른 중심점 가운데
가장 가까운 것까지의 거리 제곱에 비례하는 확률로 뽑습니다. 멀리 떨어진 점일수록 뽑히기 쉬우므로 중심점들이 데이터 전체에 고루 퍼집니다.
이렇게 고른 초기 중심점만으로도 목적 함수의 기댓값이 최적값의 $O(\log k)$배 이내임이 증명되어 있습니다. 곧 최적값에 $\log k$에 비례하는 수를 곱한 값을 넘지 않습니다. scikit-learn의 `KMeans`는
이를 조금 바꾼 탐욕적 변형(단계마다 후보 여러 개 가운데 가장 좋은 것을 고름)을 기본으로 쓰며, `dkm_lib.cluster.kmeans_fit`도 이를 사용합니다.
이 보장은 원래 방식에 대해 증명된 것이고 탐욕적 변형에 대해서는 증명되지 않았지만, 실제로는 탐욕적 변형이 더 잘 고르는 편이라 기본값이 되었습니다. 같은 데이터에서 재시작 없이(`n_init=1`) 20번 돌려 봅시다.
""", en=r"""
With the bad seed each of two bottom blobs holds two centroids, so the remaining two centroids must each cover two
blobs. Nudging any
centroid a little brings the assignment and the means right back, so Lloyd's algorithm cannot leave this state.
Finding the global minimum of k-means is NP-hard in general (no algorithm is known that solves every case fast), so in practice we rely on **good starting points** and
**several restarts**.

**k-means++** {cite:p}`arthur2007kmeanspp` picks the first centroid at random and every next one with probability
proportional to $D(x)^2$, the squared distance to the nearest centroid chosen so far. Far-away points are likely
picks, so the centroids spread over the data, and the expected objective of the seeding itself is provably within an
$O(\log k)$ factor of the optimum: at most the optimum times a number that grows like $\log k$. scikit-learn's `KMeans` uses a greedy variant of it by default
(several candidates per step, keeping the best), and so does `dkm_lib.cluster.kmeans_fit`; the bound is proved for
the plain version, not for the greedy one, which is the default because it tends to pick better in practice. Twenty runs on the same data, without restarts (`n_init=1`):
"""),
    code(r"""
plus_plus = []
for seed in range(20):
    centers_pp, labels_pp = kmeans_fit(blobs_x, 6, seed=seed, n_init=1)
    plus_plus.append(float(((blobs_x - centers_pp[labels_pp]) ** 2).sum()))
print("k-means++ final J per seed:")
print(np.round(plus_plus).astype(int).tolist()[:10])
print(np.round(plus_plus).astype(int).tolist()[10:])
""", tags=["nbval-check-output"]),
    md(ko=r"""
k-평균++로 출발한 20번은 모두 가장 낮은 $J$(735)에 닿습니다. 무작위 출발에서는 20번 가운데 12번이었습니다.

### k-평균이 실패하는 경우

좋은 출발점이 있어도 k-평균에는 더 근본적인 한계가 있습니다. 각 점을 가장 가까운 중심점에 배정하므로 군집의 경계는
언제나 두 중심점을 잇는 선분의 수직 이등분선, 즉 직선(고차원에서는 초평면)입니다. 그래서 k-평균은 대략 **둥글고 크기가 비슷한**
군집을 가정하는 셈입니다. 서로 맞물린 두 개의 반달 모양 데이터에서는 이 가정이 깨집니다.
""", en=r"""
All twenty k-means++ starts reach the lowest $J$ (735), against 12 of 20 random starts.

### When k-means fails

Even with a good start, k-means has a deeper limitation. Because every point goes to its nearest centroid, the
boundary between two clusters is always the perpendicular bisector of the two centroids: a straight line (a
hyperplane in higher dimensions). k-means therefore assumes roughly **round clusters of similar size**. Two
interleaved half-moons break that assumption.
"""),
    code(r"""
from sklearn.datasets import make_moons

from dkm_lib.metrics import cluster_acc, cluster_to_label

moons_x, moons_y = make_moons(n_samples=400, noise=0.06, random_state=0)
moon_centers, moon_labels = kmeans_fit(moons_x, 2, seed=0)
moon_acc = cluster_acc(moons_y, moon_labels)
matched = cluster_to_label(moons_y, moon_labels)   # coloured as its matched group

fig, axes = plots.subplots(1, 2, height=3.0)
plots.scatter_2d(moons_x, moons_y, ax=axes[0], s=6, legend=False,
                 title={"ko": "실제 군집", "en": "true groups"}[plots.language()])
plots.scatter_2d(moons_x, np.array([matched[c] for c in moon_labels]), ax=axes[1], s=6,
                 legend=False,
                 title={"ko": "k-평균", "en": "k-means"}[plots.language()]
                 + f" (ACC = {moon_acc:.2f})")
mark_centroids(axes[1], moon_centers)
fig.tight_layout()
plt.show()
print(f"k-means on the two moons: ACC = {moon_acc:.3f}")
""", alt={
        "ko": "서로 맞물린 두 반달 모양의 점들을 그린 산점도 두 개로, 왼쪽은 실제 군집, 오른쪽은 k-평균(k = 2)의 결과와 두 중심점입니다(ACC = 0.76). k-평균은 두 반달을 직선으로 잘라 각 반달의 끝부분을 다른 군집에 넘겨줍니다.",
        "en": "Two scatter plots of two interleaved half-moons: left coloured by the true groups, right by k-means with k = 2, its two centroids marked (ACC = 0.76). k-means cuts the moons with a straight line and hands the tip of each moon to the other cluster."}, tags=["nbval-check-output", "nbval-approx"]),
    md(ko=r"""
k-평균은 두 반달을 가운데에서 직선으로 잘라, 각 반달의 끝부분을 다른 군집에 넘겨줍니다. 알고리즘이 잘못한 것은 없습니다.
주어진 공간에서 $J$를 잘 줄였을 뿐입니다. 문제는 **공간**입니다. 점들이 놓인 좌표에서는 "같은 반달"이 "가까운 점"을 뜻하지 않습니다.

MNIST의 픽셀 공간도 마찬가지입니다. 같은 숫자의 이미지들은 휘어진 모양으로 흩어져 있어 k-평균이 다루기 어렵습니다.
그렇다면 k-평균이 잘 나눌 수 있는 공간을 **학습**하면 어떨까요? 이것이 딥 K-평균의 출발점입니다.
""", en=r"""
k-means cuts the moons with a straight line through the middle and hands the tip of each moon to the other
cluster. The algorithm did nothing wrong: it lowered $J$ well in the space it was given. The problem is the
**space**: in these coordinates "same moon" does not mean "nearby".

MNIST's pixel space is similar: images of the same digit spread out along curved shapes that k-means handles
poorly. So why not **learn** a space in which k-means works well? That is where Deep K-means starts.
"""),
    md(ko=r"""
## 결합 손실

딥 K-평균은 오토인코더(인코더 $h$, 디코더 $g$)와 학습 가능한 중심점 $\mu_1, \dots, \mu_k$를 함께 학습합니다.
이 책의 코드는 블로그 {cite:p}`kim2021deepkmeans`와 똑같이 다음 손실을 최소화합니다.

$$
\begin{aligned}
L &= L_{\text{rec}} + \alpha \cdot L_{\text{clust}}, \\
L_{\text{rec}} &= \frac{1}{B\,P} \sum_{i=1}^{B} \lVert x_i - g(h(x_i)) \rVert^2, \\
L_{\text{clust}} &= \frac{1}{B\,d} \sum_{i=1}^{B} \lVert h(x_i) - \mu_{s(x_i)} \rVert^2
\end{aligned}
$$

여기서 $B$는 배치 크기, $P = 784$는 픽셀 수, $d$는 잠재 차원(10)입니다. 이미지 $x_i$의 잠재 벡터 $h(x_i)$를 5장, 6장, 부록 A에서는 줄여서 $z_i$라고 씁니다. 할당은

$$
s(x) = \arg\min_{j} \lVert h(x) - \mu_j \rVert^2
$$

입니다. 두 항 모두 파이토치의 `mse_loss`, 즉 **모든 원소에 대한 평균**이어서 $1/(BP)$과 $1/(Bd)$이 붙습니다.
군집 손실은 각 잠재 벡터와 그 벡터가 고른 중심점 사이의 거리 제곱, 곧 배치에서 계산한 k-평균 목적 함수 $J$를 $Bd$로 나눈 값입니다.

기울기가 어디로 흐르는지가 중요합니다(`backward()`, `detach()`, 브로드캐스팅이 낯설다면 [부록 A](09_pytorch_primer.ipynb)를 먼저 보세요).

- **할당 $s(x)$에는 기울기가 없습니다.** $\arg\min$은 정수를 돌려주는 연산이고, 코드는 이를 `detach()`한 잠재 벡터에서 계산합니다.
  로이드 알고리즘의 할당 단계에 해당합니다.
- **$L_{\text{clust}}$의 기울기는 인코더와, 선택된 중심점 양쪽으로 흐릅니다.**
  $\dfrac{\partial L_{\text{clust}}}{\partial h(x_i)} = \dfrac{2}{Bd}\big(h(x_i) - \mu_{s(x_i)}\big)$는 잠재 벡터를 자기 중심점 쪽으로 당기고,
  $\dfrac{\partial L_{\text{clust}}}{\partial \mu_j} = -\dfrac{2}{Bd} \sum_{i:\, s(x_i) = j} \big(h(x_i) - \mu_j\big)$는 중심점을 자기 점들의 평균 쪽으로 당깁니다.
  경사 하강법으로 하는 갱신 단계인 셈입니다.
- 따라서 **배치에서 샘플을 하나도 배정받지 못한 중심점은 그 배치에서 기울기가 정확히 0**입니다. 그래도 Adam은 이전 기울기를 모멘텀으로
  기억하므로, 전에 샘플을 배정받은 적이 있는 중심점은 그 배치에서도 조금 움직입니다. 한 번도 샘플을 배정받지 못한 중심점만 제자리에 머뭅니다.
- 디코더는 $L_{\text{clust}}$의 영향을 받지 않고 $L_{\text{rec}}$로만 학습됩니다.
- **그렇다면 $L_{\text{rec}}$는 왜 필요할까요?** $L_{\text{clust}}$만 있으면 손실을 0으로 만드는 쉬운 답이 있습니다. 인코더가 모든 이미지를
  한 점으로 보내고 중심점 하나가 그 점에 앉으면 됩니다. $L_{\text{rec}}$가 이를 견제합니다. 디코더가 잠재 벡터에서 이미지를 하나하나 다시 그려야
  하므로, 서로 다른 이미지는 서로 다른 잠재 벡터를 가져야 합니다. 두 힘의 균형은 α가 정합니다. 군집 수에 비해 α가 너무 크면 $L_{\text{rec}}$가 있어도
  잠재 벡터가 한곳에 모입니다(붕괴, 4장).

:::{admonition} Adam은 어떻게 한 걸음을 내딛나
:class: note
Adam은 파라미터마다 이동 평균 두 개를 둡니다. 기울기 $\gamma$의 평균(모멘텀, $m \leftarrow \beta_1 m + (1 - \beta_1)\, \gamma$)과
그 제곱의 평균($v \leftarrow \beta_2 v + (1 - \beta_2)\, \gamma^2$)입니다(여기서 $\gamma$는 디코더 $g$가 아니라 기울기이고, $\beta_1$, $\beta_2$는 4장의 `beta`와 다릅니다). 그리고 파라미터를 $\text{lr} \cdot \hat m / (\sqrt{\hat v} + \epsilon)$만큼($\epsilon = 10^{-8}$은 0으로 나누지 않게 하는 아주 작은 상수)
옮깁니다. $\hat m$과 $\hat v$는 0에서 출발한 두 평균을 보정한 값입니다(기본값 $\beta_1 = 0.9$, $\beta_2 = 0.999$).
이 책에서 중요한 결과는 두 가지입니다. 처음부터 기울기가 계속 0이었던 파라미터는 $m = v = 0$이라 전혀 움직이지 않습니다.
그리고 기울기가 꾸준하면 그 크기와 상관없이 한 걸음이 대략 lr이므로, 손실에 상수를 곱해도 그 손실에서만 기울기를 받는 파라미터가
움직이는 빠르기는 거의 바뀌지 않습니다.
:::
""", en=r"""
## The joint loss

Deep K-means trains an autoencoder (encoder $h$, decoder $g$) together with learnable centroids
$\mu_1, \dots, \mu_k$. Like the blog {cite:p}`kim2021deepkmeans`, this book's code minimises

$$
\begin{aligned}
L &= L_{\text{rec}} + \alpha \cdot L_{\text{clust}}, \\
L_{\text{rec}} &= \frac{1}{B\,P} \sum_{i=1}^{B} \lVert x_i - g(h(x_i)) \rVert^2, \\
L_{\text{clust}} &= \frac{1}{B\,d} \sum_{i=1}^{B} \lVert h(x_i) - \mu_{s(x_i)} \rVert^2 ,
\end{aligned}
$$

where $B$ is the batch size, $P = 784$ the number of pixels and $d$ the latent size (10); chapters 5 and 6 and Appendix A write
the latent $h(x_i)$ of image $x_i$ as $z_i$ for short. The assignment is

$$
s(x) = \arg\min_{j} \lVert h(x) - \mu_j \rVert^2 .
$$

Both terms are PyTorch's `mse_loss`, a **mean over all elements**, hence the $1/(BP)$ and $1/(Bd)$. The clustering
loss is the squared distance of each latent vector to the centroid it picked: the k-means objective $J$ on the batch,
divided by $Bd$.

Where the gradients flow matters (if `backward()`, `detach()` or broadcasting are new, see [Appendix A](09_pytorch_primer.ipynb) first):

- **The assignment $s(x)$ has no gradient.** $\arg\min$ returns integers, and the code computes it on detached
  latents (`detach()`). This is Lloyd's assignment step.
- **The gradient of $L_{\text{clust}}$ reaches both the encoder and the chosen centroids.**
  $\dfrac{\partial L_{\text{clust}}}{\partial h(x_i)} = \dfrac{2}{Bd}\big(h(x_i) - \mu_{s(x_i)}\big)$ pulls each latent toward its centroid, and
  $\dfrac{\partial L_{\text{clust}}}{\partial \mu_j} = -\dfrac{2}{Bd} \sum_{i:\, s(x_i) = j} \big(h(x_i) - \mu_j\big)$ pulls each centroid toward the mean of its points:
  the update step, done by gradient descent.
- So **a centroid that won no sample in the batch gets exactly zero gradient** from that batch. Adam remembers earlier
  gradients in its momentum, so a centroid that won samples before still moves a little; only a centroid that has never
  won a sample stays put.
- The decoder is untouched by $L_{\text{clust}}$; it learns from $L_{\text{rec}}$ alone.
- **Why keep $L_{\text{rec}}$ at all?** On its own, $L_{\text{clust}}$ has a trivial minimum: the encoder sends every
  image to one point and one centroid sits on it, for a loss of 0. $L_{\text{rec}}$ works against this: the decoder must still
  redraw each image from its latent, so different images need different latents. α sets the balance between the two
  pulls; when it is too large for the number of clusters, the latents pile up anyway (collapse, chapter 4).

:::{admonition} How Adam takes a step
:class: note
Adam keeps two running averages for every parameter: of its gradient $\gamma$ (the momentum,
$m \leftarrow \beta_1 m + (1 - \beta_1)\, \gamma$) and of its square ($v \leftarrow \beta_2 v + (1 - \beta_2)\, \gamma^2$);
here $\gamma$ is a gradient, not the decoder $g$, and $\beta_1$, $\beta_2$ are not chapter 4's `beta`. It moves the
parameter by $\text{lr} \cdot \hat m / (\sqrt{\hat v} + \epsilon)$ ($\epsilon = 10^{-8}$, a tiny constant against division by zero), where $\hat m$ and $\hat v$ correct the two averages for
starting at zero ($\beta_1 = 0.9$, $\beta_2 = 0.999$ by default). Two consequences matter in this book. A parameter
whose gradient has been 0 since the start has $m = v = 0$ and does not move at all. And a steady gradient gives a step
of about lr whatever its size, so multiplying a loss by a constant hardly changes how fast the parameters that only
this loss reaches move.
:::
"""),
    code(r"""
from dkm_lib.loss import alpha_schedule, dkm_loss

print(inspect.getsource(dkm_loss))
"""),
    md(ko=r"""
### 실제 배치로 확인하기

MNIST 테스트 이미지 64장을 **아직 학습하지 않은** `DeepKMeans`에 통과시켜 손실을 계산해 봅시다. 블로그처럼 중심점은
`torch.rand`로, 즉 $[0, 1)$ 구간의 균등 난수로 초기화되어 있습니다. α는 첫 에폭의 값입니다.
""", en=r"""
### Checking it on a real batch

Let us push 64 MNIST test images through an **untrained** `DeepKMeans` and compute the loss. As in the blog, the
centroids start as `torch.rand`, uniform in $[0, 1)$. α is its value in the first epoch.
"""),
    code(r"""
from dkm_lib import DeepKMeans, load_mnist

test_x, test_y = load_mnist(train=False)
torch.manual_seed(0)
model = DeepKMeans(latent_size=10, n_clusters=10)  # untrained; torch.rand centroids
x = test_x[:64]
z, x_hat = model(x)
assignment = model.assign(z.detach())  # s(x): nearest centroid, no gradient
alpha = alpha_schedule(0)
loss, l_rec, l_clust = dkm_loss(x, x_hat, z, model.centroids, assignment, alpha)

print("z", tuple(z.shape), " x_hat", tuple(x_hat.shape))
print("assignment", tuple(assignment.shape), assignment.dtype,
      " requires_grad:", assignment.requires_grad)
print(f"L_rec = {l_rec.item():.4f}   L_clust = {l_clust.item():.4f}")
print(f"alpha = {alpha:.2e}   alpha * L_clust = {alpha * l_clust.item():.1e}")
print(f"latent std = {z.std().item():.4f}   latent max = {z.max().item():.4f}")
print("samples won per centroid:",
      torch.bincount(assignment, minlength=10).tolist())
""", tags=["nbval-check-output"]),
    md(ko=r"""
학습 전의 인코더는 0에 아주 가까운 잠재 벡터를 내놓습니다. 그래서 $[0, 1)^{10}$에 흩어진 열 개의 중심점 가운데 원점에 가장 가까운
하나가 64개 샘플을 모두 차지합니다. 이제 $L_{\text{clust}}$ 하나만 미분해서, 기울기가 어느 파라미터에 닿는지 살펴봅시다.
""", en=r"""
The untrained encoder outputs latents very close to zero, so of the ten centroids scattered over $[0, 1)^{10}$, the
one nearest the origin wins all 64 samples. Now differentiate $L_{\text{clust}}$ alone and see which parameters its
gradient reaches.
"""),
    code(r"""
encoder_head = model.encoder.layers[-2]      # the encoder's last Linear layer
decoder_params = list(model.decoder.parameters())
grads = torch.autograd.grad(
    l_clust, [model.centroids, encoder_head.weight, *decoder_params],
    allow_unused=True, retain_graph=True)

print("|dL_clust/d mu_j| per centroid:")
print([round(g, 4) for g in grads[0].norm(dim=1).tolist()])
print(f"|dL_clust/d W| of the encoder's last layer: {grads[1].norm().item():.4f}")
print("decoder tensors reached by L_clust:",
      sum(g is not None for g in grads[2:]), "of", len(decoder_params))
""", tags=["nbval-check-output"]),
    md(ko=r"""
예상대로 기울기는 샘플을 배정받은 중심점 하나와 인코더에만 닿고, 나머지 아홉 중심점과 디코더에는 닿지 않습니다.
승자가 하나뿐인 것은 극단적인 경우이니, 중심점 네 개를 **다른** 이미지 네 장의 잠재 벡터 위로 옮겨 여러 중심점이 경쟁하게 만들어 봅시다.
빨간 ×는 샘플을 하나도 배정받지 못한 중심점입니다.
""", en=r"""
As expected, the gradient reaches the one centroid that won samples and the encoder, but none of the other nine
centroids and nothing in the decoder. One winner is an extreme case, so let us move four centroids onto the latents
of four **other** images, so that several centroids compete. Red crosses mark centroids that won no sample.
"""),
    code(r"""
with torch.no_grad():
    # four centroids onto the latents of other images
    model.centroids[:4] = model.encode(test_x[1000:1004])
z = model.encoder(x)
assignment = model.assign(z.detach())
_, _, l_clust = dkm_loss(x, model.decoder(z), z, model.centroids, assignment,
                         alpha)
centroid_grad = torch.autograd.grad(l_clust, model.centroids)[0].norm(dim=1)
wins = torch.bincount(assignment, minlength=10)

dead = (wins == 0).nonzero().flatten().tolist()
fig, axes = plots.subplots(1, 2, height=2.8)
plots.plot_cluster_sizes(assignment, 10, ax=axes[0])
axes[0].set_title({"ko": "군집마다 배정된 샘플 수", "en": "samples per cluster"}[plots.language()])
axes[1].bar(range(10), centroid_grad)
# (math text has no Hangul font: the axis label is all math, the words go in the title)
axes[1].set(xlabel=plots.t("cluster"), xticks=range(10),
            ylabel=r"$\|\partial L_\mathrm{clust} / \partial \mu_j\|$",
            title={"ko": "중심점마다의 기울기 크기",
                   "en": "gradient norm per centroid"}[plots.language()])
# red crosses: centroids that won no sample (plot_cluster_sizes marks the left panel)
axes[1].scatter(dead, [0] * len(dead), marker="x", s=60, color="C3", zorder=3,
                clip_on=False)
fig.tight_layout()
plt.show()
print("samples won:   ", wins.tolist())
print("has a gradient:", (centroid_grad > 0).tolist())
""", tags=["nbval-check-output"], alt={
        "ko": "중심점 네 개를 다른 이미지의 잠재 벡터 위로 옮긴 뒤, 군집마다 배정된 샘플 수(왼쪽)와 중심점마다의 군집 손실 기울기 크기(오른쪽)를 그린 막대그래프입니다. 샘플을 배정받은 0–3번 중심점만 기울기를 받고, 샘플을 하나도 배정받지 못한 나머지 여섯 중심점은 빨간 ×로 표시되어 있습니다.",
        "en": "Two bar charts over the 10 clusters after four centroids were moved onto other images' latents: samples won (left) and the norm of the clustering-loss gradient per centroid (right). Only centroids 0–3 win samples and get a gradient; red crosses mark the six that won nothing."}),
    md(ko=r"""
샘플을 배정받은 중심점과 기울기를 받은 중심점이 정확히 일치합니다. 샘플을 하나도 배정받지 못한 중심점은 기울기를 받지 못하는
**죽은 중심점**입니다. 학습을 시작할 때부터 그랬다면 모멘텀도 없어 전혀 움직이지 않고, 샘플을 배정받다가 잃었다면 Adam에 남은
모멘텀만큼 조금씩 흘러가다 멈춥니다. 어느 쪽이든 중심점 스스로는 돌아오지 못하고,
군집 사이의 경계가 옮겨 가 이 중심점이 어떤 잠재 벡터에 가장 가까운 중심점이 될 때만 다시 쓰입니다. 손실에 밀려 잠재 벡터가 이 중심점 쪽으로 오거나,
살아 있는 중심점이 가장자리의 잠재 벡터에서 멀어질 때입니다. 4장에서 실제 학습 중에 이런 일이 어떻게 벌어지는지 봅니다.
""", en=r"""
The centroids that won samples are exactly the centroids that got a gradient. A centroid that wins no sample
gets no gradient: it is a **dead centroid**. If it has won nothing since training started it has no momentum either
and does not move at all; one that won samples and lost them drifts only on what is left of Adam's momentum, and
stops. Either way it cannot come back by itself; it is used again only when the boundaries between clusters shift
so that some latent has it as its nearest centroid: latents pushed toward it by the losses, or live centroids
moving away from the latents on their edge. Chapter 4 shows how that happens in a real run.
"""),
    md(ko=r"""
## α 스케줄

블로그는 군집 손실의 가중치 α를 에폭 $e$ (0부터 셈)에 따라 세 구간으로 나누어 정합니다.

$$
\alpha(e) =
\begin{cases}
\dfrac{\lambda}{T_2 - T_1} & e \le T_1 \\[2ex]
\lambda \, \dfrac{e - T_1}{T_2 - T_1} & T_1 < e < T_2 \\[2ex]
\lambda & e \ge T_2
\end{cases}
$$

- $T_1$까지(**$T_1$ 포함**)는 작은 상수 $\lambda / (T_2 - T_1)$입니다. 군집 손실이 **인코더**에는 거의 영향을 주지 못하는 워밍업 구간입니다.
  하지만 중심점은 이 구간에도 움직입니다. 중심점을 움직이는 것은 이 손실뿐이고, Adam은 α가 아무리 작아도 중심점을 제 속도로, 곧 한 걸음에 대략 학습률만큼씩 움직입니다(아래 참고 상자).
  그래서 워밍업 동안에도 아직 학습 중인 오토인코더 위에서 k-평균이 온라인으로 돌아갑니다. 이 프로젝트에서 블로그 레시피를 세 시드로 돌린 기록에서
  테스트 ACC는 에폭 0의 0.11–0.19에서 에폭 50의 0.30–0.55로 오릅니다(8장에 그 곡선이 있습니다).
- $T_1$과 $T_2$ **사이**(양 끝 제외)에서는 선형으로 올라갑니다. 이 구간을 램프(ramp)라고 부릅니다.
  $e = T_1 + 1$에서의 값이 $\lambda / (T_2 - T_1)$이므로 앞 구간과 끊김 없이 이어집니다.
- $T_2$**부터**는 $\lambda$로 고정됩니다.

8장의 레시피처럼 오토인코더를 사전 학습하는 경우, 사전 학습 동안에는 α가 0이고 $e$는 결합 학습의 첫 에폭을 0으로 하여 셉니다
(사전 학습이 40 에폭이면 $T_1 = 50$은 전체 학습의 에폭 90입니다).
다만 정작 개선 레시피와 8장의 증류 레시피는 $T_1 = 0$, $T_2 = 1$로 두므로, 결합 학습의 첫 에폭부터 α가 곧 λ입니다. 워밍업도 램프도 없습니다.

블로그의 설정($T_1 = 50$, $T_2 = 200$, $\lambda = 10^{-3}$)으로 300 에폭 동안의 α를 그려 봅시다. 오른쪽은 같은 곡선을 로그 축으로 그린 것이어서
첫 50 에폭의 아주 작은 값도 보입니다.
""", en=r"""
## The α schedule

The blog sets the clustering-loss weight α from the epoch $e$ (counted from 0) in three pieces:

$$
\alpha(e) =
\begin{cases}
\dfrac{\lambda}{T_2 - T_1} & e \le T_1 \\[2ex]
\lambda \, \dfrac{e - T_1}{T_2 - T_1} & T_1 < e < T_2 \\[2ex]
\lambda & e \ge T_2
\end{cases}
$$

- Up to and **including** $T_1$ it is the small constant $\lambda / (T_2 - T_1)$: a warm-up in which the **encoder**
  barely feels the clustering loss. The centroids do not wait: only this loss moves them, and Adam moves them at full
  speed however small α is (the note below). So k-means already runs during the warm-up, online, on an autoencoder
  that is still learning: in this project's runs of the blog's recipe over three seeds, test ACC climbs from
  0.11–0.19 at epoch 0 to 0.30–0.55 at epoch 50 (chapter 8 draws the curves).
- **Strictly between** $T_1$ and $T_2$ it ramps up linearly. At $e = T_1 + 1$ the ramp equals $\lambda / (T_2 - T_1)$, so it joins the flat part without a jump.
- **From** $T_2$ on it stays at $\lambda$.

When a recipe first pretrains the autoencoder alone, as chapter 8's does, α is 0 during pretraining and $e$ counts
from the first joint epoch (after 40 pretraining epochs, $T_1 = 50$ is epoch 90 of the whole run). The improved recipe and chapter 8's distillation recipes themselves set
$T_1 = 0$ and $T_2 = 1$, so α equals λ from the first joint epoch: no warm-up and no ramp.

Here is α over 300 epochs with the blog's setting, $T_1 = 50$, $T_2 = 200$, $\lambda = 10^{-3}$. The right panel shows
the same curve on a log axis, which makes the tiny values of the first 50 epochs visible.
"""),
    code(r"""
alphas = [alpha_schedule(e, t1=50, t2=200, lam=1e-3) for e in range(300)]
fig, axes = plots.subplots(1, 2, height=2.8)
plots.plot_alpha(alphas, ax=axes[0], t1=50, t2=200)
plots.plot_alpha(alphas, ax=axes[1], t1=50, t2=200)
axes[1].set_yscale("log")
fig.tight_layout()
plt.show()
""", alt={
        "ko": "블로그 설정으로 300 에폭 동안의 α(군집 손실 가중치)를 그린 선 그래프 두 개로, 왼쪽은 선형 축, 오른쪽은 로그 축이며 T1과 T2에 점선이 있습니다. α는 T1까지 아주 작은 상수였다가 T2까지 선형으로 올라 10⁻³에서 고정되고, 로그 축에서는 워밍업 구간의 작은 값도 보입니다.",
        "en": "Two line plots of the blog's α (the clustering-loss weight) over 300 epochs, on a linear axis (left) and a log axis (right), with dashed lines at T1 and T2. α is a tiny constant up to T1, ramps up linearly to 10⁻³ at T2 and stays there; the log axis shows the small warm-up values."}),
    code(r"""
for epoch in (0, 50, 51, 125, 199, 200, 299):
    alpha = alpha_schedule(epoch, t1=50, t2=200, lam=1e-3)
    print(f"epoch {epoch:3d}: alpha = {alpha:.4e}")
""", tags=["nbval-check-output"]),
    md(ko=r"""
### 크기의 문제

α는 가장 커 봐야 $10^{-3}$입니다. 이 값이 작은지 큰지는 $L_{\text{clust}}$의 크기, 곧 잠재 벡터와 중심점의 크기에 달려 있습니다.
그리고 바로 여기서 블로그 레시피의 어려움이 생깁니다.

- 학습을 시작하자마자 이 네트워크의 잠재 벡터는 중심점에서 멀리 떨어집니다. 이 프로젝트에서 블로그 레시피를 세 시드로 돌린
  기록(`results/runs/`)에서 첫 에폭의 평균 $L_{\text{clust}}$는 43–66이었습니다. 잠재 벡터가 차원마다 자기 중심점에서
  6.5–8 정도 떨어져 있었다는 뜻입니다. 블로그의 인코더는 마지막에 ReLU가 있어 잠재 벡터의 모든 성분이 0 이상이기도 합니다.
- 반면 중심점은 `torch.rand`로 $[0, 1)$ 안에서 출발합니다. 잠재 벡터 구름에서 멀리 떨어진 작은 상자 안에 열 개가 모여 있으니,
  처음에는 그 구름을 향한 쪽에 있는 몇 개만 가장 가까운 중심점이 되고 나머지는 샘플을 거의 배정받지 못합니다.
  실제로 이 프로젝트에서 블로그 레시피를 그대로 세 시드로 돌렸을 때, 에폭 10(0부터 셈)에 샘플을 배정받은 중심점은 10개 중
  2개(시드 0), 5개(시드 1), 5개(시드 2)뿐이었습니다. 기록에서 바로 읽어 보겠습니다.
""", en=r"""
### A problem of scale

α is at most $10^{-3}$. Whether that is small or large depends on the size of $L_{\text{clust}}$, that is, on the
size of the latents and centroids. This is where the blog's recipe struggles:

- As soon as training starts, this network's latents move far away from the centroids. In this project's records of
  the blog's recipe over three seeds (`results/runs/`), the mean $L_{\text{clust}}$ of the first epoch was 43–66: a
  latent lay some 6.5–8 units from its centroid in each dimension. The blog's encoder also ends with a ReLU, so every
  component is non-negative.
- The centroids, on the other hand, start with `torch.rand` inside $[0, 1)$. Ten centroids packed into a small box far
  from the cloud of latents: at first only the few on the side facing the cloud are nearest, and the rest win almost
  nothing. Indeed, when this project ran the blog's recipe as is with three seeds, only 2 (seed 0), 5 (seed 1) and 5
  (seed 2) of the 10 centroids had won any sample at epoch 10 (counted from 0). Here are the records:
"""),
    code(r"""
from dkm_lib.reproduce import load_records

# the blog's recipe as is, three seeds (results/runs/); in use: centroids that won samples
for r in load_records():
    if r["recipe"] == "seed":
        used = [sum(n > 0 for n in sizes) for sizes in r["history"]["cluster_sizes"][:11]]
        print(f"seed {r['seed']}: L_clust {r['history']['clust'][0]:.1f} in epoch 0; "
              f"in use, epochs 0-10: {used}")
""", tags=["nbval-check-output"]),
    md(ko=r"""
감을 잡기 위해, 함께 제공되는 사전 학습된 오토인코더(8장의 레시피: 같은 구조에서 마지막 ReLU를 빼고 BCE로 학습)의 잠재 벡터를
`torch.rand` 중심점과 나란히 놓아 봅시다. 블로그의 네트워크와 똑같지는 않지만, 학습된 잠재 공간의 크기를 보여 주기에는 충분합니다.
""", en=r"""
To get a feel for it, put the latents of the shipped pretrained autoencoder (chapter 8's recipe: the same
architecture without the final ReLU, trained with BCE) next to `torch.rand` centroids. It is not the blog's network,
but it shows the scale of a trained latent space well enough.
"""),
    code(r"""
import torch.nn.functional as F

from dkm_lib.model import pairwise_sq_dist
from dkm_lib import load_checkpoint

autoencoder = load_checkpoint(book.checkpoint_path("improved_autoencoder"))
images = test_x[:2000]
with torch.no_grad():
    latents = autoencoder.encode(images)
    rec = F.mse_loss(autoencoder.decoder(latents), images).item()
torch.manual_seed(0)
rand_centroids = torch.rand(10, 10)    # the blog's centroid initialisation
nearest = pairwise_sq_dist(latents, rand_centroids).argmin(1)
clust = F.mse_loss(latents, rand_centroids[nearest]).item()

print(f"latents: std = {latents.std().item():.1f}, "
      f"range [{latents.min().item():.1f}, {latents.max().item():.1f}]")
print("samples won per torch.rand centroid:",
      torch.bincount(nearest, minlength=10).tolist())
print(f"L_rec (MSE) = {rec:.4f}   L_clust = {clust:.1f}")
for epoch in (0, 125, 200):
    weighted = alpha_schedule(epoch) * clust
    print(f"epoch {epoch:3d}: alpha * L_clust = {weighted:.4f}"
          f"  ({weighted / rec:.0%} of L_rec)")
""", tags=["nbval-check-output", "nbval-approx"]),
    md(ko=r"""
학습된 잠재 벡터는 수십 단위로 퍼져 있어 $L_{\text{clust}}$가 100 가까이 됩니다(위 출력에서 98.8). 열 개의 중심점이 모두 샘플을
배정받지만 몫은 매우 고르지 않습니다. 가장 적게 받은 중심점의 몫은 10개도 안 되는데, 가장 많이 받은 하나가 2,000개 중 약 1,080개(절반 이상)를, 가장 큰 넷이
약 1,700개(85%)를 가져갑니다.

블로그 레시피에서는 에폭 10에 시드마다 절반 이상의 중심점이 비어 있었는데 여기서는 왜 열 개가 모두 샘플을 받을까요? 이 오토인코더에는 마지막 ReLU가 없어 잠재 벡터의 성분이 음수와 양수에 걸쳐 있으므로(위 출력의 범위), 잠재 벡터들이 원점 근처의 작은 상자를 사방에서 둘러쌉니다. 방향마다 가장 가까운 중심점이 다르니 모두 조금씩은 받습니다. 블로그의 잠재 벡터는 모든 성분이 0 이상이라 상자의 한쪽에만 놓이고, 그쪽을 향한 중심점만 이깁니다. 여기서 보이는 몹시 고르지 않은 몫은 같은 현상의 약한 형태입니다.

α를 곱하면 그림이 바뀝니다. 이 **고정된** 잠재 공간에서는 첫 구간의
$\alpha L_{\text{clust}}$가 복원 손실의 몇 퍼센트에 불과하다가, $T_2$에서는 복원 손실의 몇 배가 됩니다.
결국 "α가 작다"는 말은 잠재 벡터의 크기와 함께 읽어야 합니다. 같은 λ라도 잠재 공간이 두 배 커지면 군집 손실의 몫은 네 배가 됩니다.

실제 학습에서는 잠재 공간이 고정되어 있지 않습니다. 중심점은 잠재 벡터 쪽으로, 잠재 벡터는 중심점 쪽으로 움직이므로 $L_{\text{clust}}$는
빠르게 줄어듭니다. 블로그 레시피를 세 시드로 돌린 기록(`results/runs/`)에서 $L_{\text{clust}}$는 에폭 200에 0.07–0.08까지 내려가고,
그때 $\alpha L_{\text{clust}}$는 복원 손실의 0.3–0.4%에 그칩니다. 8장에서 이 군집 손실을 매우 약하다고 보는 까닭입니다.

그런데 $L_{\text{clust}}$가 작다는 것만으로 군집이 조밀하다고 할 수는 없습니다. $L$의 어느 항도 잠재 공간의 크기를 정해 두지 않습니다.
인코더가 모든 잠재 벡터를 작게 줄여도 디코더의 첫 층이 다시 키우면 되므로 $L_{\text{rec}}$는 달라지지 않지만, $L_{\text{clust}}$는 줄인 배율의 제곱에
비례해 줄어듭니다. 그러니 $L_{\text{clust}}$는 잠재 벡터 자신의 퍼짐과 견주어 읽어야 합니다. 같은 평균 제곱 거리를 각자의 중심점 대신
잠재 벡터 전체의 평균까지 재면 그 퍼짐, 곧 차원별 분산의 평균이 됩니다. 블로그 레시피 모델(`seed.pt`, 시드 0)과 8장의 개선 레시피
모델(`improved.pt`)을 테스트 이미지에서 재 봅시다.
""", en=r"""
Trained latents spread over tens of units, so $L_{\text{clust}}$ is close to a hundred (98.8 in the output above).
All ten centroids win samples, but very unevenly: the smallest share is under ten samples, while the largest alone takes
about 1,080 of the 2,000 (more than half) and the four largest about 1,700 (85 %). Why do all ten win here, when at epoch 10 half or more of the blog's centroids had won nothing, on every seed? This autoencoder has no final ReLU, so its latents have components of both signs (see the range above) and surround the small box of centroids near the origin from every side; from each direction a different centroid is nearest, so each wins a few. The blog's latents are all non-negative, so they lie on one side of the box, and only the centroids facing them win. The very uneven shares here are the milder form of the same effect. Multiplying by α changes the picture:
on this **fixed** latent space, $\alpha L_{\text{clust}}$ is a few percent of the reconstruction loss during the
first stretch and several times larger at $T_2$. "α is small" only means something together with the size of the
latents: with the same λ, a latent space twice as large gives the clustering loss four times the share.

In real training the latent space is not fixed: the centroids move toward the latents and the latents toward the
centroids, so $L_{\text{clust}}$ falls fast. In the recorded runs of the blog's recipe over three seeds
(`results/runs/`), $L_{\text{clust}}$ is down to 0.07–0.08 by epoch 200, where $\alpha L_{\text{clust}}$ is only
0.3–0.4 % of the reconstruction loss. That is why chapter 8 calls this clustering loss very weak.

A small $L_{\text{clust}}$ does not by itself mean tight clusters, though. No term of $L$ fixes the size of the
latent space: the encoder can shrink every latent and the decoder's first layer can scale it back up, so
$L_{\text{rec}}$ does not mind, while $L_{\text{clust}}$ shrinks with the square of the scale. So read
$L_{\text{clust}}$ against the spread of the latents themselves: the same mean squared distance, measured to the
latents' overall mean instead of to each one's centroid, which is the mean variance per dimension. Here it is on the
test images for the blog-recipe model (`seed.pt`, seed 0) and chapter 8's improved model (`improved.pt`).
"""),
    code(r"""
# L_clust next to the latents' spread: mean squared distance to their overall mean
for name in ("seed", "improved"):
    model = load_checkpoint(book.checkpoint_path(name))
    z = model.encode(test_x)
    within = F.mse_loss(z, model.centroids[model.assign(z)]).item()   # L_clust
    spread = z.var(0, unbiased=False).mean().item()
    print(f"{name + '.pt':12s} L_clust = {within:.3f}   spread = {spread:.2f}   "
          f"ratio = {within / spread:.2f}")
""", tags=["nbval-check-output"]),
    md(ko=r"""
블로그 레시피 모델의 $L_{\text{clust}}$(0.059)는 개선 모델(1.06)보다 훨씬 작지만, 잠재 공간 자체가 그보다도 더 작아서
퍼짐이 0.27뿐입니다(1장에서 본 것처럼 열 차원 가운데 여섯이 죽어 있기도 합니다). 비율로 보면 블로그 모델의 군집은 분산으로 잠재 벡터 구름의
약 5분의 1(0.21), 폭으로는 절반쯤($\sqrt{0.21} \approx 0.46$)입니다. 개선 모델의 비율은 0.05로, 자기 구름에 견주면 블로그 모델의 군집보다 네 배쯤(분산 기준, 폭으로는 두 배쯤) 조밀합니다.

:::{note}
중심점은 $L_{\text{clust}}$로부터만 기울기를 받습니다. Adam {cite:p}`kingma2015adam`은 파라미터마다 기울기를 그 크기로 나누어 정규화하므로,
α가 아무리 작아도 샘플을 배정받은 중심점은 한 번 갱신할 때마다 대략 학습률(여기서는 $10^{-3}$)만큼씩 움직입니다.
기울기가 Adam의 $\epsilon = 10^{-8}$보다 충분히 큰 동안에는 그렇습니다. 따라서 α의 크기가 실제로 중요한 곳은
복원 손실과 기울기를 나눠 갖는 **인코더** 쪽입니다. 그리고 한 번도 샘플을 배정받지 못한 중심점은 기울기도 모멘텀도 없으므로 α와 상관없이 움직이지 않습니다.
:::
""", en=r"""
The blog-recipe model's $L_{\text{clust}}$ (0.059) is far smaller than the improved model's (1.06), but its latent
space is smaller still: a spread of only 0.27 (six of its ten dimensions are dead, as chapter 1 showed). As a ratio,
its clusters hold about a fifth of the cloud's variance (0.21), about half its width ($\sqrt{0.21} \approx 0.46$).
The improved model's ratio is 0.05: relative to their own cloud, its clusters are about four times tighter than the
blog model's in variance, about twice in width.

:::{note}
The centroids receive gradient only from $L_{\text{clust}}$. Adam {cite:p}`kingma2015adam` normalises each
parameter's gradient by its own magnitude, so however small α is, a centroid that wins samples moves by roughly the
learning rate ($10^{-3}$ here) per step, as long as its gradient stays well above Adam's $\epsilon = 10^{-8}$. Where the size of α really matters is the **encoder**, whose gradient is
shared with the reconstruction loss. And a centroid that has never won a sample has neither gradient nor momentum, so it stays put whatever α is.
:::
"""),
    md(ko=r"""
## 두 개의 α: 블로그와 DKM 논문

"딥 K-평균"이라는 이름의 방법을 찾아 읽다 보면 α라는 기호를 두 가지 뜻으로 만나게 됩니다. 헷갈리지 않도록 분명히 구분해 둡시다.

| 항목 | 블로그와 이 책의 코드 | DKM 논문 {cite:p}`fard2020deep` |
|---|---|---|
| α | 군집 손실의 **가중치** | 소프트맥스의 **역온도**(inverse temperature) |
| 군집 손실의 가중치 | α ($T_1$, $T_2$, λ로 올림) | λ |
| 할당 | 딱딱한 할당: 가장 가까운 중심점 하나 | 부드러운 할당: 모든 중심점에 대한 확률 |

DKM 논문은 각 잠재 벡터를 모든 중심점에 몫을 나누어 할당합니다. 잠재 벡터 $h = h(x)$에 대해 중심점 $j$의 몫 $G_j$와 군집 손실은
다음과 같습니다.

$$
\begin{gathered}
G_j(h; \alpha) = \frac{\exp\!\big(-\alpha \lVert h - \mu_j \rVert^2\big)}{\sum_{l} \exp\!\big(-\alpha \lVert h - \mu_l \rVert^2\big)}, \\[6pt]
L^{\text{DKM}}_{\text{clust}}(h) = \sum_{j} \lVert h - \mu_j \rVert^2 \, G_j(h; \alpha)
\end{gathered}
$$

α가 0이면 모든 중심점이 같은 몫을 받고, α가 커질수록 가장 가까운 중심점의 몫이 1에 가까워져 결국 딱딱한 k-평균 할당이 됩니다.
논문은 학습하면서 α를 점점 키우는데, 부드러운 할당 덕분에 모든 중심점이 처음부터 기울기를 받고, 끝에서는 k-평균과 같은 목적 함수에
이릅니다. 한 잠재 벡터에서 세 중심점까지의 거리 제곱이 1, 2, 5일 때 α에 따라 할당이 어떻게 바뀌는지 봅시다.
""", en=r"""
## Two alphas: the blog and the DKM paper

Read about methods called "Deep K-means" and you meet the symbol α with two meanings. Let us tell them apart
explicitly.

| aspect | the blog and this book's code | the DKM paper {cite:p}`fard2020deep` |
|---|---|---|
| α | the clustering-loss **weight** | the **inverse temperature** of a softmax |
| clustering-loss weight | α (ramped by $T_1$, $T_2$, λ) | λ |
| assignment | hard: the single nearest centroid | soft: a probability over all centroids |

The DKM paper spreads each latent over all centroids; for a latent $h = h(x)$, the share $G_j$ of centroid $j$ and
the clustering loss are

$$
\begin{gathered}
G_j(h; \alpha) = \frac{\exp\!\big(-\alpha \lVert h - \mu_j \rVert^2\big)}{\sum_{l} \exp\!\big(-\alpha \lVert h - \mu_l \rVert^2\big)}, \\[6pt]
L^{\text{DKM}}_{\text{clust}}(h) = \sum_{j} \lVert h - \mu_j \rVert^2 \, G_j(h; \alpha) .
\end{gathered}
$$

At α = 0 every centroid gets the same share; as α grows the nearest centroid's share approaches 1, and the
assignment becomes the hard k-means one. The paper increases α during training: the soft assignment gives every
centroid a gradient from the start, and at the end the objective matches k-means. Here is how the assignment of one
latent changes with α when its squared distances to three centroids are 1, 2 and 5:
"""),
    code(r"""
sq_dist = torch.tensor([1.0, 2.0, 5.0])  # one latent to three centroids, squared
for a in (0.0, 0.1, 1.0, 10.0):
    shares = torch.softmax(-a * sq_dist, dim=0)
    shares = [round(s, 3) for s in shares.tolist()]
    print(f"DKM alpha = {a:4.1f}: soft assignment = {shares}")
""", tags=["nbval-check-output"]),
    code(r"""
grid = torch.linspace(-4, 5, 400)
mus = torch.tensor([-2.0, 0.5, 3.0])         # three centroids on a line
fig, axes = plots.subplots(1, 3, height=2.6, sharey=True)
for ax, a in zip(axes, (0.3, 1.0, 10.0)):
    shares = torch.softmax(-a * (grid[:, None] - mus[None, :]) ** 2, dim=1)
    for j in range(3):
        ax.plot(grid, shares[:, j], label=f"$G_{j + 1}$")
        ax.axvline(mus[j].item(), color=f"C{j}", ls=":", lw=1)
    ax.set_title(f"α (DKM) = {a:g}")
    ax.set_xlabel({"ko": "잠재 값 h", "en": "latent value h"}[plots.language()])
axes[0].set_ylabel({"ko": "부드러운 할당 Gⱼ(h)",
                    "en": "soft assignment Gⱼ(h)"}[plots.language()])
fig.tight_layout(rect=(0, 0, 1, 0.9))   # the legend above the panels hides no curve
fig.legend(*axes[0].get_legend_handles_labels(), loc="upper center", ncols=3, frameon=False)
plt.show()
""", alt={
        "ko": "직선 위 세 중심점(점선)에 대한 잠재 값 h의 부드러운 할당 G1, G2, G3을 DKM 논문의 α = 0.3, 1, 10에서 그린 세 칸의 그래프입니다. α가 작으면 할당이 넓게 퍼져 겹치고, α = 10에서는 두 중심점의 한가운데에서 계단처럼 바뀌는 딱딱한 할당이 됩니다.",
        "en": "Three panels of the soft assignments G1, G2, G3 of a latent value h to three centroids on a line (dotted lines), for the DKM paper's α = 0.3, 1 and 10. With a small α the shares are spread out and overlap; at α = 10 they switch like a step halfway between two centroids, a hard assignment."}),
    md(ko=r"""
α가 작으면 할당이 넓게 퍼져 있고(왼쪽), α가 크면 두 중심점의 한가운데에서 계단처럼 바뀌는 딱딱한 할당이 됩니다(오른쪽).
이 책의 코드에서 α는 **언제나 블로그의 뜻, 곧 손실 가중치**이고, 에폭 $T_2$부터 쓰는 가장 큰 값이 설정의 `lam`(λ)입니다.
""", en=r"""
With a small α the assignment is spread out (left); with a large α it becomes a hard assignment that switches like
a step halfway between two centroids (right). In this book's code α **always has the blog's meaning, a loss weight**,
and the largest value it takes, from epoch $T_2$ on, is the configuration's `lam` (λ).
"""),
    md(ko=r"""
## 군집을 어떻게 평가할까

### 헝가리안 매칭 정확도(ACC)

군집 번호는 이름표일 뿐입니다. 모델이 숫자 7의 이미지를 모두 군집 3에 모으고 그 군집에 다른 숫자는 하나도 넣지 않았다면 7을 완벽하게 모은 것이지만, "예측 = 레이블"을 세면
하나도 맞지 않습니다. 그래서 비지도 군집 정확도는 먼저 **군집과 레이블의 일대일 대응** $\pi$ 중 가장 많이 맞는 것을 찾은 뒤에 셉니다.

$$
\text{ACC} = \max_{\pi} \frac{1}{N} \sum_{i=1}^{N} \mathbb{1}[\, y_i = \pi(c_i) \,]
$$

여기서 $y_i$는 샘플 $i$의 레이블, $c_i$는 그 샘플이 들어간 군집입니다(어떤 방법으로 만든 군집이든 상관없습니다. 딥 K-평균이라면 $c_i = s(x_i)$입니다).
계산은 세 단계입니다.

1. **분할표**(contingency table) $w$를 만듭니다. $w_{c\ell}$은 군집 $c$에 들어간 레이블 $\ell$ 샘플의 수입니다.
2. 행(군집)마다 열(레이블)을 하나씩 짝지어, 짝지은 칸의 합이 최대가 되는 대응을 찾습니다. 이것은 **할당 문제**이고,
   헝가리안 알고리즘 {cite:p}`kuhn1955hungarian`이 다항 시간에 풉니다. SciPy의 `linear_sum_assignment`는 같은 문제를 (Jonker–Volgenant 계열 알고리즘으로) 풉니다.
3. 짝지은 칸의 합을 $N$으로 나눕니다.

레이블 세 개, 군집 세 개, 샘플 12개로 직접 손으로 풀어 봅시다.
""", en=r"""
## How do we score clusters?

### Hungarian-matched accuracy (ACC)

Cluster indices are just names. A model that puts every 7, and nothing else, into cluster 3 has clustered the 7s perfectly, yet counting
"prediction = label" marks every one of them wrong. Unsupervised clustering accuracy therefore first finds the **one-to-one matching**
$\pi$ of clusters to labels that agrees most, and counts afterwards:

$$
\text{ACC} = \max_{\pi} \frac{1}{N} \sum_{i=1}^{N} \mathbb{1}[\, y_i = \pi(c_i) \,] ,
$$

where $y_i$ is sample $i$'s label and $c_i$ the cluster it went to (by any method; for Deep K-means, $c_i = s(x_i)$).
It takes three steps:

1. Build the **contingency table** $w$: $w_{c\ell}$ counts the samples of label $\ell$ in cluster $c$.
2. Pair each row (cluster) with one column (label) so that the paired cells add up to the maximum. This is the
   **assignment problem**, solved in polynomial time by the Hungarian algorithm {cite:p}`kuhn1955hungarian`;
   SciPy's `linear_sum_assignment` solves the same problem (with a Jonker–Volgenant-type algorithm).
3. Divide the sum of the paired cells by $N$.

Let us work one by hand: three labels, three clusters, 12 samples.
"""),
    code(r"""
from itertools import permutations

from scipy.optimize import linear_sum_assignment

from dkm_lib.metrics import cluster_to_label, contingency

y_true = np.array([0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2])
y_pred = np.array([2, 2, 2, 1, 0, 0, 0, 1, 1, 1, 1, 0])
w = contingency(y_true, y_pred)               # w[cluster, label]
print("contingency w[cluster, label]:")
print(w)

print("\nall one-to-one matchings (label of cluster 0, 1, 2)")
print("and how many samples they get right:")
for labels_of_clusters in permutations(range(3)):
    print(f"  {labels_of_clusters}: {w[[0, 1, 2], list(labels_of_clusters)].sum()}")

rows, cols = linear_sum_assignment(w, maximize=True)
print("\nHungarian matching {cluster: label}:", cluster_to_label(y_true, y_pred))
acc = cluster_acc(y_true, y_pred)
print("matched cells:", w[rows, cols].tolist(),
      f"-> ACC = {w[rows, cols].sum()}/{w.sum()} = {acc:.4f}")
print("naive accuracy (cluster c = label c):", float(np.mean(y_true == y_pred)))
""", tags=["nbval-check-output"]),
    md(ko=r"""
가능한 대응 여섯 가지 중 (1, 2, 0), 곧 군집 0→레이블 1, 군집 1→레이블 2, 군집 2→레이블 0이 10개를 맞혀 가장 좋고,
`linear_sum_assignment`도 같은 답을 냅니다. 번호를 그대로 비교하면 정확도는 0입니다. 군집이 $k$개이면 대응은 $k!$가지(10개면 약 360만 가지)이므로
모두 따져 보는 대신 헝가리안 알고리즘을 씁니다. 블로그의 평가 함수도 같은 방식이며, `dkm_lib.metrics.cluster_acc`는
군집 수와 레이블 수가 달라도 동작합니다. 짝을 찾지 못한 군집의 샘플은 틀린 것으로 셉니다.

### 실제 예: MNIST 픽셀 위의 k-평균

이제 MNIST 테스트 이미지 10,000장을 784차원 픽셀 벡터 그대로 k-평균($k = 10$, 속도를 위해 `n_init=1`)으로 나누고 평가해 봅시다.
그림의 위쪽 표는 분할표 $w$를 k-평균이 붙인 군집 번호 순서 그대로 그린 것이고, 주황색 테두리는 헝가리안 매칭이 고른 칸입니다(행과 열마다
하나씩). 아래쪽 **혼동 행렬**은 같은 표의 행을 짝지어진 숫자 순서로 다시 늘어놓은 것이라, 고른 칸이 모두 대각선에 모입니다.
행 이름 `c→ℓ`은 "군집 $c$가 숫자 $\ell$과 짝지어졌다"는 뜻입니다. ACC는 대각선의 합을 10,000으로 나눈 값입니다.
""", en=r"""
Of the six possible matchings, (1, 2, 0), that is cluster 0→label 1, cluster 1→label 2, cluster 2→label 0, gets 10
right and is the best, and `linear_sum_assignment` returns the same answer. Comparing indices directly gives zero.
With $k$ clusters there are $k!$ matchings (about 3.6 million for ten), which is why we use the Hungarian algorithm
instead of trying them all. The blog evaluates the same way, and `dkm_lib.metrics.cluster_acc` also works when the
numbers of clusters and labels differ: samples in an unmatched cluster count as errors.

### A real example: k-means on MNIST pixels

Now cluster the 10,000 MNIST test images as raw 784-dimensional pixel vectors with k-means ($k = 10$, `n_init=1` for
speed) and score the result. The upper table is the contingency table $w$ in k-means's own cluster order, with the
cells the Hungarian matching picks outlined in orange (one per row and one per column). The **confusion matrix**
below is the same table with its rows sorted by the digit they were matched to, so the picked cells land on the
diagonal. A row label `c→ℓ` reads "cluster $c$ was matched to digit $\ell$", and ACC is the diagonal's sum over 10,000.
"""),
    code(r"""
from dkm_lib.metrics import clustering_scores

pixels = test_x.view(len(test_x), -1).numpy()
_, pixel_clusters = kmeans_fit(pixels, 10, seed=0, n_init=1)
scores = clustering_scores(test_y, pixel_clusters)
print("k-means on MNIST test pixels:")
print({k: round(v, 3) for k, v in scores.items()})

fig, axes = plots.subplots(2, 1, width=4.8, height=8.8)
plots.plot_confusion(test_y, pixel_clusters, ax=axes[0], matched=False)  # k-means's order
plots.plot_confusion(test_y, pixel_clusters, ax=axes[1])                 # sorted by match
plt.tight_layout()
plt.show()
""", tags=["nbval-check-output"], alt={
        "ko": "MNIST 테스트 이미지의 픽셀에 k-평균을 돌린 결과를 군집(행)과 실제 숫자(열)의 표 두 개로 그렸고, 칸마다 개수가 적혀 있습니다. 위는 k-평균이 붙인 군집 번호 순서 그대로이며, 헝가리안 매칭이 고른 열 칸이 주황색 테두리로 표 곳곳에 흩어져 있습니다. 아래는 행을 짝지은 숫자 순서로 다시 늘어놓은 혼동 행렬(행 이름 군집→숫자)로, 고른 칸이 대각선에 모입니다. 0, 2, 6은 비교적 깨끗한 군집을 이루지만 4·7·9와 3·5·8은 흩어지거나 섞이고, 1은 두 군집으로 갈라져 그중 하나가 5와 짝지어집니다.",
        "en": "Two tables of k-means clusters on the MNIST test pixels (rows) against true digits (columns), with counts. Above, in k-means's own cluster order, the ten cells the Hungarian matching picks are outlined in orange, scattered over the table; below, the confusion matrix sorts the same rows by their matched digit (labelled cluster→digit), which puts those cells on the diagonal. 0, 2 and 6 form fairly clean clusters; 4·7·9 and 3·5·8 are scattered or mixed, and the 1s split into two clusters, one of them matched to 5."}),
    code(r"""
# the two clusters holding the most 1s: ten of the 1s in each
ones = test_y.numpy() == 1
pair = np.argsort(-np.bincount(pixel_clusters[ones], minlength=10), kind="stable")[:2]
named = cluster_to_label(test_y, pixel_clusters)    # cluster -> its matched digit
title = {"ko": "군집 {} (짝지은 숫자 {}): 1이 {}장", "en": "cluster {} (matched to {}): {} 1s"}
fig, axes = plots.subplots(2, 1, width=4.8, height=1.7)
for ax, c in zip(axes, pair.tolist()):
    members = np.flatnonzero(ones & (pixel_clusters == c))
    plots.image_grid(test_x[members[:10]], rows=1, cols=10, ax=ax,
                     title=title[plots.language()].format(c, named[c], len(members)))
plt.show()
""", alt={
        "ko": "k-평균이 1을 가장 많이 넣은 두 군집에서 1을 열 장씩 보인 두 줄입니다. 한 줄의 1은 곧게 서 있고 다른 줄의 1은 오른쪽으로 기울어 있으며, 줄 제목에 각 군집이 매칭된 숫자와 담긴 1의 수가 적혀 있습니다.",
        "en": "Two rows of ten 1s each, from the two clusters k-means put the most 1s in: the 1s in one row stand upright, those in the other lean to the right; each row's title names its cluster's matched digit and how many 1s it holds."}),
    md(ko=r"""
ACC는 0.5 남짓으로, 문헌에 보고된 픽셀 k-평균의 값(MNIST 전체 70,000장에서 약 0.53 {cite:p}`xie2016dec`)과 비슷합니다. 혼동 행렬을 보면 어디서 틀리는지가
드러납니다. 0, 2, 6처럼 모양이 독특한 숫자는 비교적 깨끗한 군집을 이루지만, 4·7·9, 3·5·8처럼 획이 겹치는 숫자들은 여러 군집에
흩어지거나 한 군집에 섞입니다. 이 실행에서는 1이 기울어진 정도에 따라 두 군집으로 갈라졌습니다(위 그림). 일대일 매칭에서는 그중 하나만 1로 인정되고,
다른 하나는 남은 숫자(여기서는 5)와 짝지어지므로 그 안의 1은 통째로 틀린 것으로 셉니다. 그 결과 5는 제대로 된 자기 군집을 갖지 못합니다.

### NMI와 ARI

정확도 하나로는 부족합니다. 이 책은 문헌의 관례대로 두 지표를 더 보고합니다.

**정규화 상호 정보량**(NMI) {cite:p}`vinh2010nmi`은 군집 $C$를 알면 레이블 $Y$에 대한 불확실성이 얼마나 줄어드는지를 잽니다.

$$
\begin{gathered}
\text{NMI}(Y, C) = \frac{I(Y; C)}{\tfrac{1}{2}\big(H(Y) + H(C)\big)}, \\[6pt]
I(Y; C) = \sum_{c, \ell} \frac{w_{c\ell}}{N} \log \frac{N\, w_{c\ell}}{a_c\, b_\ell}, \\[6pt]
H(Y) = -\sum_{\ell} \frac{b_\ell}{N} \log \frac{b_\ell}{N}, \\[6pt]
H(C) = -\sum_{c} \frac{a_c}{N} \log \frac{a_c}{N}
\end{gathered}
$$

여기서 $a_c$와 $b_\ell$은 분할표의 행 합과 열 합이고, 엔트로피 $H$는 분할의 불확실성입니다(분모는 scikit-learn의 기본값인 산술 평균).
완벽하면 1, 군집이 레이블에 대해 아무 정보도 주지 않으면 0입니다.

**조정 랜드 지수**(ARI) {cite:p}`hubert1985ari`는 샘플 **쌍**을 셉니다. 같은 레이블인 두 샘플이 같은 군집에 있는지,
다른 레이블인 두 샘플이 다른 군집에 있는지를 세고, 무작위 분할에서 기대되는 값을 빼서 보정합니다.

$$
\begin{gathered}
\text{ARI} = \frac{\sum_{c\ell} \binom{w_{c\ell}}{2} - E}{\tfrac{1}{2}\Big[\sum_c \binom{a_c}{2} + \sum_\ell \binom{b_\ell}{2}\Big] - E}, \\[6pt]
E = \frac{\sum_c \binom{a_c}{2} \sum_\ell \binom{b_\ell}{2}}{\binom{N}{2}}
\end{gathered}
$$

완벽하면 1, 무작위 분할이면 평균적으로 0이고, 우연보다 못하면 음수도 나옵니다.

같은 실수라도 세 지표가 매기는 벌점은 서로 다릅니다. 네 종류의 레이블(각 25개)로 몇 가지 전형적인 경우를 만들어 비교해 봅시다.
""", en=r"""
ACC is a little over 0.5, close to the value reported in the literature for k-means on pixels (about 0.53 on all
70,000 MNIST images {cite:p}`xie2016dec`). The confusion matrix shows where it goes wrong. Digits with distinctive shapes such as 0, 2
and 6 form fairly clean clusters, while digits whose strokes overlap, such as 4·7·9 and 3·5·8, are scattered over
several clusters or mixed in one. In this run the 1s split into two clusters by slant (above). The one-to-one matching
credits only one of them as 1; the other is paired with the digit left over (5 here), so the 1s inside it count as
wrong in full, and 5 ends up without a proper cluster of its own.

### NMI and ARI

Accuracy alone is not enough. Following the literature, this book reports two more scores.

**Normalised mutual information** (NMI) {cite:p}`vinh2010nmi` measures how much knowing the cluster $C$ reduces the
uncertainty about the label $Y$:

$$
\begin{gathered}
\text{NMI}(Y, C) = \frac{I(Y; C)}{\tfrac{1}{2}\big(H(Y) + H(C)\big)}, \\[6pt]
I(Y; C) = \sum_{c, \ell} \frac{w_{c\ell}}{N} \log \frac{N\, w_{c\ell}}{a_c\, b_\ell}, \\[6pt]
H(Y) = -\sum_{\ell} \frac{b_\ell}{N} \log \frac{b_\ell}{N}, \\[6pt]
H(C) = -\sum_{c} \frac{a_c}{N} \log \frac{a_c}{N} ,
\end{gathered}
$$

where $a_c$ and $b_\ell$ are the row and column sums of the contingency table and the entropy $H$ measures a partition's uncertainty (the denominator
is the arithmetic mean, scikit-learn's default). It is 1 for a perfect clustering and 0 when the clusters say
nothing about the labels.

The **adjusted Rand index** (ARI) {cite:p}`hubert1985ari` counts **pairs** of samples: whether two samples with the
same label share a cluster and two with different labels do not, corrected by the value expected from a random
partition:

$$
\begin{gathered}
\text{ARI} = \frac{\sum_{c\ell} \binom{w_{c\ell}}{2} - E}{\tfrac{1}{2}\Big[\sum_c \binom{a_c}{2} + \sum_\ell \binom{b_\ell}{2}\Big] - E}, \\[6pt]
E = \frac{\sum_c \binom{a_c}{2} \sum_\ell \binom{b_\ell}{2}}{\binom{N}{2}} .
\end{gathered}
$$

It is 1 when perfect, 0 on average for a random partition, and can go negative when worse than chance.

The three scores punish the same mistake differently. Let us build some typical cases on four labels of 25 samples
each and compare.
"""),
    code(r"""
y = np.repeat(np.arange(4), 25)          # four labels, 25 samples each
split = y.copy()
# 13 of label 0's 25 samples (the even indices) go to a new cluster, 4
split[(y == 0) & (np.arange(y.size) % 2 == 0)] = 4
cases = {
    "perfect, renamed": (y + 1) % 4,
    "merge labels 2 and 3": np.where(y == 3, 2, y),
    "split label 0 in two": split,
    "everything in one cluster": np.zeros_like(y),
    "random clusters": np.random.default_rng(0).integers(0, 4, size=y.size),
}
print(f"{'case':27s} {'ACC':>6s} {'NMI':>6s} {'ARI':>6s} clusters")
for name, pred in cases.items():
    s = clustering_scores(y, pred)
    print(f"{name:27s} {s['acc']:6.3f} {s['nmi']:6.3f} {s['ari']:6.3f}"
          f" {s['clusters_used']:5d}")
""", tags=["nbval-check-output"]),
    md(ko=r"""
몇 가지를 읽어 낼 수 있습니다.

- **이름만 바꾼 완벽한 분할**은 세 지표 모두 1입니다. 어느 지표도 군집 번호에는 영향을 받지 않습니다.
- **병합**(두 레이블을 한 군집에 넣음)과 **쪼개기**(한 레이블을 두 군집에 나눔)는 둘 다 한 번의 실수처럼 보이지만 지표마다 벌점이 다릅니다.
  ACC는 병합에서 레이블 하나 전체(25개)를, 쪼개기에서는 작은 쪽 절반(12개)을 잃습니다. 쌍을 세는 ARI는 병합에서 ACC보다 1에서 더 멀리 떨어지고(0.708 < 0.750),
  쪼개기에서는 1에 더 가깝습니다(0.910 > 0.880). 병합은 레이블이 다른 쌍 $25 \times 25 = 625$개를 한 군집에 묶지만, 쪼개기는 같은 레이블 쌍
  $13 \times 12 = 156$개만 갈라 놓기 때문입니다. NMI는 두 경우 모두 가장 너그럽습니다(0.857, 0.941). 나뉜 군집도 여전히 "순수"해서
  잃는 정보가 적기 때문입니다. 게다가 NMI는 군집 수가 많을수록 우연만으로도 값이 올라가는 경향이 있는 반면 {cite:p}`vinh2010nmi`,
  일대일 매칭을 쓰는 ACC는 남는 군집마다 손해를 봅니다.
- **모두 한 군집**이면 NMI와 ARI는 0이지만 ACC는 0.25입니다. 군집이 하나뿐이면 ACC는 0이 아니라 가장 큰 레이블의 비율(여기서는 0.25)이
  되며, 이것이 아무것도 나누지 않은 자명한 군집화가 받는 점수입니다.
- **무작위 군집**의 ACC는 0.35로 0.25보다 높습니다. 가능한 대응 중 가장 좋은 것을 고르므로, 우연히 맞은 칸까지 골라 담기 때문입니다.
  ARI는 우연 보정 덕분에 거의 정확히 0이고, NMI도 0에 가깝습니다(표본이 유한하면 약간 양수).

지표 하나만 보면 이런 차이를 놓칩니다. 그래서 이 책은 ACC(블로그와 비교하기 위해), NMI, ARI를 항상 함께 보고하고,
죽은 중심점을 알아챌 수 있도록 실제로 샘플을 배정받은 군집 수도 함께 적습니다.
""", en=r"""
A few things stand out:

- A **perfect partition with other names** scores 1 on all three: none of them cares about cluster indices.
- A **merge** (two labels in one cluster) and a **split** (one label over two clusters) both look like one mistake,
  but each score penalises them differently. ACC loses a whole label (25 samples) to the merge and the smaller half
  (12) to the split. ARI, which counts pairs, lands further below 1 than ACC on the merge (0.708 < 0.750) and
  closer to 1 on the split (0.910 > 0.880): the merge puts $25 \times 25 = 625$ pairs of different labels into one cluster, while the split
  separates only $13 \times 12 = 156$ pairs with the same label. NMI is the most lenient in both cases (0.857, 0.941):
  both halves of a split are still "pure", so little information is lost. On top of that, NMI tends to rise with the
  number of clusters by chance alone {cite:p}`vinh2010nmi`, while ACC, with its one-to-one matching, pays for every
  surplus cluster.
- **Everything in one cluster** gives NMI = ARI = 0 but ACC = 0.25: with a single cluster, ACC equals the share of
  the largest label (0.25 here), not 0. That is the score of a trivial clustering.
- **Random clusters** reach ACC = 0.35, above 0.25: picking the best of all matchings harvests cells that agree by
  chance. ARI, corrected for chance, is almost exactly 0, and NMI is close to 0 (slightly positive on a finite sample).

A single number hides these differences. So this book always reports ACC (to compare with the blog), NMI and ARI
together, plus the number of clusters that actually received samples, which reveals dead centroids.
"""),
    md(ko=r"""
## 스스로 확인하기

짧은 질문으로 이 장의 핵심을 점검합니다. 답을 펼치기 전에 먼저 스스로 답해 보세요.

1. $L_{\text{clust}}$의 기울기는 어느 파라미터에 닿나요?

   :::{admonition} 답
   :class: dropdown
   인코더와, 배치에서 샘플을 배정받은 중심점에 닿습니다. 디코더와 샘플을 배정받지 못한 중심점에는 닿지 않습니다.
   :::

2. 블로그 설정($T_1 = 50$, $T_2 = 200$, $\lambda = 10^{-3}$)에서 $\alpha(0)$은 얼마인가요?

   :::{admonition} 답
   :class: dropdown
   $\lambda/(T_2 - T_1) = 10^{-3}/150 \approx 6.7 \times 10^{-6}$입니다.
   :::

3. 모든 샘플을 한 군집에 넣으면 ACC가 0이 되나요?

   :::{admonition} 답
   :class: dropdown
   아닙니다. ACC는 가장 큰 레이블의 비율이 됩니다(이 장의 예에서 0.25). NMI와 ARI는 0입니다.
   :::

## 요약

- k-평균은 $J = \sum_i \min_j \lVert x_i - \mu_j \rVert^2$를 최소화합니다. 로이드 알고리즘은 할당과 평균 갱신을 번갈아 하며 $J$를 늘리지 않지만
  국소 최솟값에서 멈출 수 있고, k-평균++ 초기화와 재시작이 이를 완화합니다. 직선 경계만 그을 수 있으므로 휘어진 군집에서는 실패합니다.
- 딥 K-평균의 손실은 $L = L_{\text{rec}} + \alpha L_{\text{clust}}$입니다. 두 항 모두 원소 평균이고(블로그는 둘 다 MSE, 개선 레시피는
  $L_{\text{rec}}$에 BCE), 할당은 `detach()`한 잠재 벡터에서 구한 $\arg\min$입니다. $L_{\text{clust}}$의 기울기는 인코더와 **샘플을 배정받은** 중심점에만 닿습니다.
- 블로그의 α는 $T_1$까지 $\lambda/(T_2 - T_1)$, 그 뒤 선형으로 올라 $T_2$부터 λ입니다. 최대 $10^{-3}$인 α의 효과는 잠재 벡터의 크기에
  달려 있고, $[0, 1)$에서 출발한 중심점은 크게 퍼진 잠재 벡터에서 멀어 학습 초기에 상당수가 샘플을 배정받지 못합니다.
  실제 학습에서는 $L_{\text{clust}}$가 빠르게 줄어, $T_2$ 이후 $\alpha L_{\text{clust}}$는 복원 손실의 1%에도 못 미칩니다.
- 블로그의 α는 손실 가중치, DKM 논문의 α는 소프트맥스 역온도입니다(논문에서 가중치는 λ).
- 평가는 헝가리안 매칭 ACC, NMI, ARI를 함께 봅니다. 세 지표는 병합, 쪼개기, 우연한 일치를 서로 다르게 다룹니다. 픽셀 위의 k-평균은 MNIST에서 ACC 약 0.54에 그칩니다.
""", en=r"""
## Check yourself

Short questions on the chapter's key points: answer each one yourself before you read its answer.

1. Which parameters does the gradient of $L_{\text{clust}}$ reach?

   :::{admonition} Answer
   :class: dropdown
   The encoder and the centroids that won samples in the batch; not the decoder and not the centroids that won nothing.
   :::

2. What is $\alpha(0)$ with the blog's settings ($T_1 = 50$, $T_2 = 200$, $\lambda = 10^{-3}$)?

   :::{admonition} Answer
   :class: dropdown
   $\lambda/(T_2 - T_1) = 10^{-3}/150 \approx 6.7 \times 10^{-6}$.
   :::

3. If every sample goes into one cluster, is ACC 0?

   :::{admonition} Answer
   :class: dropdown
   No: ACC becomes the share of the largest label (0.25 in this chapter's example); NMI and ARI are 0.
   :::

## Summary

- k-means minimises $J = \sum_i \min_j \lVert x_i - \mu_j \rVert^2$. Lloyd's algorithm alternates assignment and
  mean updates and never increases $J$, but it can stop in a local minimum; k-means++ seeding and restarts help. It
  can only draw straight boundaries, so it fails on curved clusters.
- The Deep K-means loss is $L = L_{\text{rec}} + \alpha L_{\text{clust}}$: both terms are element-wise means (MSE for both
  in the blog; the improved recipe uses BCE for $L_{\text{rec}}$), and the assignment is an $\arg\min$ on detached latents (`detach()`). The gradient of $L_{\text{clust}}$ reaches the encoder and
  only the centroids that **won samples**.
- The blog's α is $\lambda/(T_2 - T_1)$ up to $T_1$, ramps linearly, and is λ from $T_2$ on. The effect of an α of at
  most $10^{-3}$ depends on the size of the latents, and centroids started in $[0, 1)$ are far from widely spread
  latents, so early on many of them win nothing. In real training $L_{\text{clust}}$ falls fast: after $T_2$,
  $\alpha L_{\text{clust}}$ is below 1 % of the reconstruction loss.
- The blog's α is a loss weight; the DKM paper's α is a softmax inverse temperature (its loss weight is λ).
- We score with Hungarian-matched ACC, NMI and ARI together; they treat merges, splits and chance agreement
  differently. k-means on MNIST pixels reaches only about 0.54 ACC.
"""),
    md(ko=r"""
## 연습 문제

각 문제 아래에 **힌트**와 **풀이**가 있습니다. 먼저 직접 풀어 본 뒤 읽어 보세요. 코드 풀이는 대부분 다른 셀처럼
실행되고 테스트되므로, 자신의 결과를 실제 출력과 비교할 수 있습니다. 실행에 몇 분씩 걸리는 일부 풀이는 책을 만들 때 실행하지 않으며,
그 점을 밝히고 직접 실행할 코드를 보여 줍니다.

::::{exercise} k에 따른 J
:label: ko-ex03-1
:nonumber:

여섯 덩어리 데이터에서 `lloyd`를 $k = 2, \dots, 10$으로 돌려(각각 여러 시드 중 가장 작은 값) 최종 $J$를 $k$에 대해 그려 보세요. $J$가 $k$에 따라 어떻게 변하나요? 왜 $J$만으로는 $k$를 고를 수 없을까요?

:::{hint}
:class: dropdown
`lloyd(points, k=k, steps=50, seed=s)[-1]`이 마지막 `(centroids, labels)`를 돌려주고, 위의 `objective` 함수가 $J$를 계산합니다. 점마다 자기 중심점을 갖는 $k = N$에서 $J$는 얼마일까요?
:::
::::

:::{solution-start} ko-ex03-1
:class: dropdown
:::
""", en=r"""
## Exercises

Each exercise has a **hint** and a **solution** below it: try the exercise first, then read them. Most code
solutions run and are tested like every other cell, so you can check your own work against real output; the few
that take minutes say that they are not run when the book is built, and show the code to run yourself.

::::{exercise} J against k
:label: en-ex03-1
:nonumber:

On the six-blob data, run `lloyd` for $k = 2, \dots, 10$ (for each, the lowest final $J$ over a few seeds) and plot $J$ against $k$. How does $J$ change with $k$? Why can't $J$ alone choose $k$?

:::{hint}
:class: dropdown
`lloyd(points, k=k, steps=50, seed=s)[-1]` returns the final `(centroids, labels)`, and the `objective` function above computes $J$. What is $J$ at $k = N$, when every point is its own centroid?
:::
::::

:::{solution-start} en-ex03-1
:class: dropdown
:::
"""),
    code(r"""
ks = range(2, 11)
best_j = [min(objective(points, *lloyd(points, k=k, steps=50, seed=s)[-1])
              for s in range(5))
          for k in ks]
print("lowest J over 5 seeds:")
print({k: round(j) for k, j in zip(ks, best_j)})
fig, ax = plt.subplots(figsize=(4.5, 2.8))
ax.plot(list(ks), best_j, "o-")
ax.axvline(6, color="grey", ls=":")
ax.set(xlabel="k", ylabel="J")
fig.tight_layout()
plt.show()
""", tags=['nbval-check-output'], alt={
        "ko": "여섯 덩어리 데이터에서 k = 2부터 10까지 시드 5개 중 가장 작은 최종 J를 그린 선 그래프로, k = 6에 점선이 있습니다. J는 k = 6(735)까지 크게 떨어지고 그 뒤로는 조금씩만 줄어, 진짜 덩어리 수에서 팔꿈치가 보입니다.",
        "en": "Line plot of the lowest final J over 5 seeds against k from 2 to 10 on the six-blob data, with a dotted line at k = 6. J falls steeply up to k = 6 (735) and only slowly afterwards: an elbow at the true number of blobs."}),
    md(ko=r"""
$J$는 $k$가 커질수록 계속 줄어듭니다. 중심점을 하나 더 주면 적어도 전과 같은 분할을 만들 수 있으므로 최적의 $J$는 늘 수 없고, $k = N$이면 0입니다. 그래서 $J$가 가장 작은 $k$를 고르면 언제나 가장 큰 $k$가 뽑힙니다. 대신 곡선이 꺾이는 곳을 봅니다. 여기서는 $k = 6$까지 $J$가 크게 떨어지고(735) 그 뒤로는 조금씩만 줄어, 진짜 덩어리 수인 6에서 \"팔꿈치\"가 보입니다. 실제 데이터에서는 팔꿈치가 좀처럼 이렇게 뚜렷하지 않으므로, 실루엣 점수 같은 다른 기준이나 목적에 맞는 평가가 필요합니다.

:::{solution-end}
:::

::::{exercise} α 스케줄의 이음매와 크기
:label: ko-ex03-2
:nonumber:

어떤 $T_1 < T_2$와 λ에 대해서도 $\alpha(T_1) = \alpha(T_1 + 1)$임을 식으로 보이고, `alpha_schedule`로 확인해 보세요. 또 복원 손실이 0.02일 때 $\lambda = 10^{-3}$에서 $\alpha L_{\text{clust}}$가 복원 손실과 같아지려면 $L_{\text{clust}}$가 얼마여야 하나요? 군집 안에서 차원마다의 표준편차로 치면 대략 얼마인가요?

:::{hint}
:class: dropdown
$T_2 = T_1 + 1$인 경우도 따로 보세요. $L_{\text{clust}}$는 원소 평균이므로, 중심점이 군집의 평균에 있다면 군집 안에서 잰 차원별 분산과 같습니다.
:::
::::

:::{solution-start} ko-ex03-2
:class: dropdown
:::

$e = T_1$은 첫 구간이므로 $\alpha(T_1) = \lambda/(T_2 - T_1)$입니다. $T_1 + 1 < T_2$이면 $e = T_1 + 1$은 둘째 구간이라 $\lambda \cdot (T_1 + 1 - T_1)/(T_2 - T_1) = \lambda/(T_2 - T_1)$이고, $T_1 + 1 = T_2$이면 셋째 구간이라 $\lambda = \lambda/1 = \lambda/(T_2 - T_1)$입니다. 어느 경우든 같습니다.
""", en=r"""
$J$ keeps falling as $k$ grows. With one more centroid you can always rebuild the previous partition, so the optimal $J$ cannot go up, and at $k = N$ it is 0. Picking the $k$ with the lowest $J$ therefore always picks the largest $k$. Look for the bend instead: here $J$ falls steeply up to $k = 6$ (735) and only slowly afterwards, an \"elbow\" at the true number of blobs. On real data the elbow is rarely this clear, so other criteria (such as silhouette scores) or an evaluation tied to the goal are needed.

:::{solution-end}
:::

::::{exercise} The seam of the α schedule, and its scale
:label: en-ex03-2
:nonumber:

Show with the formula that $\alpha(T_1) = \alpha(T_1 + 1)$ for any $T_1 < T_2$ and λ, and check it with `alpha_schedule`. Then: with a reconstruction loss of 0.02 and $\lambda = 10^{-3}$, how large must $L_{\text{clust}}$ be for $\alpha L_{\text{clust}}$ to equal the reconstruction loss? Roughly what per-dimension standard deviation within a cluster does that correspond to?

:::{hint}
:class: dropdown
Check the case $T_2 = T_1 + 1$ separately. $L_{\text{clust}}$ is a mean over elements, so with centroids at the cluster means it equals the per-dimension variance within clusters.
:::
::::

:::{solution-start} en-ex03-2
:class: dropdown
:::

$e = T_1$ is in the first piece, so $\alpha(T_1) = \lambda/(T_2 - T_1)$. If $T_1 + 1 < T_2$, $e = T_1 + 1$ is in the ramp: $\lambda \cdot (T_1 + 1 - T_1)/(T_2 - T_1) = \lambda/(T_2 - T_1)$; if $T_1 + 1 = T_2$ it is in the last piece: $\lambda = \lambda/1 = \lambda/(T_2 - T_1)$. Equal either way.
"""),
    code(r"""
for t1, t2, lam in ((50, 200, 1e-3), (0, 1, 0.05), (3, 10, 0.5)):
    print(f"T1={t1:2d} T2={t2:3d} lambda={lam}: "
          f"alpha(T1) = {alpha_schedule(t1, t1, t2, lam):.4e}, "
          f"alpha(T1+1) = {alpha_schedule(t1 + 1, t1, t2, lam):.4e}")
needed = 0.02 / 1e-3
print(f"L_clust for alpha * L_clust = 0.02 at alpha = 1e-3: {needed:.0f}")
print(f"  ->  per-dimension spread sqrt({needed:.0f}) = {needed ** 0.5:.1f}")
""", tags=['nbval-check-output']),
    md(ko=r"""
$L_{\text{clust}} = 0.02 / 10^{-3} = 20$이어야 합니다. $L_{\text{clust}}$는 잠재 벡터와 그 중심점의 차이를 원소마다 제곱해 평균한 값이므로, 각 군집 안에서 차원마다 표준편차가 $\sqrt{20} \approx 4.5$쯤이면 됩니다. 위에서 본 사전 학습된 잠재 벡터 전체의 표준편차가 약 10이므로, 군집 하나가 잠재 벡터 구름 전체의 절반쯤 되는 폭이라는 뜻입니다. 반대로 실제 블로그 레시피 학습처럼 $L_{\text{clust}}$가 0.07–0.08까지 줄면 군집 안의 표준편차는 약 0.3이고, 그때 $\alpha L_{\text{clust}}$는 복원 손실보다 수백 배 작습니다. 다만 그 0.3은 블로그 모델의 훨씬 작은 잠재 공간에서 잰 값입니다. 자기 구름과 견주면 블로그 모델의 군집도 폭이 구름의 절반쯤입니다(위에서 잰 비율 0.21, $\sqrt{0.21} \approx 0.46$). 두 경우는 군집이 얼마나 조밀한지가 아니라 잠재 공간의 크기에서 다릅니다.

:::{solution-end}
:::

::::{exercise} k = 15, 20으로 픽셀 군집화
:label: ko-ex03-3
:nonumber:

MNIST 픽셀 위의 k-평균을 $k = 15$와 $k = 20$으로 다시 돌려 ACC, NMI, ARI를 $k = 10$과 비교해 보세요. 어떤 지표가 오르고 어떤 지표가 내리나요? 위의 병합·쪼개기 실험으로 설명해 보세요.

:::{hint}
:class: dropdown
위 셀의 `kmeans_fit(pixels, k, seed=0, n_init=1)`에서 `k`만 바꾸고 `clustering_scores`로 채점하세요. 군집이 레이블보다 많으면 헝가리안 매칭에서 짝을 찾지 못하는 군집이 생깁니다.
:::
::::

:::{solution-start} ko-ex03-3
:class: dropdown
:::
""", en=r"""
$L_{\text{clust}} = 0.02 / 10^{-3} = 20$. $L_{\text{clust}}$ averages the squared difference between latents and their centroids over all elements, so that means a per-dimension standard deviation of about $\sqrt{20} \approx 4.5$ inside each cluster. The pretrained latents above spread with a standard deviation of about 10 overall, so each
cluster would be about half as wide as the whole cloud of latents. Conversely, once $L_{\text{clust}}$ falls to 0.07–0.08 as in the real blog-recipe runs, the spread inside a cluster is about 0.3 and $\alpha L_{\text{clust}}$ is hundreds of times smaller than the reconstruction loss. That 0.3 is measured in the blog model's own, much smaller latent space, though: against its own cloud, a cluster of the blog model is also about half as wide (the ratio 0.21 measured above, $\sqrt{0.21} \approx 0.46$). The two cases differ in the size of the latent space, not in how tight the clusters are.

:::{solution-end}
:::

::::{exercise} Clustering pixels with k = 15 and 20
:label: en-ex03-3
:nonumber:

Run k-means on MNIST pixels again with $k = 15$ and $k = 20$ and compare ACC, NMI and ARI with $k = 10$. Which scores go up, which go down? Explain it with the merge/split experiment above.

:::{hint}
:class: dropdown
Change only `k` in the cell's `kmeans_fit(pixels, k, seed=0, n_init=1)` and score with `clustering_scores`. With more clusters than labels, some clusters get no partner in the Hungarian matching.
:::
::::

:::{solution-start} en-ex03-3
:class: dropdown
:::
"""),
    code(r"""
print("k = 10:", {m: round(v, 3)
                 for m, v in clustering_scores(test_y, pixel_clusters).items()})
for k in (15, 20):
    _, more_clusters = kmeans_fit(pixels, k, seed=0, n_init=1)
    print(f"k = {k}:", {m: round(v, 3)
                        for m, v in clustering_scores(test_y, more_clusters).items()})
""", tags=['nbval-check-output']),
    md(ko=r"""
k를 늘리면 ACC는 내려가고(0.542 → 0.483 → 0.417) NMI는 올라가며(0.500 → 0.530 → 0.546), ARI는 조금 내려갑니다(0.377 → 0.373 → 0.347). 군집이 많아지면 숫자 하나가 여러 군집으로 **쪼개집니다**. ACC는 일대일 매칭이므로 짝을 찾지 못한 5개, 10개 군집의 샘플을 모두 틀린 것으로 셉니다. NMI는 쪼개기에 가장 너그럽습니다. 더 작고 순수한 군집은 오히려 정보를 늘리고, 군집 수가 많을수록 우연만으로도 NMI가 오르는 경향이 있습니다. 쌍을 세는 ARI는 쪼개기를 가볍게 보므로 조금만 내려갑니다. 그래서 $k$가 다른 결과를 지표 하나만으로 비교해서는 안 됩니다.

:::{solution-end}
:::
""", en=r"""
With more clusters, ACC goes down (0.542 → 0.483 → 0.417), NMI goes up (0.500 → 0.530 → 0.546) and ARI dips a little (0.377 → 0.373 → 0.347). More clusters **split** digits over several clusters. ACC uses a one-to-one matching, so every sample in the 5 or 10 unmatched clusters counts as an error. NMI is the most lenient with splits: smaller, purer clusters even add information, and NMI tends to rise with the number of clusters by chance alone. ARI counts pairs and weighs splits lightly, so it only dips. Results with different $k$ should therefore never be compared on a single score.

:::{solution-end}
:::
"""),
]
