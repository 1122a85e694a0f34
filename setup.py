# For scrapyd-deploy, which builds an egg with `python setup.py bdist_egg`; everything else is in pyproject.toml.
from setuptools import setup

setup()
