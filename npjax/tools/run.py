"""`python -m npjax run script.py [args]`: an unchanged NumPy script, run on npjax.

Inside the user's own code — the script and every module whose file lies under its
directory (or `--root`) — `import numpy`, `import numpy as np`, `from numpy import ...`,
`import numpy.linalg`, `import scipy.x` and `from scipy import x` give npjax and
npjax.scipy. Everything else (matplotlib, pandas, SciPy's own internals, JAX) keeps
importing real NumPy in the same process and receives NumPy arrays through `__array__`.

The redirection is a wrapper of `builtins.__import__` that looks at the importing module's
`__file__` and at the instruction that called it: only an `import` statement of the user's
own code is redirected. C code (NumPy's own lazy imports) calls `__import__` with the
globals of whatever Python frame is running — often the user's — so the instruction is
what tells them apart. `importlib.import_module("numpy")` stays real NumPy.
"""
import builtins
import dis
import os
import sys
import types

_IMPORT_NAME = dis.opmap["IMPORT_NAME"]

_REDIRECT = {"numpy": "npjax", "scipy": "npjax.scipy"}


class ImportRedirect:
    """Serves npjax for numpy (and npjax.scipy for scipy) to modules under `root`."""

    def __init__(self, root, *, include=None, keep=()):
        """include: optional predicate on a module's real path that replaces the "under
        root, not in site-packages" rule; keep: modules that stay NumPy's (e.g.
        numpy.testing, when NumPy's own tests run against npjax)."""
        self.root = os.path.realpath(root) + os.sep
        self._include = include
        self._keep = frozenset(keep)
        self._inside = {}            # module file -> under root?
        self._import = builtins.__import__

    def _from_user_code(self, globals_):
        if not globals_:
            return False
        path = globals_.get("__file__")
        if not path:
            return False
        inside = self._inside.get(path)
        if inside is None:
            real = os.path.realpath(path)
            if self._include is not None:
                inside = self._inside[path] = bool(self._include(real))
            else:
                inside = self._inside[path] = (real.startswith(self.root) and
                                               os.sep + "site-packages" + os.sep not in real)
        return inside

    def __call__(self, name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0:
            top, _, rest = name.partition(".")
            target = _REDIRECT.get(top)
            if target is not None and "._" not in "." + rest and name not in self._keep and \
                    self._from_user_code(globals) and self._import_statement():
                return self._redirected(target, rest, fromlist)
        return self._import(name, globals, locals, fromlist, level)

    @staticmethod
    def _import_statement():
        frame = sys._getframe(2)
        return frame.f_code.co_code[frame.f_lasti] == _IMPORT_NAME

    def _redirected(self, target, rest, fromlist):
        import importlib
        module = importlib.import_module(target)
        if not rest:
            return module
        sub = module
        real = {"npjax": "numpy", "npjax.scipy": "scipy"}[target]
        for part in rest.split("."):
            real += "." + part
            try:
                sub = getattr(sub, part)
            except AttributeError:
                # a submodule NumPy/SciPy import only on request (numpy.lib.recfunctions):
                # import it, then npjax serves it (natively or as a recorded fallback)
                importlib.import_module(real)
                sub = getattr(sub, part)
        # `import numpy.linalg` binds the top package; `from numpy.linalg import x` the module
        return sub if fromlist else module

    def install(self):
        builtins.__import__ = self
        return self

    def uninstall(self):
        if builtins.__import__ is self:
            builtins.__import__ = self._import


def _main_module(path):
    """A fresh `__main__` for the script (pickle and dataclasses look it up there)."""
    module = types.ModuleType("__main__")
    module.__file__ = path
    module.__builtins__ = builtins
    module.__loader__ = None
    module.__spec__ = None
    return module


def exec_script(path, argv, namespace=None):
    """Run the script file as `__main__` with `sys.argv` and `sys.path[0]` as `python path`
    gives them. Returns the module's namespace (read it even when the script raised)."""
    path = os.path.abspath(path)
    with open(path, "rb") as f:
        source = f.read()
    code = compile(source, path, "exec")
    module = _main_module(path)
    if namespace is not None:
        namespace["module"] = module
    old_main, old_argv, old_path0 = sys.modules.get("__main__"), sys.argv, sys.path[0]
    sys.modules["__main__"] = module
    sys.argv = [path] + list(argv)
    sys.path[0] = os.path.dirname(path)
    try:
        exec(code, module.__dict__)
    finally:
        sys.argv = old_argv
        sys.path[0] = old_path0
        if old_main is not None:
            sys.modules["__main__"] = old_main
    return module.__dict__


def exec_module(name, argv):
    """`-m module`: run it as `__main__` (runpy), with its package's directory as root."""
    import runpy
    sys.argv = [name] + list(argv)
    return runpy.run_module(name, run_name="__main__", alter_sys=True)


def module_root(name):
    import importlib.util
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise SystemExit(f"No module named {name}")
    top = name.split(".")[0]
    origin = os.path.dirname(os.path.abspath(spec.origin))
    # the directory holding the top-level package
    for _ in range(name.count(".") + (1 if spec.submodule_search_locations else 0)):
        origin = os.path.dirname(origin)
    return origin if top else os.getcwd()


def run(target, argv, *, module=False, root=None, profile=None):
    """Run `target` (a script path, or a module name with module=True) on npjax."""
    if module:
        sys.path.insert(0, os.getcwd())
        root = root or module_root(target)
    else:
        if not os.path.exists(target):
            print(f"python -m npjax run: can't open file {target!r}: "
                  f"No such file or directory", file=sys.stderr)
            raise SystemExit(2)
        root = root or os.path.dirname(os.path.abspath(target))
    hook = ImportRedirect(root).install()
    try:
        if profile:
            import npjax
            with npjax.profile(profile):
                return _run(target, argv, module)
        return _run(target, argv, module)
    finally:
        hook.uninstall()


def _run(target, argv, module):
    if module:
        return exec_module(target, argv)
    return exec_script(target, argv)
