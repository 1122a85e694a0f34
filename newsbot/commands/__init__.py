"""newsbot's own scrapy commands (COMMANDS_MODULE)."""
