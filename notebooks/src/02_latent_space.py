"""Chapter 2: what the autoencoder's latent space holds, and why k-means likes it better than pixels."""

from bilingual import code, md

TITLE = {"ko": "2장. 잠재 공간 들여다보기",
         "en": "Chapter 2. Inside the latent space"}

CELLS = [
    md(ko=r"""
## 이 장에서 배울 것

- 잘 학습된 오토인코더의 잠재 벡터 $h(x)$의 값 열 개에 무엇이 담기는지, 한 차원씩 움직여 보며 확인하기
- 주성분 분석(PCA)으로 10차원 잠재 공간을 평면에 투영해 보고, 픽셀 공간과 비교하기
- 최근접 이웃을 픽셀 공간과 잠재 공간에서 각각 찾아, 어느 쪽 "가까움"이 같은 숫자를 더 잘 가리키는지 재기
- 두 숫자 사이를 잠재 공간에서 보간하면 픽셀을 섞는 것과 무엇이 다른지 보기
- 같은 k-평균을 픽셀에 돌릴 때와 잠재 벡터에 돌릴 때 정확도가 얼마나 달라지는지 측정하기
""", en=r"""
## What you will learn

- what the ten numbers of a well-trained autoencoder's latent vector $h(x)$ hold, by moving along one dimension at a time
- how to project the 10-D latent space onto a plane with PCA, and how it compares with pixel space
- how to find nearest neighbours in pixel space and in latent space, and measure which notion of "close" points to the same digit more often
- what changes when we interpolate between two digits in latent space instead of blending their pixels
- how much the accuracy of the very same k-means changes when it runs on latents instead of pixels
"""),
    md(ko=r"""
## 잠재 벡터에는 무엇이 담길까

1장의 오토인코더는 28×28 = 784개의 픽셀을 10개의 값 $h(x) \in \mathbb{R}^{10}$로 줄였다가 디코더 $g$로 다시 그립니다.
복원 손실을 줄이려면 디코더가 $h(x)$만 보고도 원래 이미지를 그려 낼 수 있어야 하므로,
$h(x)$에는 "이미지를 다시 그리는 데 가장 쓸모 있는 정보"가 압축되어 들어가야 합니다.
손글씨 숫자라면 그것은 무엇보다 **어떤 숫자인가**이고, 그다음이 기울어진 정도, 획의 굵기, 고리의 너비 같은 **쓰는 방식**일 것입니다.

여기서 눈여겨볼 점은 아무도 오토인코더에게 숫자의 종류를 알려 주지 않았다는 것입니다.
그런데도 숫자의 종류가 잠재 공간의 구조로 드러난다면, 그 공간에서 군집화하기가 픽셀 공간에서보다 쉬울 것입니다.
딥 K-평균 전체가 바로 이 기대 위에 서 있습니다. 이 장에서는 그 기대가 얼마나 맞는지 직접 재 봅니다.

이 장에서는 새로 학습하지 않고, 저장소에 함께 들어 있는 **잘 학습된 오토인코더**를 씁니다.
55,000장의 학습 이미지로 40 에폭 동안 복원 손실(이진 교차 엔트로피)만으로 학습했고, 잠재층의 ReLU는 뺀 모델입니다(개선 레시피의 오토인코더, 1장).
학습 이미지 60,000장 가운데 나머지 5,000장은 검증용으로 떼어 두어 학습에 쓰지 않았습니다(8장).
레이블은 학습에 전혀 쓰이지 않았고, 이 장에서도 **결과를 진단할 때만** 씁니다.
`model.encode`는 기울기를 기록하지 않고(`torch.no_grad()`) 잠재 벡터를 돌려줍니다. 낯설다면 [부록 A](09_pytorch_primer.ipynb)의
자동 미분 절을 보세요.
""", en=r"""
## What does a latent vector hold?

The autoencoder of chapter 1 squeezes 28×28 = 784 pixels into ten numbers $h(x) \in \mathbb{R}^{10}$ and
redraws the image from them with the decoder $g$. To keep the reconstruction loss low, the decoder must be able
to draw the original image from $h(x)$ alone, so $h(x)$ has to hold whatever is *most useful for redrawing the
image*. For handwritten digits that is first of all **which digit it is**, and then **how it was written**:
slant, stroke width, width of the loops.

Notice that nobody ever told the autoencoder which digit is which. If the digit identity nevertheless shows up
as structure in the latent space, clustering there should be easier than clustering pixels. The whole of
Deep K-means rests on that hope; in this chapter we measure how well founded it is.

We train nothing new here. We use the **well-trained autoencoder** that ships with the repository: 40 epochs on
the 55,000 training images with the reconstruction loss alone (binary cross-entropy), without the ReLU on the
latent layer (the improved recipe's autoencoder, chapter 1). The other 5,000 of the 60,000 training images are held out for
validation and were not used in training (chapter 8). Labels were never used in training, and in this chapter we
use them **only to diagnose** the results. `model.encode` returns latents without recording gradients
(`torch.no_grad()`); if that is new, see the autograd section of [Appendix A](09_pytorch_primer.ipynb).
"""),
    code("""
from dkm_lib import book

info = book.setup(seed=0)
"""),
    code("""
import matplotlib.pyplot as plt
import numpy as np
import torch

from dkm_lib import load_checkpoint, load_mnist, plots, read_checkpoint
from dkm_lib.splits import validation_split

test_x, test_y = load_mnist(train=False)
path = book.checkpoint_path("improved_autoencoder")
model = load_checkpoint(path)
saved = read_checkpoint(path)   # the file's dict: config, history, metrics, ...
config, history = saved["config"], saved["history"]
# the training images it learnt from, and those held out for validation
keep, held_out = validation_split(config["val_size"])
keep = keep[:config["train_size"]]   # train_size None: all of them
print(f"autoencoder: {len(history['epoch'])} epochs on {len(keep)} images "
      f"({len(held_out)} held out), seed {config['seed']},")
print(f"rec_loss={config['rec_loss']}, final_relu={config['final_relu']}, "
      f"latent_size={config['latent_size']}")

z = model.encode(test_x)      # h(x) for the 10,000 test images, no gradients
print("latents:", tuple(z.shape), z.dtype)
""", tags=["nbval-check-output"]),
    md(ko=r"""
먼저 각 차원의 값이 어떻게 퍼져 있는지 봅시다. 잠재층 끝에 ReLU가 없으므로 값이 음수가 될 수도 있고,
평균이 0이거나 분산이 1이 되도록 만든 장치도 없습니다. 차원마다 중심과 폭이 제각각입니다.
""", en=r"""
First, how are the values of each dimension spread? There is no ReLU at the end of the latent layer, so values
can be negative, and nothing forces a zero mean or a unit variance: every dimension has its own centre and width.
"""),
    code("""
print("dim    mean    std     min     max")
for d in range(z.shape[1]):
    v = z[:, d]
    print(f"{d:3d} {v.mean():7.2f} {v.std():7.2f} {v.min():7.2f} {v.max():7.2f}")
print(f"negative values: {(z < 0).float().mean():.1%} of all entries")
""", tags=["nbval-check-output"]),
    code("""
fig, ax = plots.subplots(width=6.8, height=3)
ax.boxplot(z.numpy(), showfliers=False)
ax.set_xticks(range(1, 11), range(10))
ax.set(xlabel={"ko": "잠재 차원", "en": "latent dimension"}[plots.language()],
       ylabel={"ko": "값", "en": "value"}[plots.language()])
plt.show()
""", hide=True, alt={
        "ko": "테스트 이미지의 잠재 벡터에서 잠재 차원 10개 각각의 값 분포를 그린 상자 그림입니다(이상치는 생략). 차원마다 중심과 폭이 제각각이고, 음수 값도 많습니다.",
        "en": "Box plots of the values of each of the 10 latent dimensions over the test images, outliers hidden. Every dimension has its own centre and width, and many values are negative."}),
    md(ko=r"""
### 한 차원씩 움직여 보기

위의 표만으로는 각 차원이 무엇을 뜻하는지 알 수 없습니다. 대신 디코더에게 직접 물어볼 수 있습니다.
테스트 이미지 한 장의 잠재 벡터 $h(x)$에서 출발해 차원 $d$ 하나만 그 차원의 표준편차 $\sigma_d$(1장의 시그모이드가 아닙니다)의 $-2$배부터 $+2$배까지 바꾸고,

$$
\hat{x}(s) = g\big(h(x) + s\,\sigma_d\, e_d\big), \qquad s \in \{-2, -1.5, \dots, 2\}
$$

를 그립니다($e_d$는 $d$번째 단위 벡터). 출발점은 첫 번째 테스트 이미지(숫자 7)입니다. 한 줄이 한 차원이고,
빨간 테두리를 친 가운데 열($s = 0$)은 원래 이미지를 복원한 것입니다.
""", en=r"""
### Moving along one dimension

The table alone does not tell us what a dimension means, but we can ask the decoder. Start from the latent
vector $h(x)$ of one test image, change only dimension $d$ from $-2$ to $+2$ times that dimension's standard
deviation $\sigma_d$ (a standard deviation, not chapter 1's sigmoid), and draw

$$
\hat{x}(s) = g\big(h(x) + s\,\sigma_d\, e_d\big), \qquad s \in \{-2, -1.5, \dots, 2\},
$$

where $e_d$ is the $d$-th unit vector. We start from the first test image, a 7. Each row is one dimension;
the middle column in the red frame ($s = 0$) is the reconstruction of the original image.
"""),
    code("""
anchor = 0                                   # the first test image, a 7
steps = torch.linspace(-2, 2, 9)
std = z.std(0)
codes = z[anchor].repeat(10, len(steps), 1)  # [dimension, step, latent]
for d in range(10):
    codes[d, :, d] += steps * std[d]
with torch.no_grad():
    traversal = model.decoder(codes.view(-1, 10))

title = {"ko": "한 줄에 한 차원씩: 열은 s (σ의 배수)",
         "en": "one row per dimension; columns: s (in σ)"}[plots.language()]
# row label: the dimension that moves; column label: s
ax = plots.image_grid(traversal, rows=10, cols=len(steps), title=title,
                      row_labels=[str(d) for d in range(10)],
                      col_labels=[f"{s:g}" for s in steps.tolist()])
cell = 28 + 1                                # a tile and the 1-pixel gap after it
ax.add_patch(plt.Rectangle((4 * cell + 0.5, 0.5), cell, 10 * cell,   # column s = 0
                           fill=False, ec="C3", lw=1.5))
plt.show()
""", alt={
        "ko": "디코더가 그린 이미지 격자로, 한 줄이 잠재 차원 하나(0–9)이고 아홉 열은 −2σ부터 +2σ까지입니다. 출발점은 첫 번째 테스트 이미지(7)이고 빨간 테두리의 가운데 열이 그 복원입니다. 대부분의 줄은 획의 굵기나 기울기를 바꾸고, 0번·9번 같은 몇몇 줄은 한쪽 끝에서 7을 다른 숫자에 가까운 모양으로 바꿉니다.",
        "en": "A grid of decoded images, one row per latent dimension 0–9, nine columns from −2σ to +2σ, starting from the first test image, a 7; the red-framed middle column is its reconstruction. Most rows change stroke width or slant; a few, such as rows 0 and 9, turn the 7 towards another digit at one end."}),
    md(ko=r"""
대부분의 차원은 획의 굵기나 기울어진 정도, 위쪽 가로획의 각도를 바꿉니다. 그런데 몇몇 차원(예를 들어 0번과 9번 줄)은 한쪽 끝으로 가면
7을 아예 다른 숫자(2나 3 같은)에 가까운 모양으로 바꿉니다.
한 차원이 딱 하나의 속성만 맡지는 않습니다. 오토인코더에게는 서로 독립적인 요인을 따로따로 나누어 담도록 강제하는 장치가 없으므로,
"숫자의 종류"와 "쓰는 방식"이 여러 차원에 섞여 들어갑니다. 그래서 차원 하나를 보는 대신 잠재 공간 전체의 **기하**,
즉 어떤 점들이 서로 가까운지를 살펴봐야 합니다.
""", en=r"""
Most dimensions change the stroke width, the slant or the angle of the top bar; but a few (rows 0 and 9, for example), at one end of
their range, turn the 7 into something closer to another digit, such as a 2 or a 3. No dimension owns
exactly one property: nothing pushes an autoencoder to separate independent factors, so "which digit" and
"how it was written" are mixed across several dimensions. That is why, rather than reading single dimensions,
we look at the **geometry** of the whole latent space: which points are close to which.
"""),
    md(ko=r"""
## 평면에 투영해 보기: PCA

10차원은 눈으로 볼 수 없으니 평면으로 투영합니다. 가장 단순한 방법은 **주성분 분석**(PCA)입니다.
평균을 뺀(중심화한) 데이터의 공분산 행렬 $\Sigma$에서 고윳값이 가장 큰 두 고유벡터 $u_1, u_2$를 찾고,
각 점을 $(u_1^\top (h - \bar h),\; u_2^\top (h - \bar h))$로 옮깁니다($\bar h$는 점들의 평균이고, 픽셀이면 $h$ 대신 $x$). 분산이 가장 큰 두 방향으로의 선형 투영입니다.

아래 그림은 같은 PCA를 픽셀(784차원)과 잠재 벡터(10차원)에 각각 적용하고, 점마다 **실제 숫자**(레이블)에 따라 색을 칠한 것입니다.
색은 진단용일 뿐, 투영에는 레이블이 쓰이지 않았습니다.
""", en=r"""
## A view from above: PCA

We cannot look at ten dimensions, so we project onto a plane. The simplest way is **principal component
analysis** (PCA): take the two eigenvectors $u_1, u_2$ of the centred data's covariance matrix $\Sigma$ with the
largest eigenvalues, and map each point to $(u_1^\top (h - \bar h),\; u_2^\top (h - \bar h))$, where $\bar h$ is the
mean of the points (for pixels, read $x$ for $h$): the linear projection onto the two directions of largest variance.

The figure applies the same PCA to the pixels (784 dimensions) and to the latents (10 dimensions), colouring
each point by its **true digit**. The colours are only for diagnosis: the projection never sees a label.
"""),
    code("""
from sklearn.decomposition import PCA

pixels = test_x.flatten(1).numpy()
latents = z.double().numpy()   # float64: k-means ends alike on every CPU and BLAS
names = {"ko": ("픽셀 공간 (784차원)", "잠재 공간 (10차원)"),
         "en": ("pixel space (784-D)", "latent space (10-D)")}[plots.language()]
axis_names = {"ko": ("주성분 1", "주성분 2"), "en": ("PC 1", "PC 2")}[plots.language()]

fig, axes = plots.subplots(1, 2, width=6.2, height=3.4)
for ax, features, name, space in zip(axes, (pixels, latents), names, ("pixels", "latents")):
    pca = PCA(n_components=2, random_state=0).fit(features)
    plots.scatter_2d(pca.transform(features), test_y.numpy(), ax=ax, title=name,
                     legend=space == "latents")
    ax.set(xlabel=axis_names[0], ylabel=axis_names[1])
    print(f"{space}: the first two components explain "
          f"{pca.explained_variance_ratio_.sum():.1%} of the variance")
plt.show()
""", tags=["nbval-check-output"], alt={
        "ko": "테스트 이미지를 PCA로 평면에 투영하고 실제 숫자에 따라 색칠한 산점도 두 개로, 왼쪽은 픽셀 공간(784차원), 오른쪽은 잠재 공간(10차원)입니다. 잠재 공간 쪽이 더 정돈되어 1과 0, 4·7·9가 섞인 무리가 비교적 따로 떨어지지만, 두 그림 모두 숫자들이 많이 겹칩니다.",
        "en": "Two scatter plots of the test images on their first two principal components, coloured by true digit: left from pixel space (784-D), right from latent space (10-D). The latent view is tidier, with the 1s, the 0s and a mixed group of 4s, 7s and 9s somewhat apart, but digits overlap heavily in both."}),
    md(ko=r"""
잠재 공간 쪽이 더 정돈되어 보입니다. 1과 0, 그리고 4·7·9가 섞인 무리가 비교적 따로 떨어져 나옵니다. 그래도 두 축만으로는 두 그림 모두에서 숫자들이 많이 겹칩니다.
두 축이 설명하는 분산은 픽셀에서 20%도 안 되고, 10차원 잠재 공간에서도 절반이 안 되기 때문입니다.
겹쳐 보인다고 해서 10차원에서도 겹친다는 뜻은 아닙니다. 선형 투영은 휘어진 구조를 펼치지 못하므로,
가까운 이웃 관계를 보존하는 비선형 방법인 **t-SNE** {cite:p}`vandermaaten2008tsne`로 보면 그림이 훨씬 또렷해집니다. t-SNE는 6장에서 다룹니다.
이 장에서는 그림 대신 **거리를 직접 재서** 비교하겠습니다.
""", en=r"""
The latent view is tidier: the 1s, the 0s and a mixed group of 4s, 7s and 9s stand somewhat apart. Still, with only two axes the digits
overlap heavily in both views: the first two components explain less than 20% of the pixel variance and less than
half of the latent variance. Overlap in the picture does not mean
overlap in ten dimensions. A linear projection cannot unfold curved structure; **t-SNE**
{cite:p}`vandermaaten2008tsne`, a non-linear method that preserves local neighbourhoods, paints a much clearer
picture, and chapter 6 is devoted to it. Here we compare the two spaces by **measuring distances** instead.
"""),
    md(ko=r"""
## 최근접 이웃: 어느 쪽 "가까움"이 더 믿을 만한가

k-평균은 거리만 봅니다. 그러니 "가까운 이미지는 같은 숫자인가?"라는 질문이 곧 "k-평균이 잘 될 것인가?"라는 질문의 핵심입니다.
질의 이미지 $q$에 대해 유클리드 거리로 가장 가까운 $k$장의 집합을 $N_k(q)$라고 하고(여기서 $k$는 이웃의 수이며, k-평균의 군집 수가 아닙니다),
픽셀 공간에서는 $\lVert x_q - x_j \rVert$, 잠재 공간에서는 $\lVert h(x_q) - h(x_j) \rVert$로 이웃을 찾습니다.
`torch.cdist`가 모든 쌍의 거리를 한 번에 계산하고, 질의 자신은 이웃에서 뺍니다.

먼저 몇 개의 예를 눈으로 봅시다. 테스트 이미지 앞쪽 1,000장 가운데 **두 공간의 판단이 가장 크게 엇갈리는** 질의를
골랐습니다. 잠재 공간이 이기는 예 두 개와 픽셀 공간이 이기는 예 두 개입니다. 일부러 고른 예이므로, 전체 그림은 바로 뒤의 측정으로 판단합니다.
각 줄의 맨 왼쪽(검은 선 앞)이 질의이고, 그 오른쪽이 가까운 순서대로 7개의 이웃입니다. 질의와 다른 숫자인 이웃은
빨간 테두리로 표시했습니다.
""", en=r"""
## Nearest neighbours: whose "close" can we trust?

k-means looks at nothing but distances, so "are close images the same digit?" is the heart of "will k-means
work?". For a query image $q$ let $N_k(q)$ be the set of its $k$ nearest images by Euclidean distance (here $k$ counts
neighbours, not the clusters of k-means):
$\lVert x_q - x_j \rVert$ in pixel space, $\lVert h(x_q) - h(x_j) \rVert$ in latent space. `torch.cdist` computes
all pairwise distances at once, and the query itself is excluded from its neighbours.

First, a few examples to look at. Among the first 1,000 test images we picked the queries on which **the two
spaces disagree most**: two where latent space wins and two where pixel space wins. Because they are hand-picked,
judge the overall picture by the measurement that follows. In each row the leftmost image (before the black line)
is the query, followed by its 7 nearest neighbours, closest first; a red frame marks a neighbour of another digit.
"""),
    code("""
def neighbours(features: torch.Tensor, queries: torch.Tensor, k: int) -> torch.Tensor:
    \"\"\"Indices of the k nearest rows of `features` to each query row (not itself).\"\"\"
    distances = torch.cdist(features[queries], features)
    distances[torch.arange(len(queries)), queries] = float("inf")
    return distances.topk(k, largest=False).indices

pixel_features, latent_features = test_x.flatten(1), z
queries = torch.arange(1000)
k = 7
digit = test_y[queries, None]
same_pixel = (test_y[neighbours(pixel_features, queries, k)] == digit).sum(1)
same_latent = (test_y[neighbours(latent_features, queries, k)] == digit).sum(1)
gap = same_latent - same_pixel
order = torch.argsort(gap, descending=True, stable=True)
# two queries where latents win, two where pixels win
shown = torch.cat([order[:2], order.flip(0)[:2]])
print("query indices:", shown.tolist(), " digits:", test_y[shown].tolist())
print("same-digit neighbours (of 7), pixel:", same_pixel[shown].tolist(),
      " latent:", same_latent[shown].tolist())
""", tags=["nbval-check-output"]),
    code("""
titles = {"ko": ("픽셀 공간의 이웃", "잠재 공간의 이웃"),
          "en": ("neighbours in pixel space",
                 "neighbours in latent space")}[plots.language()]
fig, axes = plots.subplots(2, 1, width=5.2, height=2 * (0.65 * len(shown) + 0.45))
spaces = {"pixel": pixel_features, "latent": latent_features}
cell = 28 + 1                                  # a tile and the 1-pixel gap after it
for ax, space, title in zip(axes, spaces, titles):
    # the query, then its 7 neighbours
    rows = torch.cat([shown[:, None], neighbours(spaces[space], shown, k)], dim=1)
    plots.image_grid(test_x[rows.flatten()], rows=len(shown), cols=k + 1, ax=ax,
                     title=title)
    ax.axvline(cell + 0.5, color="black", lw=2)
    for r, c in (test_y[rows] != test_y[rows[:, :1]]).nonzero().tolist():
        ax.add_patch(plt.Rectangle((c * cell + 0.5, r * cell + 0.5), cell, cell,
                                   fill=False, ec="C3", lw=1.5))   # another digit
    print(f"neighbours in {space} space, labels:")
    for row in test_y[rows].tolist():
        print("  ", row)
plt.show()
""", tags=["nbval-check-output"], hide=True, alt={
        "ko": "픽셀 공간의 이웃(위)과 잠재 공간의 이웃(아래)을 보인 격자로, 네 줄 각각의 맨 왼쪽이 질의이고 검은 선 뒤로 가까운 이웃 7개가 이어지며, 질의와 다른 숫자인 이웃에는 빨간 테두리가 있습니다. 위쪽이 납작한 3과 흐린 8은 픽셀 공간에서 7과 1을 이웃으로 얻지만 잠재 공간에서는 자기 숫자를 얻고, 흔치 않게 쓴 두 7은 잠재 공간에서 8과 9를 얻습니다.",
        "en": "Two grids, neighbours in pixel space (top) and in latent space (bottom): each of four rows is a query, then, after a black line, its 7 nearest neighbours, with a red frame around each neighbour of another digit. A flat-topped 3 and a faint 8 get 7s and 1s in pixel space but their own digit in latent space; two unusual 7s get 8s and 9s in latent space."}),
    md(ko=r"""
픽셀 공간은 "잉크가 같은 자리에 찍혔는가"를 봅니다. 거리를 풀어 쓰면

$$
\lVert x - x' \rVert^2 = \lVert x \rVert^2 + \lVert x' \rVert^2 - 2\, x^\top x'
$$

이므로, 잉크가 적은(노름이 작은) 이미지끼리는 겹치는 획이 거의 없어도 가깝습니다. 둘째 줄이 그 예입니다.
가늘고 흐리게 쓴 8의 이웃으로 잉크가 적은 1들이 줄줄이 딸려 옵니다. 첫 줄은 위쪽을 납작하게 쓴 3인데, 그 가로획이 7의 가로획 자리에 놓여
픽셀 공간의 이웃은 거의 다 7입니다. 잠재 공간은 디코더가 다시 그릴 수 있도록 정리된 표현이므로 굵기나 위치가 조금 달라도 같은 숫자를 모읍니다.
두 질의 모두 잠재 공간에서는 이웃이 대부분 자기 숫자입니다.

물론 잠재 공간도 틀립니다. 아래 두 줄의 질의는 흔치 않게 쓴 7입니다. 하나는 가운데에 가로줄을 그었고, 다른 하나는 윗부분이 9의 고리처럼 말려 있습니다.
잠재 공간에서 가로줄 그은 7의 이웃은 대부분 8이고, 윗부분이 고리처럼 말린 7의 이웃은 통째로 9 쪽으로 넘어갑니다.
반면 픽셀 공간은 획이 실제로 겹치는 7들을 여전히 찾아냅니다. 잠재 공간은 "무엇처럼 보이는가"를, 픽셀 공간은 "어디에 잉크가 있는가"를 잽니다.

이제 앞쪽 1,000장을 모두 질의로 써서 **같은 숫자 이웃 비율**을 잽니다.

$$
\text{purity}_k = \frac{1}{|Q|}\sum_{q \in Q} \frac{1}{k} \sum_{j \in N_k(q)} \mathbb{1}[\,y_j = y_q\,]
$$

여기서 $Q$는 질의로 쓴 1,000장, $N_k(q)$는 질의 $q$의 가장 가까운 이웃 $k$장, $y_j$는 이미지 $j$의 실제 숫자, $\mathbb{1}[\cdot]$은 괄호 안이 참이면 1, 거짓이면 0입니다. $k$를 1부터 100까지 키우면서 두 공간을 비교합니다.
""", en=r"""
Pixel space asks "did the ink land on the same pixels?". Expanding the distance,

$$
\lVert x - x' \rVert^2 = \lVert x \rVert^2 + \lVert x' \rVert^2 - 2\, x^\top x',
$$

shows that two images with little ink (small norms) are close even when their strokes barely overlap. The second
row is an example: a thin, faint 8 gets a train of low-ink 1s as neighbours. The first row is a 3 with a flat top
whose bar lies where a 7's bar would be, and its neighbours in pixel space are nearly all 7s. Latent space is a
representation organised so that the decoder can redraw the image, so it groups the same digit even when stroke
width or position differ a little: there, both queries get mostly neighbours of their own digit.

Latent space makes mistakes too. The queries of the bottom two rows are 7s written in a less common way: one with a
crossbar, one whose top curls like the loop of a 9. In latent space the crossed 7's neighbours are mostly 8s, and
the curled 7's whole neighbourhood moves over to the 9s, while pixel space still finds the 7s whose strokes really
overlap. Latent space measures "what does it look like", pixel space "where is the ink".

Now we use all of the first 1,000 test images as queries and measure the **fraction of same-digit neighbours**

$$
\text{purity}_k = \frac{1}{|Q|}\sum_{q \in Q} \frac{1}{k} \sum_{j \in N_k(q)} \mathbb{1}[\,y_j = y_q\,],
$$

where $Q$ is the set of 1,000 query images, $N_k(q)$ the $k$ nearest neighbours of query $q$, $y_j$ the true digit of image $j$, and $\mathbb{1}[\cdot]$ is 1 when the bracket holds and 0 otherwise. We compare the two spaces as $k$ grows from 1 to 100.
"""),
    code("""
ks = [1, 5, 10, 20, 50, 100]
purity = {}
for name, features in (("pixel", pixel_features), ("latent", latent_features)):
    # [1000, 100], sorted by distance
    hits = test_y[neighbours(features, queries, max(ks))] == test_y[queries, None]
    purity[name] = [hits[:, :k].float().mean().item() for k in ks]
print("  k   pixel  latent")
for k, p, l in zip(ks, purity["pixel"], purity["latent"]):
    print(f"{k:3d}   {p:.3f}  {l:.3f}")
""", tags=["nbval-check-output"]),
    code("""
fig, ax = plt.subplots(figsize=(6, 3.4))
labels = {"ko": ("픽셀 공간", "잠재 공간"),
          "en": ("pixel space", "latent space")}[plots.language()]
for (name, values), label in zip(purity.items(), labels):
    ax.plot(ks, values, marker="o", label=label)
ax.set(xscale="log", ylim=(0.5, 1),
       xlabel={"ko": "이웃 수 k", "en": "number of neighbours k"}[plots.language()],
       ylabel={"ko": "같은 숫자 이웃 비율", "en": "same-digit fraction"}[plots.language()])
ax.set_xticks(ks, ks)
ax.legend(loc="lower left")
plt.show()
""", hide=True, alt={
        "ko": "이웃 수 k(1부터 100까지, 로그 축)에 따른 같은 숫자 이웃 비율을 픽셀 공간과 잠재 공간에서 그린 선 그래프입니다. 잠재 공간이 k = 1에서부터 앞서고, 픽셀 공간의 곡선이 훨씬 빨리 떨어져 k가 커질수록 차이가 벌어집니다.",
        "en": "Line plot of the same-digit fraction among the k nearest neighbours against k from 1 to 100 on a log axis, for pixel space and latent space. Latent space is ahead from k = 1 on, and the gap widens as k grows because the pixel-space curve falls much faster."}),
    md(ko=r"""
결과에서 두 가지를 읽을 수 있습니다.

1. **아주 가까운 이웃은 픽셀 공간에서도 꽤 믿을 만합니다.** MNIST에서 원시 픽셀의 최근접 이웃 분류기가 제법 잘 동작한다는 것은
   오래전부터 알려진 사실입니다 {cite:p}`lecun1998mnist`. 그래도 잠재 공간이 $k = 1$에서부터 앞섭니다.
2. **이웃을 넓힐수록 차이가 벌어집니다.** 픽셀 공간에서는 $k$가 커지면 같은 숫자 비율이 빠르게 떨어지지만, 잠재 공간에서는 훨씬 천천히 떨어집니다.
   그럴 법한 그림은 이렇습니다(이 실험이 직접 보여 주는 것은 아닙니다). 픽셀 공간에서 한 숫자의 이미지들은 가까운 것끼리만 사슬처럼 이어진 길고 휘어진 모양을 이루므로, 조금만 멀리 가도 다른 숫자가 섞입니다.

k-평균은 중심점 하나가 군집 전체(여기서는 숫자 하나당 약 1,000장)를 대표해야 하는 방법입니다. 즉 **넓은 범위에서** 거리가 의미 있어야 합니다.
그래서 k-평균에는 두 번째 관찰이 결정적입니다.
""", en=r"""
Two things stand out.

1. **The very nearest neighbours are fairly trustworthy even in pixel space.** That nearest-neighbour
   classifiers on raw pixels do well on MNIST has long been known {cite:p}`lecun1998mnist`. Still, latent space
   is ahead from $k = 1$ on.
2. **The gap widens as the neighbourhood grows.** In pixel space the same-digit fraction falls quickly with $k$;
   in latent space it falls much more slowly. A plausible picture, which this experiment does not show directly: in pixel space one digit forms a long, curved shape held together only by chains of close neighbours, so going a little further away already brings in other digits.

k-means asks a single centroid to stand for a whole cluster (about 1,000 images per digit here), so distances
must be meaningful **over a wide range**. That is why the second observation is the decisive one for k-means.
"""),
    md(ko=r"""
## 두 숫자 사이를 보간하기

잠재 공간이 "숫자다운 이미지"의 공간이라면, 두 점 사이의 길 위도 숫자다운 이미지로 채워져 있어야 합니다.
두 테스트 이미지 $x_a, x_b$의 잠재 벡터를 직선으로 잇고 디코더로 그려 봅니다.

$$
\hat{x}_t = g\big((1 - t)\,h(x_a) + t\,h(x_b)\big), \qquad t \in [0, 1]
$$

비교 대상은 픽셀을 그대로 섞는 $x_t = (1 - t)\,x_a + t\,x_b$입니다.
""", en=r"""
## Interpolating between two digits

If latent space is a space of "digit-like images", the path between two of its points should be lined with
digit-like images too. We join the latent vectors of two test images $x_a, x_b$ by a straight line and decode it:

$$
\hat{x}_t = g\big((1 - t)\,h(x_a) + t\,h(x_b)\big), \qquad t \in [0, 1].
$$

For comparison, we blend the pixels directly: $x_t = (1 - t)\,x_a + t\,x_b$.
"""),
    code("""
pairs = [(1, 0), (3, 7)]        # test images: a 2 to a 7, and a 0 to a 9
t = torch.linspace(0, 1, 10)[:, None]
rows = []
for a, b in pairs:
    latent_path = (1 - t) * z[a] + t * z[b]
    with torch.no_grad():
        rows.append(model.decoder(latent_path))
    s = t[:, :, None, None]
    rows.append((1 - s) * test_x[a] + s * test_x[b])
print("pairs (digits):", [(test_y[a].item(), test_y[b].item()) for a, b in pairs])

names = {"ko": ("잠재 공간 보간", "픽셀 섞기"),
         "en": ("latent interpolation", "pixel blending")}[plots.language()]
fig, axes = plt.subplots(len(rows), 1, figsize=(6.5, 1.1 * len(rows) + 0.8))
for i, (ax, images) in enumerate(zip(axes, rows)):
    plots.image_grid(images, rows=1, cols=len(t), ax=ax, title=names[i % 2])
plt.tight_layout()
plt.show()
""", alt={
        "ko": "열 장씩 네 줄로, 2에서 7로 가는 잠재 공간 보간과 픽셀 섞기, 0에서 9로 가는 같은 두 줄입니다. 픽셀 섞기의 중간은 두 숫자를 겹쳐 찍은 이중 노출이지만, 잠재 공간 보간은 한 숫자를 다른 숫자로 변형해 가며, 2에서 7로 가는 길 중간에는 3이 나타납니다.",
        "en": "Four rows of ten images: latent interpolation and pixel blending from a 2 to a 7, then the same from a 0 to a 9. Pixel blending gives double exposures in the middle; latent interpolation morphs one connected digit into the other, and the path from 2 to 7 passes through 3s."}, tags=["nbval-check-output"]),
    md(ko=r"""
픽셀 섞기의 중간 이미지는 두 숫자를 겹쳐 찍은 **이중 노출**일 뿐, 어떤 숫자로도 보이지 않습니다.
잠재 공간 보간은 중간에서도 한 개의 획으로 이어진 숫자 모양을 유지하며 한 숫자에서 다른 숫자로 **변형**되어 갑니다.
디코더가 학습 데이터와 비슷한 이미지만 그리도록 배웠기 때문입니다. 0은 고리가 점점 작아지고 아래로 꼬리가 자라나 9가 됩니다.

2에서 7로 가는 길에서는 더 흥미로운 일이 일어납니다. 중간의 이미지들이 **3**입니다. 잠재 공간에서 2와 7 사이의 직선이
3의 영역을 가로지른다는 뜻이고, 숫자들의 영역이 잠재 공간에서 서로 맞닿아 있다는 뜻이기도 합니다.
군집화에는 이것이 경고입니다. 영역 사이에 뚜렷한 빈틈이 없으면 k-평균이 경계를 어디에 그을지가 불안정해집니다.
딥 K-평균의 군집 손실은 바로 이 빈틈을 만들려는 장치입니다.
""", en=r"""
The middle of the pixel blend is a **double exposure** of the two digits; it does not look like any digit.
The latent interpolation keeps a single connected stroke all the way and **morphs** one digit into the other,
because the decoder has learned to draw only images that resemble its training data: the 0's loop gradually
shrinks and grows a tail until it is a 9.

On the way from 2 to 7 something more interesting happens: the images in the middle are **3s**. The straight line
between a 2 and a 7 crosses the region of the 3s, which tells us that the digits' regions touch each other in
latent space. For clustering this is also a warning: without clear gaps between regions, where k-means draws its
boundaries becomes fragile. The clustering loss of Deep K-means is there precisely to open such gaps.
"""),
    md(ko=r"""
## 픽셀에 k-평균, 잠재 벡터에 k-평균

이제 이 장의 핵심 실험입니다. 같은 k-평균 {cite:p}`lloyd1982kmeans`을, 즉

$$
\min_{\mu_1, \dots, \mu_{10}} \sum_{i} \min_{j} \lVert v_i - \mu_j \rVert^2
$$

을 $v_i = x_i$ (픽셀)와 $v_i = h(x_i)$ (잠재 벡터)에 각각 적용합니다. k-평균은 두 단계를 번갈아 되풀이합니다. 각 점을 가장 가까운 중심점 $\mu_j$에 할당하고, 각 중심점을 자기에게 할당된 점들의 평균으로 옮깁니다. 목적 함수는 어느 단계에서도 늘지 않지만, 어디서 출발했느냐에 따라 서로 다른 국소 최솟값에서 멈출 수 있습니다(3장에서 k-평균을 한 단계씩 살펴봅니다). 군집 번호는 임의의 이름이므로 평가는 3장에서 자세히 다룰
세 지표로 합니다. **정확도**(ACC)는 군집마다 숫자 이름을 하나씩, 겹치지 않게 붙이되 맞는 이미지가 가장 많아지도록 붙인 뒤(이 짝은
헝가리안 매칭이 찾습니다) 맞은 이미지의 비율입니다. **정규화 상호 정보량**(NMI)은 이미지의 군집을 알면 그 숫자에 대해 얼마나 알게 되는지를 재며,
아무것도 알 수 없으면 0입니다. **조정 랜드 지수**(ARI)는 이미지 쌍을 봅니다. 같은 숫자의 쌍이 같은 군집에, 다른 숫자의 쌍이 다른 군집에 들어간
정도를 재되, 무작위 군집이면 0 안팎이 되도록 보정합니다. 셋 다 1이 완벽한 값입니다.

scikit-learn의 `KMeans`는 k-평균++(서로 멀리 떨어진 데이터 점을 골라 출발하는 초기화, 3장)로 초기 중심점을 뽑고 `n_init`번 다시 시작해 목적 함수(관성, inertia)가 가장 낮은 결과를 고릅니다.
784차원 픽셀에서는 계산이 무거우므로 재시작을 3번만 합니다.
""", en=r"""
## k-means on pixels, k-means on latents

Now the key experiment of this chapter. We run the same k-means {cite:p}`lloyd1982kmeans`,

$$
\min_{\mu_1, \dots, \mu_{10}} \sum_{i} \min_{j} \lVert v_i - \mu_j \rVert^2,
$$

once with $v_i = x_i$ (pixels) and once with $v_i = h(x_i)$ (latents). k-means alternates two steps: assign each point to its nearest centroid $\mu_j$, then move each centroid to the mean of its points. The objective never rises from one step to the next, but where it stops, in which local minimum, depends on where it started (chapter 3 goes through k-means step by step). Cluster numbers are arbitrary names, so we
score with the three measures that chapter 3 explains in detail. **Accuracy (ACC)** names each cluster after a
different digit, in the way that makes the most images correct (a Hungarian matching finds it), and counts the
images named correctly. **Normalised mutual information (NMI)** measures how much knowing an image's cluster tells
you about its digit, 0 for nothing. **The adjusted Rand index (ARI)** looks at pairs of images: how often two of
the same digit share a cluster and two different digits do not, corrected so that random clusters score about 0.
For all three, 1 is perfect.

scikit-learn's `KMeans` starts from well spread-out data points (k-means++, chapter 3), restarts `n_init` times and keeps the run with the
lowest objective (the inertia). On 784-D pixels this is heavy, so we restart only 3 times.
"""),
    code("""
from sklearn.cluster import KMeans

from dkm_lib import ari, cluster_acc, nmi

def scores(y_pred) -> str:
    return (f"ACC {cluster_acc(test_y, y_pred):.3f}  NMI {nmi(test_y, y_pred):.3f}"
            f"  ARI {ari(test_y, y_pred):.3f}")

kmeans_pixels = KMeans(n_clusters=10, n_init=3, random_state=0).fit(pixels)
kmeans_latents = KMeans(n_clusters=10, n_init=3, random_state=0).fit(latents)
print("k-means on pixels: ", scores(kmeans_pixels.labels_))
print("k-means on latents:", scores(kmeans_latents.labels_))
""", tags=["nbval-check-output"]),
    code("""
titles = {"ko": ("픽셀에 k-평균", "잠재 벡터에 k-평균"),
          "en": ("k-means on pixels", "k-means on latents")}[plots.language()]
fig, axes = plots.subplots(2, 1, width=4.8, height=8.8)
for ax, km, name in zip(axes, (kmeans_pixels, kmeans_latents), titles):
    plots.plot_confusion(test_y.numpy(), km.labels_, ax=ax)
    ax.set_title(name)
plt.tight_layout()
plt.show()
""", hide=True, alt={
        "ko": "혼동 행렬 두 개로, 행은 군집(군집→짝지은 숫자), 열은 실제 숫자이며 칸마다 개수가 적혀 있습니다. 위는 픽셀에 k-평균, 아래는 잠재 벡터에 k-평균입니다. 잠재 벡터 쪽은 대각선이 훨씬 뚜렷하고, 픽셀 쪽은 4·7·9를 세 군집에 뒤섞고 3·5·8을 한데 섞으며 1을 두 군집으로 쪼갭니다.",
        "en": "Two confusion matrices of clusters (rows, labelled cluster→matched digit) against true digits, with counts: k-means on pixels above, on latents below. The latent one is far more diagonal; on pixels 4, 7 and 9 are scattered over three mixed clusters, 3, 5 and 8 are lumped together and the 1s split in two."}),
    md(ko=r"""
정확도가 약 0.54에서 0.8을 훌쩍 넘는 값으로 뛰어오릅니다. 데이터도, 군집 알고리즘도 똑같고 **표현만** 바뀌었습니다.
혼동 행렬의 행 이름 `6→0`은 "군집 6, 숫자 0과 짝지음"이라는 뜻입니다(군집과 숫자를 짝짓는 방법은 3장에서 봅니다). 혼동 행렬을 보면 픽셀 k-평균은 4·7·9를 세 군집에 뒤섞고, 3·5·8을 또 한데 섞고, 1은 두 군집으로 쪼갭니다.
잠재 공간에서는 대각선이 훨씬 뚜렷합니다. 남은 오류 중 상당수는 3과 5, 7과 9, 4와 9, 3과 8처럼 생김새가 실제로 비슷한 쌍에서 나옵니다.

### 재시작마다 달라지는 결과

잠재 벡터 위의 k-평균은 빠르므로 초기화만 바꿔 여러 번 돌려 볼 수 있습니다. `n_init=1`로 시드 10개를 돌리면
k-평균이 어느 **국소 최솟값**에 이르느냐에 따라 정확도가 크게 달라집니다. 표는 관성(목적 함수 값)이 낮은 순서로 정렬했습니다.
""", en=r"""
Accuracy jumps from about 0.54 to well above 0.8. Same data, same clustering algorithm: **only the representation**
changed. A row label such as `6→0` in the confusion matrices reads "cluster 6, matched to digit 0" (chapter 3
shows how clusters are matched to digits). In the confusion matrices, k-means on pixels scatters 4, 7 and 9 over three mixed clusters, lumps 3, 5 and 8
together, and splits the 1s into two clusters. The latent-space matrix is far more diagonal; many of
its remaining errors come from pairs that really look alike: 3 and 5, 7 and 9, 4 and 9, 3 and 8.

### Results that change with every restart

k-means on latents is fast, so we can rerun it with nothing but a different initialisation. With `n_init=1` and
ten seeds, the accuracy swings widely depending on which **local minimum** k-means ends in. The table is sorted
by inertia (the value of the objective), lowest first.
"""),
    code("""
runs = []
for seed in range(10):
    km = KMeans(n_clusters=10, n_init=1, random_state=seed).fit(latents)
    runs.append((km.inertia_, cluster_acc(test_y, km.labels_)))
inertia, acc = np.array(runs).T
# 3 significant figures and 2 decimals: runs of one family differ by a few
# images, and which few changes with the CPU and its libraries
shown = np.round(inertia, -4)
# lowest first, ties by seed
for seed in np.lexsort((np.arange(10), shown)):
    print(f"seed {seed}: inertia {shown[seed] / 1e6:.2f} M  ACC {acc[seed]:.2f}")
near = inertia <= 1.001 * inertia.min()
print(f"{near.sum()} runs within 0.1% of the lowest inertia: "
      f"ACC {acc[near].min():.2f} to {acc[near].max():.2f}")
print(f"ACC over seeds: min {acc.min():.2f}  mean {acc.mean():.2f}  "
      f"max {acc.max():.2f}")
""", tags=["nbval-check-output"]),
    code("""
fig, ax = plt.subplots(figsize=(5.5, 3.4))
ax.scatter(inertia / 1e6, acc)   # in millions, as printed above ("2.76 M")
# a family (runs alike to the printed digits) draws one dot or two that touch: say how
# many runs it holds, beside it
families = np.round(np.c_[inertia / 1e6, acc], 2)
kinds, which, counts = np.unique(families, axis=0, return_inverse=True, return_counts=True)
for kind, count in enumerate(counts):
    if count > 1:
        members = which.ravel() == kind
        x, a = inertia[members].max() / 1e6, acc[members].mean()
        ax.annotate(f"×{count}", (x, a), xytext=(7, 4), textcoords="offset points")
ax.set(xlabel={"ko": "관성 (k-평균 목적 함수, 백만)",
               "en": "inertia (k-means objective, millions)"}[plots.language()],
       ylabel=plots.t("acc"), ylim=(0.5, 1))
plt.show()
""", hide=True, alt={
        "ko": "잠재 벡터에 k-평균을 열 번 재시작한 결과를 관성(k-평균 목적 함수)과 테스트 정확도(ACC)로 찍은 산점도입니다. 점은 세 무리로 나뉘며(여러 번의 재시작이 겹친 점에는 그 수를 ×5처럼 적었습니다), 관성이 가장 낮은 무리는 정확도가 0.9 가까이 되고 관성이 조금 더 높은 두 무리는 0.8에 못 미칩니다.",
        "en": "Scatter plot of test accuracy against inertia (the k-means objective) for ten k-means restarts on the latents. The points form three groups (a count such as ×5 marks a dot where several restarts ended): the group at the lowest inertia scores close to 0.9, the two groups at slightly higher inertia score below 0.8."}),
    md(ko=r"""
열 번의 재시작 결과는 세 무리로 나뉩니다(2.82 M의 네 번은 이미지 몇 장만 다르므로, 그림에서 맞닿은 점 두 개로 보일 수 있습니다). 다섯 번은 가장 낮은 관성(2.76 M)에 이르러 정확도 0.88을 얻고,
나머지 다섯 번은 관성이 2%쯤 높은 곳에서 멈춰 0.76–0.77에 그칩니다. 목적 함수의 2% 차이가 정확도로는 0.1이 넘는 차이인 셈입니다.
같은 잠재 공간에서도 k-평균이 어느 국소 최솟값에 이르느냐가 결과를 크게 좌우합니다.
이번에는 관성이 가장 낮은 분할이 정확도도 가장 높았지만, 그것은 규칙이 아닙니다. 나머지 두 무리에서는 순서가 거꾸로여서,
관성이 더 낮은 2.81 M의 분할(0.76)이 2.82 M의 분할(0.77)보다 정확도가 낮습니다.
k-평균은 "둥글고 비슷한 크기의 덩어리"를 찾을 뿐, 그 덩어리가 숫자와 맞아떨어진다는 보장은 없습니다.

### 학습 데이터에서 중심점을 구하면

이 책의 측정 표(8장)는 규칙을 하나 더 둡니다. 중심점은 오토인코더가 학습한 **학습 이미지 55,000장**(검증용 5,000장을 뺀 나머지)의
잠재 벡터에서 구하고(재시작 10번, 시드는 오토인코더의 시드), 테스트 이미지는 가장 가까운 중심점에 배정해 채점합니다.
라이브러리의 `kmeans_fit`이 바로 그 일을 하고, 아래 셀은 8장의 비교 실험이 하는 그대로 따라 합니다.
""", en=r"""
The ten restarts end in three families of partitions (the four runs at 2.82 M differ by a few images, so the figure
may draw them as two touching dots). Five reach the lowest inertia (2.76 M) and score
0.88; the other five stop at an inertia about 2% higher and score only 0.76-0.77. A difference of 2% in the
objective is worth more than 0.1 in accuracy: even within the same latent space, which local minimum k-means lands
in matters a great deal. This time the lowest inertia also gave the highest accuracy, but that is not a rule:
between the two other families the order is reversed, and the partition at 2.81 M (0.76) is less accurate than
those at 2.82 M (0.77). k-means looks for round blobs of similar size, and nothing promises that those blobs
line up with the digits.

### Fitting the centroids on the training set

The book's measurement table (chapter 8) adds one more rule: the centroids are fitted on the latents of the
**55,000 training images** the autoencoder learnt from (all but the 5,000 validation images; 10 restarts, seeded
with the autoencoder's seed), and each test image is assigned to its nearest centroid and scored. The library's
`kmeans_fit` does exactly that, and the next cell repeats what chapter 8's study does, step by step.
"""),
    code("""
from dkm_lib.cluster import kmeans_fit
from dkm_lib.model import pairwise_sq_dist

train_x, _ = load_mnist(train=True)
# the images the autoencoder was trained on, in float64 as the study does
train_latents = model.encode(train_x[keep]).double()
centres, _ = kmeans_fit(train_latents.numpy(), 10, seed=config["seed"])
test_pred = pairwise_sq_dist(z.double(), torch.as_tensor(centres)).argmin(1)
print("k-means fitted on train latents, scored on test:", scores(test_pred))
""", tags=["nbval-check-output"]),
    md(ko=r"""
테스트 이미지에서 직접 구했을 때와 값이 거의 같습니다(0.871 대 0.877). 학습 이미지의 잠재 벡터로 구한 중심점이
테스트 이미지에도 거의 그대로 들어맞는 것입니다. 다만 늘 이렇게 가깝다는 보장은 없습니다. 위의 재시작 실험에서 보았듯이
다른 국소 최솟값에 이르면 정확도가 0.1이나 달라지기도 합니다. 이 책의 측정 표는 이 "오토인코더 + k-평균" 2단계 기준선을 `ae_kmeans`라는 이름으로,
오토인코더의 시드 열 개에 대해 기록해 두었습니다(8장의 비교 실험). 위의 값은 그중 저장된 오토인코더의 시드(8)에 해당하는 줄과 같습니다.
""", en=r"""
The value is close to the one we got by fitting on the test images directly (0.871 against 0.877): centroids
fitted on the training latents serve the test images almost as well. Nothing guarantees that it is this close: as
the restarts above showed, another local minimum can cost 0.1. The book's measurement table records this two-stage
"autoencoder + k-means" baseline as `ae_kmeans`, for ten autoencoder seeds (chapter 8's study); the value above
matches the row of the seed our shipped autoencoder was trained with (seed 8).
"""),
    code("""
study = book.results("mnist")["study"]   # the records of chapter 8's study
for run in study["runs"]:
    if run["recipe"] == "ae_kmeans":
        test = run["test"]
        print(f"ae_kmeans, autoencoder seed {run['seed']}: ACC {test['acc']:.3f}"
              f"  NMI {test['nmi']:.3f}  ARI {test['ari']:.3f}")
row = next(row for row in study["rows"] if row["recipe"] == "ae_kmeans")
print(f"over {row['n']} seeds: ACC {row['acc_mean']:.3f} ± {row['acc_std']:.3f}, "
      f"from {row['acc_worst']:.3f} to {row['acc_best']:.3f}")
""", tags=["nbval-check-output"]),
    md(ko=r"""
오토인코더의 시드만 바꿔도 이 기준선은 약 0.70에서 0.87 사이를 오갑니다(열 시드에서 0.789 ± 0.055입니다. 이 책에서 ±는 어디서나 '평균 ± 시드 간 표준편차'를 뜻합니다).
저장된 오토인코더(시드 8)의 줄은 열 개 중 가장 높습니다. 이 오토인코더는 이 기준선이 아니라 개선 레시피 전체의 검증 점수를 보고 고른 것이지만(8장),
어쨌든 이 장에서 본 k-평균의 수치가 범위의 좋은 쪽 끝에 있다는 점은 기억해 두세요. 그래도 결론은 분명합니다.
**픽셀 대신 잠재 벡터를 쓰는 것만으로 k-평균의 정확도가 0.5대에서 0.7–0.9로 오릅니다.** 다만 그 값은 초기화와 시드에 따라 크게 흔들립니다.

여기서 남는 질문이 곧 딥 K-평균의 출발점입니다. 잠재 공간을 오토인코더에 맡겨 두지 말고,
**k-평균이 나누기 쉬운 모양이 되도록 함께 학습시키면** 더 좋아지지 않을까요? 3장에서 그 목적 함수를 세웁니다.
""", en=r"""
Changing nothing but the autoencoder's seed moves this baseline between about 0.70 and 0.87 (0.789 ± 0.055 over
the ten seeds: the mean ± the seeds' standard deviation, as everywhere in this book). The row of our shipped autoencoder, seed 8, is the highest of the ten. It was chosen for the
validation score of the whole improved recipe, not for this baseline (chapter 8), but it does mean that this
chapter's k-means numbers sit at the favourable end of the range. The conclusion is clear all the same:
**simply using latents instead of pixels lifts k-means from the 0.5s to 0.7-0.9**, though the exact value swings a
lot with the initialisation and the seed.

The question this leaves is where Deep K-means starts. Instead of leaving the latent space to the autoencoder
alone, what if we **trained it together with k-means**, so that it takes a shape k-means finds easy to split?
Chapter 3 sets up that objective.
"""),
    md(ko=r"""
## 스스로 확인하기

짧은 질문으로 이 장의 핵심을 점검합니다. 답을 펼치기 전에 먼저 스스로 답해 보세요.

1. 잠재 벡터의 한 차원이 "어떤 숫자인지"를 혼자 담고 있나요?

   :::{admonition} 답
   :class: dropdown
   아닙니다. 한 차원을 움직이면 획의 굵기나 기울어진 정도가 바뀌거나 다른 숫자 쪽으로 넘어가기도 합니다. 숫자의 종류는 여러 차원에 나뉘어 담깁니다.
   :::

2. 픽셀을 섞으면 이중 노출이 되는데 잠재 공간에서 보간하면 숫자다운 이미지가 나오는 까닭은 무엇인가요?

   :::{admonition} 답
   :class: dropdown
   잠재 공간의 경로 위 모든 점을 디코더가 그리는데, 디코더는 숫자다운 이미지만 그리도록 학습되었기 때문입니다. 픽셀 섞기는 두 이미지를 겹칠 뿐입니다.
   :::

3. k-평균의 목적 함수(관성)가 더 낮으면 정확도도 더 높은가요?

   :::{admonition} 답
   :class: dropdown
   꼭 그렇지는 않습니다. 이 장의 재시작 실험에서는 관성이 가장 낮은 다섯 번이 정확도도 가장 높았지만, 관성이 2.81 M인 분할은 관성이 더 높은 2.82 M의 분할보다 정확도가 낮았습니다. k-평균은 둥근 덩어리를 찾을 뿐 숫자를 찾지 않습니다.
   :::

## 요약

- 잠재 벡터 $h(x)$는 디코더가 이미지를 다시 그리는 데 필요한 정보, 곧 숫자의 종류와 쓰는 방식을 담습니다. 한 차원이 한 속성만 맡지는 않습니다.
- PCA 같은 선형 투영으로는 두 공간 모두 많이 겹쳐 보입니다. 비선형 투영(t-SNE)은 6장에서 다룹니다.
- 같은 숫자 이웃 비율은 잠재 공간이 픽셀 공간보다 높고, 이웃을 넓힐수록 차이가 커집니다. k-평균에 필요한 것이 바로 넓은 범위에서 의미 있는 거리입니다.
- 잠재 공간의 직선 보간은 숫자다운 이미지를 그리고, 픽셀 섞기는 이중 노출을 만듭니다.
- k-평균의 정확도는 픽셀에서 약 0.54, 잠재 벡터에서 0.7–0.9입니다. 그 값은 k-평균의 초기화와 오토인코더의 시드에 따라 크게 흔들립니다. 목적 함수(관성)가 낮다고 정확도가 꼭 높은 것도 아닙니다.
""", en=r"""
## Check yourself

Short questions on the chapter's key points: answer each one yourself before you read its answer.

1. Does one latent dimension hold "which digit" on its own?

   :::{admonition} Answer
   :class: dropdown
   No. Moving one dimension changes stroke thickness or slant, or turns the digit toward another one; the digit's identity is spread over several dimensions.
   :::

2. Why does blending pixels give a double exposure while interpolating latents gives digit-like images?

   :::{admonition} Answer
   :class: dropdown
   Every point on a latent path is drawn by the decoder, which has learnt to draw only digit-like images; a pixel blend just overlays two images.
   :::

3. Does a lower k-means objective (inertia) mean a higher accuracy?

   :::{admonition} Answer
   :class: dropdown
   Not necessarily. In this chapter's restarts the five runs with the lowest inertia were also the most accurate, but the partition at 2.81 M was less accurate than those with the higher inertia of 2.82 M. k-means looks for round blobs, not for digits.
   :::

## Summary

- The latent vector $h(x)$ holds what the decoder needs to redraw the image: which digit, and how it was written. No single dimension owns a single property.
- A linear projection such as PCA shows heavy overlap in both spaces; the non-linear view (t-SNE) comes in chapter 6.
- The fraction of same-digit neighbours is higher in latent space than in pixel space, and the gap grows with the neighbourhood. Distances over a wide range are exactly what k-means needs.
- Straight-line interpolation in latent space draws digit-like images; blending pixels makes double exposures.
- k-means reaches an accuracy of about 0.54 on pixels and 0.7-0.9 on latents; the value swings a lot with the k-means initialisation and the autoencoder's seed, and a lower objective (inertia) does not always mean a higher accuracy.
"""),
    md(ko=r"""
## 연습 문제

각 문제 아래에 **힌트**와 **풀이**가 있습니다. 먼저 직접 풀어 본 뒤 읽어 보세요. 코드 풀이는 대부분 다른 셀처럼
실행되고 테스트되므로, 자신의 결과를 실제 출력과 비교할 수 있습니다. 실행에 몇 분씩 걸리는 일부 풀이는 책을 만들 때 실행하지 않으며,
그 점을 밝히고 직접 실행할 코드를 보여 줍니다.

::::{exercise} 코사인 거리로 본 이웃
:label: ko-ex02-1
:nonumber:

최근접 이웃 비교를 코사인 거리로 바꿔 보세요(`torch.nn.functional.normalize`로 각 행을 단위 길이로 만든 뒤 `torch.cdist`). 픽셀 공간과 잠재 공간 중 어느 쪽이 더 많이 달라지나요? 그 이유는 무엇일까요?

:::{hint}
:class: dropdown
단위 길이로 만든 벡터 사이에서는 유클리드 거리와 코사인 거리가 이웃의 순서를 똑같이 매깁니다($\lVert a - b \rVert^2 = 2 - 2\cos\theta$). 위의 `neighbours` 함수를 그대로 쓰고, 이웃 7개 중 같은 숫자의 비율을 1,000개 질의에 대해 평균하세요.
:::
::::

:::{solution-start} ko-ex02-1
:class: dropdown
:::
""", en=r"""
## Exercises

Each exercise has a **hint** and a **solution** below it: try the exercise first, then read them. Most code
solutions run and are tested like every other cell, so you can check your own work against real output; the few
that take minutes say that they are not run when the book is built, and show the code to run yourself.

::::{exercise} Neighbours by cosine distance
:label: en-ex02-1
:nonumber:

Redo the nearest-neighbour comparison with cosine distance (make every row unit length with `torch.nn.functional.normalize`, then use `torch.cdist`). Which space changes more, and why?

:::{hint}
:class: dropdown
For unit-length vectors the Euclidean distance ranks neighbours exactly as the cosine distance does ($\lVert a - b \rVert^2 = 2 - 2\cos\theta$). Reuse the `neighbours` function above and average, over the 1,000 queries, the share of same-digit images among each query's 7 nearest neighbours.
:::
::::

:::{solution-start} en-ex02-1
:class: dropdown
:::
"""),
    code(r"""
import torch.nn.functional as F

def same_digit_share(features: torch.Tensor, k: int = 7) -> float:
    same = test_y[neighbours(features, queries, k)] == test_y[queries, None]
    return same.float().mean().item()

for name, features in (("pixels", pixel_features), ("latents", latent_features)):
    euclidean = same_digit_share(features)
    cosine = same_digit_share(F.normalize(features, dim=1))
    print(f"{name:8s} Euclidean {euclidean:.3f}   cosine {cosine:.3f}")
""", tags=['nbval-check-output']),
    md(ko=r"""
픽셀 공간이 더 많이 달라집니다(0.896 → 0.913). 잠재 공간은 거의 그대로입니다(0.932 → 0.934). 픽셀 벡터의 길이는 대체로 잉크의 양, 즉 획의 굵기와 숫자의 크기이므로, 길이로 나누어 그 차이를 없애면 굵기가 다른 같은 숫자끼리 가까워집니다. 잠재 공간에서는 방향만 보든 거리 전체를 보든 이웃이 거의 같게 나옵니다. 그래도 잠재 공간이 두 거리 모두에서 앞섭니다.

:::{solution-end}
:::

::::{exercise} 차원을 표준화한 k-평균
:label: ko-ex02-2
:nonumber:

각 잠재 차원을 표준화한 뒤(평균 0, 표준편차 1) k-평균을 다시 돌려 보세요. 정확도가 오르나요, 내리나요? 차원마다 폭이 다르다는 사실과 연결해 설명해 보세요.

:::{hint}
:class: dropdown
`(latents - latents.mean(0)) / latents.std(0)`로 표준화합니다. k-평균은 초기화에 따라 흔들리므로 한 번이 아니라 여러 `random_state`로 비교하세요.
:::
::::

:::{solution-start} ko-ex02-2
:class: dropdown
:::
""", en=r"""
Pixel space changes more (0.896 → 0.913); latent space hardly changes (0.932 → 0.934). The length of a pixel vector is mostly the amount of ink, i.e. stroke thickness and digit size, so dividing it out brings thick and thin versions of the same digit closer. In latent space, direction alone and full distance happen to give almost the same neighbours here. Latent space still leads under both distances.

:::{solution-end}
:::

::::{exercise} k-means on standardised dimensions
:label: en-ex02-2
:nonumber:

Standardise each latent dimension (zero mean, unit standard deviation) and run k-means again. Does accuracy go up or down? Relate your answer to the different widths of the dimensions.

:::{hint}
:class: dropdown
Standardise with `(latents - latents.mean(0)) / latents.std(0)`. k-means swings with its initialisation, so compare over several `random_state`s, not one run.
:::
::::

:::{solution-start} en-ex02-2
:class: dropdown
:::
"""),
    code(r"""
standard = (latents - latents.mean(0)) / latents.std(0)
print("width (std) of each latent dimension:",
      [round(float(v), 1) for v in latents.std(0)])
for name, features in (("latents", latents), ("standardised", standard)):
    accs = [cluster_acc(test_y, KMeans(n_clusters=10, n_init=1, random_state=s)
                        .fit(features).labels_)
            for s in range(5)]
    # 2 decimals: runs that land in one partition differ by a few images
    print(f"{name:13s} ACC over 5 initialisations: {np.round(accs, 2).tolist()}"
          f"  mean {np.mean(accs):.2f}")
""", tags=['nbval-check-output']),
    md(ko=r"""
위 출력에서 두 평균은 0.81로 같습니다. 표준화는 폭이 좁은 차원을 늘리고 넓은 차원을 줄여 모든 차원에 같은 발언권을 줍니다. 하지만 이 잠재 공간에서는 차원의 폭이 6.1에서 9.6 사이입니다. 그래서 어느 두 차원의 상대적인 크기도 많아야 1.6배쯤, k-평균이 더하는 거리 제곱으로는 2.5배쯤 바뀔 뿐이고, 점들의 배치는 크게 달라지지 않습니다. 달라지는 것은 각 실행이 어느 국소 최솟값에 이르느냐입니다. 표준화하지 않으면 다섯 번 중 두 번이 0.88에 이르고 나머지는 0.77에 멈추며, 표준화하면 0.78에서 0.87 사이에 흩어집니다. 평균도, 가장 좋은 실행도 나아지지 않으므로 이 잠재 공간에서는 표준화가 도움이 되지 않습니다. "특성을 표준화하라"는 일반적인 조언은 단위가 서로 다른 특성에 맞는 말이고, 모든 차원이 같은 디코더를 위해 학습된 잠재 벡터에는 그대로 맞지 않습니다.

:::{solution-end}
:::

::::{exercise} PCA 50차원 위의 k-평균
:label: ko-ex02-3
:nonumber:

`PCA(n_components=50)`으로 픽셀을 50차원으로 줄인 뒤 k-평균을 돌려 보세요. 선형 압축만으로도 잠재 벡터만큼 좋아지나요?

:::{hint}
:class: dropdown
`PCA(n_components=50).fit_transform(pixels)`의 결과에 위와 같은 `KMeans(n_clusters=10, n_init=3, random_state=0)`을 쓰고 `scores`로 픽셀, 잠재 벡터와 비교하세요. 50개 성분이 남기는 분산 비율도 보세요.
:::
::::

:::{solution-start} ko-ex02-3
:class: dropdown
:::
""", en=r"""
The two means printed above are the same, 0.81. Standardising stretches narrow dimensions and shrinks wide ones to give every dimension the same say, but here the widths only run from 6.1 to 9.6, so it rescales any two dimensions relative to each other by at most about 1.6×, or about 2.5× in the squared distances that k-means adds up: the geometry does not change much. What changes is which local minimum each run lands in. Unstandardised, two of the five runs reach 0.88 and the others stop at 0.77; standardised, the runs spread between 0.78 and 0.87. Neither the mean nor the best run improves. On this latent space standardising does not help. The usual advice "standardise your features" is meant for features in different units; it does not carry over as is to latents whose dimensions were all learnt for the same decoder.

:::{solution-end}
:::

::::{exercise} k-means on 50 PCA dimensions
:label: en-ex02-3
:nonumber:

Reduce the pixels to 50 dimensions with `PCA(n_components=50)` and run k-means on them. Does a linear compression alone get as far as the latents?

:::{hint}
:class: dropdown
Run the same `KMeans(n_clusters=10, n_init=3, random_state=0)` on `PCA(n_components=50).fit_transform(pixels)` and compare with pixels and latents using `scores`. Look at the share of variance the 50 components keep, too.
:::
::::

:::{solution-start} en-ex02-3
:class: dropdown
:::
"""),
    code(r"""
from sklearn.decomposition import PCA

pca = PCA(n_components=50, random_state=0).fit(pixels)
print(f"variance kept by 50 components: {pca.explained_variance_ratio_.sum():.3f}")
pca_km = KMeans(n_clusters=10, n_init=3, random_state=0).fit(pca.transform(pixels))
print("k-means on PCA-50:", scores(pca_km.labels_))
print("k-means on pixels:", scores(kmeans_pixels.labels_))
print("and on the latents:", scores(kmeans_latents.labels_))
""", tags=['nbval-check-output']),
    md(ko=r"""
50개 성분이 분산의 83%를 남기고, k-평균의 점수는 픽셀에서와 똑같습니다(ACC 0.542). 잠재 벡터에서 돌린 k-평균(ACC 0.877)에는 한참 못 미칩니다. PCA는 거리의 대부분(분산의 83%)을 보존하는 회전과 잘라내기일 뿐이므로, 픽셀 거리의 약점(획이 조금만 움직여도 멀어짐)도 그대로 물려받습니다. 계산은 빨라지지만 군집은 나아지지 않습니다. 잠재 공간의 이득은 차원 축소에서 오는 것이 아니라, **비선형** 인코더가 모양을 기준으로 거리를 새로 만든 데서 옵니다.

8장의 기준선은 이 연습과 달리 k-평균을 학습 이미지 6만 장에 맞추고 테스트 이미지를 채점합니다. 시드 3개의 기록에서도 결론은 같습니다. ACC는 PCA 50차원에서 0.517–0.545, 픽셀에서 0.517입니다(`pca_kmeans`, `kmeans_pixels`).

:::{solution-end}
:::
""", en=r"""
The 50 components keep 83 % of the variance, and k-means scores exactly as on pixels (ACC 0.542), far below the latents (ACC 0.877). PCA is a rotation plus truncation that keeps most of the distances (83 % of the variance), so it inherits the weakness of pixel distances (a stroke that moves a little is far away). It makes k-means faster, not better. The gain of the latent space does not come from fewer dimensions but from a **non-linear** encoder that rebuilt distances around shape.

Chapter 8's baselines, unlike this exercise, fit k-means on the 60,000 training images and score the test images. Their records (three seeds) reach the same verdict: ACC 0.517 to 0.545 on 50 PCA dimensions, 0.517 on pixels (`pca_kmeans`, `kmeans_pixels`).

:::{solution-end}
:::
"""),
]
