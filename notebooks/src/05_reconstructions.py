"""Chapter 5: what the trained model draws: reconstructions, clusters, decoded centroids, paths between them."""

from bilingual import code, md

TITLE = {"ko": "5장. 복원 이미지로 보는 딥 K-평균",
         "en": "Chapter 5. Deep K-means seen through reconstructions"}

CELLS = [
    md(ko="""
## 이 장에서 배울 것

- 학습된 모델의 입력과 복원 이미지를 블로그와 같은 5행 × 10열 격자로 나란히 비교하는 법
- 이미지마다 복원 오차를 재고, 오토인코더가 특히 어려워하는 숫자와 필체를 찾는 법
- 군집마다 어떤 이미지가 모였는지 한 줄씩 보고, 잘못 들어간 이미지를 찾아내는 법
- 중심점을 디코더에 넣어 얻은 "원형 숫자"가 군집의 평균 이미지보다 선명한 이유
- 두 중심점을 잇는 직선을 따라가며 잠재 공간에서 비어 있는 곳과 데이터가 빽빽한 곳을 확인하는 법
- 블로그 레시피 모델의 원형 숫자로, 모델이 군집을 어디에 썼는지(1에 둘, 5에는 없음) 한눈에 보는 법
""", en="""
## What you will learn

- how to compare a trained model's inputs and reconstructions side by side in the blog's 5 × 10 grids
- how to measure a reconstruction error per image and find the digits and handwriting styles the autoencoder struggles with
- how to look at each cluster one row at a time and spot the images that landed in the wrong one
- why a decoded centroid, a "prototype digit", looks cleaner than the average image of its cluster
- how walking along a straight line between two centroids reveals the empty and the crowded parts of the latent space
- how the blog recipe's prototypes show at a glance what a model spent its clusters on (two on the 1s, none on the 5s)
"""),
    md(ko="""
## 준비

빠른 프로필에서 이 장은 아무것도 새로 학습하지 않습니다(전체 프로필에서는 `runs/book/improved`를 쓰거나 없으면 먼저 학습하며, 본문의 수치는 저장소에 함께 든 CPU 실행의 결과입니다). 8장에서 자세히 다룰 **개선 레시피**로 학습해 저장소에 함께 넣어 둔
체크포인트 `improved.pt`를 불러와, 모델이 무엇을 그리는지만 들여다봅니다. 이 레시피는 오토인코더만 40 에폭 학습한 뒤,
잠재 벡터를 UMAP으로 펼쳐 k-평균으로 나눈 분할을 고정한 채 군집 손실을 켜고 10 에폭을 더 학습합니다(**결합 학습**). 엄밀히 말해 이 결합 학습은 3장의 딥 K-평균과 다릅니다. 각 잠재 벡터는 가장 가까운 중심점으로 다시 할당되지 않고,
고정된 분할에서 자기가 속한 부분의 중심점 쪽으로만 당겨집니다. 그래서 0장은 이 레시피를 증류라고 부릅니다.
UMAP {cite:p}`mcinnes2018umap`은 6장에서 볼 t-SNE처럼 이웃 그래프를 바탕으로 점들을 새로 배치하는 방법으로, 잠재 벡터를 다시 펼쳐
k-평균이 이웃 관계를 따라 나눌 수 있게 해 줍니다. 이 단계가 무엇을 보태는지는 8장에서 봅니다.
저장소에 든 것은 8장의 비교 실험에서 이 레시피를 시드 10개로 돌린 실행 가운데 시드 8입니다. 학습 이미지 6만 장 중 검증용으로
떼어 둔 5,000장을 뺀 55,000장으로 학습했고, 검증 이미지에서 정확도가 가장 높아서 골랐습니다. 이 장에서 쓰는 테스트 이미지는
고르는 데 쓰지 않았습니다. 이 모델의 잠재 벡터는 10차원이고, 군집은 $k = 10$개입니다. 블로그 원문 {cite:p}`kim2021deepkmeans`도 학습을 마친 뒤 같은 방식으로 입력과 복원 이미지를
격자로 그려 보여 줍니다.
""", en="""
## Setting up

In the quick profile this chapter trains nothing (in the full profile it uses, or first trains,
`runs/book/improved`, and the numbers in the text are those of the shipped CPU run). It loads `improved.pt`, the checkpoint of the **improved recipe** (chapter 8 covers it in
detail) that ships with the repository, and simply looks at what the model draws. The recipe trains the autoencoder
alone for 40 epochs, then switches the clustering loss on for 10 more epochs (the **joint phase**), keeping fixed a partition of the
latents found with UMAP and k-means. Strictly, that joint phase is not chapter 3's
Deep K-means: each latent is pulled toward the centroid of its part of the fixed partition and is never re-assigned
to its nearest centroid, which is why chapter 0 calls the recipe a distillation. UMAP {cite:p}`mcinnes2018umap` is a
neighbour-graph embedding like t-SNE (chapter 6): it re-embeds the latents so that k-means can split them along
their neighbourhoods; chapter 8 shows what it adds. The shipped run is seed 8 of the ten seeds that
chapter 8's study trains with this recipe: it learned from the 55,000 training images outside the 5,000 held out for
validation, and it was picked for the highest accuracy on those validation images; the test images used here played
no part in the choice. Its latent vectors have 10 numbers and it has $k = 10$ clusters. The original blog post {cite:p}`kim2021deepkmeans` ends its training the same
way, with grids of inputs and their reconstructions.
"""),
    code("""
import numpy as np
import torch
import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

from dkm_lib import book, evaluate, load_mnist, plots
from dkm_lib.metrics import cluster_to_label
from dkm_lib.model import pairwise_sq_dist

info = book.setup(seed=0)
"""),
    code("""
model, history = book.load_or_train("improved")
test_x, test_y = load_mnist(train=False)

scores = evaluate(model, test_x, test_y)
print(f"test images: {tuple(test_x.shape)}, latent size {model.latent_size}, "
      f"clusters {model.n_clusters}")
print("ACC {acc:.4f}  NMI {nmi:.4f}  ARI {ari:.4f}  clusters used {clusters_used}"
      .format(**scores))
""", tags=["nbval-check-output"]),
    md(ko="""
테스트 이미지 1만 장을 미리 한 번 인코딩하고 복원해 둡니다. `model.encode`는 배치 단위로, 기울기 계산 없이
잠재 벡터 $z = h(x)$를 돌려주고, `model.decoder`는 그 벡터에서 $28 \\times 28$ 이미지 $\\hat{x}$를 다시 그립니다.
""", en="""
We encode and reconstruct all 10,000 test images once. `model.encode` returns the latent vectors $z = h(x)$ in
batches and without gradients; `model.decoder` draws a $28 \\times 28$ image $\\hat{x}$ back from each of them.
"""),
    code("""
with torch.no_grad():
    z = model.encode(test_x)      # [10000, 10] latent vectors
    recon = model.decoder(z)      # [10000, 1, 28, 28] reconstructions in (0, 1)
print("latents:", tuple(z.shape), "  reconstructions:", tuple(recon.shape))
""", tags=["nbval-check-output"]),
    md(ko="""
## 입력과 복원: 5 × 10 격자

블로그처럼 50장을 5행 10열로 늘어놓습니다. 블로그는 데이터를 섞는(`shuffle=True`) 데이터 로더의 첫 배치를 그렸기 때문에
실행할 때마다 다른 이미지가 나오지만, 여기서는 누구나 같은 그림을 보도록 테스트 세트의 **처음 50장**을 씁니다.
왼쪽이 입력, 오른쪽이 같은 자리의 복원 이미지입니다.
""", en="""
## Inputs and reconstructions: a 5 × 10 grid

As in the blog, we lay out 50 images in 5 rows of 10. The blog drew the first batch of a shuffled data loader, so
its picture changes from run to run; here we take the **first 50 test images**, so everyone sees the same figure.
Inputs are on the left and each reconstruction sits in the same position on the right.
"""),
    code("""
fig, axes = plots.subplots(1, 2, height=2.1)
plots.image_grid(test_x[:50], rows=5, cols=10, ax=axes[0], title=plots.t("input"))
plots.image_grid(recon[:50], rows=5, cols=10, ax=axes[1],
                 title=plots.t("reconstruction"))
plt.show()
""", hide=True, alt={
        "ko": "테스트 세트의 처음 50장을 5행 10열로 늘어놓은 격자 두 개로, 왼쪽은 입력, 오른쪽은 같은 자리의 복원 이미지입니다. 복원 이미지는 어떤 숫자인지와 기울어진 정도, 획 굵기를 대부분 지키지만, 가장자리가 조금 흐릿하고 획의 작은 버릇은 사라집니다.",
        "en": "Two 5 × 10 grids of the first 50 test images: the inputs on the left, each reconstruction in the same position on the right. The reconstructions keep nearly every digit, its slant and its thickness, but their edges are a little blurred and the small quirks of the strokes are gone."}),
    md(ko="""
10개의 값만으로 다시 그렸는데도 복원 이미지는 어떤 숫자인지는 물론, 기울어진 정도와 획 굵기도 대부분 지킵니다. 대신 가장자리가 조금
흐릿해지고, 획의 작은 끊김이나 획 끝의 삐침 같은 개인적인 버릇은 사라집니다. 디코더는 잠재 벡터가 같으면 언제나 같은
이미지를 그리므로, 10차원 병목을 통과하지 못한 세부는 복원 이미지에 다시 나타날 수 없습니다.

## 이미지별 복원 오차

격자를 눈으로 훑어서는 어떤 이미지가 어려운지 알 수 없습니다. 이미지 한 장의 **복원 오차**를 픽셀별 제곱 오차의
평균으로 정의합니다.

$$
e(x) = \\frac{1}{784} \\sum_{j=1}^{784} \\left(x_j - \\hat{x}_j\\right)^2
$$

이 모델은 이진 교차 엔트로피로 학습했지만, 여기서는 픽셀 값의 단위로 바로 읽을 수 있는 제곱 오차를 씁니다.
""", en="""
With only 10 numbers to draw from, the reconstructions mostly keep each input's digit, slant and thickness. What they lose
is the edge sharpness and the personal quirks: a small gap in a stroke, a little hook at the end. The decoder
always draws the same image for the same latent vector, so any detail that does not fit through the 10-number
bottleneck cannot reappear in the reconstruction.

## Reconstruction error per image

Skimming a grid does not tell us where the difficulties are. Let us define the **reconstruction error** of one image
as its mean squared error per pixel:

$$
e(x) = \\frac{1}{784} \\sum_{j=1}^{784} \\left(x_j - \\hat{x}_j\\right)^2
$$

The model was trained with binary cross-entropy, but squared error reads directly in pixel units, so we use it here.
"""),
    code("""
err = (recon - test_x).pow(2).mean(dim=(1, 2, 3))   # one number per image
per_digit = torch.stack([err[test_y == d].mean() for d in range(10)])
ink = test_x.mean(dim=(1, 2, 3))                     # how much of it is stroke
print(f"mean error {err.mean():.4f}, median {err.median():.4f}, "
      f"largest {err.max():.4f}")
print("mean error per digit:")
print("[" + ", ".join(f"{float(v):.4f}" for v in per_digit) + "]")   # digits 0 to 9
print(f"correlation between ink and error: "
      f"{np.corrcoef(ink.numpy(), err.numpy())[0, 1]:.2f}")
print("digits among the 50 best reconstructions:",
      torch.bincount(test_y[err.argsort()[:50]], minlength=10).tolist())

fig, axes = plots.subplots(1, 2, height=2.8)
axes[0].hist(err.numpy(), bins=60, color="C0")
axes[0].set(xlabel={"ko": "이미지별 복원 오차 (MSE)",
                    "en": "reconstruction error per image (MSE)"}[plots.language()],
            ylabel=plots.t("count"))
axes[1].bar(range(10), per_digit.numpy(), color="C0")
axes[1].set(xlabel=plots.t("label"), xticks=range(10),
            ylabel={"ko": "평균 복원 오차",
                    "en": "mean reconstruction error"}[plots.language()])
fig.tight_layout()
plt.show()
""", tags=["nbval-check-output"], alt={
        "ko": "왼쪽은 테스트 이미지 1만 장의 이미지별 복원 오차(MSE) 히스토그램, 오른쪽은 실제 숫자별 평균 복원 오차 막대그래프입니다. 오차는 0.02 근처에 몰리고 오른쪽으로 긴 꼬리가 있으며, 숫자별로는 1이 단연 가장 작고 2와 8이 가장 큽니다.",
        "en": "Left, a histogram of the reconstruction error (MSE) per image over the 10,000 test images; right, a bar chart of the mean error per true digit. The errors bunch near 0.02 with a long right tail; 1 has by far the smallest mean error, and 2 and 8 the largest."}),
    md(ko="""
분포는 오른쪽으로 꼬리가 깁니다. 대부분의 이미지는 오차가 작고, 소수의 이미지가 평균을 끌어올립니다.
숫자별로 보면 1이 단연 가장 쉽습니다. 가장 잘 복원된 50장이 모두 1일 정도입니다. 1은 획 하나라 잉크가 적고,
사람마다 1을 쓰는 방식도 대개 기울어진 정도만 다르기 때문입니다. 반대로 2와 8처럼 곡선과 교차가 많은 숫자는 오차가 가장 큽니다.
잉크의 양과 오차 사이에 양의 상관이 있다는 점도 기억해 둡시다. 획이 많을수록 한 픽셀씩 어긋날 수 있는 가장자리도 많아지므로,
복원 오차는 어느 정도 "얼마나 많이 썼는가"도 함께 재는 셈입니다.

그렇다면 오차가 가장 큰 이미지는 어떻게 생겼을까요? 아래 그림에서 위 줄은 입력과 실제 숫자, 아래 줄은 복원 이미지와 그 오차입니다.
""", en="""
The distribution has a long right tail: most images are reconstructed well and a few pull the mean up. By digit, 1
is by far the easiest; the 50 best reconstructions are all 1s. A 1 is a single stroke with little ink, and people
mostly differ only in how far they slant it. Digits with curves and crossings, such as 2 and 8, have the largest
errors. Note also the positive correlation between ink and error: more strokes means more edges that can be off by
a pixel, so the reconstruction error partly measures "how much was written" as well.

What do the worst-reconstructed images look like? The top row shows the inputs with their true digit, the bottom
row the reconstructions with their error.
"""),
    code("""
worst = err.argsort(descending=True)[:10]
captions = ([str(int(d)) for d in test_y[worst]]
            + [f"{float(e):.3f}" for e in err[worst]])
worst_title = {"ko": "복원 오차가 가장 큰 10장 (위: 입력, 아래: 복원)",
               "en": "The 10 worst reconstructions "
                     "(top: input, bottom: reconstruction)"}[plots.language()]
plots.captioned_grid(torch.cat([test_x[worst], recon[worst]]), captions, cols=10,
                     title=worst_title)
plt.show()
""", hide=True, alt={
        "ko": "복원 오차가 가장 큰 테스트 이미지 10장으로, 위 줄은 실제 숫자를 적은 입력, 아래 줄은 오차(0.101부터 0.076까지)를 적은 복원 이미지입니다. 고리가 열린 6, 찌그러진 0, 굵게 눌러 쓴 획 같은 드문 필체가 흐릿한 얼룩이나 0처럼 더 전형적인 모양으로 복원됩니다.",
        "en": "The 10 test images with the largest reconstruction errors: inputs with their true digit on top, reconstructions with their error (0.101 down to 0.076) below. Rare styles such as open 6s, squashed 0s and heavy strokes come back as blurry blobs or as a more typical shape, such as a 0."}),
    md(ko="""
실패한 이미지에는 공통점이 있습니다. 고리가 열린 6, 끊기거나 찌그러진 0, 윗부분이 떨어져 나간 5처럼 **드문 필체**이거나,
획을 겹겹이 굵게 눌러 쓴 이미지입니다. 오토인코더는 이런 입력을 그대로 따라 그리지 않고, 자주 본 **전형적인 모양** 쪽으로
끌어당겨 그립니다. 열린 6이 0처럼 복원되기도 하고, 가장 낯선 모양은 어느 숫자인지 모를 얼룩이 됩니다. 10차원 잠재 공간에는
흔한 필체를 위한 자리는 넉넉하지만, 드문 필체를 위한 자리는 거의 없습니다.

## 결합 학습이 복원 이미지에 남기는 흔적

같은 실행에서 군집 손실을 켜기 **직전**(오토인코더만 40 에폭 학습한 시점)의 모델도 남아 있습니다. 빠른 프로필에서는 저장소의
`improved_autoencoder.pt`이고, 전체 프로필에서는 여기서 학습한 실행이 남긴 `pretrained.pt`입니다
(`book.load_before_clustering`이 상황에 맞는 쪽을 불러옵니다). 두 모델의 복원 오차를 비교하면 군집화를 위해 치른 대가가 보입니다.
""", en="""
The failures have something in common: **rare handwriting**, such as 6s with an open loop, broken or squashed 0s,
5s whose top has come loose, or strokes pressed down heavily, one over another. The reconstruction does not copy
such an input; it drags it toward a **typical shape** the model has seen many times. An open 6 may come back as a
0, and the strangest shapes end up as blobs that are no digit at all. The 10-dimensional latent space has plenty of
room for common styles and very little for rare ones.

## The trace the joint phase leaves on reconstructions

The same run also keeps the model from **just before** the clustering loss was switched on, after 40 epochs of
autoencoder-only training: the shipped `improved_autoencoder.pt` in the quick profile or, in the full profile, the `pretrained.pt` written
by the run trained here (`book.load_before_clustering` loads whichever applies). Comparing the two models' errors shows
what clustering costs.
"""),
    code("""
ae = book.load_before_clustering("improved")
with torch.no_grad():
    recon_ae = ae.decoder(ae.encode(test_x))
err_ae = (recon_ae - test_x).pow(2).mean(dim=(1, 2, 3))
print(f"mean error before the clustering loss (after 40 epochs): {err_ae.mean():.4f}")
print(f"mean error after the clustering loss  (after 50 epochs): {err.mean():.4f}")
print(f"images whose error grew: {(err > err_ae).float().mean():.1%}")

changed = (err - err_ae).argsort(descending=True)[:10]  # error grew the most
named = cluster_to_label(test_y, model.predict(test_x))  # cluster -> its matched digit
print("the ten whose error grew most, digits:      ", test_y[changed].tolist())
print("  the digits their clusters are matched to: ",
      [named[c] for c in model.predict(test_x[changed]).tolist()])
fig, ax = plots.subplots(width=6.8, height=2.2)
row_names = {"ko": ["입력", "군집 손실 전", "군집 손실 후"],
             "en": ["input", "before clustering", "after clustering"]}[plots.language()]
plots.image_grid(torch.cat([test_x[changed], recon_ae[changed], recon[changed]]),
                 rows=3, cols=10, ax=ax,
                 row_labels=row_names)
plt.show()
""", tags=["nbval-check-output"], alt={
        "ko": "군집 손실을 켠 뒤 복원 오차가 가장 많이 늘어난 테스트 이미지 10장을 입력, 군집 손실 전, 군집 손실 후의 세 줄로 보여 줍니다. 군집 손실 전의 복원 이미지는 열 장 가운데 여덟 장이 굵은 2, 아래가 열린 0, 윗변이 긴 5, 두 번째 6의 모양을 제법 따라가지만(첫 번째 6은 이미 뭉개져 있고 마지막 2는 3처럼 보입니다), 후에는 더 흐려지고 Z처럼 쓴 2 두 장은 7처럼 복원됩니다.",
        "en": "The 10 test images whose reconstruction error grew most with the clustering loss, in three rows: input, before clustering, after clustering. Before, eight of the ten still follow their input: the bold 2s, the 0 open at the bottom, the two 5s with a long top bar and the second 6 (the first 6 is already a blob, and the last 2 looks like a 3); after, they are blurrier, and two Z-like 2s look like 7s."}),
    md(ko="""
군집 손실을 켜고 10 에폭을 더 학습하면 평균 복원 오차가 눈에 띄게 커지고, 거의 모든 이미지에서 오차가 늘어납니다.
이 레시피의 결합 학습은 각 잠재 벡터를 가장 가까운 중심점이 아니라 고정된 UMAP 분할에서 자기가 속한 부분의 중심점 쪽으로
당깁니다(8장). 중심점 쪽으로 당겨진 잠재 벡터에는 그 이미지만의 모양이 덜 남으므로, 복원 이미지는 입력을 덜 닮게 됩니다.
오차가 가장 많이 늘어난 10장은 모두 굵게 쓰거나 특이하게 쓴 이미지입니다. Z처럼 밑변을 곧게 그은 굵은 2, 아래가 열린 0,
고리가 큰 6, 윗변을 길고 평평하게 그은 5 두 장 같은 것들입니다. 군집 손실 전의 복원 이미지는 열 장 가운데 여덟 장이 이런 모양을 제법 따라가지만(첫 번째 6은 이미 뭉개져 있고, 마지막 2는 3처럼 복원됩니다), 군집 손실 후에는 더 흐려지고 그 이미지만의
특징을 잃습니다. Z처럼 쓴 굵은 2 두 장은 가로줄을 그은 7처럼 복원되기까지 합니다. 아래에서 보듯이 이 모델에서는 그런 7이 2의 군집에
많이 섞여 있습니다. 이 10장은 모두 자기 숫자의 군집에 들어 있으므로(위 출력의 마지막 두 줄), 늘어난 오차는 군집화의 실수가 아니라 군집을 조이는 대가입니다.
결합 학습은 복원의 정밀함을 내주고(평균 오차 0.0125 → 0.0207) 군집이 더 또렷하게 갈리는 잠재 공간을 얻습니다.

그렇다고 정확도가 오른 몫을 모두 결합 학습의 공으로 돌리면 안 됩니다. 8장의 비교 실험(미리 정한 시드 10개의 테스트 ACC
평균 ± 표준편차, `results/mnist.json`)에 따르면 결합 학습 직전의 오토인코더에 k-평균만 써도 0.789 ± 0.055이고, 같은 잠재
벡터를 UMAP으로 펼쳐 k-평균으로 나누면 결합 학습 없이도 0.902 ± 0.006입니다. 결합 학습 10 에폭은 여기에 약 0.05를 보태
0.952 ± 0.003을 만듭니다. (이 세 결과를 낸 설정은 비교 실험 전에 고정했는데, 8장에서 말하듯 테스트 ACC를 보았던 첫
프로토콜에서 가져온 것입니다.) 6장에서 이 차이를 잠재 공간의 지도로 다시 봅니다.

## 군집별 샘플

이제 레이블 없이 만든 군집을 한 줄씩 봅니다. `model.predict`는 이미지마다 가장 가까운 중심점의 번호를 돌려줍니다.
군집 번호는 임의로 붙은 이름일 뿐이므로, 그림을 보기 좋게 정리하려고 **헝가리안 매칭**(`cluster_to_label`)으로 군집마다
숫자를 하나씩 짝지어 행의 이름표로 씁니다. 학습에는 레이블이 한 번도 쓰이지 않았고, 여기서도 레이블은 그림을 정리하는 데만 씁니다.
""", en="""
Ten more epochs with the clustering loss make the mean reconstruction error clearly larger, and the error grows for
almost every image. This recipe's joint phase pulls every latent vector not toward its nearest centroid but toward
the centroid of its own part of the fixed UMAP partition (chapter 8); a latent pulled toward a centroid keeps less of
what is particular to its image, so the reconstruction resembles the input less. The ten images whose error grew
the most are all bold or oddly written: heavy 2s with a straight base like a Z, a 0 open at the bottom, 6s with a
big loop, and two 5s with a long, flat top bar. Before the clustering loss, eight of the ten reconstructions still follow such a shape (the first 6 is already a
blob, and the last 2 comes back as a 3); afterwards they are
blurrier and lose what made each image particular. Two of the Z-like 2s even come back looking like 7s with a bar
across the stem, and, as the next section shows, this model's cluster of 2s holds many such 7s. All ten images sit
in the cluster of their own digit (the last two lines printed above), so the extra error is not a clustering mistake but the price of tighter
clusters. The joint phase trades reconstruction fidelity (mean error 0.0125 → 0.0207) for a latent space whose clusters split more
sharply.

That does not mean the whole gain in accuracy is the joint phase's doing. In chapter 8's study (test ACC, mean ± std over ten
seeds fixed in advance, `results/mnist.json`), k-means on the autoencoder just before the joint phase already scores
0.789 ± 0.055, and splitting the same latents with UMAP + k-means scores 0.902 ± 0.006 without any joint training.
The 10 joint epochs add about 0.05 on top, to 0.952 ± 0.003. (The settings behind these three results were fixed
before the study, carried over from a first protocol that had looked at test ACC, as chapter 8 says.) Chapter 6
looks at this difference again on maps of the latent space.

## Samples per cluster

Now we look at the clusters, found without labels, one row at a time. `model.predict` returns the index of the
nearest centroid for every image. Cluster indices are arbitrary names, so for display we pair each cluster with one
digit by **Hungarian matching** (`cluster_to_label`) and use it as a row label. Training never saw a label, and
here labels only organise the picture.
"""),
    code("""
pred = model.predict(test_x)
mapping = cluster_to_label(test_y, pred)   # {cluster: matched digit}, for display
order = sorted(range(model.n_clusters), key=lambda c: mapping[c])
print("cluster -> matched digit:", mapping)
for c in order:
    members = pred == c
    purity = (test_y[members] == mapping[c]).float().mean()
    print(f"cluster {c} -> digit {mapping[c]}: {int(members.sum()):5d} images, "
          f"{purity:.1%} of them are {mapping[c]}s")
""", tags=["nbval-check-output"]),
    md(ko="""
아래 그림의 각 행은 한 군집이고, 테스트 세트에서 그 군집에 배정된 처음 12장을 보여 줍니다.
매칭된 숫자와 실제 숫자가 다른 이미지에는 빨간 테두리를 쳤습니다.
""", en="""
Each row below is one cluster and shows the first 12 test images assigned to it. Images whose true digit differs
from the cluster's matched digit get a red frame.
"""),
    code("""
cols = 12
tiles, wrong = [], []
for r, c in enumerate(order):
    members = (pred == c).nonzero().flatten()[:cols]
    tiles.append(test_x[members])
    wrong += [(r, j) for j, i in enumerate(members) if test_y[i] != mapping[c]]

ax = plots.image_grid(torch.cat(tiles), rows=len(order), cols=cols,
                      row_labels=[f"{plots.t('cluster')} {c} → {mapping[c]}"
                                  for c in order])
for r, j in wrong:
    ax.add_patch(Rectangle((0.5 + 29 * j, 0.5 + 29 * r), 28, 28, fill=False,
                           edgecolor="red", lw=1.5))
plt.show()
""", hide=True, alt={
        "ko": "군집마다 한 행씩, 그 군집에 배정된 처음 12장의 테스트 이미지를 보여 주는 격자로, 행 이름은 군집 번호와 매칭된 숫자입니다. 대부분의 행은 여러 필체의 한 숫자로 채워지고, 실제 숫자가 다른 이미지에는 빨간 테두리가 있습니다. 2로 매칭된 행에는 가로줄을 그은 7이 네 장 들어 있습니다.",
        "en": "A grid with one row per cluster showing the first 12 test images assigned to it, each row labelled with the cluster index and its matched digit. Most rows hold a single digit in many styles. Red frames mark images of another digit, among them four crossed 7s in the row matched to 2."}),
    md(ko="""
대부분의 행은 한 숫자로 깔끔하게 채워져 있고, 같은 숫자 안에서도 기울어진 정도, 굵기, 고리 모양이 제각각입니다.
군집 하나가 이 정도의 필체 차이는 넉넉히 품는다는 뜻입니다. 가장 큰 예외는 2로 매칭된 군집입니다.
위 표에서 순도(군집에 든 이미지 가운데 매칭된 숫자의 비율)가 가장 낮은 이 군집에는 세로획 가운데에 가로줄을 하나 더 그은 7이 꽤 섞여 들어옵니다(빨간 테두리).
이 7의 맨 위 가로획과 비스듬히 내려오는 획은 Z처럼 쓴 2의 윗부분과 같고, 가운데의 가로줄은 2의 밑변 노릇을 하니, 모양만 보면 2와 닮은 구석이 있습니다.
순도가 거의 그만큼 낮은 9의 군집에는 4와 7이 섞여 있고, 8로 매칭된 군집에는 9와 2가 가장 많이 섞여 있으며 다른 여러 숫자도 조금씩 들어와 있습니다.
이렇게 잘못 배정된 이미지와 자주 헷갈리는 숫자 쌍은 6장에서 t-SNE와 함께 다시 살펴봅니다.

## 디코더로 그린 중심점: "원형 숫자"

중심점 $\\mu_j$는 잠재 공간의 한 점이므로, 디코더에 넣으면 이미지가 됩니다. 이것이 군집 $j$의 **원형 숫자**입니다.
비교를 위해 세 가지를 더 그립니다.

1. 중심점에 가장 가까운 **실제** 테스트 이미지
2. 군집 구성원 잠재 벡터의 평균 $\\bar{z}_j = \\frac{1}{|C_j|}\\sum_{i \\in C_j} z_i$를 디코더로 그린 이미지
3. 군집 구성원 **이미지의 픽셀 평균** $\\frac{1}{|C_j|}\\sum_{i \\in C_j} x_i$
""", en="""
Most rows are filled cleanly with one digit, and within a digit the slant, thickness and loop shapes vary a lot:
a single cluster comfortably absorbs this much variation in handwriting. The main exception is the cluster matched
to 2, the least pure in the table above (purity being the share of a cluster's images that are its matched digit). 7s with an extra bar across the middle of the stem leak into it (red frames).
Their top bar and slanting stem are the upper half of a 2 written like a Z, and the bar across the stem stands in
for the 2's base, so their shape really does have something of a 2. The cluster matched to 9, almost as impure,
collects 4s and 7s, and the one matched to 8 collects 9s and 2s most, with a few of several other digits. Chapter 6 comes back to these misclustered images,
and to the digit pairs that get confused most, with t-SNE.

## Decoded centroids as prototype digits

A centroid $\\mu_j$ is a point in latent space, so the decoder turns it into an image: the **prototype digit** of
cluster $j$. For comparison we draw three more things:

1. the **real** test image nearest to the centroid,
2. the decoded mean latent of the cluster's members, $\\bar{z}_j = \\frac{1}{|C_j|}\\sum_{i \\in C_j} z_i$,
3. the **pixel average** of the members' images, $\\frac{1}{|C_j|}\\sum_{i \\in C_j} x_i$.
"""),
    code("""
with torch.no_grad():
    prototypes = model.decoder(model.centroids)[order]       # decoded centroids
    # the real image nearest each centroid
    nearest = test_x[pairwise_sq_dist(z, model.centroids).argmin(0)][order]
    mean_latent = torch.stack([z[pred == c].mean(0) for c in order])
    decoded_mean = model.decoder(mean_latent)
    pixel_mean = torch.stack([test_x[pred == c].mean(0) for c in order])

row_names = {"ko": ["디코더로 그린 중심점", "가장 가까운 실제 이미지",
                    "디코더로 그린 평균 잠재 벡터", "픽셀 평균"],
             "en": ["decoded centroid", "nearest real image", "decoded mean latent",
                    "pixel average"]}[plots.language()]
ax = plots.image_grid(torch.cat([prototypes, nearest, decoded_mean, pixel_mean]),
                      rows=4, cols=10, row_labels=row_names)
plt.show()

gap = (model.centroids.detach()[order] - mean_latent).norm(dim=1)
spread = torch.stack([(z[pred == c] - mean_latent[i]).norm(dim=1).mean()
                      for i, c in enumerate(order)])
print("distance centroid - mean latent:")
print("  ", [round(float(v), 2) for v in gap])
print("mean distance member - mean latent:")
print("  ", [round(float(v), 2) for v in spread])


def grey(images):
    return float(((images > 0.2) & (images < 0.8)).float().mean())


for name, images in [("decoded centroids", prototypes),
                     ("nearest real images", nearest),
                     ("pixel averages", pixel_mean)]:
    print(f"share of grey pixels (0.2 < v < 0.8) in {name:19s}: {grey(images):.3f}")
""", tags=["nbval-check-output"], alt={
        "ko": "숫자 0부터 9까지 군집마다 한 열씩, 네 줄로 비교한 격자입니다. 위에서부터 디코더로 그린 중심점(원형 숫자), 가장 가까운 실제 이미지, 디코더로 그린 평균 잠재 벡터, 픽셀 평균입니다. 첫 줄과 셋째 줄은 거의 같고 또렷하지만, 픽셀 평균은 윤곽이 흐리고 둘레에 회색 번짐이 있습니다.",
        "en": "A grid with one column per cluster, digits 0 to 9, and four rows: decoded centroid (the prototype digit), nearest real image, decoded mean latent and pixel average. The first and third rows are nearly identical and crisp, while the pixel averages have blurred outlines wrapped in a grey haze."}),
    md(ko="""
첫 줄의 원형 숫자는 또렷하고 전형적입니다. 둘째 줄의 실제 이미지 옆에 두어도 어색하지 않습니다.
넷째 줄의 픽셀 평균은 다릅니다. 어떤 숫자인지는 알아볼 수 있지만, 기울어진 정도와 굵기가 다른 획들이 겹치면서 윤곽이
흐려지고 둘레에 **회색 번짐**이 생깁니다. 값이 0.2와 0.8 사이인 어중간한 회색 픽셀의 비율을 세어 보면 수치로도 드러납니다. 픽셀 평균의 회색 픽셀은
원형 숫자의 두 배가 넘고, 실제 이미지의 몇 배나 됩니다.

왜 이런 차이가 날까요?

- **평균을 내는 공간이 다릅니다.** 픽셀 평균은 서로 다른 위치에 그은 획을 그대로 겹쳐 놓습니다. 왼쪽으로 기운 7과
  오른쪽으로 기운 7을 겹치면 아래로 갈수록 두 갈래로 벌어지는 흐릿한 줄기가 됩니다. 반면 잠재 공간에서는 "기울어진 정도" 같은 변화가 어떤
  방향을 따라 매끄럽게 이어지는 경향이 있어서, 두 잠재 벡터의 평균은 "중간쯤 기운 7 하나"를 가리킵니다. 디코더는 비선형 함수이므로
  $g(\\bar{z}_j)$는 $\\frac{1}{|C_j|}\\sum_{i \\in C_j} g(z_i)$와 같지 않습니다.
- **디코더는 숫자다운 이미지만 그리도록 학습되었습니다.** 학습 내내 디코더는 실제 숫자를 그리는 연습만 했으므로,
  데이터가 있는 곳 근처의 잠재 벡터라면 무엇을 넣어도 획처럼 보이는 출력을 냅니다.
- **중심점은 군집의 한가운데에 있습니다.** 중심점이 받는 기울기 $-\\frac{2}{Bd}\\sum_{i}(z_i - \\mu_j)$(자기가 차지한
  잠재 벡터들에 대한 합, 3장)는 그 잠재 벡터들의 평균에서만 0이 되므로, 학습은 중심점을 구성원들의 평균 쪽으로 옮깁니다. 그래서
  중심점은 평균 잠재 벡터에서 0.35–1.2 떨어져 있어, 구성원들이 평균에서 떨어진 거리(2–3, 위 출력)보다 훨씬 가깝습니다. 정확히 평균에
  있지 않은 것은 개선 레시피가 잠재 벡터를 고정된 UMAP 부분의 중심점으로 당겼고, 그 부분이 여기서 잰 가장 가까운 중심점 군집과 꼭
  같지는 않기 때문입니다. 그래서 첫 줄과 셋째 줄이 거의 같습니다.
  중심점은 빈 공간이 아니라 데이터 안에 있습니다. 연습 5.3의 풀이에서 네 경로 양 끝의 중심점 여덟 개는 가장 가까운 실제 잠재 벡터에서 **전형적인 이웃 간격**의 0.4–0.7배만큼 떨어져 있습니다(전형적인 이웃 간격은 처음 2,000개의 테스트 잠재 벡터마다 나머지 8,000개 가운데 가장 가까운 것까지 잰 거리의 중앙값으로, 여기서는 1.20이며 아래 '중심점 사이를 걸어 보기'에서 잽니다). 디코더가 가장 익숙하게 다루는 곳이 바로 이런 자리입니다.

그렇다고 원형 숫자가 "평균적인 필체"를 정확히 보여 주는 것은 아닙니다. 디코더의 출력은 각 픽셀 값의 조건부 기댓값(잠재 벡터가 이 점에 놓이는 이미지들에서 그 픽셀이 갖는 평균값)에
가깝습니다. 그래서 실제 펜 자국보다 부드럽고, 드문 필체는 원형에 전혀 드러나지 않습니다. 원형은 군집을 **대표**할 뿐, 군집 전체를
**요약**하지는 않습니다.
""", en="""
The prototypes in the first row are crisp and typical; they sit comfortably next to the real images in the second
row. The pixel averages in the fourth row are different. The digits are recognisable, but strokes of different slants
and widths pile up into blurred outlines wrapped in a **grey haze**. Counting the in-between pixels, with values
between 0.2 and 0.8, puts a number on it: the pixel averages have more than twice as many as the prototypes and
several times as many as the real images.

Why?

- **The averaging happens in a different space.** A pixel average stacks strokes drawn in different places: a 7
  slanted left plus a 7 slanted right gives a blurry stem that splits in two toward the bottom. In the latent space, a change such as "slant" tends
  to vary smoothly along some direction, so the average of two latent vectors points at one 7 of intermediate slant. The
  decoder is non-linear, so $g(\\bar{z}_j)$ is not $\\frac{1}{|C_j|}\\sum_{i \\in C_j} g(z_i)$.
- **The decoder was trained to draw digit-like images only.** It spent all of training drawing real digits, so any
  latent vector near the data comes out looking like pen strokes.
- **The centroid sits in the middle of its cluster.** A centroid's gradient, $-\\frac{2}{Bd}\\sum_{i}(z_i - \\mu_j)$
  over the latents it wins (chapter 3), is zero only at their mean, so training moves each centroid toward the mean
  of its members: it ends 0.35–1.2 from its cluster's mean latent, against 2–3 for the members (printed above). It is
  not exactly at the mean because the improved recipe pulled each latent toward the centroid of its fixed UMAP part,
  and those parts are not quite the nearest-centroid clusters measured here. That is why rows one and three are
  almost identical. The centroid lies inside the data, not in empty space: in the solution to exercise 5.3, the eight
  centroids at the ends of the four paths lie 0.4–0.7 **typical neighbour spacings** from the nearest real latent (a typical neighbour spacing, 1.20 here, is the median distance
  from each of the first 2,000 test latents to the nearest of the other 8,000; 'Walking between centroids' below
  measures it). This is exactly where the decoder is at home.

A prototype is still not the exact "average handwriting". The decoder outputs something close to the conditional expectation of each pixel (the average value that pixel takes over the images whose latents lie at this point), smoother than a real pen trace, and rare styles leave no mark on it at all. A prototype
**represents** its cluster; it does not **summarise** all of it.
"""),
    md(ko="""
### 블로그 레시피의 원형 숫자

지금까지의 그림은 모두 개선 레시피의 모델에서 나왔습니다. 블로그 레시피로 학습한 딥 K-평균(`seed.pt`, 첫 프로토콜의 시드 0, 4장)에도
중심점이 있으니, 이것도 디코더로 그려 볼 수 있습니다. 테스트 ACC가 0.737인 이 모델의 원형 숫자는 무엇을 보여 줄까요? 아래 셀은 군집마다 원형을 그리고,
군집에 든 테스트 이미지 수와 가장 흔한 두 숫자(군집 안의 비율)를 출력합니다.
""", en="""
### The blog's recipe's prototypes

Every figure so far comes from the improved recipe's model. The Deep K-means the blog's recipe trained (`seed.pt`, seed
0 of the earlier runs on all 60,000 training images, which chapter 8 calls the first protocol; chapter 4) has centroids too, and the decoder draws them just as well. What do the prototypes
of a model with a test ACC of 0.737 show? The next cell draws one per cluster and prints how many test images each
cluster holds and its two most common digits (their shares of the cluster).
"""),
    code("""
blog, _ = book.load_or_train("seed")   # the blog's recipe, seed 0 (chapter 4)
blog_clusters = blog.predict(test_x)
with torch.no_grad():
    blog_prototypes = blog.decoder(blog.centroids)
commonest = [int(torch.bincount(test_y[blog_clusters == j], minlength=10).argmax())
             for j in range(blog.n_clusters)]
plots.captioned_grid(blog_prototypes, [f"{j}: {d}" for j, d in enumerate(commonest)],
                     title={"ko": "블로그 레시피의 중심점 (군집: 가장 흔한 숫자)",
                            "en": "The blog recipe's centroids (cluster: commonest digit)"
                            }[plots.language()])
plt.show()
for j in range(blog.n_clusters):
    digits = test_y[blog_clusters == j]
    counts = torch.bincount(digits, minlength=10)
    top = counts.argsort(descending=True)[:2]
    shares = ", ".join(f"{int(d)} ({counts[d] / len(digits):.2f})" for d in top)
    print(f"cluster {j}: {len(digits):5d} images, most common digits {shares}")
match = cluster_to_label(test_y.numpy(), blog_clusters.numpy())   # the Hungarian naming
errors = torch.tensor([match[int(c)] for c in blog_clusters]) != test_y
named = match[0]                        # the digit cluster 0 (slanted 1s) is named after
there = errors & ((blog_clusters == 0) | (test_y == named))
print(f"Hungarian: cluster 0 is named {named}; errors {int(errors.sum())} of 10000,")
print(f"  {int(there.sum())} of them in cluster 0 or a {named} outside it")
""", tags=["nbval-check-output"], alt={
        "ko": "블로그 레시피 모델(seed.pt)의 중심점 열 개를 디코더로 그린 한 줄짜리 격자로, 각 그림 위에 군집 번호와 그 군집에서 가장 흔한 숫자(0: 1, 1: 3, 2: 7, 3: 8, 4: 9, 5: 6, 6: 4, 7: 0, 8: 2, 9: 1)를 적었습니다. 왼쪽부터 기운 1, 3, 7, 8, 9, 6, 4, 0, 2, 곧게 선 1로 읽히며, 1이 두 번 나오고 5는 하나도 없습니다.",
        "en": "A one-row grid of the ten centroids of the blog recipe's model (seed.pt), decoded, each captioned with its cluster and the digit most common in it (0: 1, 1: 3, 2: 7, 3: 8, 4: 9, 5: 6, 6: 4, 7: 0, 8: 2, 9: 1); from the left they read as a slanted 1, 3, 7, 8, 9, 6, 4, 0, 2 and an upright 1. The 1 appears twice and there is no 5."}),
    md(ko="""
원형 열 개 가운데 둘이 1입니다. 기운 1(군집 0)과 곧게 선 1(군집 9)이 군집을 하나씩 차지하고, 5의 원형은 없습니다. 5는 3의 군집(군집 1, 5의 비율 0.16)과
8의 군집(군집 3, 5의 비율 0.39)에 흩어지고, 9의 군집(군집 4)에는 4도 섞여 있습니다(4의 비율 0.22). 1에 군집을 하나 더 쓰고 나면 5에 줄 군집이 없으므로,
헝가리안 매칭은 1의 두 번째 군집(군집 0)을 5라고 부르고, 그 군집의 1은 모두 틀린 것으로 셉니다. 다른 군집에 흩어진 5도 모두 틀립니다.
출력의 마지막 두 줄대로, 이 모델이 테스트 이미지 1만 장에서 틀린 2,633장 가운데 절반이 넘는 1,479장이 여기서 나옵니다.
원형 숫자는 모델이 군집을 어디에 썼는지를 한눈에 보여 줍니다. 개선 레시피의 원형은 숫자마다 하나씩이었습니다.
""", en="""
Two of the ten prototypes are 1s: a slanted 1 (cluster 0) and an upright 1 (cluster 9) each take a cluster, and no
prototype is a 5. The 5s are spread over the cluster of 3s (cluster 1, where 5s are 0.16) and the cluster of 8s
(cluster 3, 0.39), and the cluster of 9s (cluster 4) holds 4s too (0.22). Once a second cluster goes to the 1s, none
is left for the 5s: the Hungarian matching names the second 1 cluster (cluster 0) a 5, so its 1s all count as errors,
and so do the 5s spread over other clusters. As the output's last two lines count, that is 1,479 of the model's 2,633
errors on the 10,000 test images, more than half. Prototypes show at a glance what a model spent its clusters on; the
improved recipe's were one per digit.
"""),
    md(ko="""
## 중심점 사이를 걸어 보기

두 원형 사이에는 무엇이 있을까요? 두 중심점을 잇는 직선 위에서 같은 간격으로 점을 골라 디코더로 그려 봅니다.

$$
z(t) = (1 - t)\\,\\mu_a + t\\,\\mu_b, \\qquad t \\in [0, 1]
$$

숫자 쌍은 네 개를 고릅니다. 자주 헷갈리는 두 쌍(4와 9, 3과 5), 둥근 숫자끼리인 0과 6,
그리고 모양이 꽤 다른 1과 7입니다.
""", en="""## Walking between centroids

What lies between two prototypes? We decode evenly spaced points on the straight line between two centroids,

$$
z(t) = (1 - t)\\,\\mu_a + t\\,\\mu_b, \\qquad t \\in [0, 1],
$$

for four pairs of digits: two pairs that are often confused (4 and 9, 3 and 5), one pair of round digits (0 and 6),
and one pair that looks quite different (1 and 7).
"""),
    code("""
pairs = [(4, 9), (3, 5), (0, 6), (1, 7)]
digit_to_cluster = {d: c for c, d in mapping.items()}
steps = torch.linspace(0, 1, 10).unsqueeze(1)
with torch.no_grad():
    ends = model.centroids.detach()
    path = torch.cat([(1 - steps) * ends[digit_to_cluster[a]]
                      + steps * ends[digit_to_cluster[b]] for a, b in pairs])
    frames = model.decoder(path)                            # [40, 1, 28, 28]

fig, ax = plots.subplots(width=6.8, height=3.0)
plots.image_grid(frames, rows=len(pairs), cols=10, ax=ax,
                 row_labels=[f"{a} → {b}" for a, b in pairs],
                 label_size=10)
plt.show()
""", alt={
        "ko": "두 중심점을 잇는 직선 위의 10개 점을 디코더로 그린 네 줄의 격자로, 각 줄은 4 → 9, 3 → 5, 0 → 6, 1 → 7입니다. 네 경로 모두 매끄럽게 변해, 4의 열린 윗부분이 닫혀 9가 되고 1의 머리에 가로획이 자라 7이 되며, 중간 이미지도 모두 그럴듯한 숫자입니다.",
        "en": "Four rows of 10 images decoded from evenly spaced points on the straight line between two centroids: 4 → 9, 3 → 5, 0 → 6 and 1 → 7. Every path changes smoothly, the open top of the 4 closing into a 9 and a bar growing on top of the 1, and every in-between image looks like a plausible digit."}),
    md(ko="""
네 경로 모두 매끄러워 보입니다. 4의 열린 윗부분이 조금씩 닫히면서 9가 되고, 3의 위쪽 곡선이 곧게 펴지며 5의 가로획이
되고, 0의 오른쪽 위가 열리면서 6이 됩니다. 1에서 7로 가는 길에서는 1의 머리에 가로획이 조금씩 자라납니다.
중간 이미지도 모두 그럴듯한 숫자처럼 보입니다. 그렇다면 중간 지점들도 실제 손글씨가 있는 곳일까요?

그림만으로는 알 수 없으니 수치로 확인해 봅시다. 경로 위의 점마다 (1) 가장 가까운 중심점이 어느 숫자의 군집에 속하는지 보고,
(2) 가장 가까운 **실제** 테스트 잠재 벡터까지의 거리를 잽니다. 비교 기준으로는 처음 2,000개의 테스트 잠재 벡터
각각에서 나머지 8,000개 가운데 가장 가까운 것까지의 거리를 재어, 그 중앙값을 함께 구합니다. 이 값을 **전형적인 이웃 간격**(줄여서 전형적인 간격)이라고 부르겠습니다.
(1)에는 `model.assign(z)`를 씁니다. 이미지 대신 잠재 벡터를 받는 `predict`로, 인코더를 거치지 않고 각 행에 가장 가까운 중심점의 번호를 돌려줍니다.
""", en="""
All four paths look smooth. The open top of the 4 closes little by little into a 9, the upper curve of the 3
straightens into the bar of a 5, the top right of the 0 opens into a 6, and on the way from 1 to 7 a bar slowly
grows on top of the 1. Every in-between image looks like a plausible digit. Does that mean the points in the
middle are places where real handwriting lives?

The pictures cannot tell us, so let us check with numbers. For each point on a path we measure (1) which digit's
cluster owns the nearest centroid and (2) the distance to the nearest **real** test latent. As a yardstick, we also take the
first 2,000 test latents, measure from each the distance to the nearest of the other 8,000, and compute the median: the **typical neighbour spacing** (the typical spacing, for short).
For (1) the cell calls `model.assign(z)`: `predict` without the encoder, which takes latent rows instead of images and
returns each row's nearest centroid.
"""),
    code("""
owner = [mapping[int(c)] for c in model.assign(path)]
to_data = torch.cdist(path, z).min(1).values
typical = torch.cdist(z[:2000], z[2000:]).min(1).values.median()
print(f"typical nearest-neighbour distance between test latents: {typical:.2f}")
for r, (a, b) in enumerate(pairs):
    farthest = float(to_data[10 * r:10 * r + 10].max() / typical)
    print(f"{a}->{b}  nearest centroid's digit: {owner[10 * r:10 * r + 10]}")
    print(f"      farthest from data: {farthest:.1f} x typical")

fig, ax = plt.subplots(figsize=(6, 3.2))
for r, (a, b) in enumerate(pairs):
    ax.plot(steps.flatten().numpy(), (to_data[10 * r:10 * r + 10] / typical).numpy(),
            marker="o", ms=3, label=f"{a} → {b}")
ax.axhline(1, color="grey", ls="--", lw=1,
           label={"ko": "전형적인 간격 = 1", "en": "typical spacing = 1"}[plots.language()])
ylabel = {"ko": "가장 가까운 실제 잠재 벡터까지의 거리\\n(전형적인 간격의 배수)",
          "en": "distance to nearest real latent\\n(× typical spacing)"}[plots.language()]
ax.set(xlabel="t", ylabel=ylabel)
ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5))   # beside the axes: over no line
plt.show()
""", tags=["nbval-check-output"], alt={
        "ko": "네 경로(4 → 9, 3 → 5, 0 → 6, 1 → 7) 위의 각 점에서 가장 가까운 실제 잠재 벡터까지의 거리를 t에 따라 그린 선 그래프로, 거리는 테스트 잠재 벡터 사이의 전형적인 이웃 간격(1.20)의 배수로 재고 회색 점선(1)이 그 간격입니다. 4 → 9는 내내 이 선 근처에 머물고, 1 → 7은 가운데에서 간격의 2.7배까지 가장 멀리 벗어납니다.",
        "en": "Line plot of the distance from each point on the four paths (4 → 9, 3 → 5, 0 → 6, 1 → 7) to the nearest real latent, against t, in multiples of the typical nearest-neighbour distance between test latents (1.20), which the dashed grey line at 1 marks. The 4 → 9 path stays near that line, while 1 → 7 rises to 2.7 spacings in the middle."}),
    md(ko="""
이 수치는 경로마다 고른 10개의 점($t = 0, 1/9, \\dots, 1$)에서 잰 것이므로, 아래에서 말하는 "가장 먼" 점도 이 10개 가운데 가장 먼 점입니다.
$t = 0.5$는 그 안에 없어서, 사이의 점이 조금 더 멀 수도 있습니다. 연습 5.3의 풀이에서 보듯 0 → 6 경로의 $t = 0.5$ 지점은 데이터에서 전형적인 간격의
2.1배만큼 떨어져 있어, 10개 점 가운데 가장 먼 점(1.9배)보다 조금 더 멉니다.

자주 헷갈리는 두 쌍 가운데 4와 9의 경로는 처음부터 끝까지 실제 데이터 가까이에 머뭅니다. 가장 먼 중간 지점도
전형적인 이웃 간격을 크게 넘지 않습니다. 3과 5의 경로는 그보다 조금 더 멀어지지만(전형적인 간격의 1.6배) 여전히 데이터 근처입니다.
두 숫자 사이에 실제로 쓰인 손글씨가 **다리처럼 이어져 있고**, 소속 군집은 한가운데에서 한 번만 바뀝니다. 바로 이 다리 때문에
이런 쌍이 군집화에서 자주 헷갈립니다. 경계 근처의 이미지는 어느 쪽에 속해도 이상하지 않습니다.

1과 7 사이는 다릅니다. 경로의 가운데는 가장 가까운 데이터에서도 전형적인 간격의 약 2.7배 떨어진 **빈 공간**입니다
(0과 6 사이는 그 중간쯤입니다). 그런데도 디코더는 그곳에서 멀쩡해 보이는 숫자를 그렸습니다. 여기서 중요한 교훈을
얻습니다. 매끄러운 보간 그림은 그 길 위에 실제 데이터가 있다는 증거가 **아닙니다**. 디코더는 본 적 없는 입력에서도
그럴듯한 이미지를 지어낼 수 있습니다. 소속 군집 목록도 눈여겨보세요. 10개 표본점에서 보면 네 경로는 모두 한쪽 끝의 군집에서
다른 쪽 끝의 군집으로 한 번만 넘어갑니다. 하지만 더 촘촘히 찍어 보면(연습 5.3의 풀이) 1 → 7 직선은 $t = 0.5$ 근처에서
잠깐 9의 군집을 지납니다. 다른 쌍의 중심점을 잇는 직선 가운데에도 도중에 **제3의 군집**을 지나는 것이 많습니다(연습 5.3의
풀이에서 세어 봅니다). 결합 학습은 잠재 벡터를 저마다의 중심점 쪽으로 당겨 군집을 조이므로,
군집 사이의 빈 공간은 그만큼 넓어지기 쉽습니다.
""", en="""
These numbers are measured at the ten sampled points of each path ($t = 0, 1/9, \\dots, 1$), so "farthest" means
the farthest of those ten. $t = 0.5$ is not among them, and a point in between can lie a little farther still: as
the solution to exercise 5.3 shows, 0 → 6 at $t = 0.5$ is 2.1 typical spacings from the data, against 1.9 for the farthest of the ten.

Of the two often-confused pairs, the path from 4 to 9 stays close to real data from start to finish: even its
farthest point is barely more than one typical neighbour spacing from a real latent. The path from 3 to 5 strays a
little farther (1.6 spacings) but stays near the data too. Real handwriting forms a **bridge** between these digits,
and the owning cluster switches exactly once, in the middle. That bridge is why such pairs get confused by
clustering: images near the boundary could belong to either side.

Between 1 and 7 it is different. The middle of the path lies in **empty space**, about 2.7 typical spacings away
from any data (the path from 0 to 6 falls in between). Yet the decoder drew perfectly reasonable digits there. This is
an important lesson: a smooth interpolation picture is **not** evidence that real data lies along the path. A
decoder can invent plausible images for inputs it has never seen. Look at the lists of owning clusters too: at the ten
sampled points each of these four paths switches cluster only once, straight from one end's cluster to the other's.
Sampled more finely (in the solution to exercise 5.3), though, the 1 → 7 line briefly crosses the cluster of 9s near $t = 0.5$, and many
straight lines between other pairs of centroids also pass through a **third cluster** on the way (that solution
counts them). The joint phase pulls every latent toward its centroid and so tightens the clusters, which
tends to widen the empty space between them.
"""),
    md(ko="""
마지막으로 잠재 공간에서 걷는 것과 픽셀 공간에서 섞는 것을 비교합니다. 아래 그림에서 위 줄은 앞의 0 → 6 경로 그대로이고, 아래 줄은 양 끝 이미지를
픽셀마다 섞은 $(1 - t)\\,\\hat{x}_a + t\\,\\hat{x}_b$입니다.
""", en="""Finally, compare walking in latent space with blending in pixel space. For the pair 0 → 6, the bottom row mixes
the two end images pixel by pixel, $(1 - t)\\,\\hat{x}_a + t\\,\\hat{x}_b$.
"""),
    code("""
row = frames[20:30]                                    # the path 0 -> 6
s = steps.view(-1, 1, 1, 1)
blend = (1 - s) * row[0] + s * row[-1]
fig, ax = plots.subplots(width=6.8, height=1.6)
row_names = {"ko": ["잠재 공간 보간", "픽셀 섞기"],
             "en": ["latent path", "pixel blend"]}[plots.language()]
plots.image_grid(torch.cat([row, blend]), rows=2, cols=10, ax=ax,
                 row_labels=row_names)
plt.show()
""", hide=True, alt={
        "ko": "0 → 6 쌍을 두 줄로 비교한 격자로, 위는 잠재 공간 보간, 아래는 양 끝 이미지를 픽셀마다 섞은 픽셀 섞기입니다. 잠재 공간 보간은 0의 오른쪽 위가 열리며 모양 자체가 6으로 바뀌지만, 픽셀 섞기는 0이 옅어지고 6이 진해지는 이중 노출이라 중간 이미지에 두 숫자가 함께 보입니다.",
        "en": "Two rows for the pair 0 → 6: the top row walks the latent path, the bottom row blends the two end images pixel by pixel. The latent path changes the shape itself, opening the 0 into a 6; the pixel blend is a double exposure, a fading 0 and a strengthening 6 both visible in the middle images."}),
    md(ko="""
픽셀 섞기는 한 숫자가 옅어지고 다른 숫자가 진해지는 **이중 노출**일 뿐입니다. 중간 이미지에는 0과 6이 동시에 보입니다.
반면 잠재 공간의 경로는 **모양 자체**를 바꿉니다. 잠재 공간이 픽셀 공간보다 "숫자의 모양"을 더 잘 담는다는 생각과 맞는
그림이지만, 그림만으로는 증거가 되지 못합니다(위에서 보았듯 디코더는 데이터가 없는 곳에서도 그럴듯한 숫자를 그립니다). 증거는
2장에서 잰 정확도입니다. 같은 k-평균이 픽셀에서는 약 0.54, 잠재 벡터에서는 0.7–0.9였고, 딥 K-평균이 픽셀이 아니라 잠재 공간에서
k-평균을 하는 이유도 여기에 있습니다.

## 스스로 확인하기

짧은 질문으로 이 장의 핵심을 점검합니다. 답을 펼치기 전에 먼저 스스로 답해 보세요.

1. 복원하기 가장 쉬운 숫자와 가장 어려운 숫자는? 왜 그런가요?

   :::{admonition} 답
   :class: dropdown
   1이 가장 쉽고 2와 8이 가장 어렵습니다. 1은 잉크가 적은 획 하나이고 쓰는 방식도 대개 기울어진 정도만 다르지만, 2와 8은 곡선과 교차가 많습니다.
   :::

2. 중심점을 디코더로 그린 이미지가 픽셀 평균보다 훨씬 선명한 까닭은 무엇인가요?

   :::{admonition} 답
   :class: dropdown
   평균을 잠재 공간에서 내고, 디코더는 숫자다운 이미지만 그리며, 중심점은 빈 공간이 아니라 데이터 안에 있기 때문입니다. 픽셀 평균은 서로 다른 획을 겹쳐 놓아 흐려집니다.
   :::

3. 매끄러운 보간 그림은 그 길 위에 실제 데이터가 있다는 증거인가요?

   :::{admonition} 답
   :class: dropdown
   아닙니다. 1과 7 사이의 경로는 실제 잠재 벡터에서 전형적인 간격의 약 2.7배 떨어진 빈 공간을 지나지만 디코더는 그곳에서도 그럴듯한 숫자를 그립니다.
   :::

## 요약

- 복원 격자는 10차원 병목이 숫자와 그 기울기, 획 굵기는 지키고 획의 작은 버릇은 버린다는 것을 보여 줍니다.
- 복원 오차는 1이 가장 작고 2와 8이 가장 큽니다. 가장 큰 오차는 드문 필체나 유난히 굵은 획에서 나오며,
  오토인코더는 그런 입력을 전형적인 모양 쪽으로 끌어당겨 그립니다. 결합 학습은 이 경향을 더 강하게 만들고 평균 오차도 키웁니다.
- 결합 학습 직전의 오토인코더도 UMAP 분할만으로 정확도 0.902 ± 0.006(시드 10개 평균)에 이릅니다. 결합 학습 10 에폭이 보태는 몫은 약 0.05입니다.
- 군집은 대부분 한 숫자로 채워지며, 가장 큰 예외는 2의 군집으로 들어간, 가로줄을 그은 7입니다.
- 중심점을 디코더로 그린 원형 숫자는 픽셀 평균보다 훨씬 선명합니다. 잠재 공간에서 평균을 내고, 디코더가 숫자다운 이미지만
  그리며, 중심점이 빈 공간이 아니라 데이터 안에 있기 때문입니다.
- 자주 헷갈리는 숫자 쌍 사이에는 실제 데이터가 다리처럼 이어져 있고, 잘 분리된 쌍 사이에는 빈 공간이 있습니다.
""", en="""
The pixel blend is just a **double exposure**: one digit fades out while the other fades in, and the middle images
show a 0 and a 6 at the same time. The latent path changes the **shape itself** instead. That fits the idea that the
latent space captures "the shape of a digit" better than pixel space does, but the picture alone is no evidence (as
above, a decoder draws plausible digits even where no data lies). The evidence is chapter 2's accuracies: the same
k-means scores about 0.54 on pixels and 0.7-0.9 on latents, and that is the reason Deep K-means runs k-means on
latents rather than on pixels.

## Check yourself

Short questions on the chapter's key points: answer each one yourself before you read its answer.

1. Which digit is easiest to reconstruct, which hardest, and why?

   :::{admonition} Answer
   :class: dropdown
   1 is the easiest and 2 and 8 the hardest: a 1 is a single stroke with little ink that varies mostly in slant, while 2 and 8 have many curves and crossings.
   :::

2. Why are decoded centroids much sharper than pixel averages?

   :::{admonition} Answer
   :class: dropdown
   The averaging happens in latent space, the decoder only draws digit-like images, and the centroid lies inside the data, not in empty space; a pixel average overlays different strokes and blurs.
   :::

3. Is a smooth interpolation picture evidence that real data lies along the path?

   :::{admonition} Answer
   :class: dropdown
   No: the path between 1 and 7 crosses empty space about 2.7 typical spacings from any real latent, yet the decoder still draws plausible digits there.
   :::

## Summary

- Reconstruction grids show that the 10-number bottleneck keeps the digit, its slant and its thickness, and drops
  the small quirks of a stroke.
- The reconstruction error is smallest for 1 and largest for 2 and 8. The worst errors come from rare handwriting
  or unusually thick strokes, and the reconstruction drags such inputs toward a typical shape. The joint phase
  strengthens this pull and raises the mean error.
- The autoencoder just before the joint phase already reaches an accuracy of 0.902 ± 0.006 (mean of ten seeds) with
  the UMAP partition alone; the 10 joint epochs add about 0.05.
- Most clusters hold a single digit; the largest exception is the crossed 7s that end up in the cluster of 2s.
- Decoded centroids, the prototype digits, are much sharper than pixel averages: the averaging happens in latent
  space, the decoder only draws digit-like images, and the centroid lies inside the data, not in empty space.
- Real handwriting bridges the digit pairs that are often confused, while well-separated pairs have empty space
  between them.
"""),
    md(ko=r"""
## 연습 문제

각 문제 아래에 **힌트**와 **풀이**가 있습니다. 먼저 직접 풀어 본 뒤 읽어 보세요. 코드 풀이는 대부분 다른 셀처럼
실행되고 테스트되므로, 자신의 결과를 실제 출력과 비교할 수 있습니다. 실행에 몇 분씩 걸리는 일부 풀이는 책을 만들 때 실행하지 않으며,
그 점을 밝히고 직접 실행할 코드를 보여 줍니다.

::::{exercise} 교차 엔트로피로 잰 복원 오차
:label: ko-ex05-1
:nonumber:

복원 오차를 제곱 오차 대신 이진 교차 엔트로피(`torch.nn.functional.binary_cross_entropy`, `reduction="none"`)로 계산해 보세요. 오차가 가장 큰 10장이 바뀌나요? 숫자별 순위는 어떤가요?

:::{hint}
:class: dropdown
`recon`과 `test_x`로 픽셀마다의 BCE를 구해 `mean(dim=(1, 2, 3))`으로 이미지마다 하나의 값으로 만드세요. 가장 큰 10장의 집합을 위의 `err`로 고른 10장과 비교하고, 숫자별 평균을 작은 순서로 정렬하세요.
:::
::::

:::{solution-start} ko-ex05-1
:class: dropdown
:::
""", en=r"""
## Exercises

Each exercise has a **hint** and a **solution** below it: try the exercise first, then read them. Most code
solutions run and are tested like every other cell, so you can check your own work against real output; the few
that take minutes say that they are not run when the book is built, and show the code to run yourself.

::::{exercise} Reconstruction error by cross-entropy
:label: en-ex05-1
:nonumber:

Compute the reconstruction error with binary cross-entropy instead of squared error (`torch.nn.functional.binary_cross_entropy` with `reduction="none"`). Do the 10 worst images change? And the ranking of the digits?

:::{hint}
:class: dropdown
Compute per-pixel BCE from `recon` and `test_x`, reduce it to one number per image with `mean(dim=(1, 2, 3))`, compare its 10 largest with those of `err` above, and sort the per-digit means.
:::
::::

:::{solution-start} en-ex05-1
:class: dropdown
:::
"""),
    code(r"""
import torch.nn.functional as F

bce = F.binary_cross_entropy(recon, test_x, reduction="none").mean(dim=(1, 2, 3))
worst_sq = set(err.argsort(descending=True)[:10].tolist())
worst_bce = set(bce.argsort(descending=True)[:10].tolist())
print("images among the 10 worst under both errors:", len(worst_sq & worst_bce))
by_digit = lambda e: (
    torch.stack([e[test_y == d].mean() for d in range(10)]).argsort().tolist()
)
print("digits from best to worst, squared error:", by_digit(err))
print("digits from best to worst, BCE:          ", by_digit(bce))
""", tags=['nbval-check-output']),
    md(ko=r"""
가장 큰 10장 중 8장이 겹치고, 숫자별 순위도 거의 같습니다. 1이 가장 쉽고 8과 2가 가장 어렵다는 결론은 그대로이며, 두 쌍만 자리를 맞바꿉니다. 1 바로 뒤의 9와 7, 그리고 중간의 0과 4입니다(그 사이의 6은 그대로입니다). BCE는 0이나 1이어야 할 픽셀을 확신 있게 틀릴 때 훨씬 크게 벌하므로, 획이 있어야 할 곳을 통째로 놓친 이미지가 조금 더 위로 올라옵니다. 그래도 어떤 이미지가 "복원하기 어렵다"는 판단은 두 척도에서 크게 다르지 않습니다.

:::{solution-end}
:::

::::{exercise} 군집의 가장자리
:label: ko-ex05-2
:nonumber:

군집별 샘플 격자에서 처음 12장 대신, 각 군집에서 중심점으로부터 **가장 먼** 12장을 보여 주세요(`pairwise_sq_dist(z, model.centroids)`). 군집의 가장자리에는 어떤 이미지가 있나요?

:::{hint}
:class: dropdown
`d2 = pairwise_sq_dist(z, model.centroids.detach())`에서 각 이미지의 자기 군집 열 `d2[torch.arange(len(z)), pred]`를 고르고, 군집마다 `argsort(descending=True)[:12]`로 가장 먼 구성원을 찾으세요.
:::
::::

:::{solution-start} ko-ex05-2
:class: dropdown
:::
""", en=r"""
Eight of the 10 worst images are the same, and the digit ranking barely moves: 1 is still the easiest and 8 and 2 the hardest; only two pairs trade places, the 9 and 7 right after the 1, and the 0 and 4 in the middle (the 6 between them stays). BCE punishes confident mistakes on pixels that should be 0 or 1 much harder, so images that miss a whole stroke move up a little. Which images are "hard to reconstruct" hardly depends on the yardstick.

:::{solution-end}
:::

::::{exercise} The edge of a cluster
:label: en-ex05-2
:nonumber:

In the per-cluster grid, show the 12 members **farthest** from their centroid instead of the first 12 (`pairwise_sq_dist(z, model.centroids)`). What kind of images live at the edge of a cluster?

:::{hint}
:class: dropdown
From `d2 = pairwise_sq_dist(z, model.centroids.detach())` pick each image's own-cluster column `d2[torch.arange(len(z)), pred]`, then take `argsort(descending=True)[:12]` within each cluster.
:::
::::

:::{solution-start} en-ex05-2
:class: dropdown
:::
"""),
    code(r"""
d2 = pairwise_sq_dist(z, model.centroids.detach())
# squared distance to the image's own centroid
own = d2[torch.arange(len(z)), pred]
edge_tiles, edge_purity = [], []
for c in order:
    members = (pred == c).nonzero().flatten()
    far = members[own[members].argsort(descending=True)[:cols]]
    edge_tiles.append(test_x[far])
    far_purity = (test_y[far] == mapping[c]).float().mean()
    edge_purity.append(f"{mapping[c]}: {far_purity:.2f}")
plots.image_grid(torch.cat(edge_tiles), rows=len(order), cols=cols,
                 row_labels=[f"{plots.t('cluster')} {c} → {mapping[c]}" for c in order])
plt.show()
print("share of the matched digit among the 12 farthest members:")
for start in range(0, len(edge_purity), 5):
    print("  " + ", ".join(edge_purity[start:start + 5]))
""", tags=['nbval-check-output'], alt={
        "ko": "군집마다 한 행씩, 중심점에서 가장 먼 구성원 12장을 보여 주는 격자로, 행 이름은 군집 번호와 매칭된 숫자입니다. 군집의 가장자리에는 아주 굵거나 기울어진 필체, 끊기거나 덧그어진 획, 다른 숫자가 섞여 있어, 4의 행만 모두 4이고 8로 매칭된 행에는 8이 한 장뿐입니다.",
        "en": "A grid with one row per cluster showing the 12 members farthest from its centroid, labelled with cluster index and matched digit. The edges mix very thick or slanted handwriting, broken or overwritten strokes and other digits: only the row of 4s is all 4s, and the row matched to 8 has one 8."}),
    md(ko=r"""
가장자리는 군집 전체보다 순도가 훨씬 낮습니다. 위 표에서 군집 열 개 중 일곱 개는 순도가 98% 이상입니다. 그런데 가장 먼 12장에서는 매칭된 숫자의 비율이 다섯 군집에서 0.58–0.75로 떨어지고, 9의 군집은 0.33, 2의 군집은 0.25, 8의 군집은 0.08입니다. 8로 매칭된 군집의 가장자리에는 8이 한 장뿐입니다. 가장 먼 12장이 모두 매칭된 숫자인 것은 4의 군집뿐이고, 7의 군집이 열한 장으로 그 뒤를 잇습니다. 가장자리에는 아주 굵거나 기울어진 필체, 획이 끊기거나 덧그어진 이미지, 그리고 다른 숫자가 모입니다. 중심점에서 먼 이미지일수록 군집 번호를 덜 믿어야 한다는 뜻이고, 이 거리는 레이블 없이 잴 수 있는 "확신도"로 쓸 수 있습니다.

:::{solution-end}
:::

::::{exercise} 중심점 바깥으로 외삽하기
:label: ko-ex05-3
:nonumber:

중심점 사이 경로를 $t \in [-0.5, 1.5]$로 넓혀 중심점 **바깥**으로 나가 보세요(외삽). 이미지가 어떻게 변하고, 가장 가까운 실제 잠재 벡터까지의 거리는 어떻게 되나요?

:::{hint}
:class: dropdown
`torch.linspace(-0.5, 1.5, 9)`로 `steps`를 만들고 위와 같은 식으로 경로를 계산하세요. 거리는 `torch.cdist(path, z).min(1).values / typical`로 전형적인 간격의 몇 배인지 나타내세요.
:::
::::

:::{solution-start} ko-ex05-3
:class: dropdown
:::
""", en=r"""
The edge is far less pure than the cluster as a whole. In the table above seven of the ten clusters are 98 % pure or more, but among the 12 farthest members the matched digit's share falls to 0.58–0.75 for five clusters, 0.33 for the 9s, 0.25 for the 2s and 0.08 for the 8s: the edge of the cluster matched to 8 holds a single 8. Only the cluster of 4s keeps all twelve, and the 7s keep eleven. The edge collects very thick or slanted handwriting, broken or overwritten strokes, and other digits. The farther an image is from its centroid, the less its cluster index should be trusted: this distance is a confidence measure that needs no labels.

:::{solution-end}
:::

::::{exercise} Extrapolating beyond the centroids
:label: en-ex05-3
:nonumber:

Extend the path between two centroids to $t \in [-0.5, 1.5]$ to step **beyond** the centroids (extrapolation). How do the images change, and what happens to the distance to the nearest real latent?

:::{hint}
:class: dropdown
Build `steps` with `torch.linspace(-0.5, 1.5, 9)` and compute the path as above. Express the distance as a multiple of the typical spacing: `torch.cdist(path, z).min(1).values / typical`.
:::
::::

:::{solution-start} en-ex05-3
:class: dropdown
:::
"""),
    code(r"""
wide = torch.linspace(-0.5, 1.5, 9).unsqueeze(1)
with torch.no_grad():
    wide_path = torch.cat([
        (1 - wide) * ends[digit_to_cluster[a]] + wide * ends[digit_to_cluster[b]]
        for a, b in pairs
    ])
    wide_frames = model.decoder(wide_path)
ax = plots.image_grid(wide_frames, rows=len(pairs), cols=9,
                      row_labels=[f"{a} → {b}" for a, b in pairs],
                      col_labels=[f"{v:g}" for v in wide.flatten().tolist()])
ax.text(-4, len(pairs) * 29 + 4, "t", ha="right", va="top")   # each column's t, as printed
plt.show()
gaps = (torch.cdist(wide_path, z).min(1).values / typical).view(len(pairs), 9)
print("t:", [round(v, 2) for v in wide.flatten().tolist()])
for (a, b), row in zip(pairs, gaps):
    print(f"{a}->{b} distance to data / typical: {[round(v, 1) for v in row.tolist()]}")

# How many of the 45 straight lines between two centroids pass through a third cluster?
line = torch.linspace(0, 1, 50).unsqueeze(1)
third = {}   # (a, b) -> the other digits' clusters the line a -> b passes through
for a in range(10):
    for b in range(a + 1, 10):
        start, end = ends[digit_to_cluster[a]], ends[digit_to_cluster[b]]
        on_line = model.assign((1 - line) * start + line * end)
        passed = {mapping[int(c)] for c in on_line} - {a, b}
        if passed:
            third[(a, b)] = sorted(passed)
print(f"lines between centroids that pass through a third cluster: "
      f"{len(third)} of 45")
only_8_9 = [pair for pair, digits in third.items() if set(digits) <= {8, 9}]
print(f"through no cluster but the 8s' and 9s': {len(only_8_9)}, "
      f"the others: {({p: d for p, d in third.items() if p not in only_8_9})}")
print("the text's 1 -> 7 passes through the clusters of:", third.get((1, 7)))
""", tags=['nbval-check-output'], alt={
        "ko": "네 쌍(4 → 9, 3 → 5, 0 → 6, 1 → 7)의 중심점 사이 경로를 t = -0.5부터 1.5까지 넓혀 9개 점을 디코더로 그린 격자로, 열마다 아래에 t를 적었습니다. 중심점 바깥으로 나간 양 끝에서는 숫자의 특징이 과장되거나 일그러져, 0은 더 넓고 굵어지고 6은 고리를 잃으며 7의 윗부분은 조각나지만, 대부분은 여전히 숫자처럼 보입니다.",
        "en": "Four rows of 9 decoded images on the paths 4 → 9, 3 → 5, 0 → 6 and 1 → 7, extended from t = -0.5 to 1.5, beyond both centroids, each column labelled with its t. At the ends the digit is exaggerated or distorted: the 0 grows wider and bolder, the 6 loses its loop, the top of the 7 breaks into blobs; most still look like digits."}),
    md(ko=r"""
중심점 바깥으로 나가면($t < 0$, $t > 1$) 이미지에서 그 숫자의 특징이 과장되거나 일그러집니다. 0은 더 넓고 굵어지고, $t = 1.5$의 6은 고리를 잃어 갈고리 모양의 획만 남으며, 1 → 7 경로의 $t = 1.5$에서는 7의 윗부분이 조각난 얼룩이 됩니다. 그래도 대부분은 여전히 숫자처럼 보입니다. 거리를 보면 이야기가 달라집니다. 양 끝($t = -0.5, 1.5$)은 중심점 사이의 어느 지점보다 데이터에서 멀고, 0–6과 1–7 경로에서는 전형적인 간격의 약 5–9배나 떨어집니다. 디코더가 본 적 없는 영역인데도 그럴듯한 이미지를 그려 내는 것입니다. 출력의 마지막 세 줄은 중심점 사이 직선을 이번에는 50개 점으로 찍어, 그중 제3의 군집을 지나는 직선을 셉니다. 그런 직선은 드물지 않아서, 45쌍 중 22쌍이고 그중 20쌍은 8과 9의 군집 말고는 지나지 않습니다. 본문의 1 → 7도 여기에 들어갑니다(마지막 줄). 본문에서 찍은 10개 표본점 가운데 이웃한 두 점 사이, $t = 0.5$ 근처에서 잠깐 9의 군집을 지나기 때문입니다.

:::{solution-end}
:::
""", en=r"""
Beyond the centroids ($t < 0$, $t > 1$) the images exaggerate or distort the digit: the 0 grows wider and bolder, the 6 at $t = 1.5$ loses its loop and keeps only a hooked stroke, and on the 1 → 7 path the top of the 7 breaks into stray blobs at $t = 1.5$. Yet most of them still look like digits. The distances tell another story: both ends ($t = -0.5, 1.5$) are farther from the data than any point between the centroids, roughly 5 to 9 typical spacings away on the 0–6 and 1–7 paths. The decoder has never seen that region and still draws something plausible. The last three lines count the straight lines between centroids, now sampled at 50 points, that pass through a third cluster, and they are common: 22 of the 45, 20 of them through no cluster but those of the 8s and 9s. The text's own 1 → 7 is among them (the last line): near $t = 0.5$, between two of the text's ten sampled points, it briefly crosses the cluster of 9s.

:::{solution-end}
:::
"""),
]
