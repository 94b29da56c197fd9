"""A progress bar per step (database, media) for the backup and restore commands."""

from tqdm import tqdm


class Bars:
    def __init__(self, stream, *, quiet: bool):
        self.stream, self.quiet, self.bars = stream, quiet, {}

    def __call__(self, step: str, done: int, total: int) -> None:
        if self.quiet:
            return
        bar = self.bars.get(step)
        if bar is None:
            bar = self.bars[step] = tqdm(total=total, desc=f"{step:>8}", unit="file" if step == "media" else "table")
        bar.total = max(total, 1)
        bar.n = done
        bar.refresh()

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()
