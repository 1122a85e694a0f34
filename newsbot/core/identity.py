"""Stable identity: canonical URLs, article ids and content hashes (pure functions)."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import xxhash
from w3lib.url import canonicalize_url

from newsbot.core.text import fold_key

# Query parameters that only track the visitor; they never select content.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid",
        "mc_cid", "mc_eid", "_ga", "_gl", "ocid", "cmpid", "ito", "spm", "share",
        "amp", "outputtype",
    }
)
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_")
# Host prefixes that serve the same article (mobile, AMP) on another host name.
_MIRROR_HOST_RE = re.compile(r"^(?:www\d?|m|mobile|amp)\.")
# Path forms of AMP pages: /amp/..., .../amp, .../amp.html
_AMP_PATH_RE = re.compile(r"(?:^/amp(?=/)|/amp/?$|/amp\.html$)", re.IGNORECASE)

HASH_TAG = "xxh3_128"


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


@lru_cache(maxsize=4096)  # a page's URL is canonicalised several times (identity, canonical link, same-site checks)
def canonical_url(url: str) -> str:
    """w3lib canonical form without tracking parameters and fragment.

    Percent-encoding is normalised (upper-case escapes, non-ASCII encoded), the
    query sorted, the host lower-cased. The path is otherwise kept, so the
    result is still a URL that fetches the page.
    """
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    cleaned = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), ""))
    return canonicalize_url(cleaned, keep_fragments=False)


def identity_key(url: str) -> str:
    """The part of a canonical URL that names the article.

    Scheme, ``www.``/``m.``/``amp.`` hosts, AMP path forms and a trailing
    slash do not change which article a URL names, so they are left out.
    """
    parts = urlsplit(canonical_url(url))
    host = _MIRROR_HOST_RE.sub("", parts.hostname or "")
    path = _AMP_PATH_RE.sub("", parts.path).rstrip("/") or "/"
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


def url_hash(url: str) -> str:
    return xxhash.xxh3_128_hexdigest(identity_key(url).encode("utf-8"))


def article_id(outlet: str, url: str, native_id: str | None = None) -> str:
    """``<outlet>:<native id>`` when the outlet's URL pattern gives one, else a URL hash."""
    return f"{outlet}:{native_id}" if native_id else f"{outlet}:{url_hash(url)}"


def content_hash(body: str) -> str:
    """Algorithm tag + xxh3-128 of the folded body text."""
    return f"{HASH_TAG}:{xxhash.xxh3_128_hexdigest(fold_key(body).encode('utf-8'))}"


def registrable_host(url_or_host: str) -> str:
    """Host without the mirror prefixes (``www.``, ``m.``, ``amp.``)."""
    host = urlsplit(url_or_host).hostname if "//" in url_or_host else url_or_host
    return _MIRROR_HOST_RE.sub("", (host or "").lower().rstrip("."))


@lru_cache(maxsize=1)
def _public_suffixes():
    import tldextract  # the public suffix list snapshot it ships: never fetched (no network)

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=65536)
def registered_domain(host: str) -> str:
    """The domain a host is registered under, by the public suffix list (``www.assabah.com.tn`` ->
    ``assabah.com.tn``, ``news.bbc.co.uk`` -> ``bbc.co.uk``); "" for an IP address or a bare name."""
    return _public_suffixes()(host.lower().rstrip(".")).top_domain_under_public_suffix


def host_in_domains(url: str, domains: list[str] | tuple[str, ...]) -> bool:
    """True when the URL's host is one of ``domains`` or a subdomain of one."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in domains)


def same_site(url: str, other: str, domains: list[str] | tuple[str, ...] = ()) -> bool:
    """Whether two URLs belong to the same site (the outlet's domains, else the same host)."""
    if domains:
        return host_in_domains(url, domains) and host_in_domains(other, domains)
    return registrable_host(url) == registrable_host(other) != ""


def text_id(outlet: str, body: str) -> str:
    """Id of a bare text (no URL): the hash of its folded body."""
    return f"{outlet}:{xxhash.xxh3_128_hexdigest(fold_key(body).encode('utf-8'))}"
