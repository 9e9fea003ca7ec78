"""Text: PDF-to-text dumps, and web pages saved as text or markdown.

`sniff.read_text` sniffs the layout per document and hands it to one reader:

- `tabbed.TabbedReader`: tab-separated dumps from PDF converters;
- `pipes.PipeReader`: pipe tables (markdown and friends);
- `blocks.BlocksReader`: labelled blocks (`Code section 1.2` / `Compliance: Yes`);
- `flat.FlatReader`: tables flattened to text, one cell per line or the
  cells of a row glued together.

A text whose content lines mostly carry tabs (or pipes) is read by that reader
alone; otherwise every plausible reader runs and the reading that finds most
of the form wins (`quality`).  `source_start`/`source_end` are line numbers.
"""
from __future__ import annotations

from extractors.text.decode import decode_text
from extractors.text.sniff import no_rows_problem, read_text
from pipeline.core.model import Extraction, Source

NAME = "text"


def extract(source: Source) -> Extraction:
    text, problems = decode_text(source.data)
    out = Extraction(problems=problems, extractor=NAME)
    if text is None:
        return out
    out.text = text
    reading = read_text(text)
    out.rows, out.headers = reading.rows, reading.headers
    if not out.rows:
        out.problems.append(no_rows_problem(
            f"none of its {sum(1 for ln in text.split(chr(10)) if ln.strip())} lines starts with a Code "
            "provision number (e.g. '1.2') or a provision's wording, and no labelled block "
            "('Code section 1.2', 'Compliance: Yes') was found"))
    return out
