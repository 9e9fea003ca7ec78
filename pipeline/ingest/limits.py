"""Per-document limits: how much of a batch one document may take (pages, rows, problems,
seconds, memory), so one pathological file cannot hold up or exhaust a batch.  What a user
sees at each limit is in the README ("Bad input, re-runs and scale")."""
from __future__ import annotations

import ctypes
import os
import resource
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass

GB = 1 << 30


@dataclass(frozen=True)
class Limits:
    """Per-document bounds, so one pathological file cannot hold up or exhaust a batch."""

    max_pages: int | None = 500  # paged formats read at most this many pages
    timeout: float | None = 300.0  # seconds of extraction per document
    ocr: str = "auto"  # scanned PDF pages: auto (pages with no usable text layer) | never | always
    ocr_lang: str = "eng"  # Tesseract language(s), e.g. "eng+cym"
    ocr_page_timeout: float | None = 60.0  # seconds of OCR per page, within `timeout`
    timeout: float | None = 300.0  # seconds for the whole of a document: extract, align, analyse
    # A form has about 75 provision rows; past this the rest of a document is not read.
    max_rows: int = 5000
    # Problems recorded per document; past this one line says how many more there were.
    max_problems: int = 200
    # Memory each worker process may take beyond what it starts with (RLIMIT_AS), in bytes;
    # None: no limit.  A worker that needs more fails its document with "too large to read"
    # (or dies alone, and the batch goes on).
    max_memory: int | None = 2 * GB


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


def limit_memory(max_bytes: int | None) -> None:
    """Let this process's address space grow by at most `max_bytes` beyond what it holds now
    (RLIMIT_AS), so that C parsers that cannot be interrupted fail to allocate (MemoryError)
    instead of taking the machine.  Counted from the current size because a forked worker
    starts with its parent's mappings.  Only for worker processes."""
    if not max_bytes:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _address_space() + max_bytes
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _address_space() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask the kernel to kill this worker when its parent dies (a SIGKILLed or OOM-killed
    `chc extract` must not leave workers holding the database file open).  Linux only; where
    prctl is missing, `parent_gone` is checked between documents instead."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


_PARENT: int | None = None  # set in worker processes only: the run itself may outlive its shell


def remember_parent() -> None:
    global _PARENT
    _PARENT = os.getppid()


def parent_gone() -> bool:
    """Is this a worker whose `chc extract` has died?"""
    return _PARENT is not None and os.getppid() != _PARENT
