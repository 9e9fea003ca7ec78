"""The landlord's own name: where documents print it, kept whole, never invented."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest.landlord_name import infer_landlord, landlord_name
from pipeline.ingest.process import process_file
from tests.format_cases import req
from tests.landlord_cases import FINAL, FRESH, PROSE, TEST, TUNING, score

ROW = f"1.2\t{req('2024', '1.2')}\tYes\tOur policy uses this definition.\n"


def test_names_joined_by_ampersand_and_upon_are_kept_whole():
    assert infer_landlord("Complaints are answered by Ashby & Marsh City Council within ten days.") \
        == "Ashby & Marsh City Council"
    assert infer_landlord("Residents of Kirkby upon Tarn Borough Council were asked.") \
        == "Kirkby upon Tarn Borough Council"
    assert infer_landlord("Write to Bell and Cray Housing Trust.") == "Bell and Cray Housing Trust"


def test_names_without_the_usual_suffixes_from_sentences():
    assert landlord_name("At Pendle Rise Group, we answer every complaint.")[0] == "Pendle Rise Group"
    assert landlord_name("This form is completed by the Corran Living complaints officer.")[0] == "Corran Living"
    assert landlord_name("Contact sv7homes on the number below.")[0] == "sv7homes"


def test_one_word_in_a_sentence_is_no_full_name():
    assert landlord_name("At Easter, we open on Tuesday. Leeds's complaints are logged.") == (None, None)


def test_committees_and_regulators_are_no_landlord():
    text = ("Our Repairs Focus Group read this. The Repairs Focus Group meets monthly. "
            "We report to the Regulator of Social Housing and the Housing Ombudsman.")
    assert landlord_name(text) == (None, None)


def test_metadata_site_name_and_title_parts():
    assert landlord_name("Self-assessment", {"site_name": "Harlow Fold"}) == ("Harlow Fold", "metadata")
    assert landlord_name("Self-assessment", {"title": "Self-assessment 2024 | Harlow Fold"}) \
        == ("Harlow Fold", "metadata")
    # A program's or a person's name is no landlord.
    assert landlord_name("Self-assessment", {"title": "Microsoft Word - form v2.docx", "author": "Sam Reed"}) \
        == (None, None)


def test_first_line_title_is_its_own_source():
    assert landlord_name("Complaints self-assessment – Orchard Vale Homes\n" + ROW) == ("Orchard Vale Homes", "title")


def test_labelled_cases_tuning_half_all_named():
    got = score(TUNING + PROSE)
    assert got["wrong"] == 0 and got["correct"] == got["cases"], got["failures"]


@pytest.mark.parametrize("cases", [TEST, FRESH, FINAL], ids=["test", "fresh", "final"])
def test_labelled_cases_held_out_halves(cases):
    got = score(cases)
    assert got["wrong"] == 0, got["failures"]
    assert got["share_correct"] >= 0.95, got["failures"]


# ---------------------------------------------------------------- the extractors' metadata


def test_html_title_and_site_name_name_the_landlord(tmp_path):
    page = tmp_path / "sa.html"
    page.write_text(f"""<html><head><title>Our self-assessment | Thornbury Reach</title>
<meta property="og:site_name" content="Thornbury Reach Homes"></head>
<body><table><tr><th>Code provision</th><th>Code requirement</th><th>Comply</th><th>Evidence</th></tr>
<tr><td>1.2</td><td>{req('2024', '1.2')}</td><td>Yes</td><td>Policy section 2.</td></tr></table></body></html>""")
    result = process_file(page)
    assert (result.document["landlord"], result.document["landlord_source"]) == ("Thornbury Reach Homes", "metadata")


def test_word_core_properties_name_the_landlord(tmp_path):
    import docx

    d = docx.Document()
    d.core_properties.author = "Lindale Housing Group"
    d.core_properties.title = "Self-assessment form"
    table = d.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ("Code provision", "Code requirement", "Comply", "Evidence")):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("1.2", req("2024", "1.2"), "Yes", "Our policy.")):
        cell.text = text
    path = tmp_path / "sa.docx"
    d.save(str(path))
    result = process_file(path)
    assert (result.document["landlord"], result.document["landlord_source"]) == ("Lindale Housing Group", "metadata")


def test_pdf_metadata_names_the_landlord(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "sa.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle("Complaint handling self-assessment - Fernhill Community Housing")
    c.setAuthor("j.smith")
    c.drawString(72, 780, "Self-assessment form")
    c.save()
    from extractors.pdf.reading import pdf_metadata

    meta = pdf_metadata(path.read_bytes())
    assert meta["title"] == "Complaint handling self-assessment - Fernhill Community Housing"
    assert landlord_name("Self-assessment form", meta) == ("Fernhill Community Housing", "metadata")


def test_unreadable_pdf_has_no_metadata():
    from extractors.pdf.reading import pdf_metadata

    assert pdf_metadata(b"not a pdf") == {}


def test_sample_corpus_without_its_manifest_names_the_landlords_it_prints():
    raw = Path(__file__).resolve().parents[1] / "data" / "raw"
    got = {p.name[:3]: landlord_name(p.read_text(encoding="utf-8"))[0] for p in sorted(raw.glob("*.txt"))}
    # 001 and 002 say only "the council"; 003 also says "WC's complaints process" (an abbreviation).
    assert got == {"000": "Somerset Council", "001": None, "002": None,
                   "003": "Wiltshire Council", "004": "Brent Council"}
