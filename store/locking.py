"""The desk's hold on its case file, so nothing replaces the file while the desk has it open.

An idle desk holds no SQLite connection, so SQLite's own locks cannot tell a restore that the
desk is open. The desk instead holds an operating-system lock on a small file beside the case
file (`NAME.lock`) from start to exit; the system lets go of it when the process ends, however
it ends, so a crashed desk never leaves the file locked. A restore takes the same lock, so it
refuses while a desk is open, and a desk refuses while another desk (or a restore) has it.

The lock file is made like every other file (`new_file`: private, never through a link) and
opened without following a link. It is removed when the lock is let go; whoever takes the lock
then checks it still holds the file at that name, so a removal and a new start cannot both
think they hold it.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from store.errors import StoreError
from store.paths import new_file

LOCK_SUFFIX = ".lock"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
# Another holder: anything else from the lock call means the file system keeps no locks.
_HELD_ELSEWHERE = {errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, errno.EDEADLK}


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + LOCK_SUFFIX)


@contextmanager
def held(path: Path, *, refusal: str) -> Iterator[None]:
    """Hold the lock on the case file at `path` for the length of the block, or raise
    `StoreError(refusal)` at once if someone else holds it."""
    lock = lock_path(path)
    descriptor = _take(lock, refusal)
    try:
        yield
    finally:
        _let_go(lock, descriptor)


def _take(lock: Path, refusal: str) -> int:
    for _ in range(5):
        descriptor = _open(lock)
        if not _try_lock(descriptor):
            os.close(descriptor)
            raise StoreError(refusal)
        if _same_file(descriptor, lock):
            return descriptor
        # The holder before removed the file as it was being opened: take the new one.
        os.close(descriptor)
    raise StoreError(refusal)


def _open(lock: Path) -> int:
    try:
        with new_file(lock):
            pass
    except FileExistsError:
        pass  # made by an earlier desk, or another one: the lock, not the file, says which
    except OSError as error:
        raise StoreError(
            f"{lock.name} cannot be made in {lock.parent} ({error.strerror or error}); it keeps "
            "the file from being replaced while the desk is open. Check the folder's permissions."
        ) from None
    try:
        descriptor = os.open(lock, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC)
    except OSError as error:
        raise StoreError(_not_a_lock(lock, error.strerror or str(error))) from None
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise StoreError(_not_a_lock(lock, "it is not a plain file"))
    return descriptor


def _not_a_lock(lock: Path, why: str) -> str:
    return (
        f"{lock} is not the desk's lock file ({why}); a link or a folder may have been put "
        "there. Remove it, then try again."
    )


def _try_lock(descriptor: int) -> bool:
    """Whether the lock was had: False if someone else holds it. A file system that keeps no
    locks (some network shares) is let through: the desk still notices a file replaced beneath
    it, by the file's identity."""
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        return error.errno not in _HELD_ELSEWHERE
    return True


def _same_file(descriptor: int, lock: Path) -> bool:
    try:
        named = os.lstat(lock)
    except FileNotFoundError:
        return False
    opened = os.fstat(descriptor)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _let_go(lock: Path, descriptor: int) -> None:
    if sys.platform == "win32":
        # Windows will not remove a file another process has open, so removing it after the
        # lock is let go cannot pull it from under the next holder.
        os.close(descriptor)
        with suppress(OSError):
            lock.unlink()
        return
    # Removed while still held, so the next holder finds either this file, and sees it gone,
    # or a new one.
    with suppress(OSError):  # a folder made read-only since: the file stays, the lock goes
        lock.unlink(missing_ok=True)
    os.close(descriptor)
