"""Frozen entry point of the desktop program."""

import sys

from djrh_desktop.ui.app import main

sys.exit(main())
