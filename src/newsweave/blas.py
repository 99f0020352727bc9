"""One BLAS thread for small matrix products.

A product of a few hundred rows, or one matrix-vector product, runs on one core faster than on
two: the second thread only adds hand-offs, and on a busy machine (ingest's workers, a server's
other requests) it waits for a core. The model code that wants every core (the sentence
embedder) sets its own threads.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import cache
from typing import Any

from threadpoolctl import ThreadpoolController

__all__ = ["one_blas_thread"]


def one_blas_thread() -> AbstractContextManager[Any]:
    """A context in which numpy's BLAS uses one thread (costs a few microseconds)."""
    limiter: AbstractContextManager[Any] = _controller().limit(limits=1, user_api="blas")
    return limiter


@cache
def _controller() -> ThreadpoolController:
    """The process's BLAS libraries, found once (a search of the loaded libraries takes milliseconds)."""
    return ThreadpoolController()
