"""The README's timing table is the records' table, and the records name their devices."""
import json
import re

from dkm_lib import paths, timing


def test_readme_table_is_generated_from_the_records():
    readme = (paths.REPO_ROOT / "README.md").read_text()
    block = readme.split(timing.START)[1].split(timing.END)[0].strip()
    assert block == timing.markdown(), "run `python -m dkm_lib.timing --readme` after new records"


def test_gpu_records_name_the_device_and_hold_no_machine_paths():
    files = sorted((paths.RESULTS / "gpu").glob("*.json"))
    assert files, "no GPU record"
    for path in files:
        text = path.read_text()
        record = json.loads(text)
        assert "H200" in json.dumps(record.get("environment", record.get("device")))
        assert "/work/" not in text and "/home/" not in text


def test_table_reads_real_numbers():
    table, devices = timing.rows()
    assert devices["gpu"] == "NVIDIA H200"
    cells = dict((what, gpu) for what, _, gpu in table)
    assert cells["epoch: dkm_lib"] == "1.73 s"
    assert cells["improved recipe, one seed"] == "230 s"


def test_the_korean_edition_labels_every_row_in_korean():
    from dkm_lib import style

    english, _ = timing.rows()
    style.set_language("ko")
    try:
        korean, _ = timing.rows()
    finally:
        style.set_language("en")
    assert [row[1:] for row in korean] == [row[1:] for row in english]     # the same numbers
    for (en, _, _), (ko, _, _) in zip(english, korean):
        assert re.search("[가-힣]", ko), f"{en!r} has no Korean label"
    assert "4장 (CPU에서는 quick 프로필)" in [row[0] for row in korean]
    style.set_language("ko")
    try:
        assert timing.rows()[1]["cpu"] == "cpu (스레드 2개)"
    finally:
        style.set_language("en")
    assert timing.rows()[1]["cpu"] == "cpu (2 threads)"   # the README's table
