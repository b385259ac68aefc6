"""Drop-in tools: `python -m npjax run` and `python -m npjax compare`."""
