"""Per-document limits: how many pages and how many seconds one document may take."""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Per-document bounds, so one pathological file cannot hold up or exhaust a batch."""

    max_pages: int | None = 500  # paged formats read at most this many pages
    timeout: float | None = 300.0  # seconds of extraction per document
    ocr: str = "auto"  # scanned PDF pages: auto (pages with no usable text layer) | never | always
    ocr_lang: str = "eng"  # Tesseract language(s), e.g. "eng+cym"
    ocr_page_timeout: float | None = 60.0  # seconds of OCR per page, within `timeout`


class DocumentTimeout(BaseException):
    """Not an Exception, so that no extractor's error handling swallows it."""


@contextmanager
def time_limit(seconds: float | None):
    """Raise DocumentTimeout after `seconds` (main thread only; elsewhere no limit)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise DocumentTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
