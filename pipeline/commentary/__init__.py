"""Commentary analysis: what each response's evidence and commentary cite, promise,
admit and contradict.

`analyse(responses, document_date=...)` and `warm_up()` are the API
(`pipeline.commentary.analysis`); the modules beside it hold one concern each
(vocabulary, requirements, clauses, reading, references, figures, commitments,
meaning, conflicts, findings, scoring, boilerplate), with the spaCy pipeline
(`nlp`), due dates (`dates`) and the corpus-wide boilerplate step (`corpus`,
`near_verbatim`)."""
from pipeline.commentary.analysis import analyse, warm_up

__all__ = ["analyse", "warm_up"]
