"""Progress lines on stderr, so long runs show they are alive without cluttering stdout."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


class Progress:
    """Reports named stages and their durations: `with progress.stage("clustering"): ...`."""

    def __init__(self, enabled: bool = True, stream=None) -> None:
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self._started = time.perf_counter()

    def say(self, message: str) -> None:
        if self.enabled:
            elapsed = time.perf_counter() - self._started
            print(f"[{elapsed:6.1f}s] {message}", file=self.stream, flush=True)

    def stage(self, name: str) -> _Stage:
        return _Stage(self, name)

    def iterate(self, items: Iterable[T], total: int, label: str, every: int = 0) -> Iterator[T]:
        """Yield `items`, reporting `label i/total` about ten times along the way."""
        every = every or max(1, total // 10)
        for i, item in enumerate(items, start=1):
            if i % every == 0 or i == total:
                self.say(f"{label} {i}/{total}")
            yield item


class _Stage:
    def __init__(self, progress: Progress, name: str) -> None:
        self.progress = progress
        self.name = name

    def __enter__(self) -> _Stage:
        self._start = time.perf_counter()
        self.progress.say(f"{self.name} ...")
        return self

    def __exit__(self, *exc: object) -> None:
        took = time.perf_counter() - self._start
        self.progress.say(f"{self.name} done ({took:.2f}s)")
