"""Chapter 6: t-SNE pictures of the latent space, how to read them, and what the clustering loss changes."""

from bilingual import code, md

TITLE = {"ko": "6장. t-SNE로 본 잠재 공간",
         "en": "Chapter 6. t-SNE views of the latent space"}

CELLS = [
    md(ko="""
## 이 장에서 배울 것

- t-SNE가 10차원 잠재 벡터를 2차원 지도로 옮기는 원리와, 그 지도에서 믿어도 되는 것과 믿으면 안 되는 것
- 학습된 모델의 잠재 공간을 실제 숫자와 군집으로 각각 색칠해 나란히 비교하는 법
- 결합 학습(군집 손실을 켠 학습) 전과 후의 잠재 공간을 같은 이미지로 비교하고, 그림이 아닌 **수치**로 차이를 확인하는 법
- 블로그 레시피로 학습한 딥 K-평균의 잠재 공간이 같은 지도에서 어떻게 다른지(5는 자기 군집을 얻지 못함)
- 잘못 배정된 이미지를 모아 보고, 가장 자주 헷갈리는 숫자 쌍과 그 이유를 찾는 법
- UMAP이 만드는 것과, 개선 레시피가 UMAP 임베딩으로 결합 학습의 초기 중심점을 정하는 방법
""", en="""
## What you will learn

- how t-SNE turns 10-dimensional latent vectors into a 2-D map, and what you can and cannot trust in that map
- how to colour the trained model's latent space by true digit and by cluster, side by side
- how to compare the latent space before and after the joint phase (training with the clustering loss) on the same
  images, and confirm the difference with **numbers** rather than pictures
- how the latent space of the Deep K-means the blog's recipe trained differs on the same map (the 5s get no cluster)
- how to collect the misclustered images and find the digit pairs that are confused most, and why
- what UMAP builds, and how the improved recipe turns a UMAP embedding into the joint phase's starting centroids
"""),
    md(ko="""
## t-SNE는 무엇을 하는가

잠재 벡터는 10차원이라 그대로는 볼 수 없습니다. **t-SNE**(t-distributed stochastic neighbor embedding)
{cite:p}`vandermaaten2008tsne`는 고차원의 점 $z_1, \\dots, z_N$을 평면 위의 점 $y_1, \\dots, y_N$으로 옮기되,
**누가 누구의 이웃인가**를 최대한 지키려고 합니다. 블로그 원문 {cite:p}`kim2021deepkmeans`도 학습을 마친 뒤 테스트
잠재 벡터를 t-SNE로 그려 군집을 보여 줍니다.

먼저 고차원에서 점 $i$가 점 $j$를 이웃으로 고를 확률을 가우스 분포로 정합니다.

$$
p_{j|i} = \\frac{\\exp\\left(-\\lVert z_i - z_j \\rVert^2 / 2\\sigma_i^2\\right)}
               {\\sum_{a \\neq i} \\exp\\left(-\\lVert z_i - z_a \\rVert^2 / 2\\sigma_i^2\\right)},
\\qquad
p_{ij} = \\frac{p_{j|i} + p_{i|j}}{2N}
$$

폭 $\\sigma_i$는 점마다 따로 정합니다. 분포 $P_i = (p_{j|i})_j$의 **퍼플렉서티** $2^{H(P_i)}$를 사용자가 정한 값에 맞춥니다($H(P_i) = -\\sum_j p_{j|i} \\log_2 p_{j|i}$는 비트 단위의 엔트로피).
퍼플렉서티는 대략 "각 점이 실질적으로 몇 개의 이웃을 보는가"를 뜻합니다. 평면에서의 이웃 확률은 꼬리가 두꺼운 스튜던트 t 분포
(자유도 1)로 정의합니다.

$$
q_{ij} = \\frac{\\left(1 + \\lVert y_i - y_j \\rVert^2\\right)^{-1}}{\\sum_{a \\neq b} \\left(1 + \\lVert y_a - y_b \\rVert^2\\right)^{-1}}
$$

그리고 두 분포의 KL 발산 $\\mathrm{KL}(P \\,\\Vert\\, Q) = \\sum_{i \\neq j} p_{ij} \\log \\frac{p_{ij}}{q_{ij}}$를 경사 하강법으로
줄이도록 $y_i$를 움직입니다.
""", en="""
## What t-SNE does

Latent vectors have 10 dimensions, so we cannot look at them directly. **t-SNE** (t-distributed stochastic
neighbour embedding) {cite:p}`vandermaaten2008tsne` moves high-dimensional points $z_1, \\dots, z_N$ to points
$y_1, \\dots, y_N$ in the plane while trying hard to keep **who is whose neighbour**. The original blog post
{cite:p}`kim2021deepkmeans` also ends with a t-SNE picture of its test latents to show the clusters.

First, the probability that point $i$ picks point $j$ as its neighbour in high dimensions is a Gaussian:

$$
p_{j|i} = \\frac{\\exp\\left(-\\lVert z_i - z_j \\rVert^2 / 2\\sigma_i^2\\right)}
               {\\sum_{a \\neq i} \\exp\\left(-\\lVert z_i - z_a \\rVert^2 / 2\\sigma_i^2\\right)},
\\qquad
p_{ij} = \\frac{p_{j|i} + p_{i|j}}{2N}
$$

The width $\\sigma_i$ is set separately for every point, so that the **perplexity** $2^{H(P_i)}$ of its distribution
$P_i = (p_{j|i})_j$ equals a value we choose, where $H(P_i) = -\\sum_j p_{j|i} \\log_2 p_{j|i}$ is its entropy in bits. Perplexity reads roughly as "how many neighbours each point effectively looks at". In the
plane, the same probabilities use a heavy-tailed Student t distribution with one degree of freedom:

$$
q_{ij} = \\frac{\\left(1 + \\lVert y_i - y_j \\rVert^2\\right)^{-1}}{\\sum_{a \\neq b} \\left(1 + \\lVert y_a - y_b \\rVert^2\\right)^{-1}}
$$

Gradient descent then moves the $y_i$ to minimise the KL divergence
$\\mathrm{KL}(P \\,\\Vert\\, Q) = \\sum_{i \\neq j} p_{ij} \\log \\frac{p_{ij}}{q_{ij}}$.
"""),
    md(ko="""
### t-SNE 그림을 읽는 법, 그리고 지나치게 읽지 않는 법

이 식들에서 그림을 읽는 규칙이 바로 나옵니다.

- **이웃 관계는 지도에 남습니다.** 고차원에서 가까운 쌍은 $p_{ij}$가 커서, 평면에서 멀리 떨어뜨리면 KL 발산이 크게 늘어납니다.
  그래서 원래 공간의 이웃은 지도에서도 함께 모입니다. 거꾸로는 보장되지 않습니다. 먼 쌍은 $p_{ij} \\approx 0$이라
  평면에서 가까이 놓여도 KL 발산이 거의 늘지 않습니다. 지도에서 한 덩어리인 점들이 원래 공간에서도 가까운지는 따로 확인해야
  합니다(대개는 그렇습니다).
- **군집의 크기는 믿으면 안 됩니다.** $\\sigma_i$가 주변 밀도에 맞춰 늘고 줄기 때문에, 빽빽한 군집과 성긴 군집이 지도에서는
  비슷한 크기로 그려집니다.
- **멀리 떨어진 군집 사이의 거리도 믿으면 안 됩니다.** 먼 쌍은 $p_{ij} \\approx 0$이라 KL 발산에 거의 기여하지 않고,
  두꺼운 꼬리의 $q_{ij}$는 서로 다른 무리를 임의의 거리만큼 밀어냅니다. "1의 섬이 0의 섬보다 멀다"는 식의 해석은 위험합니다.
- **퍼플렉서티에 따라 그림이 달라집니다.** t-SNE 논문은 5–50 사이를 권하며 scikit-learn의 기본값은 30입니다. 너무 작으면 실제 군집이
  여러 조각으로 쪼개져 보이고, 너무 커서 한 점의 유효 이웃 수가 전체 점의 상당 부분에 이르면 지도는 전체적인 구도만 보여 주고 국소적인 구조를 잃습니다.
- **시작점에 따라 지도가 달라집니다.** 목적 함수가 볼록하지 않아서 시작점이 다르면 다른 지도가 나옵니다. scikit-learn의 t-SNE에서
  난수 시드(`random_state`)는 이 시작점을 만들 때만 쓰이고, 최적화 자체에는 무작위성이 없습니다. 이 책은 `init="pca"`로 점들의
  시작 위치를 주성분으로 정하므로 지도가 시드에 좌우되지 않습니다(시드는 그 PCA에도 전달되지만, 10차원 잠재 벡터의 PCA는 scikit-learn이 정확히 계산하므로 시드가 결과를 바꾸지 않습니다). 그래도 `random_state=0`으로 고정해 둡니다. 시작점을 무작위로 뽑는
  `init="random"`으로 바꿨을 때에도 다시 실행하면 똑같은 그림이 나오도록(재현되도록) 하려는 것입니다. 다만 라이브러리 버전이나 컴퓨터가 다르면 부동소수점 계산의 차이로
  그림이 조금 달라질 수 있습니다.

그래서 이 장에서는 그림에서 받은 인상을 언제나 **원래의 10차원 공간에서 잰 수치**로 다시 확인합니다.
""", en="""
### How to read a t-SNE picture, and how not to over-read it

The reading rules follow directly from these formulas.

- **Neighbourhoods survive.** A pair that is close in high dimensions has a large $p_{ij}$, so placing it
  far apart in the plane costs a lot of KL divergence: neighbours in the original space stay together on the map.
  The converse is not guaranteed: a distant pair has $p_{ij} \\approx 0$, so placing it close costs almost nothing.
  A tight group on the map is usually close in the original space too, but that needs checking.
- **Cluster sizes cannot be trusted.** $\\sigma_i$ grows and shrinks with the local density, so a dense cluster and a sparse
  one come out at similar sizes on the map.
- **Nor can distances between far-apart clusters.** Distant pairs have $p_{ij} \\approx 0$ and hardly
  contribute to the KL divergence, while the heavy tail of $q_{ij}$ pushes dissimilar groups apart by arbitrary
  amounts. Readings such as "the island of 1s is farther away than the island of 0s" are risky.
- **Perplexity changes the picture.** The t-SNE paper suggests 5 to 50; scikit-learn's default is 30. Too small and real
  clusters break into fragments; too large (once a point's effective neighbourhood is a sizeable share of all points), and the map
  keeps the global layout but loses local detail.
- **The starting layout matters.** The objective is not convex, so different starting points give different maps.
  In scikit-learn's t-SNE the random seed (`random_state`) only builds that starting layout; the optimisation itself
  uses no random numbers. This book starts from the principal components (`init="pca"`), so its maps do not depend
  on the seed (scikit-learn passes the seed to that PCA too, but for 10-dimensional latents scikit-learn computes it exactly, so the seed has no effect). The book still fixes `random_state=0`, so that a switch to a random start (`init="random"`) stays
  reproducible. Another library version or another computer can still give a slightly different picture, through
  floating-point differences.

So throughout this chapter, every impression from a picture is checked again with **numbers measured in the
original 10-dimensional space**.
"""),
    md(ko="""
## 준비

5장과 같은 두 모델을 씁니다. `improved_autoencoder.pt`는 오토인코더만 40 에폭 학습하고 군집 손실을 켜기 **직전**의
모델(**전**)입니다. `improved.pt`는 같은 실행에서 그 뒤 UMAP 분할을 고정한 채 군집 손실을 켜고 10 에폭을 더 학습한,
곧 **결합 학습**까지 마친 모델(**후**)입니다. 전체 프로필에서는 둘 다 여기서 학습한 한 실행에서 옵니다(`runs/book/improved/`의
`pretrained.pt`와 `model.pt`). 5장에서 말했듯이 이 실행은 8장의 비교 실험에서 시드 10개 가운데 검증 정확도가
가장 높은 시드 8이며, 검증용 5,000장을 뺀 학습 이미지 55,000장으로 학습했습니다.
""", en="""
## Setting up

We use the same two models as chapter 5. `improved_autoencoder.pt` is the model after 40 autoencoder-only epochs,
**just before** the clustering loss was switched on (**before**). `improved.pt` is the same run after 10 more epochs
with the clustering loss and a UMAP partition kept fixed, the **joint phase** (**after**). In the full profile both
come from the one run trained here (`pretrained.pt` and `model.pt` in `runs/book/improved/`). As chapter 5
says, this run is seed 8 of the ten in chapter 8's study, the one with the highest validation accuracy, trained on
the 55,000 training images outside the 5,000 held out for validation.
"""),
    code("""
import time

import numpy as np
import torch
import matplotlib.pyplot as plt
from scipy.stats import spearmanr
from scipy.spatial.distance import pdist
from sklearn.manifold import TSNE
from sklearn.metrics import confusion_matrix

from dkm_lib import book, evaluate, load_mnist, plots
from dkm_lib.cluster import kmeans_fit, nearest_neighbours, neighbour_agreement
from dkm_lib.metrics import cluster_to_label, clustering_scores
from dkm_lib.splits import VAL_SIZE, validation_split

info = book.setup(seed=0)
"""),
    code("""
model, history = book.load_or_train("improved")       # after the clustering loss
# the same run before it (its centroids are unused)
ae = book.load_before_clustering("improved")
test_x, test_y = load_mnist(train=False)

after = evaluate(model, test_x, test_y)
print("after, nearest centroid on all 10,000 test images:")
print("ACC {acc:.4f}  NMI {nmi:.4f}".format(**after))
""", tags=["nbval-check-output"]),
    md(ko="""
t-SNE는 점의 수가 늘수록 느려지므로, 테스트 세트의 처음 2,000장만 지도에 올립니다. 군집 번호는 테스트 세트 전체에서
`model.predict`로 구하고, 그림의 색을 맞추기 위해 헝가리안 매칭(`cluster_to_label`)으로 찾은 숫자를 각 군집의 이름으로 붙입니다.
레이블은 이렇게 **표시와 평가에만** 씁니다.
""", en="""
t-SNE slows down as the number of points grows, so the maps show the first 2,000 test images. The clusters come
from `model.predict` on the whole test set, and to make colours comparable we name each cluster after its matched
digit with Hungarian matching (`cluster_to_label`). Labels are used **for display and evaluation only**.
"""),
    code("""
n = 2000
x, y = test_x[:n], test_y[:n].numpy()
z_after = model.encode(x).numpy()
z_before = ae.encode(x).numpy()

pred = model.predict(test_x).numpy()        # cluster of every test image
mapping = cluster_to_label(test_y, pred)    # {cluster: matched digit}, for display
pred_digit = np.array([mapping[c] for c in pred])   # cluster named by its digit
print("latents:", z_after.shape, " images per digit:", np.bincount(y).tolist())
""", tags=["nbval-check-output"]),
    md(ko="""
## 학습된 모델의 잠재 공간

이제 2,000개의 잠재 벡터를 t-SNE로 펼칩니다. 설정은 퍼플렉서티 30, `init="pca"`, `random_state=0`입니다.
CPU에서 시간을 아끼려고 경사 하강법은 scikit-learn 기본값인 1,000번 대신 500번 반복하고 멈춥니다. 처음 250번은
"조기 과장(early exaggeration)" 단계입니다. scikit-learn은 이 동안 모든 $p_{ij}$에 12(`early_exaggeration`의 기본값)를 곱해
이웃끼리 당기는 힘을 키우므로, 이웃들이 촘촘한 덩어리로 뭉치고 덩어리 사이가 벌어집니다. 나머지 250번 동안에는 $p_{ij}$를 원래대로
되돌리고 점들이 자리를 잡아 갑니다.
""", en="""
## The trained model's latent space

Now we lay out the 2,000 latent vectors with t-SNE, with perplexity 30, `init="pca"` and `random_state=0`. To save
time on a CPU we stop gradient descent after 500 iterations instead of scikit-learn's default of 1,000. The first
250 are the "early exaggeration" phase: scikit-learn multiplies every $p_{ij}$ by 12 (`early_exaggeration`'s
default), which strengthens the pull between neighbours, so they gather into tight clumps with clear gaps between
them. In the remaining 250, with $p_{ij}$ back to normal, the layout settles.
"""),
    code("""
tsne_settings = dict(n_components=2, perplexity=30, init="pca", max_iter=500,
                     random_state=0)
tic = time.time()
tsne = TSNE(**tsne_settings)
map_after = tsne.fit_transform(z_after)
print(f"t-SNE of {n} latents took {time.time() - tic:.0f} s "
      f"(final KL divergence {tsne.kl_divergence_:.2f})")
""", tags=["nbval-check-output", "nbval-approx"]),
    code("""
def two_maps(points, cluster_digit):
    # one map twice: coloured by true digit, and by cluster (named by its digit)
    titles = {"ko": ["실제 숫자로 색칠\\n(레이블)", "군집으로 색칠\\n(매칭된 숫자 이름)"],
              "en": ["coloured by true digit\\n(the labels)",
                     "coloured by cluster\\n(named by matched digit)"]}[plots.language()]
    fig, axes = plots.subplots(1, 2, width=6.2, height=3.4)
    plots.scatter_2d(points, y, ax=axes[0], legend=False, title=titles[0])
    plots.scatter_2d(points, cluster_digit, ax=axes[1], title=titles[1])
    plt.show()


two_maps(map_after, pred_digit[:n])
""", hide=True, alt={
        "ko": "테스트 이미지 2,000장의 잠재 벡터를 t-SNE로 펼친 산점도 두 개로, 왼쪽은 실제 숫자로, 오른쪽은 군집(매칭된 숫자 이름)으로 색칠했습니다. 두 그림 모두 열 개의 섬이 대부분 뚜렷이 떨어져(가는 줄기가 9의 섬을 4, 7의 섬과 이음) 거의 같고, 2의 섬(초록색)에 붙은 7(회색)의 작은 줄기가 오른쪽에서는 2의 군집 색이라는 점이 다릅니다.",
        "en": "Two t-SNE scatter plots of the latents of 2,000 test images, coloured by true digit (left) and by cluster named by matched digit (right). Both show ten islands, most well apart (the 9s are tied to the 4s and 7s by thin strands), and are almost identical; a small strand of grey 7s next to the green island of 2s takes the 2 cluster's colour on the right."}),
    md(ko="""
왼쪽은 실제 숫자로, 오른쪽은 모델이 레이블 없이 정한 군집으로 색칠했습니다. 두 그림은 거의 똑같습니다. 열 개의 섬이 있고
각 섬은 거의 한 색입니다. 가는 줄기가 9의 섬을 4와 7의 섬에 잇기도 하지만, 섬들은 대부분 뚜렷하게 떨어져 있습니다. 정확도 0.93이 그림으로는 이렇게 보입니다(테스트 이미지 가운데 처음 2,000장이며, 10,000장
전체에서는 위에서 출력한 대로 0.95를 조금 넘습니다).

차이는 몇 군데에만 있습니다. 왼쪽에서 7(회색)의 일부는 7의 섬과 떨어져 2(초록색)의 섬에 바짝 붙은 작은 줄기를
이룹니다. 오른쪽에서는 그 줄기 전체가 2의 군집 색입니다. 이런 곳이 오류가 나는 자리입니다. 잘못 배정된 점만 따로 표시해 보겠습니다.
""", en="""
The left panel is coloured by the true digit, the right one by the clusters the model found without labels. They
are almost identical: ten islands, each nearly one colour, most of them well apart (thin strands tie the 9s to
the 4s and the 7s). This is what an accuracy of 0.93 looks like
(these are the first 2,000 test images; on all 10,000 it is just above 0.95, as printed above).

The differences sit in a few places. On the left, a group of 7s (grey) sits apart from the island of 7s, as a small
strand right next to the island of 2s (green); on the right that whole strand has the colour of the 2 cluster.
Those are the places where errors happen. Let us mark only the misclustered points.
"""),
    code("""
wrong = pred_digit[:n] != y
fig, ax = plt.subplots(figsize=(5.5, 5))
ax.scatter(*map_after[~wrong].T, s=2, color="lightgrey", rasterized=True)
ax.scatter(*map_after[wrong].T, s=10, color="C3",
           label={"ko": "잘못 배정된 이미지", "en": "misclustered"}[plots.language()])
for d in range(10):                  # write each digit at the middle of its points
    ax.text(*np.median(map_after[y == d], axis=0), str(d), fontsize=15,
            ha="center", va="center")
ax.set_axis_off()                    # as every other map: t-SNE's axes mean nothing
ax.legend(loc="lower left")
plt.show()
print(f"misclustered among the {n} shown: {wrong.sum()}")
""", hide=True, alt={
        "ko": "같은 t-SNE 지도에서 제대로 배정된 점은 연한 회색, 잘못 배정된 이미지 138개는 빨간 점으로 그리고, 각 숫자를 섬 가운데에 적었습니다. 빨간 점은 섬의 가장자리, 특히 두 섬이 마주 보는 쪽에 흩어져 있거나, 2의 섬에 붙은 7의 무리처럼 다른 숫자의 섬에 붙은 작은 무리를 이룹니다.",
        "en": "The same t-SNE map with correctly clustered points in light grey, the 138 misclustered images in red, and each digit written at the middle of its island. Red dots scatter along island edges, mostly where two islands face each other, or form small groups stuck to another digit's island, like the 7s by the 2s."}, tags=["nbval-check-output", "nbval-approx"]),
    md(ko="""
빨간 점은 두 종류입니다. 하나는 섬의 **가장자리**, 특히 두 섬이 마주 보는 쪽에 흩어진 점들입니다. 경계 근처의 애매한
이미지들입니다. 다른 하나는 **다른 숫자의 섬에 붙거나 그 안에 박힌 작은 무리**로, 2의 섬에 붙은 7의 무리가 대표적이고 8의 섬
위쪽에 모인 빨간 점들도 그렇습니다. 잠재 공간은 이런 무리를 한데 모아 두었고, 군집화는 그 무리를 통째로 다른 숫자의 군집에 넣었습니다.
2의 섬에 붙은 7이 어디서 왔는지는 아래 '잘못 배정된 이미지' 절에서 잠재 공간에 직접 물어봅니다.

### 지도 위의 크기와 간격을 믿지 않기

앞에서 말한 읽기 규칙을 이 지도로 직접 확인해 봅시다. 숫자마다 (1) 10차원 잠재 공간에서 점들이 자기 평균에서 떨어진
평균 거리(퍼짐)와 (2) t-SNE 지도에서의 같은 값을 구해 순위 상관을 봅니다. 숫자별 평균점 사이의 거리도 같은 방법으로 비교합니다.
""", en="""
The red points come in two kinds. Some are scattered along the **edges** of the islands, especially where two
islands face each other: ambiguous images near a border. Others form **small groups attached to, or inside, another
digit's island**; the group of 7s stuck to the island of 2s is the prime example, and the red group at the top of the
island of 8s is another. The latent space keeps such a group together, and the clustering gave the whole group to
another digit. To find where the 7s by the 2s come from, the section "Misclustered examples" below asks the latent space
itself.

### Not trusting sizes and gaps on the map

Let us check the reading rules from above on this very map. For each digit we compute (1) its spread in the
10-dimensional latent space, the mean distance of its points from their mean, and (2) the same quantity on the
t-SNE map, and compare the rankings. We compare the distances between digit means the same way.
"""),
    code("""
def spread(points, labels):
    points = np.asarray(points, dtype=np.float64)
    return np.array([np.linalg.norm(points[labels == d] - points[labels == d].mean(0),
                                    axis=1).mean() for d in range(10)])

def centre_gaps(points, labels):
    points = np.asarray(points, dtype=np.float64)
    return pdist(np.stack([points[labels == d].mean(0) for d in range(10)]))

s_latent, s_map = spread(z_after, y), spread(map_after, y)
print("spread per digit, relative to the mean spread")
print("  latent space:", np.round(s_latent / s_latent.mean(), 2).tolist())
print("  t-SNE map:   ", np.round(s_map / s_map.mean(), 2).tolist())
gaps = spearmanr(centre_gaps(z_after, y), centre_gaps(map_after, y))[0]
print(f"rank correlation of spreads:             {spearmanr(s_latent, s_map)[0]:.2f}")
print(f"rank correlation of gaps between digits: {gaps:.2f}")
""", tags=["nbval-check-output", "nbval-approx"]),
    md(ko="""
두 순위 상관 모두 1보다 한참 작습니다. 지도는 대략적인 모양은 지키지만, 군집의 크기를 바꾸고 군집 사이의 간격도 다시 짭니다.
이 지도에서 순위가 지켜지는 것은 극단적인 경우뿐입니다. 잠재 공간에서 가장 넓게 퍼진 숫자는 7입니다. 가로줄을 그은 7(아래에서 다시 봅니다)이 따로 떨어져 있는 것이 한 이유로 보입니다(직접 재 보지는 않았습니다). 이렇게
넓게 퍼진 7은 지도에서도 넓게 그려집니다. 하지만 나머지의 순서는 뒤섞여, 예컨대 잠재 공간에서 가장 좁게 모인 1이
지도에서는 중간 크기가 됩니다. 지도에서 "이 군집이 더 크다", "이 두 군집이 더 멀다"고 말하려면 반드시 원래
공간에서 재야 합니다.

## 결합 학습 전과 후

이 장의 핵심 질문입니다. 군집 손실을 켠 결합 학습은 잠재 공간을 실제로 바꿨을까요? 그리고 정확도가 오른 몫 가운데
얼마가 결합 학습 덕분일까요? 같은 2,000장의 이미지를 두 모델에 넣고, 같은 설정의 t-SNE로 펼칩니다.
""", en="""
Both rank correlations are well below 1. The map keeps the rough layout, but it resizes clusters and rearranges the
gaps between them. On this map only the extreme case survives: the 7s are the most widely spread digit in latent space (probably
in part because the crossed 7s, more on them below, sit apart; we did not measure it) and also come out wide on the map. The rest of the order is shuffled;
for example, the 1s, the most tightly packed digit in latent space, come out mid-sized on the map. To claim that "this cluster is larger" or "these two clusters are farther apart", measure in the original
space.

## Before and after the joint phase

This is the chapter's central question: did the joint phase, the training with the clustering loss switched on,
really change the latent space? And how much of the gain in accuracy is owed to it? We feed the same
2,000 images to both models and lay them out with the same t-SNE settings.
"""),
    code("""
tic = time.time()
map_before = TSNE(**tsne_settings).fit_transform(z_before)
print(f"t-SNE of the 'before' latents took {time.time() - tic:.0f} s")
"""),
    md(ko="""
그림을 보기 전에 수치부터 구합니다. "전" 모델에는 쓸 만한 중심점이 없으므로, 흔히 쓰는 두 단계 방식(오토인코더 + k-평균)을 따릅니다.
8장의 비교 실험이 이 실행에 한 것과 똑같이, 모델이 학습한 **학습 이미지 55,000장**의 잠재 벡터를 오토인코더로 구하고, 그 실행의 시드로
k-평균을 적용해 중심점을 찾은 다음, 테스트 이미지를 가장 가까운 중심점에 배정합니다. 비교 실험은 같은 계산의 결과를
`ae_kmeans` 기록으로 남겼으므로 그 값도 함께 출력합니다(k-평균의 결과는 컴퓨터에 따라 이미지 한두 장만큼 다를 수 있습니다). "후" 모델은 자기 중심점을 그대로 씁니다.

그림과 관계없는 척도도 하나 더합니다. **10-최근접 이웃 일치율**은 10차원 잠재 공간에서 각 점의 가장 가까운 이웃 10개 중
같은 숫자인 비율입니다. t-SNE가 지키려는 것이 바로 이 이웃 관계이므로, 이 척도로 지도에서 받은 인상을 원래 공간에서 확인할 수 있습니다.
""", en="""
Before looking at the picture, let us get the numbers. The "before" model has no useful centroids, so we follow the
usual two-stage approach (autoencoder + k-means), exactly as chapter 8's study did for this run: encode the
**55,000 training images** the model learned from with the autoencoder, fit k-means to those latents with the run's
seed, and assign each test image to its nearest centroid. The study kept the result of the same computation as its
`ae_kmeans` record, so we print that too (k-means may differ by an image or two from one computer to another). The
"after" model uses its own centroids.

We add one measure that does not depend on any picture. The **10-nearest-neighbour agreement** is the share of each
point's 10 nearest neighbours in the 10-dimensional latent space that show the same digit. Neighbourhoods are exactly
what t-SNE tries to keep, so this checks the impression from the maps in the original space.
"""),
    code("""
train_x, _ = load_mnist(train=True)
keep, _ = validation_split(VAL_SIZE)   # the 55,000 images the model trained on
seed = book.shipped_seed("improved")   # the study's seed of the loaded model
# the two-stage baseline: autoencoder + k-means, as the study fitted it
z_train = ae.encode(train_x[keep]).double().numpy()
centers, _ = kmeans_fit(z_train, k=10, seed=seed)
with torch.no_grad():
    ae.centroids.copy_(torch.as_tensor(centers, dtype=ae.centroids.dtype))
before = evaluate(ae, test_x, test_y)

def knn_agreement(z, labels, k=10):
    # share of same-label points among each point's k nearest, over all points
    return float(neighbour_agreement(z, labels, k).mean())

rows = {
    "ACC, all 10,000 test images": (before["acc"], after["acc"]),
    "NMI, all 10,000 test images": (before["nmi"], after["nmi"]),
    f"ACC, the {n} images shown": (
        clustering_scores(y, ae.predict(x).numpy())["acc"],
        clustering_scores(y, pred[:n])["acc"]),
    f"10-NN label agreement, the {n} shown": (
        knn_agreement(z_before, y), knn_agreement(z_after, y)),
}
print(f"{'':38s} {'before':>7s} {'after':>7s}")
for name, (b, a) in rows.items():
    print(f"{name:38s} {b:7.4f} {a:7.4f}")
study = {(r["recipe"], r["seed"]): r for r in book.results("mnist")["study"]["runs"]}
recorded = study["ae_kmeans", seed]["test"]["acc"]
print(f"k-means ACC in the study's record (seed {seed}): {recorded:.4f}")
""", tags=["nbval-check-output"]),
    code("""
fig, axes = plots.subplots(1, 2, width=6.2, height=3.4)
titles = {"ko": ["군집 손실 전\\n(1만 장 전체의 k-평균 ACC: {:.3f})",
                 "군집 손실 후\\n(1만 장 전체의 ACC: {:.3f})"],
          "en": ["before the clustering loss\\n(k-means ACC on all 10,000: {:.3f})",
                 "after the clustering loss\\n(ACC on all 10,000: {:.3f})"],
          }[plots.language()]
plots.scatter_2d(map_before, y, ax=axes[0], legend=False,
                 title=titles[0].format(before["acc"]))
plots.scatter_2d(map_after, y, ax=axes[1], title=titles[1].format(after["acc"]))
plt.show()
""", hide=True, alt={
        "ko": "같은 2,000장을 실제 숫자로 색칠한 t-SNE 지도 두 개로, 왼쪽은 군집 손실 전(k-평균 ACC 0.871), 오른쪽은 군집 손실 후(ACC 0.957)입니다. 전에는 0과 1은 따로 떨어져 있지만 4, 7, 9가 한 대륙처럼 붙어 있고 3, 5, 8도 맞닿아 있으며, 후에는 열 개의 작고 또렷한 섬으로 나뉩니다.",
        "en": "Two t-SNE maps of the same 2,000 images coloured by true digit: before the clustering loss (k-means ACC 0.871) and after it (ACC 0.957). Before, 0 and 1 are islands of their own but 4, 7 and 9 stick together as one continent and 3, 5 and 8 touch; after, the images fall into ten small, sharp islands."}),
    md(ko="""
두 그림 모두 실제 숫자로 색칠했습니다. 결합 학습 **전**에도 오토인코더는 숫자를 꽤 잘 나눕니다. 0과 1은 이미 따로 떨어진
섬입니다. 하지만 4, 7, 9는 하나의 큰 대륙처럼 붙어 있고, 3, 5, 8도 서로 맞닿아 있습니다.
k-평균은 이렇게 맞붙은 무리를 깔끔하게 자르지 못합니다. 다만 이 모델에서는 그 약점이 평소보다 덜 드러납니다. 위에서 잰 k-평균
정확도 0.871은 비교 실험의 기록과 같고, 시드 10개의 오토인코더에 k-평균을 쓴 결과 가운데 가장 높은 값입니다(시드 10개 평균은
0.789 ± 0.055, 가장 낮은 시드는 0.695). 이 모델은 결합 학습 뒤의 검증 정확도로 골랐을 뿐인데, 마침 k-평균에도 가장 유리한 오토인코더였던 셈입니다.
그러니 "전"과 "후"의 차이를 일반적으로 말할 때는 아래의 시드 10개 평균으로 비교하는 것이 공정합니다.

결합 학습 **후**에는 같은 이미지들이 열 개의 작고 또렷한 섬으로 나뉩니다. 수치로 보아도 마찬가지입니다. 정확도가 0.871에서 0.957로
오르고, 그림과 무관한 10-최근접 이웃 일치율도 0.884에서 0.944로 올라갑니다. 결합 학습은 중심점만 옮긴 것이 아니라 **잠재 공간 자체를 다시 빚었습니다**.
같은 숫자의 이미지는 서로 더 가까워지고, 다른 숫자와의 경계는 더 분명해졌습니다.

그렇다고 정확도가 오른 몫을 모두 결합 학습의 공으로 돌리면 안 됩니다. 위 표의 "전" 열은 k-평균으로 잰 값이지만, 개선
레시피의 결합 학습은 k-평균이 아니라 **UMAP 분할**에서 출발합니다. 잠재 벡터를 UMAP으로 다시 펼치면 맞붙은 무리도 이웃
관계를 따라 갈라집니다(원리는 아래 UMAP 절에서 봅니다). 그 임베딩을 k-평균으로 나누고, 부분마다 구한 평균이 초기 중심점이 됩니다.
N2D {cite:p}`mcconville2021n2d`를 본뜬 방식인데, N2D 자체는 그 임베딩을 가우스 혼합(군집마다 평균과 공분산이 다른 정규분포를 하나씩 두는 확률 모델)으로 나눕니다. 결합 학습 10 에폭 동안
이 분할은 고정되고, 각 잠재 벡터는 가장 가까운 중심점이 아니라 **자기 부분의 중심점** 쪽으로 당겨집니다. 본래의 딥
K-평균이라기보다, UMAP 분할을 의사 레이블(pseudo-label)로 삼아 인코더에 새기는 **증류**(distillation)에 가깝습니다(8장).
8장의 비교 실험은 단계마다 미리 정한 시드 10개로 학습합니다. 아래 행들의 설정은 비교 실험 전에 고정했는데, 테스트 ACC를
보았던 첫 프로토콜에서 가져온 것입니다(8장). 그 기록(`results/mnist.json`의 `study`)은 몫을 이렇게 나눕니다.

| 단계 | 테스트 ACC (시드 10개 평균 ± 표준편차) |
|---|---|
| 개선 레시피의 오토인코더(40 에폭) + k-평균 (`ae_kmeans`) | 0.789 ± 0.055 |
| 같은 오토인코더 + UMAP + k-평균, 가장 가까운 부분 평균 (결합 학습 없음, `ae_umap_means`) | 0.902 ± 0.006 |
| N2D 그대로: UMAP + 가우스 혼합 (결합 학습 없음, `n2d`) | 0.907 ± 0.059 |
| 그 분할을 고정한 결합 학습 10 에폭 후: 개선 레시피 (`distill`) | 0.952 ± 0.003 |
| 비교용: 같은 출발점에서 본래의 딥 K-평균 10 에폭, 가장 가까운 중심점 할당 (`dkm_hard`) | 0.899 ± 0.031 |
| 비교용: 같은 출발점에서 DKM 논문의 부드러운 할당 (`dkm_soft`) | 0.923 ± 0.025 |

k-평균보다 오른 몫의 대부분은 UMAP 분할에서 옵니다(0.789 → 0.902). 결합 학습이 보태는 몫은 약 0.05입니다(0.902 → 0.952).
그 밖에 결합 학습이 주는 것은 더 촘촘한 군집, 그리고 UMAP 없이 가장 가까운 중심점만으로 그 분할을 재현하는 규칙입니다.
다만 이 몫도 분할을 고정해야만 얻을 수 있습니다. 첫 결합 에폭부터 이미지를 가장 가까운 중심점에 다시 배정하는 본래의 딥 K-평균은
평균 0.899로 출발점보다 나아지지 않고, 부드러운 할당은 0.923입니다. 블로그 레시피 {cite:p}`kim2021deepkmeans`의 재현(300
에폭 결합 학습)은 사전 학습 없이 자기 네트워크를 처음부터 학습하므로, 이 오토인코더에서 출발하는 행들을 모은 이 표에는
넣지 않았습니다. 8장은 이 레시피도 같은 프로토콜로 시드 다섯 개로 돌렸고(`blog`), 테스트 ACC는 0.730 ± 0.130으로,
0.541에서 0.891까지 퍼져 있습니다.

이 장에서 불러온 모델(시드 8)은 k-평균 점수만 두드러집니다. k-평균 0.871은 열 시드 가운데 가장 높습니다. 하지만 결합 학습이 실제로 출발하는 곳, 곧 UMAP 분할의 부분 평균을 가장 가까운 중심점으로 쓴 분류는 테스트 이미지에서 0.904로 열 시드 평균(0.902)과 비슷하고(최고는 0.914), 결합 학습 뒤에는 0.957입니다. 그래서 이 시드에서는
UMAP 분할이 보태는 몫(0.871 → 0.904)이 결합 학습의 몫(0.904 → 0.957)보다 작습니다.

한 가지 더 주의할 점이 있습니다. "후" 그림의 섬이 더 작고 촘촘해 보이는 것은 어느 정도는 사실이지만(결합 학습은 잠재 벡터를
중심점으로 당깁니다), 두 지도는 **따로 그린** t-SNE라서 축척이 서로 다릅니다. 섬의 크기나 섬 사이의 간격을 두 그림 사이에서
직접 비교해서는 안 됩니다. 비교는 위의 표처럼 원래 공간에서 잰 수치로 합니다.
""", en="""
Both maps are coloured by the true digit. **Before** the joint phase the autoencoder already separates the digits
fairly well: 0 and 1 are already islands of their own. But 4, 7 and 9 stick together as one large continent,
and 3, 5 and 8 touch each other. k-means cannot cut such touching groups cleanly. For this model, though, that
weakness shows less than usual: the k-means accuracy measured above, 0.871, equals the study's record and is the
highest k-means score of the ten seeds' autoencoders (0.789 ± 0.055 over the ten, 0.695 for the worst). The model was
chosen on validation accuracy after the joint phase, and it happens to start from the autoencoder that suits
k-means best. So to compare "before" and "after" in general, use the ten-seed means below.

**After** the joint phase, the same images fall into ten small, sharp islands. The numbers tell the same story:
accuracy rises from 0.871 to 0.957, and so does the 10-nearest-neighbour agreement (0.884 → 0.944), which does not
depend on any
picture. The
joint phase did not just move the centroids; it **reshaped the latent space itself**. Images of the same digit
moved closer together and the borders between digits became clearer.

That does not mean the whole gain in accuracy is the joint phase's doing. The "before" column above is measured with
k-means, but the improved recipe's joint phase does not start from k-means: it starts from a **UMAP partition**.
Re-embedding the latents with UMAP separates even touching groups along their neighbourhoods (the UMAP section below
shows how), and the part means of a
k-means split of that embedding become the initial centroids (modelled on N2D {cite:p}`mcconville2021n2d`, except
that N2D splits the embedding with a Gaussian mixture, a probabilistic model with one normal distribution per cluster, each with its own mean and covariance). During the 10 joint epochs this partition stays fixed, and
each latent is pulled not toward its nearest centroid but toward **its own part's centroid**. That is less Deep
K-means proper than **distillation**: the UMAP partition serves as pseudo-labels that the encoder learns to
reproduce (chapter 8). Chapter 8's study trains every step with ten seeds fixed in advance; the settings of
the rows below were fixed before it, carried over from a first protocol that had looked at test ACC (chapter 8). Its records (`study` in `results/mnist.json`) split the credit like this:

| stage | test ACC (mean ± std over ten seeds) |
|---|---|
| the improved recipe's autoencoder (40 epochs) + k-means (`ae_kmeans`) | 0.789 ± 0.055 |
| the same autoencoder + UMAP + k-means, nearest part mean (no joint training, `ae_umap_means`) | 0.902 ± 0.006 |
| N2D itself: UMAP + Gaussian mixture (no joint training, `n2d`) | 0.907 ± 0.059 |
| after 10 joint epochs with that partition fixed: the improved recipe (`distill`) | 0.952 ± 0.003 |
| for contrast: 10 epochs of Deep K-means proper from the same start, nearest-centroid assignment (`dkm_hard`) | 0.899 ± 0.031 |
| for contrast: the DKM paper's soft assignment from the same start (`dkm_soft`) | 0.923 ± 0.025 |

Most of the gain over k-means comes from the UMAP partition (0.789 → 0.902). The joint phase adds about 0.05
(0.902 → 0.952); what it buys besides is tighter clusters, and a nearest-centroid rule that reproduces the partition
without UMAP. And it adds that only with the partition fixed: Deep K-means proper, which reassigns every image to
its nearest centroid from the first joint epoch, ends at 0.899 on average, no better than where it started, and the
soft assignment at 0.923. The blog recipe {cite:p}`kim2021deepkmeans`, reproduced with 300 joint epochs, trains
its own network from scratch without pretraining, so it is not in this table, whose rows all start from this
autoencoder. Chapter 8 ran it under the same protocol for five seeds (`blog`): its test ACC is 0.730 ± 0.130, from
0.541 to 0.891.

The model loaded in this chapter (seed 8) stands out only in its k-means score, 0.871, the best of the ten seeds.
At the point where its joint phase actually starts (the UMAP partition's part means used as nearest centroids), it scored 0.904 on the test images, close to the ten-seed mean of 0.902
(best 0.914), and the joint phase ended at 0.957. So for this seed the UMAP partition adds less (0.871 → 0.904)
than the joint phase (0.904 → 0.957).

One more caution. The islands in the "after" map do look smaller and tighter, and that is partly real (the joint
phase pulls latents toward their centroids). But the two maps are **separate** t-SNE runs with their own scales, so
island sizes and gaps cannot be compared directly between them. Compare with numbers from the original space, as in
the table above.
"""),
    md(ko="""
### 같은 지도 위의 블로그 레시피

비교를 위해 블로그 레시피로 학습한 딥 K-평균(`seed.pt`, 테스트 ACC 0.737)의 잠재 벡터도 같은 설정으로 펼쳐 봅니다. 5장에서 이 모델의 원형 숫자를
그려 보았습니다. 원형 가운데 둘이 1이었고 5는 하나도 없었습니다. 지도에서는 이 점이 어떻게 드러날까요?
""", en="""
### The blog's recipe on the same map

For contrast, the Deep K-means the blog's recipe trained (`seed.pt`, test ACC 0.737), laid out with the same settings.
Chapter 5 drew its prototypes: two of them were 1s and none was a 5. What does that look like on a map?
"""),
    code("""
blog, _ = book.load_or_train("seed")   # the blog's recipe, seed 0 (chapter 4)
z_blog = blog.encode(x).numpy()
blog_pred = blog.predict(test_x).numpy()
blog_mapping = cluster_to_label(test_y, blog_pred)
blog_digit = np.array([blog_mapping[c] for c in blog_pred])   # named by matched digit
map_blog = TSNE(**tsne_settings).fit_transform(z_blog)
blog_agreement = knn_agreement(z_blog, y)
print(f"10-NN label agreement, the {n} shown: the blog's model {blog_agreement:.3f},")
print(f"  the improved recipe's before {knn_agreement(z_before, y):.3f}, "
      f"after {knn_agreement(z_after, y):.3f}")
fives = y == 5   # the map's impression, checked in 10 dimensions: the 5s alone
print(f"the 5s alone ({fives.sum()}): the blog's model "
      f"{neighbour_agreement(z_blog, y)[fives].mean():.3f}, the improved recipe's after "
      f"{neighbour_agreement(z_after, y)[fives].mean():.3f}")
""", tags=["nbval-check-output"]),
    code("""
two_maps(map_blog, blog_digit[:n])
""", hide=True, alt={
        "ko": "블로그 레시피 모델(seed.pt)의 잠재 벡터 2,000개를 t-SNE로 펼친 산점도 두 개로, 왼쪽은 실제 숫자로, 오른쪽은 군집(매칭된 숫자 이름)으로 색칠했습니다. 왼쪽에서 5(갈색)는 자기 자리가 있지만 틈 없이 8(올리브색)에 붙어 있고 8은 다시 3(빨간색)에 닿아 있으며, 오른쪽에서는 5의 자리가 3과 8의 군집으로 나뉘고 5의 색은 1의 섬 한쪽에 나타납니다.",
        "en": "Two t-SNE scatter plots of the blog recipe's model (seed.pt), 2,000 test latents, coloured by true digit (left) and by cluster named by matched digit (right). On the left the 5s (brown) have a region of their own, but it touches the 8s (olive) with no gap, and the 8s touch the 3s (red); on the right the 5s' region is split between the 3 and 8 clusters, and the 5 colour appears on one side of the island of 1s."}),
    md(ko="""
블로그 모델의 지도는 다르게 생겼습니다. 왼쪽에서 5(갈색)는 자기 자리가 있지만 섬으로 떨어져 있지 않습니다. 틈 없이 8(올리브색)에 붙어 있고,
8은 다시 3(빨간색)에 닿아 있습니다. 오른쪽에서는 5의 자리에 군집이 없습니다. 그 자리는 3과 8의 군집으로 나뉘고, 5의 색은 엉뚱하게도 1의 섬 한쪽에 나타납니다. 헝가리안 매칭이 5라고 부른, 기운 1의 군집(5장의 군집 0)입니다.
섬들도 개선 레시피의 지도보다 서로 덜 떨어져 있습니다. 위의 출력대로, 블로그 모델의 10차원 잠재 공간에서 잰 10-최근접 이웃 일치율(0.851)은 개선 레시피의 결합 학습 전
오토인코더(0.884)보다도 낮습니다. 지도에서 받은 인상을 10차원에서 다시 재 보면 5가 가장 나쁩니다. 블로그 모델에서 5의 가장 가까운 이웃
10개 가운데 5의 비율은 0.770뿐이고, 개선 레시피의 결합 학습 뒤에는 0.948입니다(위 출력의 셋째 줄). 300 에폭의 결합 학습은 이 잠재 공간에서 5의 군집을 따로 만들어 내지 못했습니다.
""", en="""
The blog model's map looks different. On the left the 5s (brown) have a region of their own, but not an island: it
touches the 8s (olive) with no gap, and the 8s touch the 3s (red). On the right the 5s' region has no cluster: it is
split between the 3 and 8 clusters, and the colour of 5 turns up instead on one side of the island of 1s: the cluster of slanted 1s that the Hungarian matching
named 5 (cluster 0 in chapter 5). The islands are also less cleanly separated than on the improved recipe's maps: as printed
above, the 10-nearest-neighbour agreement in its 10-dimensional latent space (0.851) is lower than even the improved
recipe's autoencoder before its joint phase (0.884). Measured in the 10 dimensions themselves, as this chapter
promised to check every impression, the 5s fare worst: only 0.770 of a 5's ten nearest neighbours are 5s in the
blog's model, against 0.948 after the improved recipe's joint phase (the third line printed above). Three hundred
epochs of joint training did not give the 5s a cluster of their own.
"""),
    md(ko="""
## 잘못 배정된 이미지

이제 테스트 세트 전체에서, 군집에 매칭된 숫자와 실제 숫자가 다른 이미지를 모읍니다. 아래 격자는 그중 테스트 세트 순서로
처음 30장이고, 각 이미지 위에 "실제 숫자→배정된 군집의 숫자"를 적었습니다. 화살표의 뜻이 혼동 행렬의 행 이름("군집→매칭된 숫자")과
다르니 주의하세요. 여기서 `7→2`는 2에 매칭된 군집에 들어간 실제 7입니다.
""", en="""
## Misclustered examples

Now we collect, over the whole test set, the images whose cluster's matched digit differs from their true digit.
The grid shows the first 30 of them in test-set order, each captioned "true digit→digit of its cluster". Mind
that the arrow means something different from the confusion matrix's row labels ("cluster→matched digit"): here `7→2`
is a true 7 in the cluster matched to 2.
"""),
    code("""
errors = np.nonzero(pred_digit != test_y.numpy())[0]
print(f"{len(errors)} of {len(test_y)} test images ({len(errors) / len(test_y):.2%})"
      " are in a cluster matched to another digit")
""", tags=["nbval-check-output"]),
    code("""
show = errors[:30]
title = {"ko": "잘못 배정된 이미지 (실제→배정)",
         "en": "Misclustered images (true→assigned)"}[plots.language()]
plots.captioned_grid(test_x[show], [f"{test_y[i]}→{pred_digit[i]}" for i in show],
                     cols=10, title=title)
plt.show()
""", hide=True, alt={
        "ko": "다른 숫자에 매칭된 군집에 들어간 테스트 이미지 가운데 처음 30장에 실제 숫자→배정된 숫자를 적어 늘어놓은 격자입니다. 30장 중 13장이 7→2이고 거의 모두 세로획 가운데에 가로줄을 그은 7이며, 나머지는 4→9, 7→9, 9→8, 6→0처럼 애매한 필체입니다.",
        "en": "The first 30 test images that sit in a cluster matched to another digit, each captioned true digit→assigned digit. 13 of the 30 are 7→2, nearly all 7s with a bar across the stem; the rest are ambiguous shapes such as 4→9, 7→9, 9→8 and 6→0."}),
    md(ko="""
가장 눈에 띄는 것은 **7→2**입니다. 그런데 그 7들을 자세히 보면 거의 모두 세로획 가운데에 가로줄을 하나 더 그은,
유럽 대륙에서 흔히 쓰는 방식의 7입니다. 나머지는 윗부분이 닫혀 9의 고리처럼 보이는 4(4→9), 꼬리가 말려 올라가 아래에도 고리가 생긴 9(9→8),
고리가 크고 위로 뻗은 획이 짧은 6(6→0), 유난히 굵은 5(5→3)처럼 사람도 한 번쯤 다시 보게 되는 이미지들입니다.

어떤 숫자 쌍이 가장 자주 헷갈리는지 테스트 세트 전체에서 세어 봅시다. `plots.plot_confusion`은 군집을 매칭된 숫자 순서로 정렬한 혼동 행렬을
그리므로, 대각선 밖의 칸이 곧 오류입니다.
""", en="""
What stands out is **7→2**. Look closely at those 7s: nearly all of them have an extra bar across the middle of the
stem, the way 7 is written in much of continental Europe. The rest are images a person might also look at twice: 4s
whose top is closed like the loop of a 9 (4→9), 9s whose tail curls back into a second loop (9→8), 6s with a big
loop and a short stem (6→0), a very bold 5 (5→3).

Let us count which digit pairs are confused most over the whole test set. `plots.plot_confusion` draws the confusion
matrix with the clusters sorted by their matched digit, so every off-diagonal cell is an error.
"""),
    code("""
plots.plot_confusion(test_y, pred)
plt.show()
""", alt={
        "ko": "테스트 세트 전체의 혼동 행렬로, 행은 매칭된 숫자 순으로 정렬한 군집, 열은 실제 숫자이고 칸마다 이미지 수가 적혀 있습니다. 대각선 밖에서 가장 큰 칸은 2의 군집에 든 7(118장)이고, 9의 군집에 든 4(55장)와 7(53장), 8의 군집에 든 9(35장)가 뒤를 잇습니다.",
        "en": "Confusion matrix over the whole test set: rows are clusters sorted by matched digit, columns are true digits, and each cell gives an image count. The largest off-diagonal cell is the 7s in the 2 cluster (118), followed by 4s (55) and 7s (53) in the 9 cluster and 9s in the 8 cluster (35)."}),
    code("""
# [true digit, cluster's digit]
confusion = confusion_matrix(test_y.numpy(), pred_digit, labels=range(10))
np.fill_diagonal(confusion, 0)
largest = np.argsort(confusion, axis=None)[::-1][:8]
top = np.dstack(np.unravel_index(largest, confusion.shape))[0]
print("most frequent errors (true digit -> cluster's digit):")
for t, a in top:
    share = confusion[t, a] / (test_y == t).sum()
    print(f"  {t} -> {a}: {confusion[t, a]:4d} images ({share:.1%} of all {t}s)")
""", tags=["nbval-check-output"]),
    md(ko="""
오류는 고르게 퍼져 있지 않습니다. 7→2 하나가 전체 오류의 4분의 1을 넘게 차지하고, 4→9와 7→9가 그다음입니다. 결합 학습 전의
오토인코더가 붙여 놓았던 **4, 7, 9** 무리 사이의 경계가 여전히 허술한 것입니다. 그다음은 9→8, 8→9처럼 **8과 9** 사이의 혼동입니다. 5장에서 중심점
사이를 걸어 보았을 때 4와 9 사이에는 실제 손글씨가 다리처럼 이어져 있었습니다. 바로 그 다리 위의 이미지들이 경계를 넘나듭니다.
3과 5 사이의 다리를 건너는 이미지는 이 모델에서는 적습니다(5→3).

7→2는 조금 다릅니다. 2의 군집에 든 7을 9의 군집에 든 7, 보통의 7, 보통의 2와 나란히 놓아 보면 이유가 보입니다.
""", en="""
The errors are far from evenly spread. 7→2 alone accounts for more than a quarter of all errors, followed by 4→9
and 7→9: the group of **4, 7 and 9** that the autoencoder had glued together before the joint phase still leaks.
Next come confusions between **8 and 9**, 9→8 and 8→9. In chapter 5, walking between centroids showed that real
handwriting forms a bridge between 4 and 9; the images on that bridge are the ones that cross the border. The bridge
between 3 and 5 carries few images across for this model (5→3).

7→2 is a little different. Setting side by side 7s from the 2 cluster, 7s from the 9 cluster, ordinary 7s and ordinary
2s shows why.
"""),
    code("""
labels_np = test_y.numpy()
groups = [np.nonzero((labels_np == 7) & (pred_digit == 2))[0][:10],  # 7s, 2 cluster
          np.nonzero((labels_np == 7) & (pred_digit == 9))[0][:10],  # 7s, 9 cluster
          np.nonzero((labels_np == 7) & (pred_digit == 7))[0][:10],  # 7s, 7 cluster
          np.nonzero((labels_np == 2) & (pred_digit == 2))[0][:10]]  # 2s, 2 cluster
fig, ax = plots.subplots(width=6.8, height=2.9)
row_names = {"ko": ["2의 군집에 든 7", "9의 군집에 든 7", "7의 군집에 든 7",
                    "2의 군집에 든 2"],
             "en": ["7s in the 2 cluster", "7s in the 9 cluster", "7s in the 7 cluster",
                    "2s in the 2 cluster"]}[plots.language()]
plots.image_grid(test_x[np.concatenate(groups)], rows=4, cols=10, ax=ax,
                 row_labels=row_names)
plt.show()
""", hide=True, alt={
        "ko": "10장씩 네 줄로 비교한 격자로, 위에서부터 2의 군집에 든 7, 9의 군집에 든 7, 7의 군집에 든 7, 2의 군집에 든 2입니다. 2의 군집에 든 7은 모두 세로획 가운데에 가로줄을 그은 7이고, 9의 군집에 든 7은 윗부분이 고리처럼 아래로 꺾인 것이 많으며, 7의 군집에 든 7은 가로줄이 없는 보통의 7입니다.",
        "en": "Four rows of 10 images: 7s in the 2 cluster, 7s in the 9 cluster, 7s in the 7 cluster and 2s in the 2 cluster. The 7s in the 2 cluster all have a bar across the middle of the stem, many 7s in the 9 cluster have a top that bends down like a loop, and the 7s in the 7 cluster are plain, with no bar."}),
    md(ko="""
가로줄을 그은 7은 보통의 7과 모양이 꽤 다른, **하나의 독립된 필체**입니다. 잠재 공간은 이 필체를 따로 모아 두었습니다
(앞의 지도에서 2의 섬에 붙어 있던 회색 줄기가 바로 이것입니다). 그런데 왜 2의 군집에 들었을까요? 그림만 보면 이렇게 읽을 수
있습니다. 맨 위의 가로획과 비스듬히 내려오는 획은 Z처럼 쓴 2의 윗부분과 같고, 가운데의 가로줄은 2의 밑변 노릇을 할 수 있습니다.
하지만 이것은 모양에서 나온 추측입니다. 잠재 공간에 직접 물어볼 수 있습니다. 이 7들의 잠재 벡터와 가장 가까운 잠재 벡터 10개는
결합 학습 전과 후에 각각 어떤 숫자일까요?
""", en="""
Crossed 7s are **a handwriting style of their own**, quite different in shape from the plain 7. The latent space
keeps them together (the grey strand next to the island of 2s on the map above is exactly this group). Why are they
in the 2 cluster? The pictures suggest a reading: their top bar and slanting stem are the upper half of a 2 written
like a Z, and the bar across the stem could stand in for the 2's base. That is a guess from shapes. The latent space
can be asked directly: which digits are the 10 nearest latents of these 7s, before the joint phase and after it?
"""),
    code("""
sevens_in_2 = np.flatnonzero((test_y.numpy() == 7) & (pred_digit == 2))
print(len(sevens_in_2), "test 7s in the 2 cluster; the digits of their 10 nearest latents:")
for name, net in (("before the joint phase", ae), ("after it", model)):
    near = nearest_neighbours(net.encode(test_x).numpy(), 10)[sevens_in_2]
    digits = test_y.numpy()[near]
    print(f"  {name:22s}  7s {np.mean(digits == 7):.0%}, 2s {np.mean(digits == 2):.0%}")
""", tags=["nbval-check-output"]),
    md(ko="""
결합 학습 **전**에는 이웃 다섯 가운데 넷이 7이고, 2는 열에 하나도 되지 않습니다. 오토인코더에게 이 이미지들은 2가 아니라
따로 모인 7이었습니다. 결합 학습 **후**에도 이웃은 여전히 대부분 같은 무리의 7이지만, 이제 다섯에 하나가 2입니다. 무리가 통째로
2의 군집에 들어가 2 쪽으로 당겨진 것입니다. 그러니 이 오류는 잠재 공간이 처음부터 안고 있던 것이 아니라 군집화(UMAP 분할과 그 뒤의 결합 학습)가 만든 것입니다. 둘 가운데 어느 쪽이 이 무리를 2에 넣었는지는 여기서 재지 않았습니다.
다만 레이블 없이 군집이 $k = 10$개뿐이면 이런 작은 무리도 어딘가에는 속해야 합니다.
9의 군집으로 간 7(7→9)은 또 다른 필체로, 윗부분이 아래로 꺾여 9의 고리처럼 보이는 것이 많습니다. 레이블 없이는 이 필체가 보통의 7과 "같은 숫자"라는 것을 알아낼 방법이 없으므로,
이것은 모델의 실수라기보다 **"비슷한 모양끼리 묶는다"는 목표와 "같은 숫자끼리 묶는다"는 평가 기준이 어긋나는 자리**입니다.
군집을 더 많이 두면($k > 10$) 이런 필체가 자기 군집을 얻을 수도 있습니다. 7장에서 $k$를 직접 바꿔 볼 수 있습니다.

## UMAP과 개선 레시피의 출발점

UMAP {cite:p}`mcinnes2018umap`도 이런 지도를 그리는 데 자주 쓰이지만, 개선 레시피는 UMAP을 그림이 아니라 초기 분할과
중심점을 정하는 데 씁니다. 앞에서 보았듯이 k-평균보다 오른 정확도의 대부분이 이 단계에서 나옵니다(0.789 → 0.902).
UMAP도 t-SNE처럼 이웃 관계에서 출발하지만, 이웃을 정하는 방식이 다릅니다. 각 잠재 벡터 $z_i$마다 가장 가까운 이웃
$m$개(`n_neighbors`)만 남기고, 이웃 $z_j$로 가는 간선에 0과 1 사이의 퍼지(fuzzy) 가중치를 붙입니다.

$$
w_{j|i} = \\exp\\left(-\\frac{\\lVert z_i - z_j \\rVert - \\rho_i}{\\sigma_i}\\right)
$$

$\\rho_i$는 가장 가까운 이웃까지의 거리라서 그 이웃의 가중치는 1이 되고, $\\sigma_i$는 $m$개의 가중치를 더하면 $\\log_2 m$이
되도록 점마다 따로 정하며, 나머지 쌍의 가중치는 0입니다. 퍼플렉서티로 맞추는 t-SNE의 $\\sigma_i$처럼 주변 밀도에 맞춰
이웃의 폭을 조절하는 셈이지만, 확률이 되도록 정규화하지는 않습니다. 두 방향의 가중치를
$w_{ij} = w_{j|i} + w_{i|j} - w_{j|i} w_{i|j}$로 합쳐 간선 하나로 만들고, 임베딩에서는 두 점 $y_i, y_j$의 가중치를
$v_{ij} = \\left(1 + a \\lVert y_i - y_j \\rVert^{2b}\\right)^{-1}$로 둡니다. UMAP은 두 그래프 사이의 교차 엔트로피를 줄이도록
$y_i$를 움직입니다.

$$
\\sum_{i \\neq j} \\left[ w_{ij} \\log \\frac{w_{ij}}{v_{ij}} + (1 - w_{ij}) \\log \\frac{1 - w_{ij}}{1 - v_{ij}} \\right]
$$

첫째 항은 이웃끼리 끌어당기고, 둘째 항은 이웃이 아닌 쌍을 밀어냅니다. t-SNE의 KL 발산에는 둘째 항이 없어서, 밀어내는 힘은
$Q$를 정규화하는 데서만 생깁니다.

개선 레시피는 N2D의 설정을 그대로 씁니다(`dkm_lib/cluster.py`의 `umap_fit`). `n_neighbors=20`은 국소 구조와 전역 구조
사이의 균형을 정합니다. 이웃이 적으면 세밀한 구조가 남는 대신 한 숫자가 여러 조각으로 쪼개질 수 있고, 많으면 전체 구도가
더 잘 드러나는 대신 가까이 놓인 무리들이 합쳐질 수 있습니다. `min_dist`는 $a$와 $b$를 정합니다.
$a$와 $b$는 $v_{ij}$가 거리 `min_dist`까지는 1에 머무는 곡선에 가장 잘 맞도록 고릅니다. `min_dist=0`이면 이웃을 서로 바로 위에 겹쳐 놓을수록 이득이 커서, 이웃끼리 한 점에 겹칠 수 있고
무리마다 빽빽한 덩어리로 뭉칩니다. 군집화에는 좋지만, 덩어리 안의 모양이 보이지 않으니 그림으로는 좋지 않습니다.
`n_components=10`은 임베딩을 10차원으로 둡니다(N2D는 군집 수만큼 두고, `dkm_lib`은 k와 상관없이 10을 씁니다). 이 임베딩이 눈으로 볼 2차원 그림이 아니라 k-평균으로 나눌 공간이라는 뜻입니다.

잠재 벡터에 바로 적용한 k-평균은 두 중심점의 한가운데에 곧은 경계를 그으므로, 서로 떨어진 둥근 덩어리를 가정합니다.
그런데 결합 학습 전의 잠재 공간에서는 4, 7, 9가 한 대륙처럼 맞붙어 있고, 무리가 길게 늘어나거나 휘어 있기도 합니다.
이웃 그래프는 누가 누구 옆에 있는지만 봅니다. 그래서 휘어진 무리도 이웃이 사슬처럼 이어져 있으니 한데 남습니다. 맞붙은 두 무리는
맞닿은 곳에서만 간선 몇 개를 나눠 가지므로 밀어내는 힘이 둘 사이를 벌려 놓기 쉽습니다. 결국 임베딩에서는 무리마다
촘촘한 덩어리가 되는데, 이것이 바로 k-평균이 가장 잘 나누는 모양입니다. 다만 5장에서 본 4와 9 사이의 다리처럼 두 숫자
사이에 놓인 이미지는 양쪽에 이웃이 있어서, 여전히 엉뚱한 부분에 들어갈 수 있습니다.

레시피는 학습 이미지 55,000장의 잠재 벡터를 임베딩해 k-평균으로 열 부분으로 나누고, 그 뒤로는 임베딩을 쓰지 않습니다. 각 부분의 평균을
**잠재 공간에서** 구해(`part_means`) 결합 학습의 초기 중심점으로 쓰고, 부분 자체는 결합 학습 동안 의사 레이블로 고정합니다.
중심점이 잠재 공간에 있어야 하는 까닭은, 학습을 마친 모델이 UMAP 없이 인코더와 가장 가까운 중심점만으로 새
이미지를 분류하기 때문입니다. 앞의 표에서 `ae_umap_means` 행이 바로 이 출발점의 점수입니다. N2D
{cite:p}`mcconville2021n2d`는 같은 임베딩을 k-평균 대신 가우스 혼합으로 나눕니다. N2D 논문은 UMAP 임베딩을 만들 때 쓴 바로 그 이미지들을 채점하고
(8장의 `n2d_70k` 행), 이 책의 `n2d` 행은 새 이미지를 학습 잠재 벡터에 맞춘 UMAP으로 임베딩해 분류합니다(8장).

t-SNE 지도에서 조심했던 점은 여기서도 그대로입니다. 임베딩은 UMAP의 시드에 따라 달라지고(`dkm_lib`은 시드를 고정하고 numba를
스레드 하나로 돌립니다). 또 임베딩 안의 거리는 이웃 관계 말고는 뜻이 거의 없어서 덩어리의 크기나 덩어리 사이의 간격은 잠재
공간을 잰 값이 아닙니다. 그래서 레시피는 임베딩에서 어느 점이 어느 부분에 속하는지만 가져오고, 나머지는 모두 잠재
공간에서 잽니다. 이 장에서는 실행 시간을 아끼려고 UMAP 지도는 연습 문제로 남겨 둡니다.

## 스스로 확인하기

짧은 질문으로 이 장의 핵심을 점검합니다. 답을 펼치기 전에 먼저 스스로 답해 보세요.

1. t-SNE 지도에서 믿어도 되는 것과 믿으면 안 되는 것은?

   :::{admonition} 답
   :class: dropdown
   원래 공간의 이웃이 지도에서도 함께 모인다는 것은 믿을 수 있지만(지도에서 가까운 점들이 원래 공간에서도 가까운지는 따로 확인해야 합니다),
   섬의 크기와 멀리 떨어진 섬 사이의 거리는 믿으면 안 됩니다.
   :::

2. t-SNE의 퍼플렉서티를 바꾸면 군집화 정확도가 바뀌나요?

   :::{admonition} 답
   :class: dropdown
   아닙니다. 정확도는 원래 잠재 공간에서 모델이 정한 군집으로 재며, t-SNE는 그림을 그릴 뿐입니다.
   :::

3. 학습된 모델이 가장 자주 하는 실수는?

   :::{admonition} 답
   :class: dropdown
   가운데에 가로줄을 그은 7이 2의 군집으로 들어가는 것이고, 그다음이 4→9와 7→9, 곧 4, 7, 9 사이의 혼동입니다.
   :::

## 요약

- t-SNE는 고차원의 이웃 관계를 평면에 옮깁니다. 원래 공간의 이웃은 지도에서도 함께 모이지만(그 반대는 따로 확인해야 합니다), 군집의 크기와 먼 군집 사이의 거리는 믿으면
  안 됩니다. 퍼플렉서티에 따라 그림이 달라집니다. 난수 시드는 시작점을 무작위로 뽑는 `init="random"`에서만 그림을 바꾸며,
  `random_state`를 고정해 두면 그때도 실행할 때마다 같은 그림이 나옵니다.
- 학습된 모델의 잠재 공간은 열 개의 또렷한 섬으로 나뉘고, 실제 숫자로 칠한 그림과 군집으로 칠한 그림이 거의 같습니다.
- 결합 학습 전의 오토인코더는 4/7/9를 한 덩어리로 붙여 놓았고 3/5/8도 맞닿게 두었으며, 그 위의 k-평균은 정확도가 낮습니다(시드 10개 평균 0.789 ± 0.055,
  이 장의 모델은 열 시드 중 가장 높은 0.871). 하지만 같은 잠재 벡터도 UMAP과 k-평균으로 나누면 이미 0.902 ± 0.006(시드 10개 평균)입니다.
  그 분할을 고정한 결합 학습(의사 레이블 증류)은 약 0.05를 보태고, 최근접 이웃 일치율도 올리며 잠재 공간 자체를 바꿉니다.
  k-평균보다 오른 몫의 대부분은 UMAP 분할에서 옵니다. 같은 출발점에서 본래의 딥 K-평균은 가장 가까운 중심점 할당으로는 평균적으로
  아무것도 보태지 못하고, DKM 논문의 부드러운 할당으로는 약 0.02(0.923)를 보탭니다.
- UMAP은 잠재 벡터마다 가장 가까운 이웃 20개를 잇는 그래프를 만들고, 그 그래프를 `min_dist=0`으로 10차원에 펼칩니다.
  그러면 잠재 공간에서 맞붙거나 휘어 있던 무리도 k-평균이 나눌 수 있는 촘촘한 덩어리가 됩니다. 부분마다 잠재 공간에서 구한
  평균이 결합 학습의 초기 중심점입니다.
- 가장 흔한 오류는 가로줄을 그은 7이 2의 군집으로 가는 것이고, 그다음은 4→9와 7→9입니다.
- 그림에서 받은 인상은 언제나 원래 공간에서 잰 수치로 확인합니다.
""", en="""
Before the joint phase four in five of their neighbours are 7s and fewer than one in ten are 2s: to the autoencoder
these were not 2s but 7s of their own kind. After it most of their neighbours are still 7s (each other), but a fifth
are 2s now: the whole group went into the 2 cluster and was pulled towards the 2s. So this error was not in the
latent space from the start; the clustering (the UMAP partition and the joint phase after it) made it. Which of
the two put the group with the 2s is not measured here. Yet without labels and with only $k = 10$ clusters, a small
group like this has to belong somewhere.
The 7s that go to the 9 cluster (7→9) are another style: many of them have a top that bends down like a 9's loop. Without labels there is no way to know that these styles and the plain 7 are "the same
digit", so this is less a mistake of the model than **the place where the training goal, "group similar shapes",
and the evaluation, "group the same digits", disagree**. With more clusters ($k > 10$) such a style could get a
cluster of its own; chapter 7 lets you change $k$ yourself.

## UMAP and the improved recipe's starting point

UMAP {cite:p}`mcinnes2018umap` is another popular way to draw such maps, but the improved recipe does not use it for
pictures: it uses it to set the initial partition and centroids. As we saw above, most of the gain over k-means comes from this
step (0.789 → 0.902). Like t-SNE, UMAP starts from neighbourhoods, but it picks them differently. Each latent $z_i$
keeps only its $m$ nearest neighbours (`n_neighbors`), and the edge to a neighbour $z_j$ gets a fuzzy weight between
0 and 1:

$$
w_{j|i} = \\exp\\left(-\\frac{\\lVert z_i - z_j \\rVert - \\rho_i}{\\sigma_i}\\right)
$$

$\\rho_i$ is the distance to the nearest neighbour, so that neighbour gets weight 1, and $\\sigma_i$ is set separately
for every point so that its $m$ weights add up to $\\log_2 m$; all other pairs get weight 0. Like t-SNE's $\\sigma_i$,
set by the perplexity, this adapts each neighbourhood to the local density, but nothing is normalised into
probabilities. The two directions merge into one edge, $w_{ij} = w_{j|i} + w_{i|j} - w_{j|i} w_{i|j}$, and in the
embedding two points $y_i, y_j$ get the weight $v_{ij} = \\left(1 + a \\lVert y_i - y_j \\rVert^{2b}\\right)^{-1}$. UMAP
moves the $y_i$ to minimise the cross-entropy between the two graphs:

$$
\\sum_{i \\neq j} \\left[ w_{ij} \\log \\frac{w_{ij}}{v_{ij}} + (1 - w_{ij}) \\log \\frac{1 - w_{ij}}{1 - v_{ij}} \\right]
$$

The first term pulls neighbours together; the second pushes apart pairs that are not neighbours. t-SNE's KL
divergence has no second term: its push comes only from normalising $Q$.

The recipe keeps N2D's settings (`umap_fit` in `dkm_lib/cluster.py`). `n_neighbors=20` balances local against global
structure: fewer neighbours keep finer detail but can break a digit into fragments, more see the global layout
better but can merge groups that lie close together. `min_dist` sets $a$ and $b$ by fitting $v_{ij}$ to a curve that
stays at 1 up to that distance. With `min_dist=0` an embedding gains most from putting neighbours right on top of
each other, so every group packs into a tight clump. That is good for clustering, but bad for pictures,
which no longer show a group's inner shape. Setting `n_components=10` (N2D uses as many dimensions as clusters;
`dkm_lib` keeps 10 for every k) marks this embedding as a space for k-means to split, not a 2-D picture to look
at.

k-means straight on the latents draws flat borders halfway between two centroids, so it assumes round blobs set apart
from each other. But before the joint phase 4, 7 and 9 touch as one continent, and groups can stretch or curve. The
neighbour graph only asks who is next to whom: a curved group is a chain of neighbours and stays together, and two
touching groups share only a few edges where they meet, so the push tends to open a gap between them. In the
embedding each group becomes a compact clump, which is exactly the shape k-means splits best. Images on a bridge
between two digits, like the one between 4 and 9 in chapter 5, still have neighbours on both sides, though, and can
still land in the wrong part.

The recipe embeds the latents of the 55,000 training images, splits the embedding into ten parts with k-means, and
then leaves the embedding: each part's mean, taken **in the latent space** (`part_means`), is a starting centroid of
the joint phase, and the parts themselves stay fixed as its pseudo-labels. The centroids must live in the
latent space because the trained model sorts new images with its encoder and nearest centroid alone, without UMAP.
The `ae_umap_means` row of the table above scores exactly this start. N2D {cite:p}`mcconville2021n2d` splits the same
embedding with a Gaussian mixture instead of k-means. N2D's paper scores the images it fitted UMAP on (chapter 8's `n2d_70k`
row); this book's `n2d` row sorts new images by embedding them with the UMAP fitted on the training latents (chapter 8).

The cautions for t-SNE's maps apply here too. The embedding changes with UMAP's seed (`dkm_lib` fixes it and
runs numba on one thread), and distances in it mean little beyond neighbourhoods: the sizes of the clumps and the
gaps between them are not measurements of the latent space. So the recipe takes from the embedding only which point
is in which part, and measures everything else in the latent space. To keep this chapter fast, the UMAP map is left
as an exercise.

## Check yourself

Short questions on the chapter's key points: answer each one yourself before you read its answer.

1. What can you trust on a t-SNE map, and what not?

   :::{admonition} Answer
   :class: dropdown
   That neighbours in the original space stay together on the map can be trusted (whether points close on the map
   are close in the original space needs checking); the sizes of islands and the distances between far-apart
   islands cannot.
   :::

2. Does changing t-SNE's perplexity change the clustering accuracy?

   :::{admonition} Answer
   :class: dropdown
   No: accuracy is measured on the clusters the model found in the original latent space; t-SNE only draws the picture.
   :::

3. What is the trained model's most common mistake?

   :::{admonition} Answer
   :class: dropdown
   Crossed 7s landing in the cluster of 2s, followed by 4→9 and 7→9, confusions within the 4/7/9 group.
   :::

## Summary

- t-SNE carries high-dimensional neighbourhoods into the plane. Neighbours in the original space stay together on the map
  (the converse needs checking); cluster sizes and distances between far clusters cannot be trusted. Perplexity changes the picture; the random seed matters only
  with a random start (`init="random"`), and fixing `random_state` keeps that case reproducible.
- The trained model's latent space splits into ten sharp islands, and the map coloured by true digit looks almost
  the same as the one coloured by cluster.
- Before the joint phase the autoencoder keeps 4/7/9 glued together and 3/5/8 touching, and k-means on top of it
  reaches a lower accuracy (0.789 ± 0.055 over ten seeds; 0.871 for this chapter's model, the best of the ten). Yet a
  UMAP + k-means split of the same latents already scores 0.902 ± 0.006 (mean of ten seeds). The joint phase with
  that partition fixed (pseudo-label distillation) adds about 0.05 and raises the nearest-neighbour agreement too:
  it changes the latent space itself. Most of the gain over k-means comes from the UMAP partition. From the same start,
  Deep K-means proper adds nothing on average with nearest-centroid assignment, and about 0.02 (0.923) with the DKM
  paper's soft assignment.
- UMAP links each latent to its 20 nearest neighbours and lays that graph out in 10 dimensions with `min_dist=0`, so
  groups that touch or curve in the latent space become tight clumps that k-means can split. Each part's mean, taken
  in the latent space, is a starting centroid of the joint phase.
- The most common error is crossed 7s landing in the cluster of 2s, followed by 4→9 and 7→9.
- Every impression from a picture is checked with numbers measured in the original space.
"""),
    md(ko=r"""
## 연습 문제

각 문제 아래에 **힌트**와 **풀이**가 있습니다. 먼저 직접 풀어 본 뒤 읽어 보세요. 코드 풀이는 대부분 다른 셀처럼
실행되고 테스트되므로, 자신의 결과를 실제 출력과 비교할 수 있습니다. 실행에 몇 분씩 걸리는 일부 풀이는 책을 만들 때 실행하지 않으며,
그 점을 밝히고 직접 실행할 코드를 보여 줍니다.

::::{exercise} 퍼플렉서티 5와 100
:label: ko-ex06-1
:nonumber:

퍼플렉서티를 5와 100으로 바꿔 "후" 잠재 벡터의 t-SNE를 다시 그려 보세요. 섬이 쪼개지거나 합쳐지나요? 군집으로 칠한 색과 정확도는 바뀌나요? 그 까닭은 무엇인가요?

:::{hint}
:class: dropdown
`TSNE(**{**tsne_settings, "perplexity": p})`로 설정 하나만 바꾸고, 색은 그대로 `pred_digit[:n]`을 쓰세요. 지도가 같은 숫자의 점들을 얼마나 한데 모아 두는지는 2차원 지도 위에서 `knn_agreement(map, y)`로 잴 수 있습니다(지도에서 가장 가까운 이웃 10개 가운데 같은 숫자의 비율).
:::
::::

:::{solution-start} ko-ex06-1
:class: dropdown
:::
""", en=r"""
## Exercises

Each exercise has a **hint** and a **solution** below it: try the exercise first, then read them. Most code
solutions run and are tested like every other cell, so you can check your own work against real output; the few
that take minutes say that they are not run when the book is built, and show the code to run yourself.

::::{exercise} Perplexity 5 and 100
:label: en-ex06-1
:nonumber:

Redraw the t-SNE of the "after" latents with perplexity 5 and 100. Do islands break apart or merge? Do the cluster colours or the accuracy change, and why?

:::{hint}
:class: dropdown
Change one setting with `TSNE(**{**tsne_settings, "perplexity": p})` and keep the colours `pred_digit[:n]`. How well a map keeps same-digit points together can be measured on the 2-D map itself with `knn_agreement(map, y)` (the share of each point's 10 nearest map neighbours that have its digit).
:::
::::

:::{solution-start} en-ex06-1
:class: dropdown
:::
"""),
    code(r"""
# two maps stacked: side by side they would be wider than the column
fig, axes = plots.subplots(2, 1, width=4.8, height=8.6)
for ax, p in zip(axes, (5, 100)):
    m = TSNE(**{**tsne_settings, "perplexity": p}).fit_transform(z_after)
    plots.scatter_2d(m, pred_digit[:n], ax=ax, title=f"{plots.t('perplexity')} {p}",
                     legend=p == 100)
    print(f"perplexity {p:3d}: 10-NN label agreement on the map "
          f"{knn_agreement(m, y):.3f}")
fig.tight_layout()
plt.show()
print(f"perplexity  30: 10-NN label agreement on the map "
      f"{knn_agreement(map_after, y):.3f}")
""", alt={
        "ko": "결합 학습 후의 잠재 벡터를 퍼플렉서티 5(위)와 100(아래)으로 펼쳐 군집 색으로 칠한 t-SNE 지도 두 개입니다. 퍼플렉서티 5에서는 섬들이 느슨하게 퍼져 평면을 채우고 서로 맞닿지만, 100에서는 섬이 작고 빽빽하게 뭉쳐 서로 멀리 떨어집니다.",
        "en": "Two t-SNE maps of the latents after the joint phase, coloured by cluster: perplexity 5 on top, 100 below. At perplexity 5 the islands spread loosely, fill the plane and touch each other; at 100 they are small, dense and far apart."}, tags=["nbval-check-output", "nbval-approx"]),
    md(ko=r"""
퍼플렉서티는 각 점이 고려하는 "유효 이웃 수"입니다. 5에서는 아주 가까운 이웃만 보므로 섬들이 느슨하게 퍼져 평면을 채우고 서로 맞닿으며, 100에서는 더 넓은 이웃을 보므로 섬이 작고 빽빽하게 뭉쳐 서로 멀리 떨어집니다. 하지만 섬은 쪼개지지도 합쳐지지도 않습니다. 5에서도 숫자마다 여전히 섬 하나이고 느슨해졌을 뿐입니다(숫자마다 점이 200개쯤인 이 지도에서 5는 아직 '너무 작은' 값이 아닙니다. 2로도 해 보세요). 100에서도 하나로 합쳐지는 섬은 없습니다(4, 9, 7 사이의 가느다란 띠는 퍼플렉서티 30의 지도에도 있습니다). 같은 데이터인데 섬 사이의 빈 공간이 전혀 다르게 보이는 것입니다. 그래도 지도 위의 10-최근접 이웃 일치율은 0.935, 0.938(퍼플렉서티 30), 0.935로 거의 같습니다. 퍼플렉서티를 어떻게 정하든 지도에서 한 점의 가까운 이웃은 거의 언제나 같은 숫자입니다. 퍼플렉서티가 바꾸는 것은 섬 사이의 빈 공간이지, 어떤 숫자의 점들이 함께 모이는지가 아닙니다. 색과 정확도는 전혀 바뀌지 않습니다. 군집은 `model.predict`가 원래 잠재 공간에서 정한 것이고, t-SNE는 그것을 그릴 뿐입니다.

:::{solution-end}
:::

::::{exercise} 난수 시드만 바꾼 지도
:label: ko-ex06-2
:nonumber:

무작위 시작(`init="random"`)으로 `random_state`만 0, 1, 2로 바꿔 같은 지도를 세 번 그려 보세요. 무엇이 바뀌고 무엇이 그대로인가요?
이 책의 지도처럼 `init="pca"`로 시작하면 어떻게 될까요?

:::{hint}
:class: dropdown
`TSNE(**{**tsne_settings, "init": "random", "random_state": seed})`처럼 설정 두 개만 바꾸세요. 섬의 위치, 섬의 구성원, 이웃 일치율(`knn_agreement`)을 따로 보세요. 구성원은 한 점의 지도 위 이웃 10개가 두 지도에서 얼마나 겹치는지로 잴 수 있습니다.
:::
::::

:::{solution-start} ko-ex06-2
:class: dropdown
:::
""", en=r"""
Perplexity is each point's "effective number of neighbours". At 5 only the very closest neighbours count, so the islands spread loosely over the plane and touch each other; at 100 wider neighbourhoods count, so the islands become small, dense and far apart. But islands neither break apart nor merge: at 5 every digit is still one island, only looser (with about 200 points per digit on this map, 5 is not yet "too small"; try 2), and at 100 no two islands merge (the thin strands between the 4s, 9s and 7s are there on the perplexity-30 map too). Same data, very different empty space between islands. Yet the 10-NN label agreement on the map is almost the same: 0.935, 0.938 (perplexity 30) and 0.935. Whatever the perplexity, a point's nearest neighbours on the map almost always share its digit: perplexity changes the empty space between islands, not which digits end up together. The colours and the accuracy do not change at all: the clusters come from `model.predict` in the original latent space, and t-SNE only draws them.

:::{solution-end}
:::

::::{exercise} Maps that differ only in the seed
:label: en-ex06-2
:nonumber:

Draw the same map three times from a random start (`init="random"`), changing only `random_state` (0, 1 and 2). What
changes, and what stays the same? And what happens with `init="pca"`, as the book's maps start?

:::{hint}
:class: dropdown
Change just two settings: `TSNE(**{**tsne_settings, "init": "random", "random_state": seed})`. Look separately at
where the islands sit, who is in them, and the neighbour agreement (`knn_agreement`). Who is in them can be measured
as how much a point's 10 nearest neighbours on one map overlap with those on another.
:::
::::

:::{solution-start} en-ex06-2
:class: dropdown
:::
"""),
    code(r"""
# three maps side by side, to compare at a glance (colours: the digits, as above)
fig, axes = plots.subplots(1, 3, height=2.7)
maps = {}
for ax, seed in zip(axes, (0, 1, 2)):
    settings = {**tsne_settings, "init": "random", "random_state": seed}
    maps[seed] = TSNE(**settings).fit_transform(z_after)
    plots.scatter_2d(maps[seed], y, ax=ax, title=f"random_state={seed}", legend=False)
    print(f"random_state={seed}: 10-NN label agreement {knn_agreement(maps[seed], y):.3f}")
fig.suptitle("init=random")
first = nearest_neighbours(maps[0])   # each point's 10 nearest on the map
islands = {seed: np.stack([maps[seed][y == d].mean(0) for d in range(10)]) for seed in maps}
width = np.ptp(maps[0], axis=0).max()
for seed in (1, 2):
    other = nearest_neighbours(maps[seed])
    shared = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(first, other)])
    moved = np.linalg.norm(islands[seed] - islands[0], axis=1).mean()
    print(f"seeds 0 and {seed}: islands moved {moved:.0f} on average",
          f"(map {width:.0f} wide), 10 nearest neighbours shared {shared:.0%}")
# the book's start, init="pca", with another seed: the same map?
again = TSNE(**{**tsne_settings, "random_state": 1}).fit_transform(z_after)
print("init=pca, random_state 1: the same map as 0?", np.array_equal(again, map_after))
fig.tight_layout()
plt.show()
""", alt={
        "ko": "결합 학습 후 잠재 벡터의 t-SNE 지도를 무작위 시작(init=random)에서 random_state 0, 1, 2로 세 번 그려 나란히 놓고 위의 지도들처럼 실제 숫자로 색칠했습니다. 섬의 자리와 방향은 시드마다 다르지만, 세 지도 모두 숫자마다 큰 섬 하나를 이루고 이웃도 거의 같습니다.",
        "en": "Three t-SNE maps of the latents after the joint phase, from a random start (init=random) with random_state 0, 1 and 2, side by side, coloured by true digit as the maps above. Where the islands sit and how they are turned differs from seed to seed, but on all three maps each digit forms one main island, with much the same neighbours."}, tags=["nbval-check-output", "nbval-approx"]),
    md(ko=r"""
섬의 자리는 시드마다 바뀝니다. 폭이 65인 지도에서 각 숫자의 섬이 시드 0의 지도에서의 자리로부터 평균 30(시드 1), 21(시드 2)만큼 옮겨 갑니다. 하지만 누가 한 섬을 이루는지는 그대로입니다. 이웃 일치율은 0.938, 0.938, 0.936이고, 한 점의 지도 위 이웃 10개는 시드 1과 2의 지도에서도 시드 0의 지도와 85%, 84%가 같습니다. 이 책의 지도처럼 `init="pca"`로 시작하면 무작위성이 아예 남지 않습니다. scikit-learn의 t-SNE는 시작 위치를 무작위로 뽑을 때만 시드를 쓰므로, `random_state`를 0 대신 1로 주어도 좌표까지 똑같은 지도가 나옵니다(출력의 마지막 줄). 이 책이 `init="pca"`로 시작하는 까닭이 이것이고, `random_state`를 고정해 두는 것은 `init="random"`으로 바꿨을 때도 그림이 재현되게 하기 위해서입니다. 그래서 t-SNE 지도에서는 "누가 누구 옆에 있는가"만 읽고, 섬의 자리나 섬 사이의 거리는 읽지 않습니다.

:::{solution-end}
:::

::::{exercise} UMAP 지도
:label: ko-ex06-3
:nonumber:

`dkm_lib.cluster.umap_embed(z_after, seed=0, n_components=2)`로 UMAP 지도를 그려 t-SNE와 비교해 보세요. 4/7/9 무리는 어떻게 놓이나요? 실행 시간은 어떤가요?

:::{hint}
:class: dropdown
한 컴퓨터에서 UMAP을 처음 부르면 numba가 코드를 컴파일하느라 느립니다(`dkm_lib`이 컴파일된 코드를 디스크에 남겨 두므로 같은 컴퓨터의 다음 세션부터는 컴파일을 대부분 건너뜁니다. Colab은 런타임마다 새 컴퓨터이므로 매번 다시 컴파일합니다). 같은 셀을 한 번 더 실행해 시간을 다시 재 보세요. 실제 숫자 `y`로 색칠하면 앞의 t-SNE 그림(왼쪽)과 바로 비교할 수 있습니다.
:::
::::

:::{solution-start} ko-ex06-3
:class: dropdown
:::
""", en=r"""
The islands move from seed to seed: on a map 65 units wide, a digit's island sits 30 (seed 1) and 21 (seed 2) units away from where seed 0 put it, on average. Who belongs together stays: the neighbour agreement is 0.938, 0.938 and 0.936, and a point's 10 nearest neighbours on the maps of seeds 1 and 2 are 85 % and 84 % the same as on seed 0's map. Started from `init="pca"`, as the book's maps are, nothing is random at all: scikit-learn's t-SNE uses the seed only to draw a random starting layout, so `random_state` 1 instead of 0 gives the very same map, down to the coordinates (the last line printed). That is why the book starts from `init="pca"`; it fixes `random_state` as well so that a switch to `init="random"` stays reproducible. So on a t-SNE map read only "who sits next to whom", never where an island is or how far apart two islands are.

:::{solution-end}
:::

::::{exercise} A UMAP map
:label: en-ex06-3
:nonumber:

Draw a UMAP map with `dkm_lib.cluster.umap_embed(z_after, seed=0, n_components=2)` and compare it with t-SNE. Where does the 4/7/9 group end up? How long does it take?

:::{hint}
:class: dropdown
The first UMAP call on a computer is slow because numba compiles its code (`dkm_lib` keeps the compiled code on disk, so later sessions on the same computer skip most of it; each new Colab runtime is a new computer and compiles again); run the cell again and time it once more. Colour by the true digit `y` to compare with the left t-SNE picture directly.
:::
::::

:::{solution-start} en-ex06-3
:class: dropdown
:::
"""),
    code(r"""
from dkm_lib.cluster import umap_embed

tic = time.time()
map_umap = umap_embed(z_after, seed=0, n_components=2)
print(f"UMAP of {n} latents: {time.time() - tic:.0f} s "
      f"(longer on a computer's first UMAP, while numba compiles)")
fig, ax = plt.subplots(figsize=(5.5, 5))
plots.scatter_2d(map_umap, y, ax=ax, title="UMAP")
plt.show()
print(f"10-NN label agreement on the map: UMAP {knn_agreement(map_umap, y):.3f}, "
      f"t-SNE {knn_agreement(map_after, y):.3f}")
""", alt={
        "ko": "결합 학습 후 잠재 벡터 2,000개를 UMAP으로 펼쳐 실제 숫자로 색칠한 지도입니다. 섬들이 t-SNE보다 훨씬 작고 빽빽하게 뭉쳐 있고, 4, 9, 7의 섬은 오른쪽 위에 가까이 모여 있으며, 2의 섬에는 회색 7 몇 개가 붙어 있습니다.",
        "en": "UMAP map of the 2,000 latents after the joint phase, coloured by true digit. The islands are far smaller and denser than on the t-SNE maps; the islands of 4, 9 and 7 lie close together in the top right, and a few grey 7s cling to the island of 2s."}, tags=["nbval-check-output", "nbval-approx"]),
    md(ko=r"""
UMAP(`min_dist=0`, N2D의 설정)은 섬을 t-SNE보다 훨씬 빽빽하게 뭉쳐 그립니다. 4/7/9 무리는 여기서도 가까이 놓입니다. 7의 섬이 9의 섬 바로 옆에 있고 4의 섬도 멀지 않습니다. 가로줄을 그은 7도 여기서 다시 보입니다. 회색 점 몇 개가 2의 섬에 붙어 있습니다. 지도 위의 이웃 일치율은 UMAP 약 0.93, t-SNE 0.938로 비슷합니다. `dkm_lib`은 UMAP의 시드를 고정하고 numba를 스레드 하나로 돌리므로 같은 컴퓨터와 스레드 수에서는 같은 값이 나옵니다. 다른 컴퓨터나 버전에서는 소수 셋째 자리가 달라질 수 있습니다. 셀은 걸린 시간을 출력합니다. 다만 한 컴퓨터에서 UMAP을 처음 부를 때는 numba가 코드를 한 번 컴파일하는 시간이 들어 있으므로(컴파일된 코드가 디스크에 남으므로 같은 컴퓨터의 다음 세션부터는 컴파일을 대부분 건너뜁니다), UMAP 자체에 걸리는 시간은 같은 셀을 한 번 더 돌려 재 보세요. 개선 레시피도 같은 함수를 같은 설정으로 부르지만, 대상과 차원이 다릅니다. 결합 학습 **전**의 잠재 벡터, 그것도 학습 이미지 55,000장의 잠재 벡터를 그림이 아니라 10차원으로 펼쳐 초기 분할과 중심점을 정합니다. 그래서 결합 학습 **후**의 잠재 벡터를 그린 이 지도에서는 "전"의 지도에 있던 4/7/9 대륙을 볼 수 없습니다. `umap_embed(z_before, seed=0, n_components=2)`로 그 대륙을 UMAP이 어떻게 펼치는지 직접 보세요. N2D는 개선 레시피가 쓰는 10차원 임베딩을 가우스 혼합으로 나누지만, 개선 레시피는 k-평균으로 나눕니다(8장).

:::{solution-end}
:::
""", en=r"""
UMAP (`min_dist=0`, N2D's setting) packs the islands far more tightly than t-SNE. The 4/7/9 group again lies close together: the island of 7s right next to the 9s and the island of 4s not far off. The crossed 7s show up here too, as a few grey points clinging to the island of 2s. The neighbour agreement on the map is similar, about 0.93 for UMAP against 0.938 for t-SNE (`dkm_lib` fixes UMAP's seed and runs numba on one
thread, so the value repeats on one machine and thread count; another machine or version can move it in the third decimal). The cell prints its time, but a computer's first UMAP includes numba's one-off compilation (the compiled code stays on disk, so later sessions on the same computer skip most of it); run the cell again to time UMAP alone. The improved recipe calls the same function with the same settings, but on other latents and into 10 dimensions rather than a picture: the latents of the 55,000 training images *before* the joint phase, to set its initial partition and centroids. So the 4/7/9 continent of the "before" map cannot be seen on this map of the latents after it; `umap_embed(z_before, seed=0, n_components=2)` shows how UMAP lays that continent out. N2D splits the 10-D embedding with a Gaussian mixture; the improved recipe splits it with k-means (chapter 8).

:::{solution-end}
:::
"""),
]
