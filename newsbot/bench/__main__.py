"""`python -m newsbot.bench extract|clean|generic|state|neardup|crawl|ccnews|export` (see newsbot/bench/__init__.py)."""

import sys

from newsbot.bench import main

sys.exit(main())
