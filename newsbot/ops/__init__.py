"""Operations: run history and drift, metrics, the dashboard and the dataset export (no Scrapy)."""
