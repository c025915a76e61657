"""Appendix A: a PyTorch on-ramp for readers who know Python: tensors, autograd, nn.Module, a training loop, convolutions."""

from bilingual import code, md

TITLE = {"ko": "부록 A. 파이토치 첫걸음",
         "en": "Appendix A. A PyTorch on-ramp"}

CELLS = [
    md(ko=r"""
## 이 장에서 배울 것

파이썬은 알지만 파이토치는 처음인 독자를 위한 부록입니다. 1–3장이 당연하게 쓰는 것들을 여기서 한 번씩 직접 돌려 봅니다.
모든 셀은 CPU에서 몇 초면 끝납니다.

- **텐서**와 그 **모양**(shape): 이미지 한 묶음이 왜 `[N, 1, 28, 28]`인가
- **자동 미분**(autograd): `backward()`, `.grad`, `torch.no_grad()`, `detach()`
- **`nn.Module`**: 층을 묶어 모델 하나로 만들고 파라미터를 세기
- 스무 줄짜리 **학습 루프**: MNIST 1만 장으로 작은 오토인코더 학습하기
- **`DataLoader`**, **`.to(device)`**, 가중치 **저장과 불러오기**(`state_dict`, `weights_only=True`)
- **합성곱**과 **전치 합성곱**: 크기가 어떻게 줄고 다시 느는지 그림으로 보기
""", en=r"""
## What you will learn

This appendix is for readers who know Python but not PyTorch. It runs, once each, the things chapters 1–3 take for
granted. Every cell finishes in seconds on a CPU.

- **tensors** and their **shapes**: why a batch of images is `[N, 1, 28, 28]`
- **autograd**: `backward()`, `.grad`, `torch.no_grad()`, `detach()`
- **`nn.Module`**: bundling layers into one model and counting its parameters
- a twenty-line **training loop**: a small autoencoder trained on 10,000 MNIST images
- **`DataLoader`**, **`.to(device)`**, and **saving and loading** weights (`state_dict`, `weights_only=True`)
- **convolutions** and **transposed convolutions**: how sizes shrink and grow again, drawn
"""),
    code("""
from dkm_lib import book

info = book.setup(seed=0)
"""),
    md(ko=r"""
## 텐서와 모양

**텐서**(tensor)는 같은 자료형의 수를 여러 차원으로 늘어놓은 배열이며, NumPy 배열과 거의 같게 쓸 수 있습니다. 가장 중요한 속성은
**모양**(`shape`)입니다. 이 책의 이미지 한 묶음은 `[N, 1, 28, 28]`, 곧 (이미지 수, 채널 수, 높이, 너비)입니다. MNIST는 흑백이라 채널이
하나입니다. 완전 연결층에 넣을 때는 `flatten(1)`로 뒤쪽 차원을 펴서 `[N, 784]`로 만듭니다. 모양이 다른 텐서끼리의 연산은
**브로드캐스팅** 규칙을 따릅니다. 크기가 1인 차원은 상대에 맞춰 늘어납니다. 3장에서 모든 점과 모든 중심점(군집의 중심을 나타내는 점) 사이의 거리를 한 번에 구하는 계산이 바로 이 규칙을 씁니다.
""", en=r"""
## Tensors and shapes

A **tensor** is an array of numbers of one type laid out along several dimensions; it behaves much like a NumPy
array. Its most important attribute is its **shape**. A batch of images in this book is `[N, 1, 28, 28]`: (number of
images, channels, height, width), with a single channel because MNIST is greyscale. Before a fully connected layer,
`flatten(1)` unrolls the trailing dimensions into `[N, 784]`. Operations on tensors of different shapes follow the
**broadcasting** rules: a dimension of size 1 is stretched to match the other tensor. Chapter 3's distances between every point and every centroid (the point that stands for a cluster's centre), computed in one go, rely on exactly that.
"""),
    code("""
import torch

from dkm_lib import load_mnist

test_x, test_y = load_mnist(train=False)
batch = test_x[:64]
print("batch:", tuple(batch.shape), batch.dtype,
      " labels:", tuple(test_y[:64].shape), test_y.dtype)
print("flattened:", tuple(batch.flatten(1).shape))

z = torch.tensor([[0.0, 0.0], [3.0, 4.0], [1.0, 1.0]])  # three points in 2-D  [3, 2]
mu = torch.tensor([[0.0, 0.0], [3.0, 3.0]])             # two centroids        [2, 2]
diff = z[:, None, :] - mu[None, :, :]                   # broadcast to         [3, 2, 2]
sq_dist = diff.pow(2).sum(-1)                           # squared distances    [3, 2]
print("squared distances:\\n", sq_dist)
print("nearest centroid of each point:", sq_dist.argmin(1).tolist())
""", tags=["nbval-check-output"]),
    md(ko=r"""
`z[:, None, :]`는 가운데에 크기 1인 차원을 끼워 `[3, 1, 2]`로, `mu[None, :, :]`는 `[1, 2, 2]`로 만듭니다. 빼면 두 텐서가 `[3, 2, 2]`로
늘어나 "모든 점 × 모든 중심점"의 차이가 한 번에 계산됩니다. `dkm_lib.model.pairwise_sq_dist`와 할당 `argmin`이 하는 일이 이것입니다.

## 자동 미분

파이토치는 `requires_grad=True`인 텐서에서 시작한 계산을 기록해 두었다가, 스칼라 하나에서 `backward()`를 호출하면 그 스칼라의
**기울기**(gradient)를 연쇄 법칙으로 거슬러 계산합니다. 계산한 기울기는 리프(leaf) 텐서(기울기가 필요한 파라미터)마다 `.grad`에 담깁니다. 잠재 벡터 `z` 같은 중간 텐서는 먼저 `z.retain_grad()`를 호출하지 않으면 `.grad`가 비어 있습니다. 학습은 이 기울기의 반대 방향으로 파라미터를
조금씩 옮기는 일입니다.
""", en=r"""
`z[:, None, :]` inserts a dimension of size 1 to make `[3, 1, 2]`, and `mu[None, :, :]` makes `[1, 2, 2]`. Subtracting
stretches both to `[3, 2, 2]`, computing "every point minus every centroid" in one go. That is what
`dkm_lib.model.pairwise_sq_dist` and the `argmin` assignment do.

## Autograd

PyTorch records every computation that starts from a tensor with `requires_grad=True`. Calling `backward()` on a
single number (a scalar) then runs the chain rule backwards and stores that scalar's **gradient** with respect to
each leaf tensor that requires it (the parameters) in its `.grad`; an intermediate such as the latents `z` keeps
`.grad` empty unless you call `z.retain_grad()` first. Training means moving the parameters a little against this gradient, again and again.
"""),
    code("""
w = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
x = torch.tensor([3.0, 1.0, 2.0])
loss = ((w * x).sum() - 4.0) ** 2          # a scalar: (w . x - 4)^2
loss.backward()
print(f"loss = {loss.item():.2f}")
print("dloss/dw =", w.grad.tolist(), " (by hand: 2 * (w . x - 4) * x =",
      (2 * ((w * x).sum() - 4.0) * x).tolist(), ")")

# no graph is recorded: evaluation, or updating parameters by hand
with torch.no_grad():
    w -= 0.01 * w.grad
print("after one gradient step, w =", [round(v, 3) for v in w.tolist()])
print("detach() cuts the graph:", w.detach().requires_grad, " vs", w.requires_grad)
""", tags=["nbval-check-output"]),
    md(ko=r"""
세 가지를 기억해 두세요. `backward()`는 기울기를 `.grad`에 **더하므로** 학습 루프는 매번 `zero_grad()`로 비웁니다(파이토치 2에서는
기본으로 `.grad`를 `None`으로 만듭니다). `torch.no_grad()` 안의 계산은 기록되지 않으므로 평가할 때 씁니다(`model.encode`가 그렇습니다).
`model.eval()`과 `model.train()`은 이것과 다릅니다. 드롭아웃이나 배치 정규화처럼 학습할 때와 평가할 때 다르게 동작하는 층을 학습 모드나 평가 모드로 바꿀 뿐,
기록은 끄지 않습니다. 이 책의 모델에는 그런 층이 없지만 라이브러리는 두 가지를 모두 호출합니다. `detach()`는 같은 값을 가지되 기울기가
흐르지 않는 텐서를 돌려줍니다. 이 텐서는 원래 텐서와 메모리를 함께 쓰므로, 따로 복사하려면 `.detach().clone()`을 씁니다.
3장은 할당 $s(x)$를 `detach()`한 잠재 벡터에서 계산합니다. argmin은 정수를 돌려주므로 어차피 기울기가 흐를 수 없습니다. 그래도 `detach()`를 쓰면
거리 계산에서 인코더 쪽 그래프를 기록하지 않고(중심점은 `requires_grad=True`이므로 중심점 쪽은 기록됩니다) $s(x)$가 상수라는 점도 코드에 드러납니다.

## `nn.Module`: 모델 하나로 묶기

`torch.nn.Module`을 상속한 클래스는 `__init__`에서 층을 속성으로 만들고 `forward`에서 그 층들을 호출합니다. 속성으로 둔 층의
파라미터는 `model.parameters()`로 한꺼번에 모입니다. `dkm_lib`의 `Encoder`, `Decoder`, `DeepKMeans`가 모두 이렇게 생겼습니다.
""", en=r"""
Remember three things. `backward()` **adds** into `.grad`, so a training loop clears it (sets it to `None`, PyTorch
2's default) with `zero_grad()` every step. Computations inside `torch.no_grad()` are not recorded, which is what
evaluation uses (`model.encode` does). That is not what `model.eval()` and `model.train()` do: they switch layers
that behave differently in training and evaluation, such as dropout and batch norm, and leave recording on; this
book's model has none, but the library calls both. And `detach()` returns a tensor with the same values through
which no gradient flows; it shares memory with the original (`.detach().clone()` makes a copy). Chapter 3 computes
the assignment $s(x)$ on detached latents: the argmin returns integers, so no gradient could flow through it anyway,
but `detach()` skips recording the encoder's side of the distance computation (the centroids still require
gradients, so their side is recorded) and makes explicit that $s(x)$ is a constant.

## `nn.Module`: bundling a model

A class derived from `torch.nn.Module` creates its layers as attributes in `__init__` and calls them in `forward`.
The parameters of every layer held as an attribute are gathered by `model.parameters()`. `dkm_lib`'s `Encoder`,
`Decoder` and `DeepKMeans` all look like this.
"""),
    code("""
from torch import nn


class TinyAutoencoder(nn.Module):
    \"\"\"784 -> 64 -> 10 -> 64 -> 784, fully connected.\"\"\"

    def __init__(self, latent_size: int = 10):
        super().__init__()
        self.encoder = nn.Sequential(nn.Flatten(), nn.Linear(784, 64), nn.ReLU(),
                                     nn.Linear(64, latent_size))
        self.decoder = nn.Sequential(nn.Linear(latent_size, 64), nn.ReLU(),
                                     nn.Linear(64, 784), nn.Sigmoid(),
                                     nn.Unflatten(1, (1, 28, 28)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.decoder(self.encoder(x))


torch.manual_seed(0)
tiny = TinyAutoencoder()
for name, p in tiny.named_parameters():
    print(f"{name:18s} {tuple(p.shape)}")
print("parameters:", sum(p.numel() for p in tiny.parameters()))
print("output shape for the batch:", tuple(tiny(batch).shape))
""", tags=["nbval-check-output"]),
    md(ko=r"""
## 스무 줄짜리 학습 루프

학습 루프는 어디서나 같은 모양입니다. 데이터를 섞어 배치로 나누고, 배치마다 **순전파 → 손실 → `zero_grad()` → `backward()` →
`step()`의 순서**를 되풀이합니다. 여기서는 위의 작은 오토인코더를 학습 이미지 1만 장으로 3 에폭 학습합니다. 손실은 1장에서 쓰는 이진 교차 엔트로피(BCE)로, 0과 1 사이의 픽셀 값마다 복원이 입력에서 얼마나 먼지를 재서 평균합니다. 옵티마이저 `torch.optim.Adam`은 경사 하강법의 한 변형으로, 파라미터마다 지난 기울기들과 그 제곱들의 이동 평균으로 걸음의 방향과 크기를 정합니다. `dkm_lib.train_epoch`도 같은 모양이며, 군집 손실이 더해졌을 뿐입니다. 에폭마다 학습에 쓰지 않은 학습 이미지 2,000장의 손실도 잽니다. 테스트 세트는 마지막 채점에만 쓰고 학습 도중에는 보지 않습니다(8장). 시간이 찍히는 셀이므로
수치는 컴퓨터마다 조금 다를 수 있습니다.
""", en=r"""
## A twenty-line training loop

A training loop has the same shape everywhere: shuffle the data into batches, and for each batch do **forward pass →
loss → `zero_grad()` → `backward()` → `step()`**. Here we train the small autoencoder above for 3 epochs on 10,000
training images, with the binary cross-entropy (BCE) loss of chapter 1, which measures pixel by pixel (for values between 0 and 1) how far the reconstruction is from the input, and averages over the pixels. The optimizer, `torch.optim.Adam`, is a variant of gradient descent that sets each parameter's step from running averages of its past gradients and of their squares. `dkm_lib.train_epoch` has the same shape,
with the clustering loss added. After each epoch the loop also measures the loss on 2,000 training images it never
trains on; the test set is kept for the final score and not watched during training (chapter 8). This cell prints
times, so its numbers can differ a little between computers.
"""),
    code("""
import time

import torch.nn.functional as F

train_x, _ = load_mnist(train=True)
held_out = train_x[-2000:]   # never trained on: the loop watches these, not the test set
train_x = train_x[:10000]
optimizer = torch.optim.Adam(tiny.parameters(), lr=1e-3)
generator = torch.Generator().manual_seed(0)
tic = time.time()
for epoch in range(3):
    order = torch.randperm(len(train_x), generator=generator)    # shuffle
    total = 0.0
    for start in range(0, len(train_x), 128):
        # one batch [128, 1, 28, 28]
        x = train_x[order[start:start + 128]]
        loss = F.binary_cross_entropy(tiny(x), x)                   # forward pass and loss
        optimizer.zero_grad()                                       # clear old gradients
        loss.backward()                                             # gradients of the loss
        optimizer.step()                                            # move the parameters
        total += loss.detach() * len(x)   # detach: keeps no graph; no .item(): no wait
    with torch.no_grad():
        held_out_loss = F.binary_cross_entropy(tiny(held_out), held_out)
    print(f"epoch {epoch}: train BCE {total / len(train_x):.4f}   "
          f"held-out BCE {held_out_loss:.4f}")
print(f"{time.time() - tic:.1f} s")
""", tags=["nbval-check-output", "nbval-approx"]),
    code("""
import matplotlib.pyplot as plt

from dkm_lib import plots

with torch.no_grad():
    redrawn = tiny(test_x[:10])
fig, axes = plt.subplots(2, 1, figsize=(6, 2.2))
plots.image_grid(test_x[:10], rows=1, cols=10, ax=axes[0], title=plots.t("input"))
plots.image_grid(redrawn, rows=1, cols=10, ax=axes[1], title=plots.t("reconstruction"))
plt.tight_layout()
plt.show()
""", alt={
        "ko": "테스트 이미지 10장의 입력(위)과, 작은 완전 연결 오토인코더를 세 에폭 학습한 뒤의 복원(아래)입니다. 복원은 흐릿해서 1, 0, 7은 알아볼 수 있지만 4는 9처럼, 5는 번진 0처럼, 마지막 9는 7처럼 돌아옵니다.",
        "en": "Ten test digits in two rows: the inputs on top and, below, their reconstructions by the small fully connected autoencoder after three epochs. The reconstructions are blurry: 1, 0 and 7 are recognisable, but the 4s come back looking like 9s, the 5 like a smudged 0 and the last 9 like a 7."}),
    md(ko=r"""
따로 둔 이미지의 손실이 에폭마다 학습 손실보다 낮고, 그 차이는 에폭 0에서 가장 큽니다. 학습 손실은 가중치가 아직 나아지던 에폭
내내의 평균이고, 따로 둔 이미지의 손실은 에폭이 끝난 뒤의 가중치로 잰 값이기 때문입니다.

작은 완전 연결망을 세 에폭 학습했을 뿐이라 복원은 흐릿합니다. 1, 0, 7은 알아볼 수 있지만 4는 9처럼, 5는 번진 0처럼, 마지막 9는 7처럼 돌아옵니다. 1장은 같은 루프로 합성곱 오토인코더를 학습하고, 3장과 4장은 여기에 군집 손실과
중심점을 더합니다.

## 데이터, 장치, 저장

위의 루프는 이미지 텐서 하나를 섞은 순서대로 잘라 배치를 만들었습니다. MNIST는 메모리에 한 번에 들어가므로 `dkm_lib`도
그렇게 합니다(8장의 시간 표에서는 `DataLoader`와 이미지별 파이썬 반복문을 쓰는 블로그 방식의 에폭이 더 느립니다). 데이터가 메모리보다 크거나 이미지마다
변환이 필요하면 파이토치의 `Dataset`과 `DataLoader`가 배치를 만듭니다. 블로그의 코드가 그렇게 하고, 5장이 말하는 "데이터를 섞는
데이터 로더의 첫 배치"가 이것입니다. 모델의 파라미터를 GPU로 옮기는 `.to(device)`, 학습한 가중치를 파일로 저장하고 다시 불러오는
`state_dict`도 함께 봅니다. `torch.load`에는 `weights_only=True`를 줍니다. 그러면 텐서만 읽고 파일 안의 임의의 파이썬 객체는
되살리지 않으므로, 남이 준 체크포인트도 훨씬 안전하게 열 수 있습니다. 이 책의 `load_checkpoint`도 이렇게 읽습니다.
""", en=r"""
The held-out loss is lower than the training loss in every epoch, most of all in epoch 0: the training loss is an
average over the whole epoch, while the weights were still improving, and the held-out loss is measured with the
weights at the epoch's end.

Three epochs of a small fully connected network give blurry reconstructions: 1, 0 and 7 are recognisable, while the 4s
come back looking like 9s, the 5 like a smudged 0 and the last 9 like a 7. Chapter 1 trains a convolutional autoencoder with the same loop,
and chapters 3 and 4 add the clustering loss and the centroids.

## Data, devices and saving

The loop above cut its batches from one image tensor in a shuffled order. MNIST fits in memory at once, so `dkm_lib`
does the same (in chapter 8's timing table the blog-style epoch, with its `DataLoader` and a Python loop over the
images, is the slower one). When
the data does not fit in memory, or each image needs a transform, PyTorch's `Dataset` and `DataLoader` make the
batches: the blog's code uses them, and chapter 5's "first batch of a shuffled data loader" is one. Here too are
`.to(device)`, which moves a model's parameters to a GPU, and `state_dict`, which saves trained weights to a file and
loads them back. `torch.load` gets `weights_only=True`: it then reads tensors only and never rebuilds arbitrary Python
objects from the file, so a checkpoint from someone else is much safer to open. The book's `load_checkpoint` reads its
files that way.
"""),
    code("""
import tempfile
from pathlib import Path

from torch.utils.data import DataLoader, TensorDataset

loader = DataLoader(TensorDataset(train_x), batch_size=128, shuffle=True,
                    generator=torch.Generator().manual_seed(0))
(x,) = next(iter(loader))                # a dataset of one tensor gives 1-tuples
print("batches per epoch:", len(loader), "  first batch:", tuple(x.shape))

path = Path(tempfile.mkdtemp()) / "tiny.pt"
torch.save(tiny.state_dict(), path)      # the weights: a dict of named tensors
again = TinyAutoencoder()
again.load_state_dict(torch.load(path, weights_only=True))
same = all(torch.equal(a, b) for a, b in zip(tiny.state_dict().values(),
                                              again.state_dict().values()))
print("loaded weights equal the saved ones:", same)
""", tags=["nbval-check-output"]),
    code("""
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
tiny = tiny.to(device)                   # in place too: the parameters move
print("the parameters are on:", next(tiny.parameters()).device)
tiny = tiny.to("cpu")                    # back, for the cells below
"""),
    md(ko=r"""
## 합성곱과 전치 합성곱

**합성곱**(convolution) 층은 작은 커널(여기서는 3×3)을 이미지 위로 미끄러뜨리며 가중합을 구합니다. 입력의 한 변이 $n$
칸, 커널의 한 변이 $k$ 칸이라고 합시다(1장에서와 마찬가지로 여기서 $k$는 군집 수가 아니라 커널 크기입니다). 커널이 한
번에 움직이는 칸 수가 **보폭**(stride) $s$, 가장자리에 덧대는 칸 수가 **패딩** $p$이고, 출력의 한 변은
$\lfloor (n + 2p - k)/s \rfloor + 1$입니다. **전치 합성곱**(transposed convolution)은 이 계산을 거꾸로 하여, 입력의 각
칸을 커널 크기만큼 펼쳐 놓아 특징 맵을 키웁니다. 출력의 한 변은 $(n - 1)s - 2p + k + \mathrm{output\_padding}$입니다.
보폭이 2이면 내림 때문에 서로 다른 입력 크기가 같은 출력 크기로 줄어듭니다(27과 28은 모두 13이 됩니다).
`output_padding`은 출력의 한쪽에만 칸을 덧대어, 그 가운데 어느 크기로 되돌릴지를 고릅니다. 디코더의 마지막 층은 이것을
1로 두어 13을 27이 아니라 28로 키웁니다. 이 책의 인코더는 28 → 13 → 6 → 4로 줄이고, 디코더는 4 → 6 → 13 → 28로 다시
키웁니다(1장).
""", en=r"""
## Convolutions and transposed convolutions

A **convolution** layer slides a small kernel (3×3 here) over the image and takes a weighted sum at each position.
Let the input have $n$ cells per side and the kernel $k$ (here, as in chapter 1, $k$ is the kernel size, not the
number of clusters). The number of cells the kernel moves per step is the **stride** $s$, the border added around the input the
**padding** $p$, and each side of the output has $\lfloor (n + 2p - k)/s \rfloor + 1$ cells. A **transposed
convolution** runs that arithmetic backwards: it spreads every input cell over a kernel-sized patch and so enlarges
the feature map, to $(n - 1)s - 2p + k + \mathrm{output\_padding}$ cells per side. With stride 2 the rounding down
maps two input sizes to the same output size: 27 and 28 both give 13. `output_padding` adds cells on one side of the
output only, to choose which of the two to go back to; the decoder's last layer sets it to 1 to reach 28 rather
than 27. This book's encoder shrinks 28 → 13 → 6 → 4 and its decoder grows 4 → 6 → 13 → 28 again (chapter 1).
"""),
    code("""
torch.manual_seed(0)
conv = nn.Conv2d(1, 16, kernel_size=3, stride=2)                                  # 28 -> 13
up = nn.ConvTranspose2d(16, 1, kernel_size=3, stride=2, output_padding=1)         # 13 -> 28
image = test_x[:1]
with torch.no_grad():
    features = conv(image)
    back = up(features)
print("image", tuple(image.shape), "-> conv", tuple(features.shape),
      "-> transposed conv", tuple(back.shape))

fig, axes = plots.subplots(2, 2, width=4.8, height=4.8)
names = {"ko": ["입력", "합성곱 채널 0", "합성곱 채널 1", "전치 합성곱"],
         "en": ["input", "conv channel 0", "conv channel 1", "transposed conv"]}[
             plots.language()]
panels = [(img, f"{name}, {img.shape[0]}×{img.shape[1]}")
          for img, name in zip([image[0, 0], features[0, 0], features[0, 1], back[0, 0]],
                               names)]
for ax, (img, title) in zip(axes.flat, panels):
    ax.imshow(img, cmap="gray_r")
    ax.set_title(title, fontsize=9)
    ax.set_xticks([0, img.shape[1] - 1])
    ax.set_yticks([0, img.shape[0] - 1])
    ax.grid(False)                   # the style's grid would cross the pixels
fig.tight_layout()
plt.show()
""", alt={
        "ko": "축 눈금으로 텐서 크기를 보여 주는 회색조 그림 네 개입니다. 28×28 입력 숫자 7, 학습하지 않은 합성곱의 채널 두 개(13×13)는 7의 윤곽을 밝고 어두운 획으로 보여 주고, 학습하지 않은 전치 합성곱은 28×28로 돌아가지만 7은 바둑판무늬 사이로 희미하게 비칠 뿐입니다.",
        "en": "Four grey-scale panels whose axis ticks show each tensor's size: the input 7 at 28×28, two channels of an untrained convolution at 13×13 that show the 7 as light and dark edge strokes, and the untrained transposed convolution back at 28×28, where the 7 only shows faintly through a checkerboard pattern."}, tags=["nbval-check-output"]),
    md(ko=r"""
학습된 합성곱 채널 하나는 이미지의 한 가지 국소 패턴(예를 들어 특정 방향의 가장자리)에 반응하는 특징 맵을 냅니다. 여기의
합성곱은 아직 학습하지 않아 가중치가 무작위입니다. 무작위 3×3 커널도 흐리기와 가장자리 검출이 섞인 필터라서 두 채널 모두 7의
가장자리를 밝고 어두운 획으로 보여 주지만, 두 채널이 서로 비슷합니다. 채널마다 다른 패턴을 고르는 것은 학습이 하는 일입니다.
크기도 보입니다. 한 변이 거의 절반으로 줄었습니다. 학습하지 않은 전치 합성곱은 28×28을 되찾지만, 입력의 윤곽이 바둑판무늬로 비칠 뿐 숫자를 그리지는 못합니다. 무엇을 그릴지는 학습이 정합니다.
축의 눈금이 각 텐서의 크기를 보여 줍니다.

## 스스로 확인하기

짧은 질문으로 이 장의 핵심을 점검합니다. 답을 펼치기 전에 먼저 스스로 답해 보세요.

1. 이미지 32장의 묶음이 `[32, 1, 28, 28]`이면 `flatten(1)`의 결과는 어떤 모양인가요?

   :::{admonition} 답
   :class: dropdown
   `[32, 784]`입니다. 첫 차원(배치)은 두고 나머지 $1 \times 28 \times 28 = 784$를 폅니다.
   :::

2. 학습 루프에서 `optimizer.zero_grad()`를 빼면 무엇이 잘못되나요?

   :::{admonition} 답
   :class: dropdown
   `backward()`가 기울기를 `.grad`에 더하므로, 한 걸음이 지금 배치의 기울기가 아니라 지난 모든 배치의 기울기가 쌓인, 이미 낡은 방향을 따릅니다. 보통의 SGD라면 그 합이 커지는 만큼 걸음도 점점 커집니다. 이 장의 루프가 쓰는 Adam은 걸음을 기울기 크기로 나누어 정규화하므로 걸음이 한없이 커지지는 않지만, 방향이 틀린 것은 마찬가지입니다.
   :::

3. 커널 3, 보폭 1, 패딩 0인 합성곱은 6×6을 얼마로 만드나요?

   :::{admonition} 답
   :class: dropdown
   $6 - 3 + 1 = 4$, 곧 4×4입니다. 이 책 인코더의 셋째 층이 이 경우입니다.
   :::

## 요약

- 텐서의 모양이 모든 것의 출발점입니다. 이미지 묶음은 `[N, 1, 28, 28]`, 잠재 벡터 묶음은 `[N, d]`이며, 브로드캐스팅으로
  모든 점과 모든 중심점의 거리를 한 번에 구합니다.
- `backward()`는 기울기를 `.grad`에 더하고, `torch.no_grad()`와 `detach()`는 기울기의 흐름을 끊습니다.
- `nn.Module`은 층과 파라미터를 묶고, 학습 루프는 순전파 → 손실 → `zero_grad()` → `backward()` → `step()`의 반복입니다.
- `DataLoader`는 메모리에 다 들어가지 않는 데이터의 배치를 만들고, `.to(device)`는 파라미터를 옮기며, 가중치는 `state_dict`로
  저장하고 `weights_only=True`로 불러옵니다.
- 합성곱은 특징 맵을 줄이고 전치 합성곱은 키웁니다. 크기는 공식 두 개로 미리 계산할 수 있습니다.
""", en=r"""
A trained convolution channel gives a map that responds to one local pattern of the image (an edge in one direction,
say). This convolution is untrained, its weights random. A random 3×3 kernel is already some mix of a blur and an edge
filter, so both channels show the 7's edges as light and dark strokes, but the two look much alike: giving each
channel a pattern of its own is what training does. The sizes show too: each side has shrunk to about half. The untrained transposed convolution gets back to 28×28, but the input only shows through as a
checkerboard-like pattern; what it draws is up to training. The axis ticks show each tensor's size.

## Check yourself

Short questions on the chapter's key points: answer each one yourself before you read its answer.

1. If a batch of 32 images is `[32, 1, 28, 28]`, what shape does `flatten(1)` give?

   :::{admonition} Answer
   :class: dropdown
   `[32, 784]`: the first (batch) dimension stays, the other $1 \times 28 \times 28 = 784$ are unrolled.
   :::

2. What goes wrong if a training loop leaves out `optimizer.zero_grad()`?

   :::{admonition} Answer
   :class: dropdown
   `backward()` adds into `.grad`, so each step follows a stale direction, the sum of all past batches' gradients, instead of the current batch's. With plain SGD the steps also keep growing as that sum grows. Adam, which this chapter's loop uses, divides each step by the gradient's size, so its steps stay bounded, but their direction is just as wrong.
   :::

3. What does a convolution with kernel 3, stride 1 and no padding make of a 6×6 input?

   :::{admonition} Answer
   :class: dropdown
   $6 - 3 + 1 = 4$, so 4×4: the third layer of this book's encoder.
   :::

## Summary

- Shapes come first: a batch of images is `[N, 1, 28, 28]`, a batch of latents `[N, d]`, and broadcasting gives the
  distances between every point and every centroid in one go.
- `backward()` adds gradients into `.grad`; `torch.no_grad()` and `detach()` cut the flow of gradients.
- `nn.Module` bundles layers and parameters, and a training loop repeats forward pass → loss → `zero_grad()` →
  `backward()` → `step()`.
- A `DataLoader` batches data that does not fit in memory, `.to(device)` moves the parameters, and weights are saved
  as a `state_dict` and loaded with `weights_only=True`.
- Convolutions shrink feature maps and transposed convolutions enlarge them; two formulas give the sizes in advance.
"""),
    md(ko=r"""
## 연습 문제

각 문제 아래에 **힌트**와 **풀이**가 있습니다. 먼저 직접 풀어 본 뒤 읽어 보세요. 코드 풀이는 대부분 다른 셀처럼
실행되고 테스트되므로, 자신의 결과를 실제 출력과 비교할 수 있습니다. 실행에 몇 분씩 걸리는 일부 풀이는 책을 만들 때 실행하지 않으며,
그 점을 밝히고 직접 실행할 코드를 보여 줍니다.

::::{exercise} 브로드캐스팅으로 할당하기
:label: ko-exA-1
:nonumber:

`pairwise_sq_dist`를 쓰지 않고 브로드캐스팅만으로, 테스트 이미지 100장(픽셀 벡터)을 무작위로 고른 이미지 5장 가운데 가장 가까운
쪽으로 할당해 보세요. 결과를 `dkm_lib.model.pairwise_sq_dist`와 비교하세요.

:::{hint}
:class: dropdown
`x[:, None, :] - c[None, :, :]`의 모양은 `[100, 5, 784]`입니다. 마지막 차원으로 제곱해 더하고 `argmin(1)`을 구하세요.
:::
::::

:::{solution-start} ko-exA-1
:class: dropdown
:::
""", en=r"""
## Exercises

Each exercise has a **hint** and a **solution** below it: try the exercise first, then read them. Most code
solutions run and are tested like every other cell, so you can check your own work against real output; the few
that take minutes say that they are not run when the book is built, and show the code to run yourself.

::::{exercise} Assignment by broadcasting
:label: en-exA-1
:nonumber:

Without `pairwise_sq_dist`, using broadcasting only, assign 100 test images (as pixel vectors) to the nearest of 5
randomly chosen images. Compare the result with `dkm_lib.model.pairwise_sq_dist`.

:::{hint}
:class: dropdown
`x[:, None, :] - c[None, :, :]` has shape `[100, 5, 784]`. Square, sum over the last dimension, and take `argmin(1)`.
:::
::::

:::{solution-start} en-exA-1
:class: dropdown
:::
"""),
    code("""
from dkm_lib.model import pairwise_sq_dist

points = test_x[:100].flatten(1)                                   # [100, 784]
pick = torch.randperm(len(test_x), generator=torch.Generator().manual_seed(1))[:5]
centres = test_x[pick].flatten(1)                                  # [5, 784]
mine = (points[:, None, :] - centres[None, :, :]).pow(2).sum(-1).argmin(1)
library = pairwise_sq_dist(points, centres).argmin(1)
print("shape of the difference tensor:",
      tuple((points[:, None, :] - centres[None, :, :]).shape))
print("same assignment as the library:", bool((mine == library).all()),
      " sizes:", torch.bincount(mine, minlength=5).tolist())
""", tags=["nbval-check-output"]),
    md(ko=r"""
두 방법의 할당이 같습니다. 라이브러리도 블로그의 반복문과 마찬가지로 차이를 직접 구해(여기서는 브로드캐스팅으로) 제곱합을 내기 때문입니다.
$\lVert a \rVert^2 - 2 a^\top b + \lVert b \rVert^2$로 풀어 쓰면 `[100, 5, 784]` 크기의 중간 텐서를 만들지 않아 입력이 클 때
메모리를 아낄 수 있지만, 반올림 오차 때문에 두 거리가 거의 같은 경우 가장 가까운 중심점이 바뀔 수 있습니다. 잠재 벡터는 10차원뿐이라
라이브러리는 정확한 쪽을 택했습니다.

:::{solution-end}
:::

::::{exercise} 패딩과 출력 크기
:label: ko-exA-2
:nonumber:

`nn.Conv2d(1, 8, kernel_size=5, stride=1, padding=2)`와 `nn.Conv2d(1, 8, kernel_size=3, stride=3)`은 28×28 입력을 각각 얼마로
만드나요? 공식으로 먼저 계산하고 코드로 확인하세요.

:::{hint}
:class: dropdown
$\lfloor (n + 2p - k)/s \rfloor + 1$에 $n = 28$을 넣습니다. 둘째 경우는 나누어떨어지지 않으므로 내림이 결과에 영향을 줍니다.
:::
::::

:::{solution-start} ko-exA-2
:class: dropdown
:::

첫째는 $(28 + 4 - 5)/1 + 1 = 28$로 크기가 그대로이고("same" 패딩), 둘째는 $\lfloor (28 - 3)/3 \rfloor + 1 = 9$입니다.
""", en=r"""
Both assignments agree, because the library does exactly this: like the blog's loop, it takes the difference
directly (here by broadcasting) and sums its squares. The expansion $\lVert a \rVert^2 - 2 a^\top b + \lVert b \rVert^2$ would never build the
`[100, 5, 784]` intermediate tensor and so saves memory for large inputs, but its rounding can change the nearest
centroid when two distances are almost tied. Latents have only 10 dimensions, so the library takes the exact way.

:::{solution-end}
:::

::::{exercise} Padding and output size
:label: en-exA-2
:nonumber:

What do `nn.Conv2d(1, 8, kernel_size=5, stride=1, padding=2)` and `nn.Conv2d(1, 8, kernel_size=3, stride=3)` make of
a 28×28 input? Work it out with the formula first, then check in code.

:::{hint}
:class: dropdown
Put $n = 28$ into $\lfloor (n + 2p - k)/s \rfloor + 1$. The second case does not divide evenly, so the floor does
some work.
:::
::::

:::{solution-start} en-exA-2
:class: dropdown
:::

The first gives $(28 + 4 - 5)/1 + 1 = 28$, the size unchanged ("same" padding); the second gives
$\lfloor (28 - 3)/3 \rfloor + 1 = 9$.
"""),
    code("""
for layer in (nn.Conv2d(1, 8, kernel_size=5, stride=1, padding=2),
              nn.Conv2d(1, 8, kernel_size=3, stride=3)):
    print(layer, "->", tuple(layer(test_x[:1]).shape))
""", tags=["nbval-check-output"]),
    md(ko=r"""
둘째 합성곱(보폭 3)은 마지막 한 줄을 보지 못합니다. 커널이 놓이는 창은 0, 3, …, 24번 줄에서 시작하므로(0부터 셈) 마지막 창은 24–26번 줄을 덮고, 다음 창은 27번 줄에서 시작해야 하는데 이미지 밖으로 벗어나므로 만들어지지 않습니다. 그래서 27번 줄(28번째 줄)은 어느 창에도 들어가지 못합니다. 이 책의 첫 층(커널 3, 보폭 2)도 같은 이유로 28 → 13이 되며 마지막 픽셀 하나를 버립니다.

:::{solution-end}
:::

::::{exercise} 3장의 중심점 기울기를 자동 미분(autograd)으로 확인하기
:label: ko-exA-3
:nonumber:

3장을 읽은 뒤에 풀어 보세요. 3장은 $L_{\text{clust}} = \frac{1}{Bd} \sum_i \lVert z_i - \mu_{s_i} \rVert^2$(코드처럼 $z_i = h(x_i)$, $s_i = s(x_i)$로 줄여 씀)이 중심점 $j$에 주는 기울기가
$-\frac{2}{Bd} \sum_{i:\, s_i = j} (z_i - \mu_j)$라고 말합니다. 작은 가짜 배치(크기 10인 잠재 벡터 8개와 중심점 3개, 그중 하나는
모든 잠재 벡터에서 멀리 둠)로 자동 미분(autograd)이 계산한 기울기와 비교해 확인해 보세요. 멀리 둔 중심점은 어떤 기울기를 받고, 그것이 학습에서 왜 중요한가요?

:::{hint}
:class: dropdown
중심점에 `requires_grad`를 주고, 할당은 `detach()`한 중심점으로 연습 A.1의 함수 `pairwise_sq_dist(...).argmin(1)`을 써서 구하고,
$L_{\text{clust}}$를 `((z - centroids[s]) ** 2).mean()`으로 쓴 뒤 `backward()`를 호출하세요. 그다음 `centroids.grad`를 행마다 식으로
계산한 값과 `torch.allclose`로 비교하세요.
:::
::::

:::{solution-start} ko-exA-3
:class: dropdown
:::
""", en=r"""
The second convolution (stride 3) never sees the last row. The windows start at rows 0, 3, …, 24 (counting from 0), so the last one
covers rows 24–26; the next would start at row 27 and run off the image, so row 27 (the 28th row) is never seen.
For the same reason this book's first layer (kernel 3, stride 2) maps
28 → 13 and drops the last pixel.

:::{solution-end}
:::

::::{exercise} Chapter 3's centroid gradient, checked by autograd
:label: en-exA-3
:nonumber:

For after chapter 3. Chapter 3 states that $L_{\text{clust}} = \frac{1}{Bd} \sum_i \lVert z_i - \mu_{s_i} \rVert^2$ (writing $z_i = h(x_i)$ and $s_i = s(x_i)$, as the code does) gives centroid $j$ the
gradient $-\frac{2}{Bd} \sum_{i:\, s_i = j} (z_i - \mu_j)$. Check it with autograd on a small made-up batch: 8 latents
of size 10 and 3 centroids, one of them placed far from every latent. What gradient does that centroid get, and why
does it matter for training?

:::{hint}
:class: dropdown
Give the centroids `requires_grad`, compute the assignment with `pairwise_sq_dist(...).argmin(1)` (exercise A.1's function) on detached centroids,
write $L_{\text{clust}}$ as `((z - centroids[s]) ** 2).mean()`, call `backward()`, and compare `centroids.grad`
with the formula, computed row by row, using `torch.allclose`.
:::
::::

:::{solution-start} en-exA-3
:class: dropdown
:::
"""),
    code("""
from dkm_lib.model import pairwise_sq_dist

torch.manual_seed(0)
B, d, k = 8, 10, 3
z = torch.randn(B, d)                      # a made-up batch of latents
centroids = torch.randn(k, d)
centroids[2] += 5                          # one centroid far from every latent
centroids.requires_grad_()
s = pairwise_sq_dist(z, centroids.detach()).argmin(1)   # the assignment: no gradient
loss = ((z - centroids[s]) ** 2).mean()            # L_clust, a mean over B*d elements
loss.backward()
formula = torch.stack([-2 / (B * d) * (z[s == j] - centroids.detach()[j]).sum(0)
                       for j in range(k)])
print("samples per centroid:", torch.bincount(s, minlength=k).tolist())
print("autograd equals the formula:", torch.allclose(centroids.grad, formula))
print("the far centroid's gradient is zero:", bool((centroids.grad[2] == 0).all()))
""", tags=["nbval-check-output"]),
    md(ko=r"""
자동 미분이 계산한 기울기는 행마다 3장의 식과 같습니다. 샘플을 하나도 배정받지 못한 먼 중심점의 행은 정확히 0입니다. 그 중심점은 손실의 어떤
항에도 들어가지 않기 때문입니다. 학습에서는 이것이 3장과 4장의 **죽은 중심점**입니다. 기울기가 없으니 평범한 SGD라면 이 배치로는
움직이지 않습니다. Adam에서는 앞선 배치들에서 쌓인 모멘텀만큼 조금씩 흘러가다 멈추고, 한 번도 기울기를 받은 적이 없다면 모멘텀도 0이라
그 자리에 머뭅니다. 할당을 구할 때 쓴 `detach()`는 여기서 결과를 바꾸지 않습니다.
`argmin`은 정수를 돌려주므로 어차피 기울기가 없고, `detach()`는 할당이 학습되지 않는다는 점을 코드에 드러낼 뿐입니다.

:::{solution-end}
:::
""", en=r"""
Autograd's gradient equals chapter 3's formula row by row. The far centroid won no sample, and its row is exactly
zero: it appears in no term of the loss. In training this is the **dead centroid** of chapters 3 and 4: with no
gradient, plain SGD would not move it on this batch; Adam still moves it on the momentum of earlier batches until
that fades, and only a centroid that has never had a gradient (zero momentum) stays exactly where it is. The `detach()` in the assignment changes nothing here: `argmin` returns integers, which
carry no gradient anyway; it only makes plain in the code that the assignment is not trained.

:::{solution-end}
:::
"""),
]
