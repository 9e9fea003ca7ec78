"""Bytes of a text dump -> str: the decoding lives in pipeline.core.decode (the manifest
reader shares it); this name stays for the extractors that import it from here."""
from pipeline.core.decode import decode_text, mostly_utf8

__all__ = ["decode_text", "mostly_utf8"]
