"""The tuning panel driven headlessly: sliders, Train, Stop, instant re-clustering, inline errors."""
import base64
import html
import re
import time

import pytest
import torch

from dkm_lib import train
from dkm_lib.tuning import tuning_config, tuning_data
from dkm_lib.panel_plots import curve_figures, png_size
from dkm_lib.widgets import tuning_panel   # (ipywidgets is pinned: a panel that cannot import fails here)

PNG = b"\x89PNG"


def figures(value: str) -> list[tuple[bytes, str]]:
    """The PNGs that an HTML widget's value (<img>s in a wrapping row) shows, each with its alt text. Each has
    twice the pixels it is shown at (sharp on a 2x screen), is never drawn larger than that, may shrink to a
    phone's column, and keeps its proportions (its height follows its width)."""
    row = re.fullmatch(r'<div style="display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: flex-start">'
                       r'(.*)</div>', value)
    assert row, value[:100]
    images = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" width="(\d+)" alt="([^"]*)" '
                        r'style="flex: 1 1 320px; min-width: 0; max-width: min\((\d+)px, 100%\); height: auto">',
                        row.group(1))
    assert images and "".join(re.findall(r"<img [^>]*>", row.group(1))) == row.group(1), row.group(1)[:100]
    found = []
    for encoded, width, alt, max_width in images:
        data = base64.b64decode(encoded)
        assert png_size(data)[0] // 2 == int(width) == int(max_width), (png_size(data), width, max_width)
        found.append((data, html.unescape(alt)))
    return found


def figure(value: str, part: int = 0) -> tuple[bytes, str]:
    """One of ``figures(value)``."""
    return figures(value)[part]


@pytest.fixture()
def panel():
    return tuning_panel(background=False)


def test_panel_starts_with_instant_kmeans_on_the_pretrained_autoencoder(panel):
    assert "Instant k-means" in panel.scores.value and "ACC" in panel.scores.value
    assert "on 2000 validation images" in panel.scores.value and "test" not in panel.scores.value
    (sizes, _), (centroids, _), (confusion, alt) = found = figures(panel.results.value)
    assert all(image.startswith(PNG) for image, _ in found)
    assert panel.metrics["clusters_used"] == 10
    # each figure says what it shows (alt text, what a screen reader reads); no curves before a run
    assert figure(panel.results.value, 0)[1].startswith("The 2000 validation images clustered with k = 10")
    assert "centroids" in figure(panel.results.value, 1)[1]
    assert alt.startswith("The confusion matrix") and f"ACC {panel.metrics['acc']:.3f}" in alt
    # each picture is at most 4.5 inches wide (450 px at 1x): a phone's column shows it at about 0.8 of its size
    assert all(png_size(image)[0] // 2 <= 450 for image in (sizes, centroids, confusion))
    assert panel.curves.value == ""
    assert panel.metrics["acc"] > 0.6   # k-means on a well-trained autoencoder's latents


def test_train_button_equals_a_direct_library_call(panel):
    panel.lam.value, panel.k.value, panel.epochs.value = 0.1, 8, 3
    panel.subset.value, panel.seed.value = 2000, 1
    before = panel.results.value
    panel.train_button.click()
    assert '<div class="dkm-ok"' in panel.status.value and '>✓ Done' in panel.status.value, panel.status.value
    assert figure(panel.curves.value)[0].startswith(PNG) and figure(panel.results.value)[0] != figure(before)[0]
    assert "After training" in panel.scores.value
    assert [alt.split(" per epoch")[0] for _, alt in figures(panel.curves.value)] == [
        "Training loss", "Validation ACC and NMI"]
    assert all("3 epochs so far (counted from 0)" in alt for _, alt in figures(panel.curves.value))
    assert all("k = 8" in alt for _, alt in figures(panel.results.value))
    _, history = train(tuning_config(lam=0.1, n_clusters=8, epochs=3, train_size=2000, seed=1),
                       progress=False, data=tuning_data(2000))
    assert panel.metrics == history["metrics"]
    assert len(panel.history["eval"]) == 3


def test_the_instant_kmeans_is_the_start_a_run_trains_from(panel):
    """What the panel shows before Train (and after moving k) is the k-means partition a run with those settings
    starts from: it had used 3 restarts against a run's 10, and showed ACC 0.762 where Train started from 0.80."""
    panel.k.value, panel.seed.value, panel.subset.value = 12, 2, 3000   # each one re-clusters
    shown = dict(panel.metrics)
    _, history = train(tuning_config(n_clusters=12, epochs=1, train_size=3000, seed=2), progress=False,
                       data=tuning_data(3000))
    assert shown == history["init_eval"]["kmeans"]


def test_panel_scores_the_validation_images_the_sweep_scores(panel):
    """The panel's scores are validation scores: the first SCORE_SIZE held-out training images (dkm_lib.splits), not
    the test set; it trains on the images the split keeps."""
    from dkm_lib import load_mnist
    from dkm_lib.splits import VAL_SIZE, validation_split
    from dkm_lib.tuning import SCORE_SIZE

    x, y = load_mnist(train=True)
    keep, held_out = validation_split(VAL_SIZE, len(x))
    assert torch.equal(panel.tuner.val[0], x[held_out[:SCORE_SIZE]]) and torch.equal(panel.tuner.val[1],
                                                                                     y[held_out[:SCORE_SIZE]])
    assert torch.equal(panel.tuner.data(5000)[0], x[keep[:5000]])


def test_same_settings_same_result(panel):
    panel.epochs.value, panel.subset.value = 2, 2000
    before = panel.metrics   # the instant k-means scores: two failed or skipped trainings would keep them
    panel.train_button.click()
    first = panel.metrics
    assert "Done: 2 epochs" in panel.status.value and len(panel.history["epoch"]) == 2 and first != before
    panel.train_button.click()
    assert "Done: 2 epochs" in panel.status.value and panel.metrics == first


def test_changing_k_reclusters_without_training_or_encoding(panel, monkeypatch):
    """Instant: moving k re-runs k-means on cached latents; the network is not run, nothing trains."""
    import dkm_lib.tuner

    panel.k.value = 12                                   # fills the latent cache for this encoder
    calls = []
    hook = panel.model.encoder.register_forward_hook(lambda *args: calls.append(1))
    monkeypatch.setattr(dkm_lib.tuner, "train", lambda *a, **k: pytest.fail("k must not train"))
    try:
        panel.k.value = 14
    finally:
        hook.remove()
    assert calls == [], "the encoder ran again: latents were not cached"
    assert panel.model.n_clusters == 14 and panel.metrics["clusters_used"] == 14
    assert "k = 14" in panel.status.value and "Instant k-means" in panel.scores.value


@pytest.mark.parametrize("setting, message", [
    ({"t1": 6, "t2": 3}, "T2 (3) must be larger than T1 (6)"),
    ({"lam": float("nan")}, "λ must be a finite number"),
])
def test_invalid_settings_show_an_inline_message(panel, setting, message):
    metrics = panel.metrics
    for name, value in setting.items():
        getattr(panel, name).value = value
    panel.train_button.click()
    assert message in panel.status.value and 'class="dkm-error"' in panel.status.value   # marked ⚠, bold
    assert panel.metrics == metrics           # nothing was trained
    assert not panel.train_button.disabled    # ready for another try


def test_more_clusters_than_images_is_refused_inline(panel):
    panel.subset.min = 10
    panel.subset.value = 10
    panel.k.value = 12
    assert "more than the 10 training images" in panel.status.value
    panel.train_button.click()
    assert "more than the 10 training images" in panel.status.value


def test_stop_button_ends_a_background_run_early():
    panel = tuning_panel(background=True)
    panel.epochs.value, panel.subset.value = 30, 2000
    panel.train_button.click()
    deadline = time.time() + 60
    while not panel.curves.value and time.time() < deadline:   # wait for the first epoch
        time.sleep(0.05)
    panel.stop_button.click()
    panel.wait(120)
    assert "Stopped after" in panel.status.value, panel.status.value
    assert len(panel.history["epoch"]) < 30


def test_curves_of_a_short_run_have_whole_epoch_ticks_counted_from_0():
    history = {"epoch": [0, 1], "loss": [0.3, 0.2],
               "eval": [{"epoch": e, "acc": 0.6, "nmi": 0.7} for e in (0, 1)]}
    for ax in [ax for fig in curve_figures(history) for ax in fig.axes]:
        ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
        assert ticks and all(t == int(t) for t in ticks), ticks
        assert all(list(line.get_xdata()) == [0, 1] for line in ax.get_lines()), "epochs count from 0, as in the book"


def test_panel_speaks_korean():
    panel = tuning_panel(background=False, language="ko")
    assert (panel.train_button.description, panel.stop_button.description) == ("학습", "중지")
    assert panel.k.description == "k (군집 수)" and "즉시 k-평균" in panel.scores.value
    assert "검증 이미지 2000장" in panel.scores.value and "테스트" not in panel.scores.value
    assert figure(panel.results.value)[1].startswith("검증 이미지 2000장의 군집(k = 10)")
    panel.t1.value, panel.t2.value = 6, 3
    panel.train_button.click()
    assert "T2(3)는 T1(6)보다 커야 합니다" in panel.status.value and 'class="dkm-error"' in panel.status.value


def test_settings_are_checked_by_train_config_validate(panel):
    """The panel has no rules of its own for λ and the ramp: TrainConfig.validate decides, the panel words it."""
    from dkm_lib.widgets import TEXT, in_panel_words

    panel.epochs.min = 0
    panel.epochs.value = 0                     # a rule only validate knows: shown in its own words
    panel.train_button.click()
    assert "epochs must be a positive integer" in panel.status.value
    with pytest.raises(ValueError) as err:
        panel.config().validate()
    assert in_panel_words(err.value, panel.config(), TEXT["en"]) == str(err.value)


def test_tuning_config_names_what_it_fixes_and_what_it_does_not_know():
    from dkm_lib.tuning import tuning_config

    with pytest.raises(ValueError, match=r"tuning_config fixes \['device'\].*dataclasses.replace"):
        tuning_config(device="cuda")
    with pytest.raises(ValueError, match=r"unknown settings \['lamda'\]: use TrainConfig's field names"):
        tuning_config(lamda=0.1)
    assert tuning_config(lam=0.5, reseed_empty=True).reseed_empty   # any other TrainConfig field is a setting


def test_a_panel_in_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match=r"language must be one of \['en', 'ko'\], got 'fr'"):
        tuning_panel(background=False, language="fr")
