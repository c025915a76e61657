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
    assert cells["improved recipe, one seed (CPU: one thread, cores shared)"] == "230 s"


def test_the_korean_edition_labels_every_row_in_korean(korean):
    table, devices = timing.rows()
    korean.set_language("en")
    english, english_devices = timing.rows()
    number = re.compile(r"[\d.]+ s|–")
    for (en, *en_cells), (ko, *ko_cells) in zip(english, table):
        assert re.search("[가-힣]", ko), f"{en!r} has no Korean label"
        assert [number.findall(c) for c in ko_cells] == [number.findall(c) for c in en_cells], en   # same numbers
    assert "4장 (CPU에서는 빠른 프로필)" in [row[0] for row in table]
    assert (devices["cpu"], english_devices["cpu"]) == ("x86_64, 스레드 2개", "x86_64, 2 threads")   # README: English
    for english_label, korean_label in timing.LABELS_KO.items():   # the rows no record has yet, too
        assert english_label.count("{}") == korean_label.count("{}") and re.search("[가-힣]", korean_label)


def test_chapter_rows_are_numbered_as_the_book_numbers_its_pages(korean):
    """Notebook 09 is the book's Appendix A: the table says so in both languages, as the page's title does."""
    source = (paths.REPO_ROOT / "notebooks" / "src" / "09_pytorch_primer.py").read_text()
    for lang, appendix in (("ko", "부록 A"), ("en", "Appendix A")):
        korean.set_language(lang)
        assert re.search(rf'"{lang}": "{appendix}\. ', source), f"notebook 09's {lang} title is not {appendix}"
        labels = [row[0] for row in timing.rows()[0]]
        assert any(label.lower().startswith(appendix.lower() + " (") for label in labels), labels
        assert not any(label.startswith(("chapter 9 ", "9장 ")) for label in labels), labels


def test_writing_a_readme_table_keeps_the_rest_and_needs_its_markers(tmp_path):
    """Both README writers (timing, results) replace only what lies between their markers, or say what is missing."""
    import pytest

    from dkm_lib import report

    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{timing.START}\nold\n{timing.END}\nmiddle\n{report.README_START}\nold\n{report.README_END}\n")
    timing.write_readme(readme)
    report.write_readme("| new |\n", readme)
    text = readme.read_text()
    assert text.startswith(f"intro\n{timing.START}\n| measured |") and "old" not in text
    assert text.endswith(f"middle\n{report.README_START}\n| new |\n{report.README_END}\n")
    assert timing.markdown() in text
    readme.write_text("no markers")
    with pytest.raises(ValueError, match="needs the markers <!-- timing table --> and <!-- end timing table -->"):
        timing.write_readme(readme)
    assert readme.read_text() == "no markers"


def test_the_newest_record_is_chosen_by_its_date_not_its_seed(tmp_path):
    from dkm_lib.timing import _latest

    for name, value in [("headline-seed9-20261101.json", "old"), ("headline-seed3-20261203.json", "new"),
                        ("gpu_check-20261130-0110.json", "early"), ("gpu_check-20261130-2300.json", "late")]:
        (tmp_path / name).write_text(json.dumps({"which": value}))
    assert _latest(tmp_path, "headline-seed*.json") == {"which": "new"}
    assert _latest(tmp_path, "gpu_check-*.json") == {"which": "late"}
    assert _latest(tmp_path, "bench-*.json") is None
