"""Chapter 1: the autoencoder: encoder, decoder, bottleneck, reconstruction loss, and this network's shapes."""

from bilingual import code, md

TITLE = {"ko": "1장. 오토인코더: 압축했다가 다시 그리기",
         "en": "Chapter 1. Autoencoders: compress, then redraw"}

CELLS = [
    md(ko=r"""
## 이 장에서 배울 것

- 오토인코더를 이루는 인코더, 디코더, 병목(bottleneck), 그리고 복원 손실이 각각 무엇인지
- 합성곱과 전치 합성곱의 크기 공식으로 이 책의 네트워크가 28 → 13 → 6 → 4 → 10 → 4 → 6 → 13 → 28로 가는 과정을 손으로 계산하고, 실제 네트워크로 확인하기
- 파라미터 68,043개가 어디에 있는지 층마다 세어 보기
- 평균 제곱 오차(MSE)와 이진 교차 엔트로피(BCE)의 차이, 그리고 시그모이드 출력에서 MSE의 기울기가 사라지는 이유
- 블로그 코드가 잠재층 끝에 둔 ReLU가 무엇을 하는지, 그리고 개선 레시피가 그것을 빼는 이유
""", en=r"""
## What you will learn

- what the encoder, the decoder, the bottleneck and the reconstruction loss of an autoencoder are
- how to work out, with the size formulas of convolution and transposed convolution, how this book's network goes 28 → 13 → 6 → 4 → 10 → 4 → 6 → 13 → 28, and how to check it on the real network
- where the 68,043 parameters live, layer by layer
- how mean squared error (MSE) and binary cross-entropy (BCE) differ, and why the gradient of MSE vanishes behind a sigmoid output
- what the ReLU that the blog's code puts at the end of the latent layer does, and why the improved recipe drops it
"""),
    md(ko=r"""
## 압축했다가 다시 그리기

**오토인코더**(autoencoder)는 입력을 그대로 출력하도록 학습하는 신경망입니다 {cite:p}`hinton2006reducing`.
그대로 베끼는 것이 무슨 쓸모일까 싶지만, 중간에 좁은 통로를 두면 이야기가 달라집니다.

- **인코더** $h$는 이미지 $x \in [0, 1]^{784}$를 짧은 **잠재 벡터**(latent vector) $h(x) \in \mathbb{R}^{10}$로 줄입니다. 잠재 벡터의 길이(잠재 차원 수)를 $d$라 하며, 이 책에서는 $d = 10$입니다.
  이 책은 인코더 함수와 그 출력인 잠재 벡터를 같은 기호 $h$로 나타냅니다(3장의 손실 식과 같은 표기).
- **디코더** $g$는 잠재 벡터만 보고 이미지를 다시 그립니다. $\hat{x} = g(h(x))$.
- 784개의 값이 10개의 값으로 줄었다가 다시 784개로 돌아가야 하므로 이 좁은 층을 **병목**(bottleneck)이라고 부릅니다.

학습이란 원본과 복원 이미지의 차이, 곧 **복원 손실**(reconstruction loss)을 데이터 전체에 걸쳐 최소화하는 것입니다.

$$
\min_{h,\, g} \; \frac{1}{N} \sum_{i=1}^{N} \ell\big(x_i,\; g(h(x_i))\big)
$$

여기서 $N$은 학습 이미지 수, $x_i$는 $i$번째 이미지, $\ell$은 이미지 한 장의 복원 손실(아래의 MSE나 BCE)입니다.
병목이 없다면 $h$와 $g$가 항등 함수가 되기만 하면 그만입니다. 10개의 값으로는 784개 픽셀을 다 담을 수 없으므로,
네트워크는 손글씨 숫자 전반에 걸쳐 **되풀이되는 구조**, 예컨대 어떤 숫자인지, 얼마나 기울어졌는지, 획이 얼마나 굵은지를
찾아내 그것만 적어 두는 법을 배워야 합니다. 레이블은 어디에도 쓰이지 않습니다. 이 책이 $h(x)$ 위에서 군집화를 하는 이유가 여기에 있습니다.
오토인코더 전반에 대한 교과서적인 설명은 {cite:p}`goodfellow2016deep`의 14장에 있습니다.
""", en=r"""
## Compress, then redraw

An **autoencoder** is a neural network trained to output its own input {cite:p}`hinton2006reducing`. Copying
sounds useless, until we force the signal through a narrow passage:

- The **encoder** $h$ maps an image $x \in [0, 1]^{784}$ to a short **latent vector** $h(x) \in \mathbb{R}^{10}$; its length, the latent size, is called $d$ ($d = 10$ in
  this book). The book
  writes the encoder and its output, the latent vector, with the same letter $h$ (as in chapter 3's loss).
- The **decoder** $g$ redraws the image from the latent vector alone: $\hat{x} = g(h(x))$.
- Since 784 values must squeeze through 10, that narrow layer is called the **bottleneck**.

Training minimises the difference between originals and redrawings, the **reconstruction loss**, over the data:

$$
\min_{h,\, g} \; \frac{1}{N} \sum_{i=1}^{N} \ell\big(x_i,\; g(h(x_i))\big),
$$

where $N$ is the number of training images, $x_i$ the $i$-th of them and $\ell$ the loss of one image (MSE or BCE,
below). Without a bottleneck, $h$ and $g$ could simply become the identity. Ten values cannot hold 784 pixels, so the
network has to discover the **structure that repeats** across handwritten digits (which digit, how slanted, how
thick the stroke) and write down only that. No label is used anywhere. This is why the book clusters in $h(x)$.
Chapter 14 of {cite:p}`goodfellow2016deep` gives a textbook treatment of autoencoders.
"""),
    code("""
from dkm_lib import book

info = book.setup(seed=0)
"""),
    md(ko=r"""
## 이 책의 네트워크

이 책의 네트워크는 원본 블로그 {cite:p}`kim2021deepkmeans`의 것을 층 하나하나 그대로 옮긴 것입니다.
인코더는 3×3 합성곱 세 개(채널 16 → 32 → 64)와 완전 연결층 하나로 이루어지고, 디코더는 이를 거울처럼 뒤집은 구조입니다.
`dkm_lib.DeepKMeans`는 이 오토인코더에 3장에서 쓸 중심점 10개를 더한 모델입니다. 여기서는 오토인코더 부분만 봅니다.
`final_relu=True`는 블로그처럼 잠재층 끝에 ReLU를 두라는 뜻입니다.

:::{tip}
파이토치가 처음이라면 [부록 A](09_pytorch_primer.ipynb)에서 텐서의 모양, 자동 미분, `nn.Module`, 학습 루프, 합성곱과
전치 합성곱을 먼저 직접 돌려 보세요. 이 장은 이 내용을 안다고 보고 진행합니다.
:::
""", en=r"""
## This book's network

The network is the one of the original blog post {cite:p}`kim2021deepkmeans`, layer for layer. The encoder has
three 3×3 convolutions (16 → 32 → 64 channels) and one fully connected layer; the decoder mirrors it.
`dkm_lib.DeepKMeans` is this autoencoder plus the ten centroids that chapter 3 will use; here we only look at the
autoencoder. `final_relu=True` keeps the blog's ReLU at the end of the latent layer.

:::{tip}
New to PyTorch? [Appendix A](09_pytorch_primer.ipynb) runs tensor shapes, autograd, `nn.Module`, a training loop,
convolutions and transposed convolutions first. This chapter assumes them.
:::
"""),
    code("""
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

from dkm_lib import DeepKMeans, load_mnist, plots
from dkm_lib.model import count_parameters, describe_layers

test_x, test_y = load_mnist(train=False)
# the blog's network, untrained
model = DeepKMeans(latent_size=10, n_clusters=10, final_relu=True)
print(model.encoder)
print(model.decoder)
""", tags=["nbval-check-output"]),
    md(ko=r"""
## 크기 계산: 28에서 4로, 다시 28로

합성곱 층의 출력 크기는 입력 크기 $n$, 커널 크기 $k$, 보폭(stride) $s$, 패딩 $p$로 정해집니다.

$$
n_{\text{out}} = \left\lfloor \frac{n_{\text{in}} + 2p - k}{s} \right\rfloor + 1
$$

이 네트워크는 패딩을 쓰지 않으므로($p = 0$) 인코더 세 층의 출력 크기는 다음과 같습니다.

| 층 | 출력 | 계산 |
|---|---|---|
| `Conv2d(1, 16, 3, stride=2)` | $16 \times 13 \times 13$ | $\lfloor (28 - 3)/2 \rfloor + 1 = \lfloor 12.5 \rfloor + 1$ |
| `Conv2d(16, 32, 3, stride=2)` | $32 \times 6 \times 6$ | $\lfloor (13 - 3)/2 \rfloor + 1 = 5 + 1$ |
| `Conv2d(32, 64, 3, stride=1)` | $64 \times 4 \times 4$ | $(6 - 3)/1 + 1$ |

첫 층에서 $12.5$를 내림해 $12$가 되는 것을 눈여겨보세요. 3×3 창을 보폭 2로 밀면 창은 0, 2, …, 24번째 줄에서 시작해 0–26번째 줄을 덮습니다(0부터 셉니다). 마지막 줄인 27번째 줄은 어느 창에도 들어가지 못합니다.
마지막 특징 맵의 값 $64 \times 4 \times 4 = 1024$개를 한 줄로 펴서(`Flatten`) 완전 연결층 `Linear(1024, 10)`에 넣으면 10차원 잠재 벡터가 나옵니다.

디코더는 **전치 합성곱**(transposed convolution)으로 크기를 되돌립니다. 출력 크기 공식은

$$
n_{\text{out}} = (n_{\text{in}} - 1)\, s - 2p + k + \mathrm{output\_padding}
$$

입니다. `Linear(10, 1024)`의 출력을 $64 \times 4 \times 4$로 다시 접은(`Unflatten`) 뒤,

| 층 | 출력 | 계산 |
|---|---|---|
| `ConvTranspose2d(64, 32, 3, stride=1)` | $32 \times 6 \times 6$ | $(4 - 1) \cdot 1 + 3$ |
| `ConvTranspose2d(32, 16, 3, stride=2)` | $16 \times 13 \times 13$ | $(6 - 1) \cdot 2 + 3$ |
| `ConvTranspose2d(16, 1, 3, stride=2, output_padding=1)` | $1 \times 28 \times 28$ | $(13 - 1) \cdot 2 + 3 + 1$ |

마지막 층의 `output_padding=1`이 없으면 결과는 27이 됩니다. 인코더 첫 층의 내림으로 잃어버린 한 줄을 여기서 되찾는 것입니다.
보폭이 2인 합성곱은 27과 28을 모두 13으로 보내므로, 전치 합성곱에는 어느 쪽으로 돌아갈지 알려 주는 이 인자가 필요합니다.
마지막의 `Sigmoid`는 출력을 픽셀 값의 범위인 $(0, 1)$로 눌러 줍니다.

두 공식을 그대로 코드로 옮겨 봅시다.
""", en=r"""
## Shape arithmetic: from 28 down to 4 and back to 28

The output size of a convolution is set by the input size $n$, the kernel size $k$, the stride $s$ and the
padding $p$:

$$
n_{\text{out}} = \left\lfloor \frac{n_{\text{in}} + 2p - k}{s} \right\rfloor + 1.
$$

This network uses no padding ($p = 0$), so the three encoder layers give:

| layer | output | arithmetic |
|---|---|---|
| `Conv2d(1, 16, 3, stride=2)` | $16 \times 13 \times 13$ | $\lfloor (28 - 3)/2 \rfloor + 1 = \lfloor 12.5 \rfloor + 1$ |
| `Conv2d(16, 32, 3, stride=2)` | $32 \times 6 \times 6$ | $\lfloor (13 - 3)/2 \rfloor + 1 = 5 + 1$ |
| `Conv2d(32, 64, 3, stride=1)` | $64 \times 4 \times 4$ | $(6 - 3)/1 + 1$ |

Note how $12.5$ is floored to $12$ in the first layer: sliding a 3×3 window with stride 2, the windows start at
rows 0, 2, …, 24 (counting from 0) and cover rows 0 to 26, so the last row, 27, falls in no window at all. Flattening the last feature map gives $64 \times 4 \times 4 = 1024$ numbers, and the
fully connected `Linear(1024, 10)` turns them into the 10-D latent vector.

The decoder grows the image back with **transposed convolutions**, whose output size is

$$
n_{\text{out}} = (n_{\text{in}} - 1)\, s - 2p + k + \mathrm{output\_padding}.
$$

After `Linear(10, 1024)` and folding back to $64 \times 4 \times 4$ (`Unflatten`):

| layer | output | arithmetic |
|---|---|---|
| `ConvTranspose2d(64, 32, 3, stride=1)` | $32 \times 6 \times 6$ | $(4 - 1) \cdot 1 + 3$ |
| `ConvTranspose2d(32, 16, 3, stride=2)` | $16 \times 13 \times 13$ | $(6 - 1) \cdot 2 + 3$ |
| `ConvTranspose2d(16, 1, 3, stride=2, output_padding=1)` | $1 \times 28 \times 28$ | $(13 - 1) \cdot 2 + 3 + 1$ |

Without `output_padding=1` in the last layer we would get 27: this is where the row lost to flooring in the
first encoder layer comes back. A stride-2 convolution sends both 27 and 28 to 13, so the transposed convolution
needs this argument to know which one to return to. The final `Sigmoid` squeezes the output into $(0, 1)$, the
range of pixel values.

Let us put the two formulas into code.
"""),
    code("""
def conv_out(n: int, k: int, s: int = 1, p: int = 0) -> int:
    return (n + 2 * p - k) // s + 1

def conv_transpose_out(n: int, k: int, s: int = 1, p: int = 0,
                       output_padding: int = 0) -> int:
    return (n - 1) * s - 2 * p + k + output_padding

e1 = conv_out(28, 3, s=2)
e2 = conv_out(e1, 3, s=2)
e3 = conv_out(e2, 3, s=1)
print(f"encoder: 28 -> {e1} -> {e2} -> {e3}, "
      f"flattened: 64 * {e3} * {e3} = {64 * e3 * e3} -> Linear -> 10")
d1 = conv_transpose_out(4, 3, s=1)
d2 = conv_transpose_out(d1, 3, s=2)
d3 = conv_transpose_out(d2, 3, s=2, output_padding=1)
print(f"decoder: 10 -> Linear -> 64 x 4 x 4 -> {d1} -> {d2} -> {d3}")
print("without output_padding the last layer would give",
      conv_transpose_out(d2, 3, s=2))
""", tags=["nbval-check-output"]),
    md(ko=r"""
이제 종이 위의 계산을 실제 네트워크로 확인합니다. `describe_layers`는 이미지 배치를 한 층씩 통과시키며
각 층의 출력 모양과 파라미터 수를 기록합니다. 테스트 이미지 8장을 인코더에 넣고, 그 잠재 벡터를 디코더에 넣습니다.
""", en=r"""
Now we check the paper calculation against the real network. `describe_layers` pushes a batch through one layer
at a time and records each layer's output shape and parameter count. We feed 8 test images to the encoder, and
their latent vectors to the decoder.
"""),
    code("""
def show_layers(rows: list[dict]) -> None:
    print(f"{'layer':<17}{'output (C, H, W)':<19}{'params':>8}")
    for row in rows:
        print(f"{row['layer']:<17}{str(row['output']):<19}{row['params']:>8,}")

x = test_x[:8]
with torch.no_grad():
    h = model.encoder(x)
print(f"ENCODER, input {tuple(x.shape)}")
show_layers(describe_layers(model.encoder, x))
print(f"\\nDECODER, input {tuple(h.shape)}")
show_layers(describe_layers(model.decoder, h))
""", tags=["nbval-check-output"]),
    md(ko=r"""
표에 찍힌 출력 모양이 손으로 계산한 것과 정확히 같습니다. 한 가지 덧붙일 것이 있습니다. 마지막 전치 합성곱이 덮는 범위는 $(13 - 1) \cdot 2 + 3 = 27$ 픽셀,
곧 0번부터 26번까지입니다. `output_padding`이 덧붙인 27번 행과 27번 열에는 커널이 하나도 닿지 않으므로, 그 자리의 값은
어떤 이미지가 들어오든 마지막 층의 편향 $b$ 하나에 시그모이드 $\sigma$를 씌운 $\sigma(b)$입니다. MNIST의 가장자리는 거의 언제나 배경이므로 학습은 이 편향을 음수 쪽으로 밀어야 하는데,
그 전까지는 모든 복원 이미지의 아래쪽과 오른쪽 가장자리에 회색 선이 남습니다. 뒤에서 짧게 학습한 모델의 복원 이미지에서 이 선을 보게 됩니다.
""", en=r"""
The shapes are exactly the ones we computed by hand. One more detail: the last transposed convolution covers
$(13 - 1) \cdot 2 + 3 = 27$ pixels, indices 0 to 26. The row and column 27 added by `output_padding` are reached
by no kernel at all, so whatever the input image, their value is $\sigma(b)$, the sigmoid $\sigma$ of the last layer's bias $b$ alone. MNIST's border is
almost always background, so training has to push this bias negative; until it does, every reconstruction carries a grey
line along its bottom and right edges. We will see that line in the briefly trained models below.
"""),
    code("""
with torch.no_grad():
    out = model.decoder(h)
edge = torch.cat([out[:, 0, 27, :].flatten(), out[:, 0, :, 27].flatten()])
bias = model.decoder.layers[-2].bias
print(f"row 27 and column 27 over 8 images: min {edge.min():.4f}, "
      f"max {edge.max():.4f}")
print(f"sigmoid(bias) = {torch.sigmoid(bias).item():.4f}")
""", tags=["nbval-check-output"]),
    md(ko=r"""
## 파라미터 세기

표의 마지막 열은 층별 파라미터 수입니다. 그중 하나를 손으로 계산해 봅시다. 첫 합성곱 `Conv2d(1, 16, 3)`에는
16개의 출력 채널마다 입력 채널 1개 × 3 × 3 크기의 커널이 하나씩, 그리고 편향이 하나씩 있습니다.

$$
\underbrace{16 \cdot 1 \cdot 3 \cdot 3}_{\text{가중치}} + \underbrace{16}_{\text{편향}} = 160
$$

같은 방식으로 `Linear(1024, 10)`은 $1024 \cdot 10 + 10 = 10{,}250$개, 전치 합성곱 `ConvTranspose2d(64, 32, 3)`은
가중치 모양이 (입력 채널, 출력 채널, 3, 3)이어서 $64 \cdot 32 \cdot 9 + 32 = 18{,}464$개입니다.
합성곱은 이미지의 모든 위치에서 같은 커널을 재사용하므로, 28×28 이미지를 다루면서도 파라미터가 적습니다.
""", en=r"""
## Counting parameters

The last column of the tables counts each layer's parameters. Let us do one by hand. The first convolution,
`Conv2d(1, 16, 3)`, has for each of its 16 output channels one kernel of 1 input channel × 3 × 3, plus one bias:

$$
\underbrace{16 \cdot 1 \cdot 3 \cdot 3}_{\text{weights}} + \underbrace{16}_{\text{biases}} = 160.
$$

Likewise `Linear(1024, 10)` has $1024 \cdot 10 + 10 = 10{,}250$, and the transposed convolution
`ConvTranspose2d(64, 32, 3)`, whose weight has shape (in channels, out channels, 3, 3), has
$64 \cdot 32 \cdot 9 + 32 = 18{,}464$. Convolutions reuse the same kernel at every position of the image, which is
why they need so few parameters for 28×28 images.
"""),
    code("""
conv1 = model.encoder.layers[0]
by_hand = 16 * 1 * 3 * 3 + 16
print(f"Conv2d(1, 16, 3): weight {tuple(conv1.weight.shape)} "
      f"+ bias {tuple(conv1.bias.shape)}: "
      f"{count_parameters(conv1)} parameters (by hand: {by_hand})")

n_encoder = count_parameters(model.encoder)
n_decoder = count_parameters(model.decoder)
print(f"encoder {n_encoder:,} + decoder {n_decoder:,} = {n_encoder + n_decoder:,} "
      "autoencoder parameters")
print(f"centroids (chapter 3): {model.centroids.numel()} more, "
      f"total {count_parameters(model):,}")
""", tags=["nbval-check-output"]),
    md(ko=r"""
오토인코더 전체의 파라미터는 68,043개입니다. 요즘 기준으로는 아주 작은 모델이어서 랩톱 CPU에서도 학습할 수 있습니다.
파라미터의 약 3분의 1(21,514개)은 병목 양옆의 두 완전 연결층(`Linear(1024, 10)`, `Linear(10, 1024)`)에 있고,
가장 큰 층은 채널 64개를 잇는 인코더의 마지막 합성곱과 디코더의 첫 전치 합성곱(18,496개, 18,464개)입니다.
""", en=r"""
The whole autoencoder has 68,043 parameters. By today's standards that is tiny, small enough to train on a laptop
CPU. About a third of them (21,514) sit in the two fully connected layers around the bottleneck (`Linear(1024, 10)`
and `Linear(10, 1024)`); the largest single layers are the encoder's last convolution and the decoder's first transposed convolution
(18,496 and 18,464).
"""),
    md(ko=r"""
## 복원 손실: MSE와 BCE

블로그는 복원 손실로 **평균 제곱 오차**(MSE)를 씁니다. 픽셀 $j$의 원래 값을 $x_j$, 복원 값을 $\hat{x}_j$라고 하면

$$
\ell_{\text{MSE}}(x, \hat{x}) = \frac{1}{784} \sum_{j=1}^{784} (x_j - \hat{x}_j)^2
$$

입니다. 또 하나의 흔한 선택은 각 픽셀 값을 "잉크가 있을 확률"로 보고 쓰는 **이진 교차 엔트로피**(BCE)입니다.

$$
\ell_{\text{BCE}}(x, \hat{x}) = -\frac{1}{784} \sum_{j=1}^{784} \Big[ x_j \log \hat{x}_j + (1 - x_j) \log (1 - \hat{x}_j) \Big]
$$

MNIST 픽셀은 0과 1 사이의 회색 값도 가지므로 BCE의 최솟값은 0이 아니라 픽셀별 엔트로피의 평균입니다($1/784$이 곱해져 있으므로 합이 아니라 평균입니다). 그래서 두 손실의 값은 서로 직접 비교할 수 없습니다.

### 시그모이드 뒤에서 사라지는 기울기

두 손실의 결정적인 차이는 **기울기**에 있습니다. 디코더의 마지막 층은 $\hat{x}_j = \sigma(a_j)$를 계산하며, $a_j$는 시그모이드에 들어가기 전의 값입니다.
$\sigma'(a) = \sigma(a)\,(1 - \sigma(a))$를 써서 픽셀 하나의 손실을 $a_j$로 미분하면(픽셀 하나의 BCE 항은
$\ell_{\text{BCE},j} = -[x_j \log \hat{x}_j + (1-x_j)\log(1-\hat{x}_j)]$이고, $1/784$은 뺐습니다)

$$
\begin{gathered}
\frac{\partial}{\partial a_j} (x_j - \hat{x}_j)^2 = 2\,(\hat{x}_j - x_j)\; \hat{x}_j\, (1 - \hat{x}_j), \\[6pt]
\frac{\partial}{\partial a_j} \ell_{\text{BCE}, j} = \hat{x}_j - x_j
\end{gathered}
$$

가 됩니다. BCE에서는 $\sigma'$가 로그의 미분과 정확히 상쇄되어 오차 $\hat{x}_j - x_j$만 남습니다.
MSE에는 $\hat{x}_j (1 - \hat{x}_j)$가 곱해져 있으므로, 출력이 0이나 1 근처에서 **포화**되면 오차가 아무리 커도 기울기가 0에 가까워집니다.

이것이 실제로 문제가 되는 장면을 떠올려 봅시다. MNIST 픽셀의 대부분은 0(배경)이므로, 학습 초기에 MSE를 가장 빨리 줄이는 길은
모든 출력을 0 쪽으로 미는 것, 즉 **빈 이미지**를 그리는 것입니다. 그렇게 획이 있어야 할 픽셀에서도 $\hat{x}_j \approx 0$이 되어 버리면,
그 픽셀의 오차는 거의 1인데도 MSE 기울기는 거의 0입니다. 그러면 네트워크는 빈 이미지 근처에 갇힙니다. BCE는 같은 상황에서도 크기가 1인 기울기를 그대로 되돌려 보냅니다.
""", en=r"""
## The reconstruction loss: MSE and BCE

The blog uses the **mean squared error** (MSE). With $x_j$ the original value of pixel $j$ and $\hat{x}_j$ its
reconstruction,

$$
\ell_{\text{MSE}}(x, \hat{x}) = \frac{1}{784} \sum_{j=1}^{784} (x_j - \hat{x}_j)^2.
$$

Another common choice treats each pixel value as "the probability of ink" and uses the **binary cross-entropy** (BCE):

$$
\ell_{\text{BCE}}(x, \hat{x}) = -\frac{1}{784} \sum_{j=1}^{784} \Big[ x_j \log \hat{x}_j + (1 - x_j) \log (1 - \hat{x}_j) \Big].
$$

MNIST pixels also take grey values between 0 and 1, so the minimum of BCE is not 0 but the mean entropy of the
pixels (a mean, not a sum, because of the factor $1/784$). The values of the two losses cannot be compared directly.

### A gradient that vanishes behind the sigmoid

The decisive difference is in the **gradients**. The decoder's last layer computes $\hat{x}_j = \sigma(a_j)$, where
$a_j$ is the value before the sigmoid. Using $\sigma'(a) = \sigma(a)\,(1 - \sigma(a))$, the derivatives of one
pixel's loss with respect to $a_j$ are (one pixel's BCE term is
$\ell_{\text{BCE},j} = -[x_j \log \hat{x}_j + (1-x_j)\log(1-\hat{x}_j)]$; the factor $1/784$ is left out)

$$
\begin{gathered}
\frac{\partial}{\partial a_j} (x_j - \hat{x}_j)^2 = 2\,(\hat{x}_j - x_j)\; \hat{x}_j\, (1 - \hat{x}_j), \\[6pt]
\frac{\partial}{\partial a_j} \ell_{\text{BCE}, j} = \hat{x}_j - x_j.
\end{gathered}
$$

For BCE, $\sigma'$ cancels exactly against the derivative of the logarithm and only the error
$\hat{x}_j - x_j$ is left. For MSE it is multiplied by $\hat{x}_j (1 - \hat{x}_j)$: once the output **saturates**
near 0 or 1, the gradient is close to zero no matter how large the error.

Here is where that bites. Most MNIST pixels are 0 (background), so early in training the quickest way to lower the
MSE is to push every output towards 0, that is, to draw a **blank image**. Once $\hat{x}_j \approx 0$ also on the
pixels that should carry ink, their error is close to 1 but their MSE gradient is close to 0, and the network is
stuck near the blank image. In the same situation BCE passes back a gradient of size 1.
"""),
    code("""
# the pre-sigmoid value of one ink pixel (target x = 1)
a = torch.linspace(-10, 6, 400, requires_grad=True)
target = torch.ones_like(a)
grads = {}
for name, loss_fn in (("MSE", F.mse_loss), ("BCE", F.binary_cross_entropy)):
    loss = loss_fn(torch.sigmoid(a), target, reduction="sum")
    (g,) = torch.autograd.grad(loss, a)
    grads[name] = g.abs()

fig, ax = plots.subplots(width=6.5, height=3.4)
for name, g in grads.items():
    ax.plot(torch.sigmoid(a).detach(), g, label=name)
ax.set(xscale="log", ylabel="|∂ℓ/∂a|",
       xlabel={"ko": "출력 x̂ = σ(a)  (목표는 1)",
               "en": "output x̂ = σ(a)  (target is 1)"}[plots.language()])
ax.legend()
plt.show()
""", alt={
        "ko": "잉크가 있어야 할 픽셀(목표 1) 하나에서 출력 x̂ = σ(a)(로그 축)에 따른 기울기 크기 |∂ℓ/∂a|를 MSE와 BCE로 그린 선 그래프입니다. 출력이 0에 가까울수록, 곧 많이 틀릴수록 MSE의 기울기는 0으로 사라지고 BCE의 기울기는 1로 남습니다.",
        "en": "Line plot of the gradient size |∂ℓ/∂a| on one ink pixel (target 1) against the output x̂ = σ(a) on a log axis, for MSE and BCE. The closer the output gets to 0, the more wrong it is, the more the MSE gradient vanishes, while the BCE gradient stays at 1."}),
    md(ko=r"""
가로축은 잉크가 있어야 할 픽셀(목표 1)에 대한 출력입니다. 출력이 0에 가까울수록, 즉 **많이 틀릴수록** MSE의 기울기는 오히려 0에 가까워져 사라지고,
BCE의 기울기는 1로 남습니다.

### 실제로 갇히는가

이론에 그치는 이야기가 아닙니다. 8장의 비교 실험에서 아래 셀과 같이 잠재층 ReLU를 뺀 이 네트워크를 MSE로 학습했더니 시드 10개 가운데 5개가 갇혔습니다. 둘째 에폭에도 손실이 $0.12$–$0.13$이었고, 그중 넷은 40 에폭을 다 돈 뒤에도 $0.11$이었습니다.
네트워크가 거의 빈 이미지만 그리는 상태입니다. 갇힌 다섯 가운데 나머지 하나는 입력과 상관없이 늘 같은 평균 이미지를 그려 $0.067$에서 끝났습니다. 빈 이미지의 MSE는 테스트 이미지들에 대한 $\frac{1}{784}\sum_j x_j^2$의 평균이며, 비교를 위해 아래에서 직접 계산합니다.

아래 셀은 잠재층 ReLU가 없는 같은 네트워크를 **시드 0**으로 만들어 학습 이미지 60,000장을 한 바퀴(1 에폭) 학습합니다.
손실만 MSE와 BCE로 바꿔 모델 두 개를 학습합니다. 군집 손실은 끕니다(`lam=0.0`). `eval_every=0`은 에폭마다의 테스트 채점을 건너뛰고, `select="last"`는 마지막 에폭의 가중치를 돌려줍니다. 학습 한 번은 60,000장을 한 에폭 도는 것입니다. 다른 작업이 없는 2코어 CPU라면 README의 "걸리는 시간" 표에 적힌 에폭 시간(약 4초)에 평가 시간이 조금 더해지는 정도입니다.

두 모델은 서로 다른 손실로 학습했으므로 공통의 잣대로 비교합니다. 테스트 이미지에서의 MSE, 그리고 잉크 픽셀($x_j > 0.5$)에서의 평균 출력과 평균 $\sigma'(a_j)$입니다.
$\sigma'(a_j)$가 바로 MSE 기울기에 곱해지는 항입니다.
""", en=r"""
The horizontal axis is the output on a pixel that should carry ink (target 1). The closer the output gets to 0,
that is, **the more wrong it is**, the more the MSE gradient vanishes, while the BCE gradient stays at 1.

### Does it really get stuck?

This is not just theory. In chapter 8's study, training this network without its latent ReLU (as below) with MSE left five of ten seeds stuck:
their loss was still $0.12$–$0.13$ in the second epoch, and four of them were at $0.11$ after all 40 epochs, the
network drawing nearly blank images; the fifth ended at $0.067$ by drawing the same average image whatever the input. The MSE of a blank image is the mean
of $\frac{1}{784}\sum_j x_j^2$, which we compute below for comparison. The next cell builds the same network
without the latent ReLU from **seed 0** and trains it for one pass (one epoch) over the 60,000 training images,
changing only the loss between MSE and BCE. The clustering loss is off (`lam=0.0`); `eval_every=0` skips the per-epoch
test scoring and `select="last"` returns the last epoch's weights. Each run is one epoch over 60,000
images: on an idle 2-core CPU about the epoch time in the README's timing table (about 4 s), plus a little evaluation.

The two models were trained on different losses, so we compare them with common yardsticks: the MSE on the test
images, and, on ink pixels ($x_j > 0.5$), the mean output and the mean $\sigma'(a_j)$, the factor that multiplies
the MSE gradient.
"""),
    code("""
from dkm_lib import TrainConfig, train

def test_mse(m) -> float:
    with torch.no_grad():
        return F.mse_loss(m.decoder(m.encode(test_x)), test_x).item()

def ink_diagnostics(m, x: torch.Tensor) -> tuple[float, float]:
    \"\"\"Mean output and mean sigmoid slope on pixels that should be ink (x > 0.5).\"\"\"
    with torch.no_grad():
        a = m.decoder.layers[:-1](m.encoder(x))   # all up to the final Sigmoid
    s, ink = torch.sigmoid(a), x > 0.5
    return s[ink].mean().item(), (s * (1 - s))[ink].mean().item()

print(f"blank image (all zeros): test MSE {test_x.pow(2).mean().item():.4f}")
one_epoch = {}
for loss in ("mse", "bce"):
    cfg = TrainConfig(epochs=1, lam=0.0, rec_loss=loss, final_relu=False,
                      eval_every=0, select="last", seed=0, device="cpu")
    one_epoch[loss], hist = train(cfg, progress=False)
    out, slope = ink_diagnostics(one_epoch[loss], test_x[:1000])
    print(f"trained with {loss.upper()}: train {loss.upper()} {hist['rec'][0]:.4f}"
          f"  test MSE {test_mse(one_epoch[loss]):.4f}")
    print(f"  ink pixels: mean output {out:.4f}, mean sigmoid slope {slope:.5f}")
""", tags=["nbval-check-output", "nbval-approx"]),
    code("""
with torch.no_grad():
    recs = {loss: m.decoder(m.encode(test_x[:10]))
            for loss, m in one_epoch.items()}
fig, axes = plots.subplots(3, 1, width=6, height=2.9)
plots.image_grid(test_x[:10], rows=1, cols=10, ax=axes[0], title=plots.t("input"))
for ax, (loss, images) in zip(axes[1:], recs.items()):
    title = f"{plots.t('reconstruction')}: {loss.upper()}, 1 {plots.t('epoch')}"
    plots.image_grid(images, rows=1, cols=10, ax=ax, title=title)
plt.tight_layout()
plt.show()
""", hide=True, alt={
        "ko": "세 줄의 이미지입니다. 맨 위는 테스트 이미지 10장(입력), 가운데는 MSE로 1 에폭 학습한 모델의 복원, 아래는 BCE로 1 에폭 학습한 모델의 복원입니다. MSE의 복원은 가장자리의 회색 선을 빼면 텅 비어 있고, BCE 모델은 흐리지만 벌써 숫자를 그립니다.",
        "en": "Three rows of images: the first 10 test images (input), their reconstructions by the model trained for one epoch with MSE, and by the one trained for one epoch with BCE. The MSE row is empty apart from grey edge lines; the BCE model already draws blurry but recognisable digits."}),
    md(ko=r"""
MSE로 학습한 모델은 테스트 MSE가 빈 이미지보다도 나쁘고(0.1308 대 0.1140이며, 그 차이는 가장자리의 회색 선에서 나옵니다), 잉크 픽셀에서의 출력과 시그모이드의 도함수 값이 사실상 0입니다.
기울기가 사라진 바로 그 상태입니다. 그 선을 빼면 복원 이미지는 텅 비어 있습니다.
시드도, 데이터도 같고 똑같이 1 에폭만 학습했는데, BCE로 학습한 모델은 벌써 숫자를 그립니다.
MSE 모델을 더 오래 학습해도 이 구덩이에서 잘 빠져나오지 못합니다(연습 1.2).
어떤 시드가 갇히는지는 초기 가중치와 부동소수점 연산 순서의 미세한 차이에 달려 있으므로, 다른 컴퓨터에서는 결과가 다를 수 있습니다.
중요한 것은 **MSE + 시그모이드 조합에는 이런 함정이 있고, BCE에는 없다**는 점입니다.

그래서 이 책의 **개선 레시피**는 복원 손실로 BCE를 씁니다(`rec_loss="bce"`). 여러 장에서 불러오는 체크포인트가 이 레시피로 학습한 것입니다.
함정을 벗어나는 길이 이것만은 아닙니다. MSE를 그대로 두되, 갇힌 출발을 레이블 없이 알아보고(둘째 에폭까지 손실이 절반으로 줄지 않으면)
새 시드로 다시 시작해도 됩니다(4장). 8장의 가장 좋은 레시피들은 이 길을 택합니다.
개선 레시피 전체는 8장에서 자세히 다룹니다. 잠재층 ReLU를 뺀 이 장의 네트워크를 BCE로 오토인코더만 40 에폭 학습하고,
잠재 벡터를 UMAP과 k-평균으로 나눈 분할로 중심점을 정한 뒤, 그 분할을 고정한 채 결합 학습을 10 에폭 합니다.
(UMAP은 이웃 관계를 지키며 잠재 벡터를 저차원 지도로 펼치는 방법으로, 6장에서 자세히 봅니다. 그 지도에 k-평균을 돌리면 이미지가
k개의 부분으로 나뉘고, 각 부분의 잠재 벡터 평균이 중심점이 됩니다.)
이 장은 그 가운데 앞의 두 가지, BCE를 쓰는 것과 잠재층 ReLU를 빼는 것을 다룹니다.
""", en=r"""
The model trained with MSE is worse on the test MSE than a blank image (0.1308 against 0.1140: its grey edge lines
cost extra), and on ink pixels both its output and its sigmoid slope are practically zero: exactly the
vanished-gradient state. Otherwise its reconstructions are empty. Same seed, same data,
same single epoch, and the model trained with BCE already draws digits. Training the MSE model longer does not get it out of
this pit easily (exercise 1.2). Which seeds get stuck depends on the initial weights and on tiny differences in the
order of floating-point operations, so another computer may give a different picture. What matters is that **the
MSE + sigmoid combination has this trap and BCE does not**.

That is why this book's **improved recipe**, whose checkpoint several chapters load, uses BCE for the reconstruction
loss (`rec_loss="bce"`). It is not the only way out of the trap: keep MSE, notice a stuck start without labels (its
loss has not halved by the second epoch) and start again from a new seed (chapter 4). Chapter 8's best recipes take
that way. Chapter 8 develops the whole recipe: this network without the latent
ReLU is trained with BCE as an autoencoder alone for 40 epochs, a UMAP + k-means partition of its latents places the
centroids, and a joint phase of 10 epochs follows with that partition fixed. (UMAP, explained in chapter 6, lays the latents out as a
low-dimensional map that keeps each point's neighbours; k-means on that map splits the images into k parts, and each
part's mean latent becomes a centroid.) This chapter covers the first two changes: BCE and dropping the latent ReLU.
"""),
    md(ko=r"""
## 잠재층 끝의 ReLU

블로그의 인코더는 마지막 `Linear(1024, 10)` 뒤에도 ReLU를 둡니다. 그러면 잠재 벡터의 모든 성분이

$$
h(x)_d = \max\big(0,\; w_d^\top \phi(x) + b_d\big) \;\ge\; 0
$$

가 됩니다($\phi(x)$는 1024개의 특징). 두 가지 결과가 따라옵니다.

1. 잠재 벡터는 모든 성분이 0 이상인 영역(제1사분면을 고차원으로 넓힌 것)에만 놓입니다. 블로그가 중심점을 `torch.rand`로 $[0, 1)$에 뿌리는 초기화(3장)와 맞물려, 4장에서 보게 될 문제의 씨앗이 됩니다.
2. 어떤 차원 $d$에서 $w_d^\top \phi(x) + b_d < 0$이 모든 이미지에 대해 성립하면 그 차원은 늘 0입니다. 그 구간에서는 ReLU의 도함수도 0이므로 어떤 이미지의 손실도 $w_d, b_d$에 기울기를 보내지 못합니다. 이런 차원을 **죽은 차원**이라고 합니다. 다만 한 번 죽었다고 영영 죽는 것은 아닙니다. $\phi(x)$는 열 개 차원이 함께 쓰는 특징이어서 다른 차원들의 기울기를 따라 계속 바뀌므로, 죽은 차원이 다시 살아날 수도 있고, 거꾸로 살아 있던 차원이 학습 도중에 죽을 수도 있습니다.

두 번째 현상은 학습을 시작하기도 전에 일어날 수 있습니다. $\phi(x)$는 ReLU를 거쳐 나온 값이라 모든 성분이 0 이상이고, 그래서 모든 이미지의 $\phi(x)$에는 큰 공통 부분이 있습니다.
따라서 학습 전 네트워크에서 $w_d^\top \phi(x)$는 이미지마다 한 공통값 근처에서 조금씩만 달라지고, $w_d^\top \phi(x) + b_d$의 부호는 거의 모든 이미지에서 같습니다.
그 부호를 정하는 것은 편향 $b_d$와 이 공통 부분을 합한 값입니다.
같은 시드로 ReLU가 있는 인코더와 없는 인코더를 만들면 가중치가 똑같으므로(ReLU에는 파라미터가 없습니다), 차이는 ReLU 하나뿐입니다.
""", en=r"""
## The ReLU at the end of the latent layer

The blog's encoder puts a ReLU after the final `Linear(1024, 10)` as well, so every latent component is

$$
h(x)_d = \max\big(0,\; w_d^\top \phi(x) + b_d\big) \;\ge\; 0,
$$

where $\phi(x)$ are the 1024 features. Two things follow.

1. Latent vectors live only in the non-negative orthant, the region where every component is at least 0 (the first quadrant, in 10 dimensions). Together with the blog's centroid initialisation, `torch.rand` in $[0, 1)$ (chapter 3), this plants a problem that we will meet in chapter 4.
2. If $w_d^\top \phi(x) + b_d < 0$ holds for every image, dimension $d$ is always 0. The ReLU's gradient is 0 there too, so no image's loss sends any gradient to $w_d$ and $b_d$: the dimension is **dead**. It is not necessarily dead for good: $\phi(x)$ is shared by all ten dimensions and keeps changing under the gradients of the others, so a dead dimension can come back to life, and, the other way round, a live dimension can die during training.

The second effect can happen before training even starts. $\phi(x)$ comes out of a ReLU, so all its components are
non-negative and all images share a large common part of it. In an untrained network $w_d^\top \phi(x)$ therefore
varies little from image to image around a common value, and the sign of $w_d^\top \phi(x) + b_d$ is nearly the same
for every image: the bias $b_d$ and that common part together decide it. Built from the same seed, an encoder with the
ReLU and one without have identical weights (a ReLU has no parameters), so the ReLU is the only difference.
"""),
    code("""
torch.manual_seed(0)
with_relu = DeepKMeans(final_relu=True)
torch.manual_seed(0)
without_relu = DeepKMeans(final_relu=False)

sample = test_x[:2000]
h_relu, h_plain = with_relu.encode(sample), without_relu.encode(sample)
print(f"smallest latent value: with ReLU {h_relu.min():.4f}, "
      f"without ReLU {h_plain.min():.4f}")
zeros = (h_relu == 0).float().mean(0)
print("share of images with h_d = 0, per dimension (with ReLU):")
shares = [f"d{d}:{v:.1%}" for d, v in enumerate(zeros.tolist())]
print("  " + "  ".join(shares[:5]))
print("  " + "  ".join(shares[5:]))
print(f"dimensions that are 0 for all {len(sample)} images:",
      (zeros == 1).nonzero().flatten().tolist())
""", tags=["nbval-check-output"]),
    md(ko=r"""
학습을 시작하기도 전에 10개 차원 중 두 개(1과 8)가 2,000장 모두에서 0이고, 다른 몇 개도 거의 모든 이미지에서 0입니다.
이런 차원은 처음부터 기울기를 거의 받지 못합니다. 학습이 이것을 바로잡을까요? 저장소에 든 블로그 레시피의 체크포인트(시드 0, 300 에폭)로 확인해 봅시다.
`train`도 시드를 고정한 뒤 같은 방식으로 모델을 만들므로, 이 실행은 바로 위의 학습 전 인코더에서 출발했습니다. 이번에는 테스트 이미지 10,000장을 모두 씁니다.
""", en=r"""
Before any training, two of the ten dimensions (1 and 8) are 0 for all 2,000 images and several more for almost all
of them; from the start, such dimensions get little or no gradient. Does training cure this? The blog recipe's
shipped checkpoint (seed 0, 300 epochs) tells us. `train` builds its model the same way after fixing the seed, so
that run started from exactly the untrained encoder above. This time we use all 10,000 test images.
"""),
    code("""
from dkm_lib import load_checkpoint

# the blog's recipe after 300 epochs, trained from seed 0
blog = load_checkpoint(book.checkpoint_path("seed"))
h_blog = blog.encode(test_x)
with torch.no_grad():
    before_relu = blog.encoder.layers[:-1](test_x)   # all up to the final ReLU
zeros = (h_blog == 0).float().mean(0)
dead = (zeros == 1).nonzero().flatten().tolist()
print(f"blog recipe after 300 epochs, {len(test_x):,} test images")
print("share of images with h_d = 0, per dimension:")
shares = [f"d{d}:{v:.1%}" for d, v in enumerate(zeros.tolist())]
print("  " + "  ".join(shares[:5]))
print("  " + "  ".join(shares[5:]))
print(f"dimensions that are 0 for all {len(test_x):,} images: {dead}")
print(f"their largest value before the ReLU: {before_relu[:, dead].max():.2f}")
""", tags=["nbval-check-output"]),
    md(ko=r"""
학습도 이것을 고치지 못합니다. 블로그 레시피의 체크포인트는 열 개 차원 가운데 여섯 개가 모든 테스트 이미지에서 0인 채로 끝납니다. 병목의 폭이 사실상 값 네 개뿐인 셈입니다. 군집화에 쓸 수 있는 정보도 그만큼 줄어듭니다.
여섯 개 가운데 처음부터 위의 2,000장 모두에서 0이던 것은 1과 8뿐이고, 0, 3, 5, 6은 학습 도중에 죽었습니다. 특히 차원 3은 처음에 2,000장 모두에서 0보다 컸고, 차원 0도 값이 0인 이미지가 0.4%뿐이었습니다.
거꾸로 처음에 99.6%의 이미지에서 0이던 차원 2는 끝날 때 테스트 이미지의 99.8%에서 0보다 큽니다. $\phi(x)$가 바뀌면 차원은 이렇게 양쪽으로 움직입니다.
죽은 여섯 차원의 ReLU 입력은 모든 테스트 이미지에서 음수입니다(가장 큰 값이 $-0.04$).
ReLU를 빼면 잠재 벡터는 $\mathbb{R}^{10}$ 전체를 쓸 수 있고, 어떤 차원도 이런 식으로 꺼지지 않습니다.
그래서 개선 레시피는 `final_relu=False`로 둡니다. 네트워크 안쪽 층들의 ReLU는 그대로 남깁니다.
""", en=r"""
Training does not cure this. The blog recipe's checkpoint ends with six of its ten dimensions at 0 for every test
image: its bottleneck is effectively four numbers wide, with that much less information to cluster on.
Of the six, only 1 and 8 were 0 for all 2,000 images above from the start; 0, 3, 5 and 6 died during training. Dimension 3 was above 0 for every one of those 2,000 images at
the start, and dimension 0 for all but 0.4 % of them. The other way round, dimension 2, which was 0 for 99.6 % of
them at the start, ends above 0 for 99.8 % of the test images: as $\phi(x)$ changes, dimensions move both ways. The
six dead dimensions get a negative input at their ReLU for every test image ($-0.04$ at most).
Without the ReLU the latent vectors can use all of $\mathbb{R}^{10}$ and no dimension can be switched
off this way. Hence `final_relu=False` in the improved recipe; the ReLUs inside the network stay.
"""),
    md(ko=r"""
## 직접 학습해 보기

이제 개선 레시피의 오토인코더(BCE, 잠재층 ReLU 없음)를 직접 학습해 봅시다. `lam=0.0`은 군집 손실의 가중치가 0이라는 뜻이므로
`train`은 평범한 오토인코더를 학습합니다. `train` 안에서 도는 것은 흔히 보는 학습 루프입니다. 배치마다 순전파, 손실, `zero_grad()`,
`backward()`, `step()`을 되풀이하고, 그 위에 시드 고정, 평가, 체크포인트 같은 일을 더할 뿐입니다([부록 A](09_pytorch_primer.ipynb)에
스무 줄짜리 루프가 있습니다). CPU에서도 금방 끝나도록 학습 이미지 10,000장으로 4 에폭만 돌립니다.
진행 막대 아래 줄에 테스트 정확도(ACC)도 찍히는데, `lam=0`이면 무작위 출발점에서 움직이지 않는 중심점 10개로 잰 값이므로 3장까지는 무시해도 됩니다.
""", en=r"""
## Training one yourself

Let us train the improved recipe's autoencoder (BCE, no latent ReLU) ourselves. `lam=0.0` sets the weight of the
clustering loss to zero, so `train` trains a plain autoencoder. Inside, `train` runs a plain training loop (per batch:
forward pass, loss, `zero_grad()`, `backward()`, `step()`) and adds the bookkeeping: seeds, evaluation, checkpoints
([Appendix A](09_pytorch_primer.ipynb) writes such a loop out in twenty lines). To finish quickly on a CPU we use 10,000 training
images and only 4 epochs. The line printed under the progress bar also reports a test ACC: it is measured with the
ten centroids, which stay at their random starting points when `lam=0`, so ignore it until chapter 3.
"""),
    code("""
config = TrainConfig(epochs=4, lam=0.0, rec_loss="bce", final_relu=False,
                     train_size=10000, eval_every=0, select="last", seed=0,
                     device="cpu")
small, small_history = train(config, progress=True)
print("training BCE per epoch:", [round(v, 4) for v in small_history["rec"]])
"""),
    md(ko=r"""
비교를 위해 저장소에 들어 있는 **잘 학습된 오토인코더**를 불러옵니다. 같은 레시피로 40 에폭 동안 학습한 모델이며,
이 책에서 개선 레시피를 보여 주는 그림과 수치(2–7장)는 모두 이 모델에서 출발합니다. 8장에서는 시드 10개가 저마다 오토인코더를 새로 학습하는데, 이 모델은 그중 시드 8의 것입니다. 이 모델은 학습 이미지 60,000장 가운데 검증용으로 떼어 둔 5,000장을
보지 않았으므로, 한 에폭은 나머지 55,000장입니다. 테스트 점수를 보며 고른 설정은 그 점수를 실제보다 좋게 보이게 하므로,
8장의 실험은 후보 사이의 선택을 모두 이 5,000장으로 합니다(테스트 점수가 어디에 끼어들었는지도 8장에서 밝힙니다). 떼어 둔 수는 체크포인트의 설정(`config`)에 기록되어 있어 아래 셀은 이미지 수를 거기서 계산합니다.
체크포인트에는 학습 기록도 들어 있으므로 두 학습 곡선을 함께 그릴 수 있습니다.
두 모델의 에폭 크기가 다르므로(10,000장 대 55,000장) 가로축은 **지금까지 본 이미지 수**로 맞춥니다.
""", en=r"""
For comparison we load the **well-trained autoencoder** that ships with the repository: the same recipe, trained for
40 epochs. The book's figures and numbers of the improved recipe (chapters 2–7) start from it; chapter 8's ten
seeds each train their own autoencoder, and this one is seed 8's. It never saw the 5,000 of the 60,000 training
images that are held out for validation, so one of its epochs is the other 55,000 images (a choice made by looking
at test scores flatters those scores, so chapter 8's study makes every choice between candidates on these 5,000
images; chapter 8 also says where test scores still played a part);
the checkpoint's settings (`config`) record how many were held out, and the next cell computes the count from them.
The checkpoint also carries its training history, so we can draw both learning curves. Their epochs differ in size
(10,000 versus 55,000 images), so the horizontal axis counts **images seen so far**.
"""),
    code("""
from dkm_lib import load_checkpoint, read_checkpoint

shipped_path = book.checkpoint_path("improved_autoencoder")
shipped = load_checkpoint(shipped_path)
saved = read_checkpoint(shipped_path)        # the file's own dict
shipped_history, held_out = saved["history"], saved["config"]["val_size"]
shipped_epoch = 60_000 - held_out            # training images outside the validation split
print(f"shipped autoencoder: {len(shipped_history['epoch'])} epochs on "
      f"{shipped_epoch:,} images ({held_out:,} held out for validation)")
print(f"final training BCE of the shipped autoencoder: {shipped_history['rec'][-1]:.4f}")
print(f"test MSE of the shipped autoencoder: {test_mse(shipped):.4f}")
""", tags=["nbval-check-output"]),
    code("""
names = {"ko": ("지금 학습: 10,000장 × 4 에폭",
                f"저장된 모델: {shipped_epoch:,}장 × 40 에폭"),
         "en": ("trained here: 10,000 images × 4 epochs",
                f"shipped: {shipped_epoch:,} images × 40 epochs")}[plots.language()]
fig, ax = plots.subplots(width=6.8, height=3.4)
for history, size, marker, name in [(small_history, 10_000, "o", names[0]),
                                    (shipped_history, shipped_epoch, ".", names[1])]:
    seen = [(e + 1) * size for e in history["epoch"]]
    ax.plot(seen, history["rec"], marker=marker, label=name)
ax.set(xscale="log", ylabel=f"{plots.t('rec')} (BCE)",
       xlabel={"ko": "지금까지 본 이미지 수", "en": "images seen so far"}[plots.language()])
ax.legend()
plt.show()
print(f"test MSE after 4 small epochs: {test_mse(small):.4f}")
""", hide=True, alt={
        "ko": "지금까지 본 이미지 수(로그 축)에 따른 복원 손실(BCE) 곡선 두 개로, 지금 학습한 모델(10,000장 × 4 에폭)과 저장된 모델(55,000장 × 40 에폭)입니다. 우리 곡선은 초입에서 끝나고, 저장된 모델의 곡선은 그 끝값의 절반 아래까지 더 내려간 뒤에야 평평해집니다.",
        "en": "Two learning curves of the reconstruction loss (BCE) against images seen so far, on a log axis: trained here (10,000 images × 4 epochs) and shipped (55,000 images × 40 epochs). Our curve ends at the very start; the shipped one keeps falling to under half of our last value before it flattens."}, tags=["nbval-check-output", "nbval-approx"]),
    md(ko=r"""
각 점은 그 에폭 동안의 평균 손실입니다. 그래서 저장된 모델의 첫 점(처음 55,000장의 평균)에는 학습 초반의 큰 손실이 섞여 있어,
우리 곡선의 끝보다 위에 찍힙니다. 중요한 것은 규모입니다. 4만 장을 본 우리 모델은 곡선의 초입에 있고,
저장된 모델은 220만 장(55,000장 × 40 에폭)을 보면서 손실을 우리 실행이 멈춘 값(0.2168)의 절반도 안 되는 0.0990까지 줄인 뒤에야 평평해집니다. 복원에서 그 차이를 눈으로 확인해 봅시다.
""", en=r"""
Each point is the mean loss over its epoch, so the shipped model's first point (an average over its first 55,000
images) still contains the large losses of the first steps and lies above the end of our curve.
What matters is the scale: our model, after 40,000 images, is at the very start; the shipped one keeps lowering
its loss over 2.2 million images (55,000 × 40 epochs), down to 0.0990, less than half of where our run stopped (0.2168), before it flattens. Let us see the
difference in the reconstructions.
"""),
    code("""
n = 20
with torch.no_grad():
    rec_small = small.decoder(small.encode(test_x[:n]))
    rec_shipped = shipped.decoder(shipped.encode(test_x[:n]))
fig, axes = plots.subplots(3, 1, width=6.5, height=4.8)
plots.image_grid(test_x[:n], rows=2, cols=10, ax=axes[0], title=plots.t("input"))
for ax, images, name in [(axes[1], rec_small, names[0]),
                         (axes[2], rec_shipped, names[1])]:
    plots.image_grid(images, rows=2, cols=10, ax=ax,
                     title=f"{plots.t('reconstruction')}: {name}")
plt.tight_layout()
plt.show()
""", hide=True, alt={
        "ko": "2행 10열 격자 세 개로, 테스트 이미지 20장(입력)과 지금 학습한 모델(10,000장 × 4 에폭)의 복원, 저장된 모델(55,000장 × 40 에폭)의 복원입니다. 짧게 학습한 모델의 복원은 흐리고 가장자리에 회색 선이 남으며 몇몇 숫자가 뭉개지지만, 저장된 모델은 획의 굵기와 기울기까지 살려 냅니다.",
        "en": "Three 2-by-10 grids: the first 20 test images (input), their reconstructions by the model trained here (10,000 images × 4 epochs) and by the shipped model (55,000 images × 40 epochs). The short-trained ones are blurry, with grey edge lines and some smeared digits; the shipped model keeps stroke width and slant."}),
    md(ko=r"""
짧게 학습한 모델도 숫자의 대략적인 모양은 그리지만 획이 흐리고, 4와 9, 3과 5처럼 헷갈리기 쉬운 숫자를 뭉개기도 합니다.
앞에서 본 27번 행과 열의 회색 선도 아직 남아 있습니다.
오래 학습한 모델은 획의 굵기와 기울어진 정도까지 살려 냅니다. 병목이 10차원뿐이라 가는 꼬리나 끊어진 획 같은 세부는 여전히 사라지는데,
이것은 압축의 대가이면서 동시에 오토인코더가 "무엇이 중요한가"를 골라냈다는 증거이기도 합니다.
2장에서는 그 10개의 값, 곧 잠재 공간에 무엇이 담겼는지 들여다봅니다.
""", en=r"""
The briefly trained model draws the rough shape of each digit, but its strokes are blurry and it sometimes smears
look-alike digits such as 4 and 9, or 3 and 5; the grey line of row and column 27 is still there. The long-trained model keeps the stroke width and the slant. With a
bottleneck of only 10 numbers, fine details such as thin tails or broken strokes still disappear: the price of
compression, and at the same time evidence that the autoencoder has chosen what matters. Chapter 2 looks inside
those ten numbers, the latent space.
"""),
    md(ko=r"""
## 스스로 확인하기

짧은 질문으로 이 장의 핵심을 점검합니다. 답을 펼치기 전에 먼저 스스로 답해 보세요.

1. 커널 크기 3, 보폭 2, 패딩 0인 합성곱은 28×28 입력을 얼마로 줄이나요?

   :::{admonition} 답
   :class: dropdown
   $\lfloor (28 - 3)/2 \rfloor + 1 = 13$, 곧 13×13입니다.
   :::

2. 시그모이드 출력에서 MSE의 기울기는 사라지는데 BCE의 기울기는 왜 사라지지 않나요?

   :::{admonition} 답
   :class: dropdown
   시그모이드에 들어가기 전 값 $a_j$에 대한 MSE의 기울기에는 $\hat{x}_j(1 - \hat{x}_j)$가 곱해져 있어 출력이 포화되면 0이 됩니다. BCE에서는 그 항이 상쇄되어 기울기가 $\hat{x}_j - x_j$입니다.
   :::

3. 잠재층 끝의 ReLU는 무엇을 강제하고, 어떤 위험이 있나요?

   :::{admonition} 답
   :class: dropdown
   잠재 벡터의 모든 성분을 0 이상으로 강제합니다. 그리고 어떤 차원이 모든 이미지에서 0이 되면 그 차원의 가중치에는 기울기가 전혀 오지 않습니다(죽은 차원). 차원들이 함께 쓰는 특징 $\phi(x)$가 바뀌면 다시 살아날 수도 있지만, 학습은 살아 있던 차원을 죽이기도 합니다. 블로그 레시피의 체크포인트는 열 개 가운데 여섯 개가 모든 테스트 이미지에서 0인 채로 끝납니다.
   :::

## 요약

- 오토인코더는 인코더 $h$로 이미지를 10차원 잠재 벡터 $h(x)$로 압축하고 디코더 $g$로 다시 그리며, 복원 손실을 줄이도록 학습합니다. 레이블은 쓰지 않습니다.
- 크기 공식 $\lfloor (n + 2p - k)/s \rfloor + 1$과 $(n - 1)s - 2p + k + \mathrm{output\_padding}$으로 이 네트워크의 28 → 13 → 6 → 4와 4 → 6 → 13 → 28을 계산할 수 있고, `describe_layers`로 확인했습니다.
- 오토인코더의 파라미터는 68,043개이며 약 3분의 1이 병목 양옆의 완전 연결층에 있습니다.
- 시그모이드 출력에 MSE를 쓰면 출력이 포화될 때 기울기가 사라져, 어떤 시드는 빈 이미지 근처에 갇힙니다. BCE는 그렇지 않으므로 개선 레시피는 BCE를 씁니다.
- 잠재층 끝의 ReLU는 $h(x) \ge 0$을 강제하고 차원을 꺼 버릴 수 있습니다. 블로그 레시피의 체크포인트는 열 차원 가운데 여섯 개가 모든 테스트 이미지에서 0이어서, 병목의 폭이 사실상 값 네 개입니다. 그래서 개선 레시피에서는 ReLU를 뺍니다.
""", en=r"""
## Check yourself

Short questions on the chapter's key points: answer each one yourself before you read its answer.

1. What does a convolution with kernel 3, stride 2 and no padding make of a 28×28 input?

   :::{admonition} Answer
   :class: dropdown
   $\lfloor (28 - 3)/2 \rfloor + 1 = 13$, so 13×13.
   :::

2. Why does MSE's gradient vanish behind a sigmoid output while BCE's does not?

   :::{admonition} Answer
   :class: dropdown
   MSE's gradient with respect to the pre-activation $a_j$ carries the factor $\hat{x}_j(1 - \hat{x}_j)$, which is 0 once the output saturates; in BCE that factor cancels and the gradient is $\hat{x}_j - x_j$.
   :::

3. What does a ReLU at the end of the latent layer force, and what is the risk?

   :::{admonition} Answer
   :class: dropdown
   Every latent component becomes non-negative, and a dimension that is 0 for every image sends no gradient to its own weights: a dead dimension. It can come back when the shared features $\phi(x)$ change, but training can also kill live dimensions: the blog recipe's checkpoint ends with six of its ten dimensions at 0 for every test image.
   :::

## Summary

- An autoencoder compresses an image into a 10-D latent vector $h(x)$ with the encoder $h$, redraws it with the decoder $g$, and learns by lowering the reconstruction loss. No labels are used.
- The size formulas $\lfloor (n + 2p - k)/s \rfloor + 1$ and $(n - 1)s - 2p + k + \mathrm{output\_padding}$ give this network's 28 → 13 → 6 → 4 and 4 → 6 → 13 → 28, which we confirmed with `describe_layers`.
- The autoencoder has 68,043 parameters, about a third of them in the fully connected layers on either side of the bottleneck.
- With a sigmoid output, MSE's gradient vanishes when the output saturates, and some seeds get stuck near a blank image. BCE does not have this problem, so the improved recipe uses it.
- The ReLU at the end of the latent layer forces $h(x) \ge 0$ and can switch dimensions off: the blog recipe's checkpoint has six of its ten at 0 for every test image, a bottleneck effectively four numbers wide. So the improved recipe drops it.
"""),
    md(ko=r"""
## 연습 문제

각 문제 아래에 **힌트**와 **풀이**가 있습니다. 먼저 직접 풀어 본 뒤 읽어 보세요. 코드 풀이는 대부분 다른 셀처럼
실행되고 테스트되므로, 자신의 결과를 실제 출력과 비교할 수 있습니다. 실행에 몇 분씩 걸리는 일부 풀이는 책을 만들 때 실행하지 않으며,
그 점을 밝히고 직접 실행할 코드를 보여 줍니다.

::::{exercise} 패딩을 준 첫 합성곱
:label: ko-ex01-1
:nonumber:

인코더 첫 합성곱에 `padding=1`을 준다면 각 층의 출력 크기는 어떻게 바뀔까요? 공식으로 먼저 계산한 뒤, 디코더가 다시 28×28을 만들려면 무엇을 바꿔야 하는지 생각해 보세요.

:::{hint}
:class: dropdown
$\lfloor (n + 2p - k)/s \rfloor + 1$에 $n = 28, p = 1, k = 3, s = 2$를 넣고, 그 결과를 다음 층의 $n$으로 씁니다. 코드로는 합성곱 세 개만 `nn.Sequential`로 쌓아 빈 이미지 한 장을 통과시키면 됩니다.
:::
::::

:::{solution-start} ko-ex01-1
:class: dropdown
:::

첫 층은 $\lfloor (28 + 2 - 3)/2 \rfloor + 1 = 14$이고, 둘째 층은 $\lfloor (14 - 3)/2 \rfloor + 1 = 6$, 셋째 층은 $6 - 3 + 1 = 4$입니다. 확인해 봅시다.
""", en=r"""
## Exercises

Each exercise has a **hint** and a **solution** below it: try the exercise first, then read them. Most code
solutions run and are tested like every other cell, so you can check your own work against real output; the few
that take minutes say that they are not run when the book is built, and show the code to run yourself.

::::{exercise} Padding on the first convolution
:label: en-ex01-1
:nonumber:

If the first encoder convolution had `padding=1`, how would every layer's output size change? Work it out with the formula first, then think about what the decoder would need to change to get back to 28×28.

:::{hint}
:class: dropdown
Put $n = 28, p = 1, k = 3, s = 2$ into $\lfloor (n + 2p - k)/s \rfloor + 1$, and use the result as the next layer's $n$. In code, stack just the three convolutions in an `nn.Sequential` and push one blank image through it.
:::
::::

:::{solution-start} en-ex01-1
:class: dropdown
:::

The first layer gives $\lfloor (28 + 2 - 3)/2 \rfloor + 1 = 14$, the second $\lfloor (14 - 3)/2 \rfloor + 1 = 6$, the third $6 - 3 + 1 = 4$. Let us check.
"""),
    code(r"""
from torch import nn

x = torch.zeros(1, 1, 28, 28)
padded = nn.Sequential(nn.Conv2d(1, 16, 3, stride=2, padding=1),
                       nn.Conv2d(16, 32, 3, stride=2),
                       nn.Conv2d(32, 64, 3))
for layer in padded:
    x = layer(x)
    print(f"{type(layer).__name__} -> {tuple(x.shape)}")
""", tags=['nbval-check-output']),
    md(ko=r"""
첫 층만 13에서 14로 바뀌고, 둘째 층의 내림이 늘어난 한 픽셀을 버리므로 6과 4는 그대로입니다. 병목 앞의 완전 연결층은 여전히 $64 \times 4 \times 4 = 1024$개의 값을 받으므로 **디코더는 바꿀 것이 없습니다**. 4 → 6 → 13 → 28은 그대로 28×28을 만듭니다. 다만 인코더와 정확히 거울 대칭(6 → 14 → 28)으로 만들고 싶다면 디코더의 둘째 전치 합성곱이 14를 내도록 `output_padding=1`을 주고, 마지막 층은 $(14 - 1) \cdot 2 - 2p + 3 + \mathrm{output\_padding} = 28$이 되도록 `padding=1, output_padding=1`로 바꿉니다.

:::{solution-end}
:::

::::{exercise} MSE 모델을 더 오래 학습하기
:label: ko-ex01-2
:nonumber:

이 장의 MSE 실험을 `epochs=3`으로 늘려 보세요(시드 하나에 위 실험의 세 배쯤 걸립니다). MSE 모델의 학습 손실은 에폭마다 어떻게 변하나요? 시드를 1, 2로 바꾸면 어떤가요?

:::{hint}
:class: dropdown
위 실험의 `TrainConfig`에서 `epochs`와 `seed`만 바꾸고, 반환된 기록의 `hist["rec"]`(에폭마다의 학습 MSE)을 위에서 출력한 빈 이미지의 테스트 MSE와 비교하세요. 갇힌 모델은 그 값 근처에 머뭅니다.
:::
::::

:::{solution} ko-ex01-2
:class: dropdown

세 시드 × 3 에폭은 위 MSE 실험의 아홉 배쯤 걸리고 책의 테스트는 실행할 때마다 모든 장을 다시 돌리므로, 이 풀이는 책을 만들 때 실행하지 않습니다. 직접 실행할 코드는 다음과 같습니다.

```python
for seed in (0, 1, 2):
    cfg = TrainConfig(epochs=3, lam=0.0, rec_loss="mse", final_relu=False,
                      eval_every=0, select="last", seed=seed, device="cpu")
    m, hist = train(cfg, progress=False)
    print(seed, [round(v, 4) for v in hist["rec"]], "test MSE", round(test_mse(m), 4))
```

읽는 법: 갇힌 시드는 에폭마다의 학습 MSE가 빈 이미지의 MSE 근처에서 거의 움직이지 않고, 빠져나온 시드는 MSE가 눈에 띄게 떨어집니다(복원 이미지와 `ink_diagnostics`의 시그모이드 도함수 값으로도 확인할 수 있습니다. 갇힌 시드는 빈 이미지를 그리고 도함수 값이 0에 가깝습니다).

8장 비교 실험의 기록에 같은 세 시드로 MSE 오토인코더를 학습한 결과가 있습니다. 다만 설정이 다릅니다(`distill_mse`의 `autoencoder_first_rec`: 이 연습처럼 6만 장 전부가 아니라 검증용을 뺀 학습 이미지 55,000장으로 40 에폭). 그래서 여러분의 시드 1과 2가 똑같이 움직인다는 보장은 없고, 아래는 같은 현상이 그 기록에서 어떻게 나타났는지입니다. 시드 0의 학습 MSE는 처음 두 에폭에 0.134 → 0.127로 움직이고 끝내 학습을 시작하지 못하지만, 시드 1과 2는 둘째 에폭에 절반 아래로 떨어집니다(0.078 → 0.033, 0.082 → 0.034). 시드 0은 위의 1 에폭 실험에서 갇힌 바로 그 시드이기도 합니다. 38 에폭을 더 학습해도 살아나지 않고 학습 이미지에서 잰 빈 이미지의 손실인 0.112(테스트 이미지에서는 위에서 출력한 0.1140)에서 끝났습니다. 비교 실험의 MSE 시드 열 개 가운데 빠져나온 다섯은 모두 처음 두 에폭 안에 빠져나왔고, 빠져나오지 못한 다섯 가운데 넷은 0.112에서, 하나(시드 4)는 입력과 상관없이 평균 이미지를 그려 0.067에서 끝났습니다. 8장은 바로 이 점을 이용해 갇힌 출발을 알아냅니다. 둘째 에폭까지 손실이 절반으로 줄지 않은 오토인코더는 버리고 새 시드로 다시 시작합니다.

어느 시드가 갇히는지는 컴퓨터마다 다를 수 있지만, 한 번 포화된 출력은 기울기가 거의 0이므로 에폭을 늘려도 잘 회복되지 않는다는 점은 같습니다.
:::

::::{exercise} 잠재 차원 2와 32
:label: ko-ex01-3
:nonumber:

이 장의 짧은 학습 설정(`config`)에서 잠재 차원 수만 `replace(config, latent_size=2)`와 `latent_size=32`로 바꿔 학습하고 복원 이미지를 비교해 보세요(`TrainConfig(latent_size=2)`처럼 새로 만들면 나머지 설정이 모두 기본값, 곧 블로그의 300 에폭 레시피가 되므로 꼭 `replace`를 쓰세요). `count_parameters`로 파라미터 수도 세어 보고, 어느 층의 수가 바뀌는지 설명해 보세요.

:::{hint}
:class: dropdown
파라미터 수는 학습 없이 `DeepKMeans(latent_size=d)`만 만들어 셀 수 있습니다. 합성곱 층은 잠재 차원과 무관하고, 병목 양옆의 두 완전 연결층만 $d$에 따라 (1차식으로) 늘어납니다.
:::
::::

:::{solution-start} ko-ex01-3
:class: dropdown
:::
""", en=r"""
Only the first layer changes, from 13 to 14; the floor in the second layer drops the extra pixel, so 6 and 4 stay. The fully connected layer before the bottleneck still receives $64 \times 4 \times 4 = 1024$ values, so **the decoder needs no change**: 4 → 6 → 13 → 28 still ends at 28×28. To make the decoder an exact mirror of the encoder (6 → 14 → 28), give its second transposed convolution `output_padding=1` so that it outputs 14, and its last layer `padding=1, output_padding=1` so that $(14 - 1) \cdot 2 - 2p + 3 + \mathrm{output\_padding} = 28$.

:::{solution-end}
:::

::::{exercise} Training the MSE model longer
:label: en-ex01-2
:nonumber:

Extend this chapter's MSE experiment to `epochs=3` (about three times the experiment above, per seed). How does the MSE model's training loss evolve from epoch to epoch? What happens with seeds 1 and 2?

:::{hint}
:class: dropdown
Change only `epochs` and `seed` in the experiment's `TrainConfig`, and compare `hist["rec"]` (the training MSE per epoch) with the test MSE of a blank image printed above. A stuck model stays near that value.
:::
::::

:::{solution} en-ex01-2
:class: dropdown

Three seeds × 3 epochs take about nine times the MSE run above, and the book's tests run every chapter again each time, so this solution is not executed when the book is built. The code to run yourself:

```python
for seed in (0, 1, 2):
    cfg = TrainConfig(epochs=3, lam=0.0, rec_loss="mse", final_relu=False,
                      eval_every=0, select="last", seed=seed, device="cpu")
    m, hist = train(cfg, progress=False)
    print(seed, [round(v, 4) for v in hist["rec"]], "test MSE", round(test_mse(m), 4))
```

How to read it: for a stuck seed the training MSE stays close to the blank image's MSE from epoch to epoch; a seed that escapes shows a clear drop (its reconstructions and `ink_diagnostics` confirm it, if you add them: a stuck seed draws blank images and its sigmoid slope stays near zero).

The study's records hold MSE autoencoders trained from the same three seeds, but in another setup (chapter 8's `distill_mse`, `autoencoder_first_rec`: 40 epochs on the 55,000 training images outside the validation split, where this exercise uses all 60,000), so your seeds 1 and 2 need not do the same. Here is how the effect showed in those records: seed 0's training MSE goes 0.134 → 0.127 in its first two epochs and the run never learns, while seeds 1 and 2 fall below half in their second epoch (0.078 → 0.033, 0.082 → 0.034). Seed 0 is also the seed that got stuck in the one-epoch experiment above. Its 38 further epochs did not rescue it: it ended at 0.112, the blank image's loss on the training images (0.1140 on the test images, printed above). Of the study's ten MSE seeds, the five that escaped did so in their first two epochs; of the five that did not, four ended at 0.112 and one (seed 4) at 0.067, by drawing the average image whatever the input. Chapter 8 uses exactly this to detect a stuck start: an autoencoder whose loss has not halved by the second epoch is dropped and started again from a new seed.

Which seeds get stuck may differ on another computer, but the mechanism is the same: once the output saturates its gradient is almost zero, so more epochs help little.
:::

::::{exercise} Latent sizes 2 and 32
:label: en-ex01-3
:nonumber:

Train this chapter's short recipe (`config`) with only the latent size changed, `replace(config, latent_size=2)` and `latent_size=32`, and compare the reconstructions (building a fresh `TrainConfig(latent_size=2)` would give the blog's 300-epoch recipe, so use `replace`). Count the parameters with `count_parameters` and explain which layers change.

:::{hint}
:class: dropdown
Parameters can be counted without training: just build `DeepKMeans(latent_size=d)`. The convolutions do not depend on the latent size; only the two fully connected layers around the bottleneck grow with $d$.
:::
::::

:::{solution-start} en-ex01-3
:class: dropdown
:::
"""),
    code(r"""
from dkm_lib import DeepKMeans

for d in (2, 10, 32):
    m = DeepKMeans(latent_size=d, n_clusters=10, final_relu=False)
    # Linear(1024, d) and Linear(d, 1024)
    into, out_of = m.encoder.layers[-1], m.decoder.layers[0]
    total = count_parameters(m.encoder) + count_parameters(m.decoder)
    print(f"latent_size={d:2d}: autoencoder {total:7,d}"
          f"  Linear(1024, {d}) {count_parameters(into):6,d}"
          f"  Linear({d}, 1024) {count_parameters(out_of):6,d}")
""", tags=['nbval-check-output']),
    md(ko=r"""
바뀌는 것은 병목 양옆의 두 완전 연결층뿐입니다. `Linear(1024, d)`는 $1024d + d$개, `Linear(d, 1024)`는 $1024d + 1024$개이므로 잠재 차원이 하나 늘 때마다 2,049개씩 늘어납니다(중심점도 차원마다 `n_clusters`개씩 늘어, 모두 `n_clusters` × $d$개입니다).
이제 이 장의 짧은 학습(이미지 10,000장, 4 에폭)을 잠재 차원 2와 32로 돌려, 위에서 10차원으로 학습한 모델과 복원을 비교해 봅시다.
""", en=r"""
Only the two fully connected layers around the bottleneck change: `Linear(1024, d)` has $1024d + d$ parameters and `Linear(d, 1024)` has $1024d + 1024$, so every extra latent dimension adds 2,049 parameters (plus `n_clusters` more centroid numbers: the centroids hold `n_clusters` × $d$ in all).
Now train this chapter's short recipe (10,000 images, 4 epochs) with 2 and with 32 latent numbers, and compare their reconstructions with those of the 10-number model trained above.
"""),
    code(r"""
from dataclasses import replace

models = {2: train(replace(config, latent_size=2), progress=False)[0], 10: small,
          32: train(replace(config, latent_size=32), progress=False)[0]}
fig, axes = plots.subplots(4, 1, width=6.5, height=4.6)
plots.image_grid(test_x[:10], rows=1, cols=10, ax=axes[0], title=plots.t("input"))
for ax, (d, m) in zip(axes[1:], models.items()):
    with torch.no_grad():
        images = m.decoder(m.encode(test_x[:10]))
    plots.image_grid(images, rows=1, cols=10, ax=ax, title=f"latent_size={d}")
plt.tight_layout()
plt.show()
for d, m in models.items():
    print(f"latent_size={d:2d}: test MSE {test_mse(m):.4f}")
""", alt={
        "ko": "1행 10열 격자 네 개입니다. 맨 위는 테스트 이미지 10장(입력), 아래 세 줄은 같은 짧은 학습(이미지 10,000장, 4 에폭)을 잠재 차원 2, 10, 32로 한 모델의 복원입니다. 2차원 복원은 1을 빼면 거의 모두 같은 회색 덩어리이고, 10차원과 32차원은 숫자를 알아볼 수 있으며 둘의 차이는 작습니다.",
        "en": "Four 1-by-10 grids: ten test images (input) and their reconstructions after the same short training (10,000 images, 4 epochs) with 2, 10 and 32 latent numbers. The 2-number reconstructions are nearly all the same grey blob, apart from the 1s; the 10- and 32-number ones are readable digits and differ little."}, tags=["nbval-check-output", "nbval-approx"]),
    md(ko=r"""
잠재 차원이 2이면 거의 모든 숫자가 같은 회색 덩어리로 복원되고(숫자 1은 기울어진 획으로 남습니다), 테스트 MSE도 10차원보다 훨씬 큽니다.
32차원은 이 짧은 학습에서는 10차원보다 조금 나을 뿐입니다.
군집화에서도 차원이 클수록 무조건 좋은 것은 아닙니다(이 연습에서 재 보지는 않았습니다). 차원이 클수록 k-평균의 거리에 숫자와 무관한 세부가 더 많이 섞여 들 여지가 생깁니다.

:::{solution-end}
:::
""", en=r"""
With 2 latent numbers nearly every digit comes back as the same grey blob (only the 1s keep a slanted stroke), and the test
MSE is far higher than with 10. With 32, this short training does only a little better than with 10. For clustering, bigger is not simply better either, though this exercise does not measure it: the larger the latent space, the more room k-means distances have for details that have nothing to do with the digit.

:::{solution-end}
:::
"""),
]
