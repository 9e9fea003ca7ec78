"""Commentary analysis: what each response's evidence and commentary cite, promise,
admit and contradict (`analysis`), with its spaCy pipeline (`nlp`), due dates
(`dates`), and the corpus-wide boilerplate step (`corpus`, `near_verbatim`)."""
