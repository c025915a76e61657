"""Chapter 4: the training loop, live and full runs, GPUs, and what goes wrong."""

from bilingual import code, md

TITLE = {"ko": "4장. 학습: 루프, 곡선, 그리고 잘못되는 경우",
         "en": "Chapter 4. Training: the loop, the curves, and what goes wrong"}

CELLS = [
    md(ko="""
## 이 장에서 배울 것

- `dkm_lib`의 학습 루프가 한 에폭 동안 하는 일을 줄 단위로 읽기
- 같은 한 에폭을 파이토치만으로 열두 줄쯤에 써 보고, `dkm_lib.train_epoch`과 같은 가중치에 이르는지 확인하기
- 배치 하나로 한 걸음을 직접 밟아, 군집 손실의 기울기가 어느 중심점에 가는지 확인하기
- 진행 막대와 함께 짧은 학습을 직접 돌려 보고, 300 에폭짜리 전체 학습의 곡선은 저장된 기록으로 보기
- GPU와 Colab에서 돌리는 법, 중간에 끊긴 학습을 이어서 하는 법
- 딥 K-평균이 실패하는 세 가지 모습(죽은 중심점, 붕괴, 갇힌 오토인코더)과 각각을 알아채는 법
""", en="""
## What you will learn

- what `dkm_lib`'s training loop does in one epoch, line by line
- how to write the same epoch in a dozen lines of plain PyTorch, and check it ends with the same weights as
  `dkm_lib.train_epoch`
- how to take one step by hand on one batch and see which centroids the clustering loss's gradient reaches
- how to run a short training live with a progress bar, and read a full 300-epoch run from its saved history
- how to train on a GPU or in Colab, and how to resume an interrupted run
- three ways Deep K-means fails (dead centroids, collapse, a stuck autoencoder) and how to notice each
"""),
    code("""
import inspect

import matplotlib.pyplot as plt
import torch

from dkm_lib import book, load_mnist, plots
from dkm_lib import PRESETS, TrainConfig, evaluate, train
from dkm_lib.epoch import train_step
from dkm_lib.loss import batch_loss

info = book.setup(seed=0)
test_x, test_y = load_mnist(train=False)
"""),
    md(ko="""
## 한 에폭 들여다보기

블로그의 학습 루프와 `dkm_lib.train_epoch`은 같은 일을 합니다. 다른 점은 속도를 위한 것뿐입니다.
`train_epoch`은 이미지 순서를 섞고 배치마다 `train_step`을 호출합니다. 아래는 배치 하나를 처리하는 `train_step`의 코드와, 그 배치의 손실을 계산하는 `batch_loss`의 코드입니다(8장 부록에서 여러 시드를 한꺼번에 학습하는 트레이너도 이 `batch_loss`를 함께 씁니다).
데이터 전체를 텐서 하나로 메모리에 올려 두고 에폭마다 순서만 섞습니다. 가장 가까운 중심점 찾기는 샘플마다 도는 파이썬 반복문 대신
텐서 연산 한 번으로 합니다. 손실도 배치마다 `.item()`으로 꺼내지 않고 장치 위에서 더해 두므로 GPU를 기다리지 않습니다.
""", en="""
## Inside one epoch

The blog's training loop and `dkm_lib.train_epoch` do the same thing; the differences are only for speed.
`train_epoch` shuffles the images and calls `train_step` once per batch; below is `train_step`, one batch, and then `batch_loss`, the batch's loss (which the trainer of many seeds at once in chapter 8's appendix shares).
The whole dataset sits in memory as one tensor and only its order is shuffled each epoch; the nearest-centroid
search is one tensor operation instead of a Python loop over samples; and the losses are summed on the device
instead of calling `.item()` after every batch, which would make a GPU wait.
"""),
    code("""
print(inspect.getsource(train_step))
print(inspect.getsource(batch_loss))

"""),
    md(ko=r"""
한 배치에서 일어나는 일을 순서대로 적으면 이렇습니다.

1. `z, x_hat = (net or model)(x)` — 순전파입니다. 인코더가 잠재 벡터 $h(x)$를, 디코더가 복원 이미지를 만듭니다.
2. `batch_loss(...)` — 배치의 손실입니다. 그 안에서 먼저 `pairwise_sq_dist(z.detach(), centroids).argmin(1)`이 각 잠재 벡터에 가장 가까운 중심점 번호 $s(x)$를 정합니다. argmin은 정수 번호를 돌려주므로 이 선택을 통해서는 어차피 기울기가 흐르지 않습니다. `detach()`는 쓰지 않을 계산 그래프를 기록하지 않게 하고, $s(x)$를 상수로 다룬다는 것을 코드에 드러낼 뿐입니다.
   분할을 고정하는 개선 레시피에서는 대신 `targets`가 이미지마다 부분을 정해 줍니다.
   이어서 `dkm_loss(...)`가 $L_{\text{rec}} + \alpha L_{\text{clust}}$를 계산합니다. $L_{\text{clust}}$의 기울기는 인코더와 **선택된** 중심점 양쪽으로 흐릅니다.
3. `loss.backward()`와 `optimizer.step()` — Adam으로 한 걸음 갱신합니다 {cite:p}`kingma2015adam`.
4. `sums`와 `counts` — 배치의 손실과 군집 크기를 장치 위에서 더해 둡니다. 그래서 GPU를 기다리지 않습니다.
""", en=r"""
In order, one batch does this:

1. `z, x_hat = (net or model)(x)` — the forward pass: the encoder's latent vectors $h(x)$ and the decoder's reconstructions.
2. `batch_loss(...)` — the batch's loss. Inside it, `pairwise_sq_dist(z.detach(), centroids).argmin(1)` first picks the nearest centroid $s(x)$ for each latent. The argmin returns integer indices, so no gradient could flow through this choice anyway; `detach()` only avoids recording a graph that would never be used, and makes explicit that $s(x)$ is treated as a constant.
   With a fixed partition (the improved recipe), `targets` names each image's part instead.
   Then `dkm_loss(...)` computes $L_{\text{rec}} + \alpha L_{\text{clust}}$. The gradient of $L_{\text{clust}}$ reaches both the encoder and the **chosen** centroids.
3. `loss.backward()` and `optimizer.step()` — one Adam step {cite:p}`kingma2015adam`.
4. `sums` and `counts` — the batch's losses and cluster sizes are added up on the device, so nothing waits for a GPU.
"""),
    md(ko=r"""
### 배치 하나를 손으로

1–3단계를 배치 하나에 직접 해 봅니다. 학습 이미지 128장(레이블은 쓰지 않습니다)과 학습을 시작하기 전의 블로그 네트워크를 씁니다.
시드 0이 가중치를 정하고, 중심점은 블로그처럼 `torch.rand`로 놓입니다. α는 여기서 0.5로 둡니다. 마지막 두 줄은 이 배치의 기울기가 어디로 가는지 봅니다.
""", en=r"""
### One batch by hand

Here are steps 1 to 3 on one batch: 128 training images (without their labels) and the blog's network as it is
before any training. Seed 0 fixes its weights, and its centroids are `torch.rand` as in the blog; α is 0.5 here.
The last two lines look at where the batch's gradient goes.
"""),
    code("""
from dkm_lib import DeepKMeans

with torch.random.fork_rng():   # (the later cells draw the same random numbers)
    torch.manual_seed(0)
    net = DeepKMeans()   # the blog's network, untrained; its centroids torch.rand in [0, 1)
x = load_mnist(train=True)[0][:128]   # one batch of training images (no labels)
z, x_hat = net(x)                                                       # step 1
(loss, l_rec, l_clust), chosen, _ = batch_loss(x, x_hat, z, net.centroids, None, alpha=0.5)
loss.backward()                                          # step 3, without the Adam step
print(f"latents z {tuple(z.shape)}, reconstructions x_hat {tuple(x_hat.shape)}")
print(f"latent norms: median {z.norm(dim=1).median():.2f}")
print("centroid norms:", [round(n, 2) for n in net.centroids.norm(dim=1).tolist()])
print("latents per nearest centroid:", torch.bincount(chosen, minlength=10).tolist())
moved = net.centroids.grad.norm(dim=1).nonzero().flatten().tolist()
print("centroids with a gradient:", moved)
weights = list(net.encoder.parameters())
with_grad = sum(bool(w.grad.any()) for w in weights)
print(f"encoder weights with a gradient: {with_grad} of {len(weights)}")
""", tags=["nbval-check-output"]),
    md(ko=r"""
학습되지 않은 인코더는 모든 이미지를 잠재 공간의 원점 가까이에 놓습니다(노름의 중앙값 0.06). 반면 중심점은 초입방체 $[0, 1)^{10}$ 안에서
원점으로부터 1.27–2.2만큼 떨어져 있습니다. 그래서 모든 잠재 벡터에 가장 가까운 중심점은 원점에 가장 가까운 중심점 6이고, 128개가 모두 그리로 갑니다.
$L_{\text{clust}}$의 기울기는 중심점 6에만 갑니다. 나머지 아홉 개는 기울기를 받지 못하므로 이 단계에서 움직이지 않습니다(Adam은 기울기를 한 번이라도 받은 가중치만 움직입니다).
반면 인코더는 모든 가중치에 기울기를 받습니다. $L_{\text{rec}}$에서, 그리고 잠재 벡터를 중심점 6 쪽으로 당기는 $L_{\text{clust}}$에서 옵니다.
아래의 작은 실행도 이렇게 시작해서, 첫 에폭 뒤에는 군집 하나만 쓰입니다. 그다음에 벌어지는 일은 "잘못되는 경우 1"에서 봅니다.
""", en=r"""
The untrained encoder puts every image near the origin of the latent space (median norm 0.06), while the centroids sit
in the cube $[0, 1)^{10}$, 1.27 to 2.2 away from the origin. So every latent's nearest centroid is the one closest to
the origin, centroid 6, and all 128 go to it. Only centroid 6 gets a gradient from $L_{\text{clust}}$; the other nine
get none, so this step does not move them (Adam moves a weight only once it has had a gradient). The encoder, on the
other hand, gets a gradient in all its weights: from $L_{\text{rec}}$, and from $L_{\text{clust}}$, which pulls its
latents toward centroid 6. The small run below starts the same way, with one cluster in use after its first epoch;
"What goes wrong 1" follows what happens next.
"""),
    md(ko=r"""
### 파이토치만으로 쓴 한 에폭

라이브러리의 부가 기능을 빼면 블로그 레시피의 한 에폭은 열두어 줄이면 됩니다. 에폭마다 이미지 순서를 새로 섞고, 배치마다 위의 1–3단계를 하는 것입니다.
아래의 `plain_epoch`이 바로 그렇게 합니다. 가장 가까운 중심점은 `torch.cdist`로 찾고, 두 손실은 3장의 정의 그대로 적었습니다.
학습 전의 네트워크를 둘 만들어, 하나는 `plain_epoch`으로, 다른 하나는 `dkm_lib`의 `train_epoch`으로 학습 이미지 2,000장에서 한 에폭 학습합니다.
둘 다 같은 가중치, 같은 이미지 순서로 시작합니다. 라이브러리가 이 루프와 다른 일을 한다면 한 에폭 뒤 두 네트워크의 가중치가 서로 달라질 것입니다.
""", en=r"""
### One epoch in plain PyTorch

Without the library's extras, one epoch of the blog's recipe takes a dozen lines: a new order of the images every epoch, then
steps 1 to 3 for every batch. `plain_epoch` below does just that, with `torch.cdist` for the nearest centroid and
the two losses written out as chapter 3 defines them. It trains one copy of the untrained network for one epoch on
2,000 training images, and `dkm_lib`'s `train_epoch` trains another, from the same weights and in the same order of
images. If the library did anything other than this loop, the two copies would end with different weights.
"""),
    code("""
import torch.nn.functional as F
from dkm_lib.epoch import train_epoch


def plain_epoch(model, optimizer, images, alpha, batch_size, generator):
    \"\"\"One epoch of the blog's recipe in plain PyTorch: steps 1-3 above, batch by batch.\"\"\"
    model.train()
    order = torch.randperm(len(images), generator=generator)   # a new order every epoch
    for start in range(0, len(images), batch_size):
        x = images[order[start:start + batch_size]]
        z, x_hat = model(x)                                            # 1. forward pass
        nearest = torch.cdist(z.detach(), model.centroids).argmin(1)  # 2. s(x): no gradient
        l_rec = F.mse_loss(x_hat, x)                                   #    L_rec
        l_clust = (z - model.centroids[nearest]).pow(2).mean()        #    L_clust
        loss = l_rec + alpha * l_clust
        optimizer.zero_grad()
        loss.backward()                                                # 3. one Adam step
        optimizer.step()


images = load_mnist(train=True)[0][:2000]   # 2,000 training images (no labels)
twins = []
for one_epoch in (plain_epoch, train_epoch):
    with torch.random.fork_rng():
        torch.manual_seed(0)
        twin = DeepKMeans()   # the untrained network of the batch above, again
    adam = torch.optim.Adam(twin.parameters(), lr=1e-3)
    one_epoch(twin, adam, images, 0.5, 128, torch.Generator().manual_seed(0))
    twins.append(twin)
gap = max((a - b).abs().max() for a, b in zip(*(t.parameters() for t in twins)))
print("plain_epoch and dkm_lib's train_epoch, one epoch from the same start:")
print(f"  the same weights (to 1e-6): {bool(gap < 1e-6)}")
""", tags=["nbval-check-output"]),
    md(ko=r"""
두 네트워크의 가중치가 같습니다. `train_epoch`과 `train_step`의 나머지 가운데 장치 위에서 더하는 손실, 군집 크기 세기, 혼합 정밀도는
다른 알고리즘이 아니라 기록과 속도를 위한 것이고, 고정된 분할(`targets`)은 기본값에서는 쓰지 않는 다른 레시피의 선택 사항입니다. 에폭마다 α를 스케줄대로 바꾸고 점수를 재고 체크포인트를 쓰는 일은
`train()`이 맡습니다(아래).
""", en=r"""
The same weights: the rest of `train_epoch` and `train_step` (losses summed on the device, cluster sizes counted,
mixed precision) is bookkeeping and speed, not another algorithm, and a fixed partition (`targets`) is an option of
other recipes, off by default. Changing α by its schedule from
epoch to epoch, scoring, and writing checkpoints are `train()`'s part (below).
"""),
    md(ko=r"""
나머지 인자는 뒤의 장과 GPU를 위한 것입니다. `partial`은 일부 이미지를 당기지 않는 8장의 레시피, `amp`는 GPU에서의 bfloat16,
`net`은 여러 프로세스로 나눠 학습할 때 감싼 모델(8장 부록)입니다. `beta`는 DKM 논문의 부드러운 할당에 쓰이는 역온도, 곧 3장에서 본
논문의 α입니다. 블로그의 α와 겹치지 않도록 이름을 바꿨고, 척도도 논문과 다릅니다. `soft_clust_loss`(`dkm_lib/loss.py`)는 거리 제곱을
잠재 차원 $d$개에 걸쳐 더하지 않고 평균합니다. 그래서 `beta`는 논문 α의 $d$배이고(이 책의 레시피에서는 $d = 10$), 잠재 벡터 하나의 손실도
논문의 $L^{\text{DKM}}_{\text{clust}}(h)$(3장)를 $d$로 나눈 값입니다.

`train()`은 이 에폭을 반복하면서 α를 스케줄대로 바꾸고, `eval_every` 에폭마다 ACC/NMI/ARI를 재며,
`out_dir`가 있으면 매 에폭 체크포인트를 씁니다. 학습 중의 점수는 레시피가 학습 이미지 일부를 검증용으로 떼어 두면(`val_size`)
그 **검증 이미지**로, 아니면 테스트 세트로 잽니다. 레시피는 `TrainConfig`로 표현되며, 책에서 쓰는 세 가지가 미리 정의되어 있습니다.
아래 표에서 개선 레시피(`improved`)는 학습 이미지 6만 장 가운데 5,000장을 검증용으로 떼어 두고(8장) 나머지 55,000장으로
학습합니다(`train_size`가 `None`이면 남은 이미지를 모두 씁니다).
""", en=r"""
The other arguments serve later chapters and GPUs: `partial` is chapter 8's recipe that leaves some images
unpulled, `amp` bfloat16 on a GPU, and `net` the model wrapped for training in several processes (chapter 8's
appendix). `beta` is the inverse temperature of the DKM paper's soft assignment, the paper's α of chapter 3. It is
renamed so that it does not clash with the blog's α, and it is also scaled differently from the paper's:
`soft_clust_loss` (in `dkm_lib/loss.py`) averages the squared distance over the $d$ latent dimensions instead of
summing it, so `beta` is $d$ times the paper's α ($d = 10$ in the book's recipes), and the loss of one latent is the paper's
$L^{\text{DKM}}_{\text{clust}}(h)$ (chapter 3) divided by $d$.

`train()` repeats such epochs, sets α from the schedule, measures ACC/NMI/ARI every `eval_every` epochs and,
with `out_dir`, writes a checkpoint after every epoch. Those scores during training come from the **validation
images** when the recipe holds some of its training images out (`val_size`), and from the test set otherwise.
A recipe is a `TrainConfig`; the book uses three predefined ones. In the table below, the improved recipe
(`improved`) holds out 5,000 of the 60,000 training images for validation (chapter 8) and trains on the other
55,000 (`train_size` `None` means all the images left).
"""),
    code("""
from dataclasses import asdict, replace

fields = ["epochs", "pretrain_epochs", "lam", "t1", "t2", "init", "final_relu",
          "rec_loss", "fixed_assign_epochs", "select", "train_size", "val_size"]
print(f"{'':20s}" + "".join(f"{name:>11s}" for name in PRESETS))
for field in fields:
    values = [str(asdict(c)[field]) for c in PRESETS.values()]
    print(f"{field:20s}" + "".join(f"{v:>11s}" for v in values))
""", tags=["nbval-check-output"]),
    md(ko="""
## 직접 돌려 보기: 블로그 레시피를 작게

블로그 레시피(`seed`)를 학습 이미지 1만 장, 4 에폭으로 줄이고 램프도 그에 맞게 줄여($T_1 = 1$, $T_2 = 3$) 돌려 봅시다.
진행 막대에는 에폭마다 손실과 최근 ACC, 그리고 걸린 시간이 표시되고, 그 아래에 에폭마다 한 줄씩 손실, 테스트 ACC와 NMI, 사용 중인 군집 수가 찍힙니다. 1만 장으로 4 에폭을 도는 것은 6만 장으로 한 에폭을 도는 것보다 일이 적습니다(README의 "걸리는 시간" 표에 따르면 6만 장 한 에폭은 2코어 CPU에서 4.4초 걸립니다). 여기에 실행의 준비(모델과 옵티마이저 만들기)와
에폭마다 테스트 이미지 1만 장을 채점하는 시간이 더해지고, CPU마다 속도도 다릅니다. 책에 실린 진행 막대는 책을 만든 컴퓨터의 시간이고, 직접 돌리면 여러분 컴퓨터의 시간이 나옵니다.
""", en="""
## Try it: the blog's recipe, small

Let us shrink the blog's recipe (`seed`) to 10,000 training images and 4 epochs, with the ramp shrunk to match
($T_1 = 1$, $T_2 = 3$). The progress bar shows the loss and the latest ACC after every epoch, and the time taken;
under it, one line per epoch gives the loss, the test ACC and NMI, and the number of clusters in use.
Four epochs of 10,000 images are less work than one epoch of 60,000 (4.4 s on the 2-core CPU of the README's timing
table). The run's setup (building the model and optimizer) and scoring the 10,000 test images after every epoch come on
top, and CPUs differ in speed: the bar printed in the book shows the time on the machine that built it, and your own
run shows yours.
"""),
    code("""
small = replace(PRESETS["seed"], epochs=4, t1=1, t2=3, train_size=10000, eval_every=1,
                device="auto")
model, history = train(small)   # a line per epoch: loss, test ACC, NMI, clusters in use
"""),
    md(ko="""
정확도가 낮고, 무엇보다 **사용 중인 군집 수**가 10에 못 미칩니다. 첫 에폭 뒤에는 하나뿐이고, 네 번째 에폭 뒤에도 열 개가 안 됩니다(여기서는 일곱 개).
이유는 잠시 뒤 "잘못되는 경우"에서 봅니다.

블로그 레시피의 진짜 모습은 300 에폭을 다 돌아야 나옵니다. CPU에서는 한 시드에 한 시간쯤 걸리므로(이 프로젝트의 기록으로 39–105분: `results/runs/`의 세 실행과 8장의 다섯 실행), 저장소에는
세 시드를 끝까지 학습한 기록(`results/runs/`; 8장의 비교 실험에서 다섯 시드를 더 돌립니다)과 그 가운데 미리 정해 둔 첫 시드(시드 0)의 체크포인트가 들어 있습니다. 점수로 고른 체크포인트가 아닙니다(처음에는 세 시드 가운데 테스트 ACC가 가장 높은 것으로 넣었는데 그것도 시드 0이었습니다. 그 경위는 8장에 있습니다).

개선 레시피의 체크포인트는 8장의 비교 실험에서 열 개의 시드로 학습한 실행 가운데
**검증** 정확도가 가장 높은 것(시드 8)입니다. 시드를 고를 때 테스트 세트는 보지 않았지만, 레시피의 설정은 테스트 ACC를 보았던 앞선 실험(8장의 첫 프로토콜)에서 정했습니다.

`book.load_or_train`은 빠른 프로필에서는
이런 체크포인트를 불러오고, 전체 프로필(`DKM_PROFILE=full`, GPU에서는 기본값)에서는 다시 학습합니다. 개선 레시피는 비교 실험이 학습한 방식 그대로 두 단계로 학습합니다. 오토인코더를 먼저 학습하고, 결합 단계는 그 오토인코더에서 새 옵티마이저로 시작합니다(`dkm_lib.stages`). `train()`으로 한 번에 학습하면 Adam의 상태가 에폭 40을 넘어 이어지므로, 같은 레시피라도 다른 경로를 밟습니다.
""", en="""
The accuracy is low and, above all, the number of **clusters in use** stays below 10: one after the first epoch,
still fewer than ten after the fourth (seven here). We will see why in "what goes wrong" below. The blog's recipe only shows its true behaviour after all 300 epochs. That takes about an hour per
seed on a CPU (39 to 105 minutes in this project's records: the three runs in `results/runs/` and chapter 8's five), so the repository ships the records of three seeds trained to the end (`results/runs/`; chapter 8's study adds five more) and the checkpoint of one of them, seed 0, fixed in advance rather than chosen by any score (it was first shipped as the best of the three by test ACC, which was seed 0 too: chapter 8 tells that history). The improved recipe's checkpoint is the run with the highest **validation** ACC among the ten seeds of
chapter 8's study (seed 8); the test set played no part in choosing the seed, though the recipe's settings come
from an earlier round that looked at test ACC (chapter 8). `book.load_or_train` loads such a
checkpoint in the quick profile and trains again in the full profile (`DKM_PROFILE=full`, the default on a GPU).
It trains the improved recipe in the study's two stages: the autoencoder first, then the joint phase started from
it with a new optimizer (`dkm_lib.stages`). `train()` in one go would carry Adam's state past epoch 40: the same
recipe, another path.
"""),
    code("""
seed_model, seed_history = book.load_or_train("seed")
improved_model, improved_history = book.load_or_train("improved")
for name, m in [("seed", seed_model), ("improved", improved_model)]:
    s = evaluate(m, test_x, test_y)
    print(f"{name:8s} test ACC {s['acc']:.4f}  NMI {s['nmi']:.4f}  ARI {s['ari']:.4f}"
          f"  clusters used {s['clusters_used']}")
""", tags=["nbval-check-output"]),
    code("""
# The ACC curves are scored during training: the blog recipe holds nothing
# out, so its points are test scores; the improved recipe's are validation.
scored_on = {"ko": {"test": "테스트", "val": "검증"},
             "en": {"test": "test", "val": "validation"}}[plots.language()]
selected = {"ko": "고른 에폭", "en": "selected epoch"}[plots.language()]
# a row per recipe, each on its own epochs (300 and 50): their losses differ in kind
# and scale, so compare the shapes of the curves, not their heights
fig, axes = plots.subplots(2, 3, height=4.6)
recipes = [(seed_history, "seed", "C0"), (improved_history, "improved", "C1")]
for row, (history, preset, colour) in zip(axes, recipes):
    row[0].plot(history["epoch"], history["rec"], color=colour)
    # No centroids before pretrain_epochs (the improved recipe places them at
    # epoch 40): the clustering loss there is against placeholders, so skip it.
    start = PRESETS[preset].pretrain_epochs
    row[1].plot(history["epoch"][start:], history["clust"][start:], color=colour)
    evals = history["eval"]
    split = scored_on[evals[-1].get("split", "test")]
    row[2].plot([e["epoch"] for e in evals], [e["acc"] for e in evals],
                marker="o", ms=3, color=colour)
    row[0].set(ylabel=plots.t("rec"), yscale="log")
    row[1].set(ylabel=plots.t("clust"), yscale="log",
               title=f"{plots.t(f'recipe_{preset}')}, ACC: {split}")
    row[2].set(ylabel="ACC", ylim=(0, 1))
    for ax in row:
        ax.set_xlim(-0.03 * history["epoch"][-1], 1.05 * history["epoch"][-1])
        ax.set_xlabel(plots.t("epoch"))
# the epoch whose weights the blog recipe returns (its lowest mean training loss)
axes[0, 2].axvline(seed_history["selected_epoch"], color="grey", ls=":", lw=1.5)
axes[0, 2].text(seed_history["selected_epoch"] - 6, 0.05, selected, ha="right",
                fontsize=plots.FONT_SIZES["small"], color="dimgrey")
fig.tight_layout()
plt.show()
print("seed recipe: weights of epoch", seed_history["selected_epoch"],
      "(lowest mean training loss, as the blog)")
print("ACC points scored on:",
      {name: sorted({e.get("split", "test") for e in h["eval"]})
       for name, h in [("seed", seed_history), ("improved", improved_history)]})
print("improved, validation ACC by epoch:",
      ", ".join(f"{e['epoch']}: {e['acc']:.4f}" for e in improved_history["eval"]))
""", tags=["nbval-check-output"], hide=True, alt={
        "ko": "에폭에 따른 선 그래프 두 줄로, 위 줄은 블로그 레시피(seed, 300 에폭), 아래 줄은 개선 레시피(50 에폭)이고 왼쪽부터 복원 손실과 군집 손실(로그 눈금), ACC입니다. 개선 레시피의 군집 손실은 중심점이 놓이는 에폭 40부터만 그렸고, 그 에폭에 복원 손실이 뛰어오릅니다. 블로그 레시피의 테스트 ACC는 200 에폭 넘게 계단처럼 올라 0.7을 조금 넘는 곳에서 멈추며, 점선은 고른 에폭(299)입니다. 개선 레시피의 검증 ACC 점 세 개(에폭 40, 45, 49)는 0.95 근처에 있습니다.",
        "en": "Two rows of line plots against epoch, the blog recipe (seed, 300 epochs) above and the improved recipe (50 epochs) below: reconstruction loss, clustering loss (log scales) and ACC. The improved recipe's clustering loss is drawn only from epoch 40, where its centroids are placed and its reconstruction loss jumps. The blog recipe's test ACC climbs in steps for over 200 epochs to just above 0.7, the dotted line marking its selected epoch (299); the improved recipe's three validation ACC points (epochs 40, 45, 49) sit near 0.95."}),
    md(ko="""
두 레시피의 곡선은 모양부터 다릅니다. 블로그 레시피는 정확도가 200 에폭 넘게 계단을 오르듯 천천히 올라 0.74 근처에서 멈춥니다.
개선 레시피(8장에서 자세히 다룸)는 40 에폭 동안 오토인코더만 학습하고(이 동안은 ACC를 재지 않습니다), 잠재 벡터의 UMAP 지도를 k-평균으로 나눈 부분마다 평균을 내어(6장) 중심점을 놓은 뒤 10 에폭 동안 군집 손실을 켭니다. 에폭 40 전에는 중심점이 아직 없으므로, 아래 줄 가운데 그림에서 개선 레시피의 군집 손실은
에폭 40부터만 그렸습니다. 개선 레시피의 복원 손실은 MSE가 아니라 BCE이고 잠재 벡터의 크기도 다르므로, 그림은 레시피마다 한 줄씩
자기 에폭 축으로 그렸습니다. 두 줄의 손실 곡선은 높이를 비교하지 말고 **모양**만 보세요. 모양에서 눈여겨볼 곳은 에폭 40입니다. 군집 손실이 켜지는
그 에폭에 개선 레시피의 복원 손실이 0.099에서 0.151로 뛰어오릅니다. 잠재 벡터가 중심점 쪽으로 끌려가면서 디코더가 그 대가를 치르는 것입니다
(5장에서 테스트 이미지의 98.6%에서 복원 오차가 커진 것을 확인합니다).

오른쪽 그림들의 점이 **무엇으로** 잰 점수인지도 보아야 합니다. 블로그 레시피는 검증용 이미지를 떼어 두지 않으므로 그 점들은
테스트 점수입니다. 개선 레시피의 점들(에폭 40, 45, 49)은 떼어 둔 검증 이미지 5,000장의 점수로, 0.952, 0.957, 0.956입니다. 에폭 40은 결합 학습의 첫 에폭으로, 3장의 α 스케줄에서는 $e = 0$입니다(8장은 이 점들을 결합 학습 에폭 0, 5, 9라고 부릅니다). 각 점은 그 에폭이 끝난 뒤에 잰 점수입니다. 결합 학습의 출발점, 곧 UMAP 분할의 부분 평균을 가장 가까운 중심점으로 쓴 분류는 같은 검증 이미지에서 0.893입니다(테스트 이미지에서는 0.904, 6장).
두 곡선은 서로 다른 이미지로 잰 것이므로, 개선 레시피를 블로그 레시피와 같은 잣대로 비교하려면 위에 출력한 테스트 점수를 보세요.
개선 레시피의 테스트 ACC는 0.9566으로 마지막 에폭의 검증 ACC(0.9558)와 거의 같습니다. 다만 이것은 시드 하나의 값으로, 열 시드 가운데 검증 ACC로는 가장 높고 테스트 ACC로는 둘째입니다.
이 레시피의 열 시드 테스트 ACC는 0.952 ± 0.003입니다(8장).

블로그처럼 **학습 손실이 가장 낮은 에폭**의 가중치를 고르는 것은 레이블을 엿보지 않는 선택입니다. 이 레시피에서는 λ = 0.001이 워낙
작아 손실의 대부분이 복원 손실이고, 그 값이 끝까지 조금씩 줄어들기 때문에 사실상 마지막 에폭이 뽑힙니다(세 시드에서 에폭 299, 298, 299이고, 위 줄 오른쪽 그림의 점선은 여기 그린 시드 0이 고른 에폭입니다).
""", en="""
The two recipes' curves differ in shape. The blog's recipe climbs slowly, in steps, for over 200 epochs and stops
near 0.74. The improved recipe (chapter 8) trains only the autoencoder for 40 epochs (ACC is not measured then),
places the centroids with UMAP + k-means on its latents (chapter 6), and switches the clustering loss on for 10
epochs. Before epoch 40 it has no centroids yet, so its middle panel (bottom row) draws the clustering loss only
from epoch 40. The improved recipe's reconstruction loss is BCE, not MSE, and its latents have another scale, so
each recipe has a row of its own, on its own epochs: compare the **shapes** of the two rows' loss curves, not their
heights. One shape is worth a look: at
epoch 40, where the clustering loss is switched on, the improved recipe's reconstruction loss jumps from 0.099 to
0.151. The latents are pulled toward their centroids, and the decoder pays for it (chapter 5 finds the reconstruction
error grown on 98.6% of the test images).

Mind also **what** the right panels' points were scored on. The blog's recipe holds no images out, so its points
are test scores. The improved recipe's points (epochs 40, 45 and 49) are scores on its 5,000 held-out validation
images: 0.952, 0.957 and 0.956. Epoch 40 is the first joint epoch, $e = 0$ in chapter 3's α schedule (chapter 8 calls these points joint epochs 0, 5 and 9), and each point is scored at the end of its epoch. Where the joint phase starts, the UMAP partition's part means used as nearest centroids score 0.893 on the same images (0.904 on the test images, chapter 6). The two curves are measured on different images, so to compare the improved
recipe with the blog's on the same footing, use the test scores printed above: the improved model's test ACC is
0.9566, close to its last validation ACC (0.9558). That is one seed, the best of ten on validation ACC and the
second best on test ACC; the recipe's ten seeds score 0.952 ± 0.003 (chapter 8).

Choosing the weights of the **lowest training-loss epoch**, as the blog does, is an honest label-free choice. In this
recipe λ = 0.001 is so small that the loss is mostly reconstruction, which keeps creeping down to the end, so the
choice is in effect the last epoch (epochs 299, 298 and 299 for our three seeds; the dotted line in the top right
panel marks seed 0's, the run drawn).
"""),
    md(ko="""
## GPU와 Colab, 그리고 이어서 학습하기

- `device="auto"`(기본값)는 CUDA가 보이면 GPU를 씁니다. 명령줄에서는 `--device cuda`, bfloat16 자동 혼합 정밀도는 `--amp`(CUDA 전용)입니다.
  GPU가 없는데 `--device cuda`를 주면, 학습을 시작하기 전에 어떻게 하면 되는지 알려 주는 메시지를 띄우고 멈춥니다.
- Colab에서는 "런타임 → 런타임 유형 변경"에서 GPU를 고른 뒤 이 노트북을 처음부터 실행하면 됩니다. GPU에서는 `DKM_PROFILE`의 기본값이 `full`이라
  `book.load_or_train`이 체크포인트 대신 실제 학습을 합니다.
- `--out` 폴더를 주면 매 에폭 `last.pt`가 원자적으로(반쯤 쓰인 파일 없이) 저장됩니다. Ctrl-C로 끊거나 Colab 세션이 끝나도
  같은 명령에 `--resume`을 붙이면 끊긴 에폭부터 이어서 학습하며, CPU에서는 끊지 않고 돌린 것과 **같은 결과**를 냅니다. GPU에서는 일부 커널의
  덧셈 순서가 정해져 있지 않아서, 끊지 않고 두 번 돌려도 끝자리가 조금씩 다릅니다.

```bash
python -m dkm_lib train --preset seed --seed 0 --out runs/seed0           # 300 에폭
python -m dkm_lib train --preset seed --seed 0 --out runs/seed0 --resume  # 끊긴 곳부터
python -m dkm_lib evaluate runs/seed0             # 테스트 ACC / NMI / ARI
```
""", en="""
## GPUs, Colab, and resuming

- `device="auto"` (the default) uses CUDA when it sees a GPU. On the command line: `--device cuda`, and `--amp` for
  bfloat16 mixed precision (CUDA only). Asking for `--device cuda` without a GPU stops before training, with a message
  that says what to do.
- In Colab, pick a GPU under "Runtime → Change runtime type" and run the notebook from the top. On a GPU
  `DKM_PROFILE` defaults to `full`, so `book.load_or_train` trains instead of loading.
- With an `--out` folder, `last.pt` is written atomically (never half-written) after every epoch. After Ctrl-C or the
  end of a Colab session, the same command with `--resume` continues from the interrupted epoch and gives **the same
  numbers** as an uninterrupted run (on a CPU; some GPU kernels do not add numbers in a fixed order, so on a GPU
  even two uninterrupted runs differ in the last digits).

```bash
python -m dkm_lib train --preset seed --seed 0 --out runs/seed0           # 300 epochs
python -m dkm_lib train --preset seed --seed 0 --out runs/seed0 --resume  # continue
python -m dkm_lib evaluate runs/seed0             # test ACC / NMI / ARI
```
"""),
    md(ko=r"""
## 잘못되는 경우 1: 죽은 중심점

블로그는 중심점을 `torch.rand`로, 즉 $[0, 1)$ 범위의 작은 값으로 초기화합니다. 그런데 이 네트워크의 잠재 벡터는 ReLU를 거쳐 0 이상이고,
학습이 시작되면 곧 중심점이 놓인 작은 초입방체 $[0, 1)^{10}$ 밖으로 커집니다. 이 초입방체에서 원점으로부터 가장 먼 꼭짓점 $(1, \dots, 1)$의
노름은 $\sqrt{10} \approx 3.16$입니다. 실제로 이 레시피의 저장된 실행에서 첫 에폭의 잠재 벡터는 자기 중심점에서 차원마다 6.5–8 정도,
10차원 전체의 거리로는 20이 넘게 떨어져 있었습니다(3장). 그 꼭짓점보다 여러 배 먼 곳입니다. 그러면 모든 잠재 벡터가 자기들이 모인 구름 쪽에 놓인 중심점 몇 개에 몰리고(3장), 나머지 중심점은 샘플을 하나도 받지 못합니다.
샘플을 못 받은 중심점에는 군집 손실의 기울기도 가지 않으므로(앞에서 배치 하나로 본 대로) **스스로 움직여 살아날 수는 없습니다**. 군집 사이의 경계가
옮겨 가야만 다시 쓰입니다. 손실에 밀려 잠재 벡터가 그 근처로 오거나, 잠재 벡터를 차지한 중심점이 그 잠재 벡터에서 멀어질 때입니다. 저장된 기록에서 에폭마다 샘플을 받은 중심점 수와, 각 중심점이 받은 학습 샘플의 비율을 그려 보면 이 현상이 드러납니다.
""", en=r"""
## What goes wrong 1: dead centroids

The blog initialises the centroids with `torch.rand`: small values in $[0, 1)$. But this network's latents pass a
ReLU, so they are non-negative, and once training starts they soon outgrow the small cube $[0, 1)^{10}$ the
centroids start in: its corner farthest from the origin, $(1, \dots, 1)$, has norm $\sqrt{10} \approx 3.16$, while in
the saved runs of this recipe a latent of the first epoch lay some 6.5–8 units from its centroid in each dimension,
more than 20 in all ten dimensions together (chapter 3): several times as far out as that corner. All latents then crowd onto the few centroids on the side facing the cloud of latents (chapter 3), and the other centroids win no sample at all. A centroid that wins nothing gets no gradient from the
clustering loss either (as the batch by hand showed), so **it cannot move back by itself**: it is used again only when the boundaries between
clusters shift its way, latents pushed near it by the losses or the centroids that hold them moving away. Counting, per epoch, the centroids that won samples, and stacking the
share of training samples each of them won, makes this visible in the saved history.
"""),
    code("""
used = [sum(1 for c in s if c > 0) for s in seed_history["cluster_sizes"]]
short = [epoch for epoch, n in enumerate(used) if n < seed_model.n_clusters]
for_good = short[-1] + 1 if short else 0   # all centroids in use from here on

fig, axes = plots.subplots(3, 1, height=7.6)
axes[0].step(seed_history["epoch"], used, where="post", color="black")
axes[0].axhline(seed_model.n_clusters, color="grey", ls="--", lw=1)
axes[0].axvline(for_good, color="C3", ls=":", lw=1.5)
label = {"ko": "에폭 {}부터 계속 10개", "en": "all 10 from epoch {} on"}[plots.language()]
axes[0].text(for_good + 4, 1, label.format(for_good), color="C3")
axes[0].set(ylabel=plots.t("clusters_used"), ylim=(0, 10.5),
            title=plots.t("recipe_seed"))
plots.plot_cluster_usage(seed_history, ax=axes[1])
axes[0].set_xlim(axes[1].get_xlim())
plots.plot_cluster_usage(improved_history, ax=axes[2])
axes[2].set_title(plots.t("recipe_improved"))
# Before its centroids are placed (epoch 40) the improved recipe
# trains the autoencoder alone (alpha = 0): no cluster to show there.
pretrain = PRESETS["improved"].pretrain_epochs
axes[2].axvspan(0, pretrain, color="0.94", zorder=2)
axes[2].text(pretrain / 2, 0.5, plots.t("pretrain_only"), ha="center",
             va="center", zorder=3)
fig.tight_layout()
plt.show()
print("seed recipe, centroids that won at least one training sample,")
print("  epochs 0-10:", used[:11])
print("... at the last epoch:", used[-1])
print("all centroids in use for good from epoch:", for_good)
""", hide=True, alt={
        "ko": "그래프 세 개입니다. 맨 위는 블로그 레시피에서 샘플을 받은 중심점 수를 에폭마다 그린 계단 선으로, 에폭 3부터 둘로 떨어졌다가 에폭 52부터 열 개로 남습니다(점선). 그 아래 두 개는 에폭마다 각 중심점이 받은 학습 샘플의 비율을 색별로 쌓은 영역 그래프로, 위는 블로그 레시피, 아래는 개선 레시피입니다. 블로그 레시피는 처음 10–15 에폭쯤 동안 한 중심점이 거의 모든 샘플을 가져가고, 에폭 52가 되어서야 열 개가 모두 쓰입니다. 개선 레시피는 오토인코더만 학습하는 40 에폭 뒤 열 개의 비율이 거의 고릅니다.",
        "en": "Three charts. Top: the number of centroids that won samples per epoch in the blog recipe, a step line that drops to two by epoch 3 and stays at ten from epoch 52 (dotted line). Below: stacked area charts of each centroid's share of training samples per epoch (middle: blog recipe, bottom: improved). In the blog recipe one centroid takes nearly every sample for about the first 10–15 epochs and all ten are in use only from epoch 52; in the improved one the ten shares are nearly equal after epoch 40."}, tags=["nbval-check-output"]),
    md(ko="""
저장된 시드 0의 실행에서는 사용 중인 중심점이 에폭 3(0부터 셈)에 두 개로 줄고, 에폭 52가 되어서야 열 개가 모두 계속 쓰입니다.
시드 1은 56 에폭이 걸렸고, 시드 2는 끝까지 중심점 두 개가 돌아오지 않아 군집 8개로 끝났습니다(8장의 표). 그동안 복원 손실은 이미
작아졌으니, 군집 구조를 만들 시간의 상당 부분을 잃은 셈입니다.

진단은 간단합니다. 에폭마다 **사용 중인 군집 수**(`clusters_used`, `history["cluster_sizes"]`)를 보세요. 고치는 방법은 여러 가지입니다.

- 이미 학습된 오토인코더의 잠재 벡터로 중심점을 초기화합니다(`init="kmeans++"`, `"kmeans"`, 또는 잠재 벡터의 UMAP 지도에서 k-평균으로 나눈 부분마다 평균을 내는 `"umap"`, 6장). 다만 연습 4.1에서 보듯 아직 학습되지 않은 인코더에서는 도움이 되지 않습니다.
- 빈 중심점을 가장 먼 잠재 벡터로 옮깁니다(`reseed_empty=True`, k-평균의 고전적인 처방).
- 잠재층의 ReLU를 없앱니다(`final_relu=False`).
""", en="""
In the shipped run (seed 0), the centroids in use drop to two by epoch 3 (counting from 0), and all ten stay in use only from
epoch 52 on. Seed 1 needed 56 epochs, and seed 2 never got two of its centroids back and ended with 8
clusters (chapter 8's table). Meanwhile the reconstruction loss was already small, so a good part of the time for
building cluster structure was lost.

The diagnosis is simple: watch the number of **clusters in use** per epoch (`clusters_used`, `history["cluster_sizes"]`).
There are several cures: initialise the centroids from the latents of an autoencoder that has already been trained (`init="kmeans++"`, `"kmeans"`, or `"umap"`: the mean latent of each part that k-means finds on a UMAP map of the latents, chapter 6; on an untrained encoder this does not help, exercise 4.1), move empty centroids onto the
farthest latents (`reseed_empty=True`, the classic k-means remedy), and drop the ReLU on the latent layer
(`final_relu=False`).
"""),
    md(ko="""
## 잘못되는 경우 2: 붕괴

중심점을 잘 놓아도 문제는 남습니다. 할당이 "가장 가까운 중심점"이라는 딱딱한 규칙이고 λ가 크면, 인코더는 군집 손실을 줄이는 가장 쉬운 길을 찾습니다.
여러 숫자의 잠재 벡터를 한 중심점으로 모아 버리는 것입니다. 잘 학습된 오토인코더에서 출발해 k-평균으로 중심점 **다섯 개**를 놓고
(숫자는 열 종류이니 한 군집이 평균 두 숫자를 품어야 합니다), λ = 0.01, 0.1, 0.5로 8 에폭씩 학습해 봅시다. 7장의 패널과 같은 실행입니다(`tuning_config`, `tuning_data`). 개선 레시피의 사전 학습된 오토인코더에서 출발해 학습 이미지 5,000장으로 학습하고 검증 이미지 2,000장으로 채점하며, α는 에폭 0의 λ/4에서 에폭 4의 λ까지 올라갑니다($T_1 = 0$, $T_2 = 4$).
7장의 스윕을 보면 k = 10일 때는 같은 실행이 붕괴하지 않습니다(λ = 0.5에서 세 시드 중 하나가 군집 하나를 잃을 뿐입니다). 붕괴는 λ와 k가 함께 정합니다.
""", en="""
## What goes wrong 2: collapse

Even well-placed centroids are not safe. With hard nearest-centroid assignments and a large λ, the encoder finds the
easiest way to shrink the clustering loss: pile the latents of several digits onto one centroid. Start from a
well-trained autoencoder, place **five** centroids with k-means (ten digits, so a cluster must hold two on average), and
train for 8 epochs with λ = 0.01, 0.1 and 0.5. These are chapter 7's panel runs (`tuning_config`, `tuning_data`):
they start from the improved recipe's pretrained autoencoder, train on 5,000 images, score 2,000 validation images, and
ramp α from λ/4 at epoch 0 to λ at epoch 4 ($T_1 = 0$, $T_2 = 4$). Chapter 7's sweep shows that with k = 10 the same runs do not
collapse (at λ = 0.5 one seed of three loses a single cluster): collapse is decided by λ and k together.
"""),
    code("""
from dkm_lib.tuning import tuning_config, tuning_data

data = tuning_data(5000)
collapse_histories = {}
fig, axes = plots.subplots(3, 1, height=6.4, sharex=True, sharey=True)
for ax, lam in zip(axes, [0.01, 0.1, 0.5]):
    config = tuning_config(lam=lam, n_clusters=5)
    collapse_model, collapse_history = train(config, progress=False, data=data)
    collapse_histories[lam] = collapse_history
    plots.plot_cluster_sizes(collapse_model.predict(data[2]).numpy(), 5, ax=ax)
    m = collapse_history["metrics"]
    start = collapse_history["init_eval"]["kmeans"]
    ax.set_title(f"λ={lam}: ACC {start['acc']:.2f} → {m['acc']:.2f}, "
                 f"{plots.t('clusters_used')} {m['clusters_used']}")
for ax in axes[:2]:
    ax.set_xlabel("")
fig.tight_layout()
plt.show()
""", alt={
        "ko": "k-평균으로 놓은 중심점 다섯 개에서 출발해 λ = 0.01, 0.1, 0.5로 8 에폭씩 학습한 뒤, 군집마다 배정된 검증 이미지 수를 그린 막대그래프 세 개입니다. λ = 0.01과 0.1은 군집 다섯 개와 ACC 0.49를 지키지만, λ = 0.5에서는 모든 이미지가 군집 2에 모이고 빈 군집 넷에 빨간 ×가 표시되며 ACC가 0.12로 떨어집니다.",
        "en": "Bar charts of how many validation images each of five clusters holds after 8 epochs from k-means centroids, at λ = 0.01, 0.1 and 0.5. At 0.01 and 0.1 all five clusters stay in use and ACC stays 0.49; at 0.5 every image lands in cluster 2, the four empty clusters get a red ×, and ACC drops to 0.12."}),
    md(ko="""
빨간 ×는 비어 버린 군집입니다. λ = 0.5에서는 첫 에폭이 끝났을 때(α = λ/4일 때) 이미 모든 이미지가 한 군집에 모였고, 8 에폭 내내
그대로입니다(연습 4.2가 에폭마다 사용 중인 군집 수를 출력합니다). λ = 0.01과 0.1은 군집 다섯 개와 출발점의 정확도를 그대로 지킵니다. 군집이 다섯 개뿐이면 헝가리안 매칭은 숫자 열 종류 가운데 많아야 다섯 종류만 정답으로 인정하므로, 이 검증 이미지 2,000장에서는 어떤 분할도 0.53을 넘지 못합니다(가장 흔한 숫자 다섯 종류가 2,000장의 53%를 차지합니다). 출발점의 ACC 0.49(그림 제목)는 실패한 값이 아니라 이 상한에 가까운 값입니다. λ = 0.5에서도 늘 무너지지는 않습니다. 7장의 스윕에서 다른 두 시드 가운데 시드 2는 똑같이 한 군집으로
무너지지만, 시드 1은 군집 다섯 개를 모두 지킵니다. 세 시드의 k-평균 출발점은 거의 같으므로(ACC 0.4890, 0.4895, 0.4890), 이 λ에서 붕괴는
정해진 결과가 아니라 초기화나 배치 순서의 작은 차이로 어느 쪽으로든 넘어가는 갈림길입니다.

왜 갈림길이고, 왜 군집 하나일까요? 아래는 기록에서 확인한 것이 아니라 3장의 손실 식에서 추론한 설명입니다(이 실행들은 어떤 이미지가 군집을 옮겼는지 기록하지 않습니다).
손실의 어떤 항도 잠재 벡터의 크기를 고정하거나 서로 떨어뜨려 두지 않으므로, α가 크면 인코더는 잠재 벡터 무리를 한꺼번에 옮길 수
있습니다. 경계를 넘은 잠재 벡터는 새 중심점 쪽으로 당겨지고, 새 중심점도 그 잠재 벡터 쪽으로 당겨져 넘어온 잠재 벡터의 이웃들에게 가까워지므로
이웃들도 따라 넘어옵니다. 커지는 군집이 더 빨리 커지는 것입니다. 마지막 샘플을 잃은 중심점은 기울기를 받지 못하고,
한번 빈 군집은 스스로 다시 차지 않으므로, 군집이 비는 일은 한 방향으로만 일어납니다. 숫자는 열 종류인데 중심점이 다섯 개면 군집마다
이미 두 숫자가 섞여 있으므로, 경계는 잠재 벡터들이 빽빽이 모인 곳을 가로지르고 그 가까이에 잠재 벡터가 많이 놓입니다. 중심점이 열 개면 경계는 대개 숫자 사이의 빈 곳을 지납니다.

이 책의 실행에서 붕괴를 막은 것은 더 작은 λ, 더 큰 k, 그리고
**처음의 분할을 고정한 채** 잠재 벡터를 저마다 자기가 속한 부분의 중심점으로 당기는 방법(`fixed_assign_epochs`)입니다. 빈 중심점을 다시 놓거나 λ를 더 천천히 올리면 막을 수 있는지는 연습 4.2와 7.1에서 직접 확인해 보세요. 개선 레시피는
군집 손실을 켜는 10 에폭 내내 UMAP으로 얻은 분할을 고정하므로, 학습하는 동안 가장 가까운 중심점 할당을 한 번도 쓰지 않습니다.
DKM 논문 {cite:p}`fard2020deep`은 소프트맥스로 부드럽게 할당하고 그 온도를 점점 낮추는 방식으로 같은 문제를 다룹니다.
""", en="""
A red × marks a cluster that went empty. At λ = 0.5 every image is in one cluster already after the first epoch (at α = λ/4),
and stays there for all 8 (exercise 4.2 prints the clusters in use per epoch), while λ = 0.01 and 0.1 keep all five
clusters and their starting accuracy. With five clusters, Hungarian matching can credit at most five of the ten digits, so no partition scores above 0.53 on these 2,000 validation images (the five commonest digits make up 53 % of them): the starting ACC of 0.49 (in the figure titles) is close to that ceiling, not a failure. Even at λ = 0.5 it does not happen every time:
of the two other seeds in chapter 7's sweep, seed 2 collapses into one cluster too, but seed 1 keeps all five. The
three seeds start from almost the same k-means partition (ACC 0.4890, 0.4895 and 0.4890), so at this λ collapse is no
certainty but a tipping point that small differences (the initialisation, the batch order) push either way.

Why a tipping point, and why one cluster? Read from the losses of chapter 3 (these runs do not record which images
change cluster): nothing in the loss fixes the latents' scale or keeps them apart, so with a large α the encoder
can move whole groups of latents at once. A latent that crosses a border is then pulled toward its new centroid,
which is pulled toward it in turn and moves closer to the crosser's neighbours, so they follow: a growing cluster
grows faster. A centroid that has lost its last sample gets no gradient and wins none back by itself, so emptying
goes one way. With five centroids for ten digits every cluster already holds two digits, and its borders run through
crowded regions where many latents sit close to a border; with ten, the borders run mostly through the gaps between
digits.

What prevented collapse in this book's runs: a smaller λ, a larger k, and **keeping the initial partition fixed** while each latent is pulled toward its own part's centroid
(`fixed_assign_epochs`). Whether re-seeding empty centroids or a slower ramp of λ prevents it is for you to find out
in exercises 4.2 (below) and 7.1. The improved recipe keeps its UMAP partition fixed for all 10 of its joint epochs, so it
never uses nearest-centroid assignment while it trains. The DKM paper {cite:p}`fard2020deep` handles the same
problem with soft, softmax-based assignments whose temperature is annealed.
"""),
    md(ko=r"""
## 잘못되는 경우 3: 학습하지 못하는 오토인코더

가장 당황스러운 실패는 오토인코더 자체가 배우지 못하는 것입니다. 이 네트워크는 출력에 시그모이드가 있고 정규화 층이 없습니다.
초기에 출력이 모든 픽셀에서 0 쪽으로 밀려 시그모이드가 포화되면, MSE 손실의 기울기에 $\hat{x}(1-\hat{x}) \approx 0$이 곱해져
빠져나오지 못합니다. 1장에서 시드 0으로 직접 확인했듯이, 잠재층 ReLU를 뺀 같은 네트워크를 MSE로 6만 장 한 에폭 학습하면
거의 빈 이미지만 그리고, 이진 교차 엔트로피(BCE)로 학습하면 벌써 숫자를 그립니다. 시그모이드의 입력 $a$($\hat{x} = \sigma(a)$)에 대한 픽셀 하나의 기울기는 MSE가 $2(\hat{x} - x)\,\hat{x}(1-\hat{x})$이고
BCE는 $\hat{x} - x$입니다. BCE에는 $\hat{x}(1-\hat{x})$ 인수가 없어 포화되어도 기울기가 사라지지 않습니다.
8장의 비교 실험에서 MSE로 학습한 오토인코더 10개 가운데 4개는 40 에폭을 다 돈 뒤에도 이 상태(복원 손실 0.11)에 머물렀고,
다섯째는 입력과 상관없이 평균 이미지를 그리는 상태(0.067)로 끝났습니다. 개선 레시피는 BCE를 써서 이 함정을 피합니다.

**알아채는 법:** 첫 몇 에폭의 복원 손실(`history["rec"]`)을 보세요. MSE로 잰 값이 빈 이미지의 오차인 0.11 근처에서 평평하다면 빈 이미지 근처에 갇힌 것입니다(BCE는 건강하게 학습해도 0.1 근처로 내려오므로 이 기준은 MSE에만 씁니다). 더 일반적으로는, 둘째 에폭까지 MSE가 절반으로 줄지 않았다면 어디에 머물든 학습을 시작하지 못한 것입니다(위의 다섯째는 평균 이미지에 머물렀습니다).
처방은 두 가지입니다. 첫째, 손실 함수를 BCE로 바꿔 함정을 피합니다. 둘째, 갇힌 출발을 레이블 없이 알아보고 다른 시드로 처음부터 다시 학습합니다. 둘째 에폭까지 MSE 손실이 절반으로 줄지 않으면 갇힌 것으로 봅니다(BCE 손실은 건강할 때도 이만큼 빨리 줄지 않으므로 `retry_flat_start`는 MSE 손실에만 쓸 수 있습니다). 8장의 대표 레시피(검증 점수로 고른 가장 좋은 레시피)는 MSE를 그대로 두고 이 두 번째 규칙을 씁니다.
""", en=r"""
## What goes wrong 3: an autoencoder that does not learn

The most puzzling failure is an autoencoder that never learns. This network ends in a sigmoid and has no normalisation
layers. If early on the outputs are pushed toward 0 at every pixel, the sigmoid saturates and the MSE gradient is
multiplied by $\hat{x}(1-\hat{x}) \approx 0$: training cannot escape. As chapter 1 showed live with seed 0, the same
network without the latent ReLU, trained for one epoch on 60,000 images with MSE, draws almost blank images, while
with binary cross-entropy (BCE) it already draws digits. With respect to the sigmoid's input $a$ ($\hat{x} =
\sigma(a)$) a pixel's MSE gradient is $2(\hat{x} - x)\,\hat{x}(1-\hat{x})$, but its BCE gradient is $\hat{x} - x$,
with no $\hat{x}(1-\hat{x})$ factor: it survives saturation.
In chapter 8's study four of ten MSE autoencoders were still stuck like this after all 40 of their epochs (a
reconstruction loss of 0.11), and a fifth ended drawing the average image whatever the input (0.067). The improved recipe uses BCE, which avoids the trap.

**How to notice:** watch the reconstruction loss of the first epochs (`history["rec"]`). An MSE flat near 0.11, the error of a blank image, means stuck (a healthy BCE loss also ends near 0.1, so this sign is for MSE only). More generally, an MSE that has not halved by the second epoch has not started learning, wherever it sits (the fifth seed above sat at the average image). Two cures work: change the loss to BCE, which avoids the trap, or notice the flat start without labels (the MSE has not halved by the second epoch; a healthy BCE loss does not fall that fast either, so `retry_flat_start` accepts only MSE) and start again from another seed. Chapter 8's best recipe (the best by validation score) keeps MSE and uses
this second rule.
"""),
    md(ko=r"""
## 스스로 확인하기

짧은 질문으로 이 장의 핵심을 점검합니다. 답을 펼치기 전에 먼저 스스로 답해 보세요.

1. 실패의 세 가지 모습과 각각을 알아채는 신호는 무엇인가요?

   :::{admonition} 답
   :class: dropdown
   죽은 중심점(사용 중인 군집 수가 k보다 작음), 붕괴(큰 λ와 딱딱한 할당에서 한 군집이 거의 모든 샘플을 가져감), 갇힌 오토인코더(MSE 복원 손실이 0.11 근처(또는 다른 값)에서 평평하게 머물거나 둘째 에폭까지 절반으로 줄지 않음)입니다.
   :::

2. 처음부터 샘플을 하나도 배정받지 못한 중심점은 왜 스스로 살아나지 못하나요?

   :::{admonition} 답
   :class: dropdown
   군집 손실의 기울기는 샘플을 배정받은 중심점에만 닿으므로, 샘플을 배정받지 못한 중심점은 움직이지 않습니다. 군집 사이의 경계가 옮겨 가야만(잠재 벡터가 그 근처로 밀려오거나, 잠재 벡터를 차지한 중심점이 멀어질 때) 다시 쓰입니다.
   :::

3. `book.load_or_train`은 빠른 프로필과 전체 프로필에서 각각 무엇을 하나요?

   :::{admonition} 답
   :class: dropdown
   빠른 프로필에서는 저장소의 체크포인트를 불러오고, 전체 프로필(`DKM_PROFILE=full`, GPU에서는 기본값)에서는 다시 학습합니다.
   :::

## 요약

- 한 에폭: 섞고, 배치마다 인코딩 → `detach()`한 잠재 벡터로 가장 가까운 중심점 할당 → 디코딩 → $L_{\text{rec}} + \alpha L_{\text{clust}}$ → Adam. `dkm_lib`은 블로그와 같은 일을 텐서 연산으로 합니다.
- 전체 학습 결과는 체크포인트로 함께 제공되며(`book.load_or_train`), GPU나 `DKM_PROFILE=full`에서는 다시 학습합니다. `--resume`은 CPU에서 같은 결과로 이어 줍니다.
- 실패의 세 가지 모습: 죽은 중심점(사용 중인 군집 수로 알아챕니다), 붕괴(큰 λ + 딱딱한 할당), 갇힌 오토인코더(MSE 복원 손실이 0.11 근처(또는 다른 값)에서 평평하게 머물거나 둘째 에폭까지 절반으로 줄지 않음).
""", en=r"""
## Check yourself

Short questions on the chapter's key points: answer each one yourself before you read its answer.

1. What are the three ways training fails, and the sign of each?

   :::{admonition} Answer
   :class: dropdown
   Dead centroids (fewer clusters in use than k), collapse (with a large λ and hard assignments one cluster takes almost every sample), and a stuck autoencoder (an MSE reconstruction loss that stays flat, near 0.11 or elsewhere, or has not halved by the second epoch).
   :::

2. Why can a centroid that has won no sample since the start not revive by itself?

   :::{admonition} Answer
   :class: dropdown
   The clustering loss only sends gradient to centroids that won samples, so it never moves; it is used again only if the boundaries between clusters shift its way (latents pushed near it, or the centroids that hold them moving away).
   :::

3. What does `book.load_or_train` do in the quick and in the full profile?

   :::{admonition} Answer
   :class: dropdown
   In the quick profile it loads the shipped checkpoint; in the full profile (`DKM_PROFILE=full`, the default on a GPU) it trains again.
   :::

## Summary

- One epoch: shuffle; per batch encode → assign each detached latent to its nearest centroid → decode → $L_{\text{rec}} + \alpha L_{\text{clust}}$ → Adam. `dkm_lib` does what the blog does, with tensor operations.
- Full runs travel as checkpoints (`book.load_or_train`); on a GPU or with `DKM_PROFILE=full` they are trained again. `--resume` continues with the same numbers on a CPU.
- Three ways training fails: dead centroids (watch the clusters in use), collapse (large λ + hard assignments), a stuck autoencoder (an MSE reconstruction loss that stays flat, near 0.11 or elsewhere, or has not halved by the second epoch).
"""),
    md(ko=r"""
## 연습 문제

각 문제 아래에 **힌트**와 **풀이**가 있습니다. 먼저 직접 풀어 본 뒤 읽어 보세요. 코드 풀이는 대부분 다른 셀처럼
실행되고 테스트되므로, 자신의 결과를 실제 출력과 비교할 수 있습니다. 실행에 몇 분씩 걸리는 일부 풀이는 책을 만들 때 실행하지 않으며,
그 점을 밝히고 직접 실행할 코드를 보여 줍니다.

::::{exercise} k-평균++로 놓은 중심점
:label: ko-ex04-1
:nonumber:

위의 작은 블로그 레시피를 `init="kmeans++"`로 바꿔 다시 돌려 보세요. 사용 중인 군집 수와 ACC가 어떻게 바뀌나요?

:::{hint}
:class: dropdown
`replace(small, init="kmeans++")`로 `small`에서 초기화만 바꾸세요. k-평균++는 잠재 벡터 가운데서 서로 멀리 떨어진 점들을 골라 중심점으로 놓으므로, 모든 중심점이 처음부터 잠재 벡터 구름 안에 있습니다. 그런데 그 구름이 첫 에폭 동안 어떻게 되는지 지켜보세요. 중심점을 놓을 때 잠재 벡터는 얼마나 크고, 학습한 뒤에는 얼마나 커지나요? 중심점은 얼마나 움직이나요?
:::
::::

:::{solution-start} ko-ex04-1
:class: dropdown
:::
""", en=r"""
## Exercises

Each exercise has a **hint** and a **solution** below it: try the exercise first, then read them. Most code
solutions run and are tested like every other cell, so you can check your own work against real output; the few
that take minutes say that they are not run when the book is built, and show the code to run yourself.

::::{exercise} Centroids placed by k-means++
:label: en-ex04-1
:nonumber:

Rerun the small blog recipe above with `init="kmeans++"`. How do the clusters in use and the ACC change?

:::{hint}
:class: dropdown
Use `replace(small, init="kmeans++")`: the settings of `small` with only the initialisation changed. k-means++ picks mutually distant latents as the centroids, so every centroid starts inside the cloud of latents. But watch what happens to that cloud during the first epoch: how large are the latents when k-means++ places the centroids, and how large after training? How far do the centroids move?
:::
::::

:::{solution-start} en-ex04-1
:class: dropdown
:::
"""),
    code(r"""
# `small`: the 4-epoch blog recipe above
small_pp = replace(small, init="kmeans++")
model_pp, history_pp = train(small_pp, progress=False)
placed = history_pp["init_eval"]["kmeans++"]
print(f"k-means++, as placed: ACC {placed['acc']:.3f}  NMI {placed['nmi']:.3f}  "
      f"clusters used {placed['clusters_used']}")
for e in history_pp["eval"]:
    print(f"k-means++, epoch {e['epoch']}: ACC {e['acc']:.3f}  NMI {e['nmi']:.3f}  "
          f"clusters used {e['clusters_used']}")
print("images won per centroid in epoch 0:", history_pp["cluster_sizes"][0])
print("largest cluster per epoch:", [max(n) for n in history_pp["cluster_sizes"]])

# The latents k-means++ picked its centroids from: those of the network train()
# starts from, which initial_model rebuilds from the same config and seed.
from dkm_lib.trainer import initial_model

train_x = load_mnist(train=True)[0][:small_pp.train_size]
untrained = initial_model(small_pp)
selected = history_pp["selected_epoch"]
for name, net in [("untrained", untrained), (f"after epoch {selected}", model_pp)]:
    norms = net.encode(train_x).norm(dim=1)
    print(f"latent norms, {name}: median {norms.median():.2f}, "
          f"{norms.min():.2f} to {norms.max():.2f}")
print(f"centroid norms after epoch {selected}:",
      [round(v, 2) for v in model_pp.centroids.norm(dim=1).tolist()])
"""),
    md(ko=r"""
위의 `torch.rand` 실행이 에폭마다 출력한 줄과 비교하세요. `torch.rand` 실행은 사용 중인 군집이 1개에서 7개로 늘었지만, 이 k-평균++ 실행에서는 에폭 1부터 중심점 하나가 학습 이미지를 모두 가져가고(테스트 이미지에서는 에폭 3까지 둘째 군집이 몇 장을 얻기도 하지만 무시할 만한 수입니다), 테스트 ACC는 네 에폭 내내 0.114(가장 흔한 숫자의 비율)에 머뭅니다. k-평균++ 출발 자체는 문제가 없습니다. 중심점을 놓은 직후의 평가(`history_pp["init_eval"]`, 출력의 첫 줄)에서는 군집 열 개가 모두 쓰이고 ACC는 0.202입니다.

문제는 중심점이 놓이는 자리입니다. 이 레시피에는 오토인코더만 학습하는 에폭이 없어서, k-평균++는 아직 학습되지 않은 인코더의 잠재 벡터 가운데서 중심점을 고릅니다. 그런 잠재 벡터는 아주 작아서(노름 0.02–0.09, 중앙값 0.06) 중심점 열 개가 모두 원점 근처의 작은 공 안에서 출발합니다. 학습하는 동안 잠재 벡터는 커져서 이 공을 벗어나고, 네 에폭 뒤에는 노름의 중앙값이 3.25입니다(0.48–5.44). 그만큼 멀리서 보면 촘촘히 모인 중심점 열 개는 거의 한 점과 같아서, 에폭 0에 이미 한 중심점이 학습 이미지 10,000장 가운데 9,870장을 가져가고 에폭 1부터는 모두 가져갑니다. 그때부터 나머지 아홉 중심점은 기울기를 받지 못해 네 에폭 뒤에도 노름이 0.04–0.07에 머물고, 모든 이미지를 가져간 중심점도 노름이 0.56에 이르렀을 뿐입니다. "잘못되는 경우 1"의 `torch.rand` 문제, 곧 큰 잠재 벡터에서 멀리 떨어진 중심점 문제가 그대로 일어난 것이고, 중심점끼리는 $[0, 1)$에서보다도 더 가까이 붙어 있습니다.

잠재 벡터로 중심점을 정하는 방법은 잠재 공간이 학습되어 의미가 생긴 뒤에야 도움이 됩니다. 개선 레시피가 오토인코더를 40 에폭 먼저 학습하고 나서 중심점을 놓는 이유입니다.

:::{solution-end}
:::

::::{exercise} 빈 중심점을 다시 놓으면
:label: ko-ex04-2
:nonumber:

붕괴 실험에서 λ = 0.5에 `reseed_empty=True`를 더해 보세요(`tuning_config(lam=0.5, n_clusters=5, reseed_empty=True)`). 빈 군집이 사라지나요? 정확도도 돌아오나요?

:::{hint}
:class: dropdown
같은 `data`로 학습하고, 위 실험의 λ = 0.5 결과(`collapse_history`)와 `metrics`의 ACC, `clusters_used`를 비교하세요. `reseed_empty`는 에폭이 끝날 때 샘플을 못 받은 중심점을 멀리 떨어진 잠재 벡터 위로 옮깁니다.
:::
::::

:::{solution-start} ko-ex04-2
:class: dropdown
:::
""", en=r"""
Compare with the lines the `torch.rand` run printed above, epoch by epoch. The `torch.rand` run went from 1 to 7 clusters in use, but in this k-means++ run one centroid wins every training image from epoch 1 on (on the test images a second cluster may pick up a few images by epoch 3, too few to matter), and the test ACC stays at 0.114 (the share of the most common digit) for all four epochs. The k-means++ start itself is fine: scored right after the centroids are placed (`history_pp["init_eval"]`, the first line printed), all ten clusters are in use (ACC 0.202).

The trouble is where it places them. This recipe has no autoencoder-only epochs, so k-means++ picks the centroids among the latents of an encoder that has not been trained yet, and those latents are tiny (norms 0.02 to 0.09, median 0.06): all ten centroids start in a small ball around the origin. During training the latents grow and leave that ball; after the four epochs their median norm is 3.25 (0.48 to 5.44). Seen from that far away, ten centroids packed so closely are almost one point: in epoch 0 one centroid already wins 9,870 of the 10,000 training images, and from epoch 1 on all of them. From then on the other nine get no gradient, and after the four epochs their norms are still 0.04 to 0.07; even the centroid that wins every image has only reached a norm of 0.56. It is the `torch.rand` problem of "what goes wrong 1", centroids far from large latents, with the centroids packed even closer together than in $[0, 1)$.

Placing centroids from the latents helps only once the latent space is trained and means something, which is why the improved recipe trains the autoencoder for 40 epochs before it places the centroids.

:::{solution-end}
:::

::::{exercise} Re-seeding empty centroids
:label: en-ex04-2
:nonumber:

In the collapse experiment, add `reseed_empty=True` to λ = 0.5 (`tuning_config(lam=0.5, n_clusters=5, reseed_empty=True)`). Do the empty clusters disappear? Does the accuracy come back?

:::{hint}
:class: dropdown
Train on the same `data` and compare ACC and `clusters_used` in `metrics` with the λ = 0.5 run above (`collapse_history`). `reseed_empty` moves, at the end of an epoch, every centroid that won no sample onto a far-away latent.
:::
::::

:::{solution-start} en-ex04-2
:class: dropdown
:::
"""),
    code(r"""
reseed_model, reseed_history = train(
    tuning_config(lam=0.5, n_clusters=5, reseed_empty=True), progress=False, data=data
)
for name, h in (
    ("lambda=0.5", collapse_history),
    ("lambda=0.5 + reseed_empty", reseed_history),
):
    print(f"{name:26s} ACC {h['metrics']['acc']:.3f}  "
          f"clusters used {h['metrics']['clusters_used']}  "
          f"per epoch: {[e['clusters_used'] for e in h['eval']]}")
""", tags=["nbval-check-output", "nbval-approx"]),
    md(ko=r"""
빈 군집은 다시 채워지지만 곧 다시 비고, 정확도는 돌아오지 않습니다. `reseed_empty`는 빈 중심점을 에폭이 끝날 때마다 멀리 떨어진 잠재 벡터 위로 옮기므로, 사용 중인 군집 수가 에폭마다 1, 5, 5, 2, 5, 4, 5, 4로 오르내립니다. 옮겨 놓은 중심점이 이미지를 얻었다가 다음 에폭에 다시 잃는 것입니다. 마지막에는 군집 네 개가 쓰이지만 ACC는 약 0.13으로, 붕괴한 실행(약 0.12)보다 조금 높을 뿐 k-평균 출발점(위 그림 제목의 0.49)에는 한참 못 미칩니다. 붕괴의 원인, 곧 큰 λ와 딱딱한 할당 아래에서 인코더가 잠재 벡터를 한곳으로 모으는 힘이 그대로이기 때문입니다. 붕괴를 근본적으로 막는 것은 λ를 줄이거나 k를 늘리거나, 개선 레시피처럼 분할을 고정하는 쪽입니다.

:::{solution-end}
:::

::::{exercise} 가장 낮은 손실의 에폭과 마지막 에폭
:label: ko-ex04-3
:nonumber:

블로그처럼 "학습 손실이 가장 낮은 에폭"을 고르는 것과 마지막 에폭을 고르는 것은 어떤 경우에 다른 답을 주나요? `seed_history["loss"]`와 α 스케줄을 함께 그려 설명해 보세요.

:::{hint}
:class: dropdown
전체 손실은 $L_{\text{rec}} + \alpha L_{\text{clust}}$입니다. α가 커지는 구간에서 $\alpha L_{\text{clust}}$의 증가가 $L_{\text{rec}}$의 감소보다 빠르면 전체 손실은 올라갑니다. 오른쪽 축(`ax.twinx()`)에 α를 그리세요.
:::
::::

:::{solution-start} ko-ex04-3
:class: dropdown
:::
""", en=r"""
The empty clusters refill but empty again, and the accuracy does not come back. `reseed_empty` moves empty centroids onto far-away latents at the end of every epoch, so the clusters in use go up and down, 1, 5, 5, 2, 5, 4, 5, 4 per epoch: re-seeded centroids win images, then lose them again. The run ends with four clusters in use but an ACC of about 0.13, barely above the collapsed run's (about 0.12) and far below the k-means start (0.49 in the figure titles above). The cause of the collapse, the encoder pulling latents together under a large λ with hard assignments, is untouched. What really prevents collapse is a smaller λ, a larger k, or a fixed partition as in the improved recipe.

:::{solution-end}
:::

::::{exercise} Lowest-loss epoch versus last epoch
:label: en-ex04-3
:nonumber:

When does choosing the lowest-training-loss epoch, as the blog does, give a different answer from the last epoch? Plot `seed_history["loss"]` together with the α schedule and explain.

:::{hint}
:class: dropdown
The total loss is $L_{\text{rec}} + \alpha L_{\text{clust}}$. While α grows, the total rises whenever $\alpha L_{\text{clust}}$ grows faster than $L_{\text{rec}}$ falls. Draw α on a second axis (`ax.twinx()`).
:::
::::

:::{solution-start} en-ex04-3
:class: dropdown
:::
"""),
    code(r"""
loss = torch.tensor(seed_history["loss"])
print(f"lowest training loss at epoch {int(loss.argmin())} of {len(loss) - 1}; "
      f"loss there {loss.min().item():.5f}, at the last epoch {loss[-1].item():.5f}")
# the collapse experiment above: alpha reaches lambda within 4 epochs
for lam, h in collapse_histories.items():
    losses = torch.tensor(h["loss"])
    low = int(losses.argmin())
    print(f"lambda={lam}: lowest training loss at epoch {low} of {len(losses) - 1} "
          f"(alpha {h['alpha'][low]:.4f})")
    print(f"  loss {losses.min():.2f} there, {losses[-1]:.2f} at the last epoch")
fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(seed_history["epoch"], loss, color="C0")
ax.set(xlabel=plots.t("epoch"), ylabel=plots.t("loss"), yscale="log")
ax2 = ax.twinx()
ax2.plot(seed_history["epoch"], seed_history["alpha"], color="C1", ls="--")
ax2.set_ylabel("α", color="C1")
fig.tight_layout()
plt.show()
""", alt={   # checked to a tolerance (nbval-approx): the shipped history and this notebook's short runs
        "ko": "블로그 레시피의 에폭별 학습 손실(실선, 로그 눈금, 왼쪽 축)과 α 스케줄(점선, 오른쪽 축)을 겹쳐 그린 그래프입니다. α는 에폭 51까지(램프의 첫 에폭도 같은 값) 아주 작은 상수 λ/(T2−T1) = 6.7×10⁻⁶(축에서는 0 근처에 평평하게 보임)에 머물다가 에폭 200에 0.001까지 올라 머뭅니다. α가 오르는 동안에도 손실은 계속 내려가 마지막 에폭에서 가장 낮습니다.",
        "en": "The blog recipe's training loss per epoch (solid line, log scale, left axis) with the α schedule (dashed, right axis): α stays at the tiny constant λ/(T2−T1) = 6.7×10⁻⁶ (flat near 0 on the axis) up to epoch 51 (the ramp's first epoch has the same value), ramps up to 0.001 by epoch 200 and stays there. The loss keeps falling through the ramp and is lowest at the last epoch."}, tags=["nbval-check-output", "nbval-approx"]),
    md(ko=r"""
이 실행에서는 마지막 에폭(299)이 손실도 가장 낮으므로 두 규칙이 같은 가중치를 고릅니다. λ = 0.001에서 $\alpha L_{\text{clust}}$는 복원 손실의 1%도 안 되어(3장), α가 올라가는 동안에도 전체 손실은 복원 손실을 따라 계속 내려가기 때문입니다. 두 규칙이 갈리는 것은 α가 올라가는 구간에서 $\alpha L_{\text{clust}}$가 복원 손실의 감소보다 빨리 늘 때, 곧 λ가 크거나 잠재 벡터가 커서 $L_{\text{clust}}$가 클 때입니다. 그러면 전체 손실이 가장 낮은 곳은 α가 작던 **초기**의 에폭이 되고, "가장 낮은 손실" 규칙은 군집 손실이 거의 작용하지 않은 가중치를 고릅니다. 위의 붕괴 실험(α가 4 에폭 만에 λ에 이릅니다)이 출력의 둘째 부분에서 그 예를 보여 줍니다. λ = 0.01과 0.1에서는 전체 손실이 에폭 1(α = λ/4)에서 가장 낮고 그 뒤로는 α가 커지면서 올라가므로, 이 규칙을 썼다면 에폭 1의 가중치를 돌려받았을 것입니다(이 실행들은 마지막 에폭을 씁니다). λ = 0.5에서는 마지막 에폭이 가장 낮지만, 그 실행은 첫 에폭에 이미 한 군집으로 붕괴했습니다. 모든 잠재 벡터가 중심점 하나에 모이면 $L_{\text{clust}}$가 아주 작아져 전체 손실이 계속 내려가므로, 이 규칙은 붕괴한 모델을 아무렇지 않게 골랐을 것입니다. 전체 손실이 낮다고 군집이 좋은 것은 아닙니다. 손실의 정의가 에폭마다 바뀌는 동안에는 손실 값을 에폭끼리 비교하는 것 자체가 타당하지 않습니다.

:::{solution-end}
:::
""", en=r"""
In this run the last epoch (299) also has the lowest loss, so both rules pick the same weights: at λ = 0.001, $\alpha L_{\text{clust}}$ is below 1 % of the reconstruction loss (chapter 3), and the total loss keeps following the reconstruction loss down even while α ramps up. The rules part ways when, during the ramp, $\alpha L_{\text{clust}}$ grows faster than the reconstruction loss falls, which happens with a large λ or with large latents and hence a large $L_{\text{clust}}$. The lowest total loss then sits at an **early** epoch where α was still small, and the lowest-loss rule returns weights the clustering loss has barely touched. The collapse experiment above, whose α reaches λ within 4 epochs, shows it in the second part of the output: at λ = 0.01 and 0.1 the total loss is lowest at epoch 1 (α = λ/4) and rises after it as α grows, so the rule would return epoch 1's weights (these runs keep the last epoch). At λ = 0.5 the last epoch is the lowest, but that run collapsed into one cluster in its first epoch: with every latent pulled onto one centroid, $L_{\text{clust}}$ is tiny and the total keeps falling, so the rule would happily pick a collapsed model. A low total loss is no sign of good clusters. While the definition of the loss changes from epoch to epoch, comparing loss values across epochs is not a fair test in the first place.

:::{solution-end}
:::
"""),
]
