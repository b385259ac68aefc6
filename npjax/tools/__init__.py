"""Command-line tools: `python -m npjax run` (an unchanged NumPy script on npjax, run.py),
`python -m npjax compare` (the script on NumPy and on npjax, results compared, compare.py)
and the pytest plugin (`pytest --npjax`, pytest_plugin.py).

Nothing is imported here: `_launch.py` must stay loadable without npjax (compare's plain run).
"""
