"""Item pipelines, one concern per module, in ITEM_PIPELINES order: clean, validate, dedup, jsonl."""
