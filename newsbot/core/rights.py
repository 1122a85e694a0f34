"""What a site's robots.txt says to the crawlers that gather text for AI (pure: bodies or parsers in, names out).

An article's ``robots_ai`` is the list of ``AI_AGENTS`` its site's robots.txt disallows for the
article's URL. Each agent finds its group as RFC 9309 (2.2.1) and Google's parser have it: the group
whose User-agent product token equals the agent's, case-insensitively (several User-agent lines may
share a group; groups of the same token merge), else the ``User-agent: *`` group. So ``User-agent:
Applebot`` is Apple's search crawler only, never Applebot-Extended. The group's rules are then
Protego's (Scrapy's parser): the longest match wins, Allow on a tie. So a wildcard ``Disallow: /``
does disallow every agent that no group of its own allows, and they are all listed; a Disallow whose
path does not cover the URL lists nobody.
"""

from __future__ import annotations

import re
from typing import Protocol

from protego import Protego

# The robots.txt product tokens of crawlers that gather pages to train AI models, or that fetch and
# index them for an AI assistant's answers: a site that disallows one of them says "not for AI".
# General search crawlers (Googlebot, Bingbot, Applebot, ...) are left out: disallowing them speaks of
# search; the search companies take their AI opt-outs as separate tokens (the *-Extended ones).
AI_AGENTS: tuple[str, ...] = (
    # OpenAI: GPTBot gathers training data; ChatGPT-User fetches pages a ChatGPT user asks about;
    # OAI-SearchBot indexes pages for ChatGPT's search answers.
    "GPTBot", "ChatGPT-User", "OAI-SearchBot",
    # Anthropic: ClaudeBot gathers training data; anthropic-ai and Claude-Web are its earlier tokens,
    # still the ones many sites' robots.txt name to opt out.
    "ClaudeBot", "anthropic-ai", "Claude-Web",
    # Google and Apple: no crawler of their own, the tokens that decide whether what Googlebot and
    # Applebot fetched may train (and ground) Gemini and Apple's models.
    "Google-Extended", "Applebot-Extended",
    # Common Crawl: its archive is the largest source of LLM pretraining text.
    "CCBot",
    # Meta: meta-externalagent gathers data to train its AI models; FacebookBot, for its language
    # models (not facebookexternalhit, which renders link previews).
    "meta-externalagent", "FacebookBot",
    # ByteDance's crawler, reported to gather training data for its LLMs.
    "Bytespider",
    # Amazon: Amazonbot's pages may train Amazon's AI models and answer Alexa's questions.
    "Amazonbot",
    # An AI answer engine's index.
    "PerplexityBot",
    # Cohere's training-data token.
    "cohere-ai",
    # Sellers of crawled web data and knowledge graphs for AI training: Diffbot, Webz.io (omgili,
    # omgilibot), Hive (ImagesiftBot, images) and Timpi.
    "Diffbot", "omgili", "omgilibot", "ImagesiftBot", "Timpibot",
)


class RobotsRules(Protocol):
    """A parsed robots.txt as Scrapy's robot parsers are: may ``user_agent`` fetch ``url``?

    Which group applies is the parser's own choice: Scrapy's ProtegoRobotParser takes a group whose
    token merely begins the agent's name (``Applebot`` for Applebot-Extended); ``ProtegoRules`` does not.
    """

    def allowed(self, url: str, user_agent: str) -> bool: ...


# A User-agent line as Protego reads one ("User-agent: x", "User agent: x", "useragent x", any case).
_USER_AGENT_LINE = re.compile(r"(?:user-agent|useragent|user agent)\s*(?::|\s)\s*(.*)", re.IGNORECASE)
_NOT_IN_TOKEN = re.compile(r"[^A-Za-z_-]")  # RFC 9309: a product token is letters, "_" and "-"


def _token(value: str) -> str:
    """The product token a User-agent value (or an agent's name) starts with, as Google's parser reads it:
    ``GPTBot/1.0`` is GPTBot; ``*`` alone, or followed by a space, is the wildcard."""
    value = value.strip()
    if value[:1] == "*" and value[1:2].strip() == "":
        return "*"
    return _NOT_IN_TOKEN.split(value, maxsplit=1)[0].lower()


def _exact(token: str) -> str:
    # Protego takes a group whose token occurs in the agent's name; "0" is in no product token, so
    # "0applebot0" occurs in "0applebot-extended0" (or any other) only if the tokens are equal.
    return f"0{token}0"


def _exact_tokens(text: str) -> str:
    """``text`` with each User-agent value written as its exact token (unreadable ones as none at all)."""
    lines = []
    for line in text.splitlines():
        ua = _USER_AGENT_LINE.fullmatch(line.split("#", 1)[0].strip())
        if ua:
            token = _token(ua.group(1))
            # An empty value still ends the group before it, as any User-agent line does; it names nobody.
            line = "User-agent: " + ("*" if token == "*" else _exact(token) if token else "")
        lines.append(line)
    return "\n".join(lines)


class ProtegoRules:
    """A robots.txt body whose group for an agent is the one of its exact product token (else ``*``),
    and whose rules Protego, the parser Scrapy's crawl uses by default, applies to the URL."""

    def __init__(self, body: bytes | str):
        # Scrapy decodes a robots.txt as UTF-8 without its byte-order mark ("utf-8-sig") and drops what
        # does not decode; so does this.
        text = body.decode("utf-8-sig", errors="ignore") if isinstance(body, bytes) else body.removeprefix("\ufeff")
        self.parser = Protego.parse(_exact_tokens(text))

    def allowed(self, url: str, user_agent: str) -> bool:
        return self.parser.can_fetch(url, _exact(_token(user_agent)))


def disallowed_agents(robots: RobotsRules | bytes | str, url: str, agents: tuple[str, ...] = AI_AGENTS) -> list[str]:
    """The ``agents`` that ``robots`` (a robots.txt body, or its parsed rules) disallows for ``url``, sorted."""
    rules = ProtegoRules(robots) if isinstance(robots, (bytes, str)) else robots
    return sorted(agent for agent in agents if not rules.allowed(url, agent))
