"""Benchmark: the customer pane's message view on the demo's 2,400-message thread, against the real server.

Starts `switchboard-server --demo` on a fresh database, opens customer 1 in a `CustomerPane`
(offscreen), opens the long thread and prints:
- time from selecting the thread to the first painted page (target: under 150 ms);
- scrolling from the bottom to the very first message, with older pages fetched on the way:
  the slowest and the median frame (pending relayout + scroll step + repaint; target: no frame
  over 50 ms);
- the relayout after a page arrives (sizes cached) and after a resize (every row measured again);
- RSS with the whole thread loaded.

    python tests/benchmarks/bench_message_view.py [--step 120]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import qasync  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.client import SwitchboardClient  # noqa: E402
from app.desktop.customer.drafts import DraftStore  # noqa: E402
from app.desktop.customer.pane import CustomerPane  # noqa: E402
from tests.live_server import LiveServer  # noqa: E402

CUSTOMER = 1


async def wait_for(condition: Callable[[], object], seconds: float = 30.0) -> None:
    deadline = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.001)


async def bench(server: LiveServer, step: int) -> None:
    client = SwitchboardClient(server.url, token=server.token("agent"))
    pane = CustomerPane(client, DraftStore(Path(tempfile.mkdtemp()) / "drafts"))
    pane.resize(1280, 900)
    pane.show()
    loaded: list[bool] = []
    pane.fully_loaded.connect(lambda: loaded.append(True))
    pane.open_customer(CUSTOMER)
    await wait_for(lambda: loaded)
    tab = pane.conversations
    threads = tab.threads_model.threads
    longest = max(threads, key=lambda thread: thread.communication_count)
    view = tab.message_view

    def select(thread_id: int) -> None:
        tab.thread_list.setCurrentIndex(tab.threads_model.index(tab.threads_model.row_of(thread_id) or 0, 0))

    painted: list[float] = []
    view.first_page_painted.connect(lambda: painted.append(time.perf_counter()))
    other = next(t for t in threads if t.thread_id != longest.thread_id)
    opens = []
    for _ in range(5):
        # Another thread first, so each round really opens the long one.
        select(other.thread_id)
        await wait_for(lambda: tab.messages_model.rowCount() > 0 and not tab.messages_model.loading)
        await asyncio.sleep(0.05)
        painted.clear()
        started = time.perf_counter()
        select(longest.thread_id)
        await wait_for(lambda: painted)
        opens.append((painted[0] - started) * 1000)
    print(f"thread of {longest.communication_count} messages, first page of {tab.messages_model.rowCount()}")
    print(f"open to first paint: median {statistics.median(opens):.1f} ms, max {max(opens):.1f} ms")

    bar = view.verticalScrollBar()
    frames: list[float] = []
    app = QApplication.instance()
    assert app is not None
    while True:
        started = time.perf_counter()
        # A frame: the layout Qt still owes (after older rows arrived), the scroll step, the paint.
        view.executeDelayedItemsLayout()
        bar.setValue(bar.value() - step)
        view.viewport().repaint()
        frames.append((time.perf_counter() - started) * 1000)
        if os.environ.get("BENCH_DEBUG") and frames[-1] > 30:
            print(f"  slow frame {frames[-1]:.1f} ms at {tab.messages_model.rowCount()} rows")
        await asyncio.sleep(0)
        if bar.value() == 0:
            if not tab.messages_model.has_older:
                break
            await wait_for(lambda: not tab.messages_model.loading)
            await asyncio.sleep(0.01)  # the layout of the inserted rows, as between real frames
    # The relayout Qt does after older rows arrive (sizes cached), and after a resize (measured again).
    started = time.perf_counter()
    view.doItemsLayout()
    cached = (time.perf_counter() - started) * 1000
    view.delegate.forget_all()
    started = time.perf_counter()
    view.doItemsLayout()
    measured = (time.perf_counter() - started) * 1000
    rows = tab.messages_model.rowCount()
    print(f"relayout of {rows} rows: {cached:.1f} ms with cached sizes, {measured:.1f} ms measuring again")
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"scrolled to the first message: {tab.messages_model.rowCount()} rows, {len(frames)} frames, "
        f"median {statistics.median(frames):.1f} ms, slowest {max(frames):.1f} ms"
    )
    print(f"RSS (max) with the whole thread loaded: {rss_kb / 1024:.0f} MB")
    await client.aclose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--step", type=int, default=120, help="pixels per scroll frame")
    args = parser.parse_args()
    server = LiveServer(Path(tempfile.mkdtemp()) / "bench.db")
    server.start()
    try:
        app = QApplication.instance() or QApplication(sys.argv)
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        with loop:
            loop.run_until_complete(bench(server, args.step))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
