"""What a site's robots.txt says to the crawlers that gather text for AI (pure: bodies or parsers in, names out).

An article's ``robots_ai`` is the list of ``AI_AGENTS`` its site's robots.txt disallows for the
article's URL. Each agent is asked exactly as the crawl's own robots check asks for newsbot (Scrapy's
parser, Protego: the group naming the agent's product token wins; with none, the ``User-agent: *``
group applies). So a wildcard ``Disallow: /`` does disallow every agent that no group of its own
allows, and they are all listed; a Disallow whose path does not cover the URL lists nobody.
"""

from __future__ import annotations

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
    """A parsed robots.txt as Scrapy's robot parsers are: may ``user_agent`` fetch ``url``?"""

    def allowed(self, url: str, user_agent: str) -> bool: ...


class ProtegoRules:
    """A robots.txt body read by Protego, the parser Scrapy's crawl uses by default."""

    def __init__(self, body: bytes | str):
        # Scrapy decodes a robots.txt as UTF-8 and drops what does not decode; so does this.
        text = body.decode("utf-8", errors="ignore") if isinstance(body, bytes) else body
        self.parser = Protego.parse(text)

    def allowed(self, url: str, user_agent: str) -> bool:
        return self.parser.can_fetch(url, user_agent)


def disallowed_agents(robots: RobotsRules | bytes | str, url: str, agents: tuple[str, ...] = AI_AGENTS) -> list[str]:
    """The ``agents`` that ``robots`` (a parsed robots.txt, or its body) disallows for ``url``, sorted."""
    rules = ProtegoRules(robots) if isinstance(robots, (bytes, str)) else robots
    return sorted(agent for agent in agents if not rules.allowed(url, agent))
