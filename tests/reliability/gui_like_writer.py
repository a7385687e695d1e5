"""A stand-in for the desktop program in the multi-process test: one main connection that writes
members through the services, while a thread opens and closes worker connections the way the GUI's
jobs do. Each member whose save returned success is written to the output file at once.

Run: python gui_like_writer.py DB SECONDS OUT PASSWORD"""

from __future__ import annotations

import sqlite3
import sys
import threading
import time

from djrh_desktop.domain.errors import DjrhError
from djrh_desktop.domain.members import MemberInput
from djrh_desktop.services import org, users
from djrh_desktop.store.connection import close_all, open_db, opened


def main() -> int:
    path, seconds, out, password = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
    db = open_db(path)
    session = users.sign_in(db, "admin", password)
    branch = db.execute("SELECT id FROM orgs WHERE kind = '党支部' ORDER BY id LIMIT 1").fetchone()[0]
    deadline = time.monotonic() + seconds
    stop = threading.Event()

    def worker_jobs():
        while not stop.is_set():
            with opened(path) as w:
                w.execute("SELECT count(*) FROM members").fetchone()
            time.sleep(0.01)

    thread = threading.Thread(target=worker_jobs)
    thread.start()
    failures = 0
    with open(out, "w", encoding="utf-8") as saved:
        i = 0
        while time.monotonic() < deadline:
            try:
                member = MemberInput(name=f"窗口{i:05d}", gender="男", branch_id=branch, birth_date="1985-05-05",
                                     join_date="2010-07-01", full_date="2011-07-01")  # fmt: skip
                mid = org.add_member(session, member).ids[0]
            except (DjrhError, sqlite3.Error) as exc:
                failures += 1
                print(f"failed: {exc}", file=sys.stderr)
            else:
                saved.write(f"{mid}\n")
                saved.flush()
            i += 1
    stop.set()
    thread.join()
    close_all()
    print(f"saved {i - failures}, failed {failures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
