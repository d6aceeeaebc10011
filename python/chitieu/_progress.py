"""Progress bars for long loads and generations, shown only when someone watches.

A bar appears when tqdm is installed and the session is interactive: stderr is a
terminal, or the code runs in a Jupyter kernel. Otherwise (batch jobs, CI, pipes,
pytest's captured output, tqdm missing) every helper here is silent and costs
nothing. The environment variable ``CHITIEU_PROGRESS`` overrides the guess:
``0``/``false``/``off`` silences bars, ``1``/``true``/``on`` asks for them.

>>> from chitieu._progress import track
>>> total = 0
>>> for step in track(range(3), desc="steps"):  # silent when not interactive
...     total += step
>>> total
3
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from typing_extensions import Self

T = TypeVar("T")

_OFF = {"0", "false", "no", "off"}
_ON = {"1", "true", "yes", "on"}


def interactive() -> bool:
    """True when progress bars should be shown: ``CHITIEU_PROGRESS`` if set,
    else whether stderr is a terminal or we run inside a Jupyter kernel.

    >>> isinstance(interactive(), bool)
    True
    """
    env = os.environ.get("CHITIEU_PROGRESS", "").strip().lower()
    if env in _OFF:
        return False
    if env in _ON:
        return True
    return _in_jupyter() or _stderr_is_tty()


def _stderr_is_tty() -> bool:
    stream = sys.stderr
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


def _in_jupyter() -> bool:
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    try:
        shell = ipython.get_ipython()
    except Exception:
        return False
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def _tqdm_class() -> Any | None:
    try:
        # The notebook widget needs ipywidgets; without it tqdm.notebook fails,
        # so fall back to the text bar, which Jupyter also renders.
        if _in_jupyter() and importlib.util.find_spec("ipywidgets") is not None:
            from tqdm.notebook import tqdm as cls
        else:
            from tqdm import tqdm as cls
    except ImportError:
        return None
    return cls


class _Silent:
    """The stand-in for a bar when none is shown: accepts the calls, does nothing."""

    def update(self, n: float = 1) -> None:
        pass

    def set_description(self, desc: str | None = None) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def bar(
    total: float | None = None,
    *,
    desc: str | None = None,
    unit: str = "it",
    enabled: bool | None = None,
) -> Any:
    """A progress bar to ``update()`` by hand, usable as a context manager.

    ``enabled=None`` shows it only when :func:`interactive`; ``True``/``False``
    force the choice (a forced bar still needs tqdm installed).

    >>> with bar(total=2, desc="loading", enabled=False) as b:
    ...     b.update(1); b.update(1)
    """
    show = interactive() if enabled is None else enabled
    cls = _tqdm_class() if show else None
    if cls is None:
        return _Silent()
    return cls(total=total, desc=desc, unit=unit, leave=False, file=sys.stderr)


def track(
    iterable: Iterable[T],
    *,
    desc: str | None = None,
    total: float | None = None,
    unit: str = "it",
    enabled: bool | None = None,
) -> Iterator[T]:
    """Iterate over ``iterable``, with a progress bar when :func:`interactive`.

    >>> list(track("ab", desc="letters", enabled=False))
    ['a', 'b']
    """
    show = interactive() if enabled is None else enabled
    cls = _tqdm_class() if show else None
    if cls is None:
        return iter(iterable)
    if total is None:
        try:
            total = len(iterable)  # type: ignore[arg-type]
        except TypeError:
            total = None
    return iter(
        cls(iterable, total=total, desc=desc, unit=unit, leave=False, file=sys.stderr)
    )
