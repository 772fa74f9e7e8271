import pytest

from policyscope.errors import ManifestError
from policyscope.ingest.manifest import read_manifest


def test_tsv_manifest_derives_series_from_folder_and_date_from_title(tmp_path):
    (tmp_path / "gwr").mkdir()
    (tmp_path / "gwr" / "2024.zh.txt").write_text("x", encoding="utf-8")
    m = tmp_path / "MANIFEST.tsv"
    m.write_text(
        "file\ttitle\tyear\tlanguage\tnotes\n"
        "gwr/2024.zh.txt\t报告（2024-03-05在大会上）\t2024\tzh\tcomplete\n",
        encoding="utf-8",
    )
    entries = read_manifest(m)
    e = entries[(tmp_path / "gwr" / "2024.zh.txt").resolve()]
    assert (e.meta.series, e.meta.series_key, e.meta.date, e.meta.language) == (
        "gwr",
        "2024",
        "2024-03-05",
        "zh",
    )
    assert e.extra == {"notes": "complete"}


def test_yaml_manifest_mapping_form(tmp_path):
    m = tmp_path / "m.yaml"
    m.write_text("a.txt: {title: A, date: 2023-07-10, series: regs}\n", encoding="utf-8")
    e = read_manifest(m)[(tmp_path / "a.txt").resolve()]
    assert (e.meta.title, e.meta.date, e.meta.series) == ("A", "2023-07-10", "regs")


def test_manifest_row_without_file_names_line(tmp_path):
    m = tmp_path / "m.csv"
    m.write_text("title,year\nA,2020\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=r"m\.csv:2"):
        read_manifest(m)


def test_missing_manifest_is_a_clear_error(tmp_path):
    with pytest.raises(ManifestError, match="manifest not found"):
        read_manifest(tmp_path / "nope.tsv")
