"""`python -m djrh_desktop`: the command line for now (the desktop program takes this over)."""

import sys

from .cli import main

sys.exit(main())
