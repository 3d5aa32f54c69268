"""`python -m bot` is the same as `kinerja-bot`."""

import sys

from bot.cli import main

sys.exit(main())
