"""The README's timing table is the records' table, and the records name their devices."""
import json

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
