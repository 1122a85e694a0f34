"""The local web: a loopback proxy answering for real outlet URLs from synthetic sites.

Used by the end-to-end tests and by `scrapy demo`; it never reaches the internet.
"""

from newsbot.dev.localweb.proxy import BlackHole, LocalWeb, Reply
from newsbot.dev.localweb.site import SyntheticYoum7

__all__ = ["BlackHole", "LocalWeb", "Reply", "SyntheticYoum7"]
