"""`python -m djrh_desktop`: the desktop program (the command line is `djrh`)."""

import sys

from .ui.app import main

sys.exit(main())
