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


@pytest.mark.parametrize(
    "body, match",
    [
        ("file\tdate\na.txt\t2025-13-45\n", r"m\.tsv:2: a\.txt: date '2025-13-45' is not a date"),
        ("file\tdate\na.txt\t2025-02-30\n", r"m\.tsv:2: .*'2025-02-30' is not a date"),
        ("file\tdate\nb.txt\t2024\na.txt\tyesterday\n", r"m\.tsv:3: .*'yesterday' is not a date"),
        ("file\tyear\na.txt\t2025-03\n", r"year '2025-03' is not a year"),
        ("file\ttitle\na.txt\tA\n./a.txt\tB\n", r"m\.tsv:3: a\.txt is described twice \(rows 2"),
    ],
)
def test_manifest_dates_and_duplicate_rows_are_checked(tmp_path, body, match):
    m = tmp_path / "m.tsv"
    m.write_text(body, encoding="utf-8")
    with pytest.raises(ManifestError, match=match):
        read_manifest(m)


@pytest.mark.parametrize(
    "body, match",
    [
        ("- file: a.txt\n  title: [unclosed\n", r"m\.yaml:\d+: not valid YAML"),
        ("- file: a.txt\n  title: !!python/object/apply:os.system ['true']\n", "not valid YAML"),
        ("- file: a.txt\n  title: {en: A, zh: B}\n", r"m\.yaml:1: a\.txt: title must be text"),
        ("- {file: a.txt, 3: x}\n", None),  # a number as a key is only an extra column
    ],
)
def test_yaml_manifest_attacks_are_clear_errors(tmp_path, body, match):
    m = tmp_path / "m.yaml"
    m.write_text(body, encoding="utf-8")
    if match is None:
        assert read_manifest(m)[(tmp_path / "a.txt").resolve()].extra == {"3": "x"}
        return
    with pytest.raises(ManifestError, match=match):
        read_manifest(m)


def test_yaml_billion_laughs_is_refused_quickly(tmp_path):
    import time

    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    lines.append("x.txt: {title: *a9}")
    m = tmp_path / "m.yaml"
    m.write_text("\n".join(lines) + "\n", encoding="utf-8")
    t0 = time.perf_counter()
    with pytest.raises(ManifestError, match="aliases expand past"):
        read_manifest(m)
    assert time.perf_counter() - t0 < 5


def test_a_csv_cell_over_the_csv_limit_is_an_error_naming_the_row(tmp_path):
    m = tmp_path / "m.csv"
    m.write_text("file,title\na.txt,short\nb.txt," + "x" * 140_000 + "\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=r"m\.csv:3: cannot read this row"):
        read_manifest(m)
