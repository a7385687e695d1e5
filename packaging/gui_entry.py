"""Frozen entry point of the desktop program; on Linux also of `djrh`, a link to the same executable
(one program file instead of two copies of the Python archive; Windows keeps a console djrh.exe)."""

import os
import sys

if os.path.basename(sys.argv[0]) == "djrh":
    from djrh_desktop.cli import main
else:
    from djrh_desktop.ui.app import main

sys.exit(main())
