# A few lines of TAP for the checks in this directory, so meson shows each one.
# SPDX-License-Identifier: GPL-3.0-or-later

import sys


class Tap:
    def __init__(self):
        self.count = 0
        self.failed = 0

    def check(self, ok, what, detail=None):
        self.count += 1
        print(f"{'ok' if ok else 'not ok'} {self.count} - {what}")
        if not ok:
            self.failed += 1
            if detail:
                for line in str(detail).splitlines():
                    print(f"# {line}")
        sys.stdout.flush()
        return ok

    def skip(self, what, reason):
        self.count += 1
        print(f"ok {self.count} - {what} # SKIP {reason}")

    def note(self, text):
        for line in str(text).splitlines():
            print(f"# {line}")

    def finish(self):
        print(f"1..{self.count}")
        return 1 if self.failed else 0
