"""The README's examples of a new reader and a new verify rule, each dropped as one new file
into its package (a folder added to the package's path), found and run."""

from __future__ import annotations

import io
import sys
import zipfile

import pytest

import policyscope.ingest.readers as readers_pkg
from policyscope import Workspace
from policyscope.analysis import verify_rules
from policyscope.analysis.verify import verify_claims
from policyscope.errors import ReadError
from policyscope.ingest.readers import read_file, registry
from tests.readme import readme_example

ODT_MIME = "application/vnd.oasis.opendocument.text"
CONTENT = (
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
    "<text:h>人工智能+行动</text:h><text:p>推进<text:span>人工智能+</text:span>行动。</text:p>"
    "<text:p/></office:text></office:body></office:document-content>"
)


def _odt() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), ODT_MIME)  # first and stored, as ODF asks
        z.writestr("content.xml", CONTENT, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


@pytest.fixture
def odt_reader(tmp_path, monkeypatch):
    folder = tmp_path / "readers"
    folder.mkdir()
    code = readme_example("policyscope/ingest/readers/odt.py")
    (folder / "odt.py").write_text(code, encoding="utf-8")
    monkeypatch.setattr(readers_pkg, "__path__", [*readers_pkg.__path__, str(folder)])
    monkeypatch.setattr(registry, "_READERS", dict(registry._READERS))
    monkeypatch.setattr(registry, "_discovered", set())
    yield
    sys.modules.pop("policyscope.ingest.readers.odt", None)


def test_the_readme_reader_reads_sniffs_and_refuses(odt_reader, tmp_path):
    path = tmp_path / "plan.odt"
    path.write_bytes(_odt())
    assert read_file(path).text == "人工智能+行动\n\n推进人工智能+行动。"
    misnamed = tmp_path / "plan.pdf"  # the bytes decide, not the name
    misnamed.write_bytes(_odt())
    assert registry.sniffed_format(misnamed.read_bytes()) == "odt"
    assert registry.suffix_for_mime(ODT_MIME) == ".odt"
    broken = tmp_path / "broken.odt"
    broken.write_bytes(_odt()[:60])
    with pytest.raises(ReadError, match="broken.odt"):
        read_file(broken)


@pytest.fixture
def absence_rule(tmp_path, monkeypatch):
    folder = tmp_path / "rules"
    folder.mkdir()
    code = readme_example("policyscope/analysis/verify_rules/absence.py")
    (folder / "absence.py").write_text(code, encoding="utf-8")
    monkeypatch.setattr(verify_rules, "__path__", [*verify_rules.__path__, str(folder)])
    yield
    verify_rules._RULES.pop("absence", None)
    verify_rules._loaded.discard("absence")
    sys.modules.pop("policyscope.analysis.verify_rules.absence", None)


def test_the_readme_verify_rule_gives_verdicts(absence_rule, tmp_path):
    (tmp_path / "a.txt").write_text("推进互联网+，发展数字经济。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("发展数字经济。", encoding="utf-8")
    with Workspace(tmp_path / "w.db") as ws:
        for name, key in (("a.txt", "2020"), ("b.txt", "2021")):
            ws.ingest([tmp_path / name], meta={"series": "toys", "series_key": key}, workers=1)
        verdicts = {
            key: verify_claims(ws.corpus, [{"type": "absence", "term": "互联网+", "key": key}],
                               "toys")[0].verdict
            for key in ("2020", "2021", "2022")
        }  # fmt: skip
    assert verdicts == {"2020": "contradicted", "2021": "supported", "2022": "not_checkable"}
