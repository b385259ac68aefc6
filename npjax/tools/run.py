"""`python -m npjax run [options] script.py [args]` / `run [options] -m module [args]`:
an unchanged NumPy script on npjax.

Imports of `numpy`, `numpy.<sub>`, `scipy`, `scipy.<sub>` made by the user's own files
(the script and every file under its directory, or under `--root DIR`) get npjax, npjax.<sub>,
npjax.scipy and npjax.scipy.<sub>. Everything else (site-packages, the standard library,
npjax itself) keeps importing real NumPy/SciPy: matplotlib, pandas or SciPy's internals run
as usual in the same process and read npjax arrays through `__array__`.

Mechanism: `builtins.__import__` is wrapped and looks at the importing module's globals,
which the interpreter passes to `__import__`, and at the calling instruction: only an
`import` statement (IMPORT_NAME) is served npjax, because C code importing through
`PyImport_Import` (NumPy's own lazy imports) passes the globals of whatever Python frame is
running, often the user's. Chosen over rewriting the user's modules with an AST source
loader because the wrapper works whoever compiled the module: pytest's assertion rewriter
(the pytest plugin uses the same class), `.pyc` caches (an AST loader must bypass them or
poison them for plain runs) and code run with `exec` in a user module's globals. Its cost
is paid by every import statement executed in the process, nothing per NumPy call:
measured, `import os` 0.19 us plain, 0.49 us with this wrapper (0.8 us for `import numpy`
outside the user's code); a wrapt.FunctionWrapper doing the same adds ~0.3 us more, so wrapt
is not used on this hot path.
Not swapped: `importlib.import_module("numpy")` and `__import__("numpy")` calls (not import
statements), private names (`numpy._core`, `from numpy import _NoValue`), SciPy submodules
npjax.scipy does not serve (`import scipy.io` gives real SciPy), and child processes started
with "spawn".
"""
import builtins
import contextlib
import dis
import os
import sys
import sysconfig
import types

from . import _launch

_launch.add_own_file(__file__)
_NPJAX_DIR = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
_launch.add_own_file(os.path.join(_NPJAX_DIR, "__main__.py"))
_IMPORT_NAME = dis.opmap["IMPORT_NAME"]


def _under(path, root):
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


class ImportSwap:
    """Serve npjax for NumPy/SciPy imports made by files under `root` (not in site-packages,
    the standard library or npjax). `install()` / `uninstall()`, or use as a context
    manager. `swapped` maps each user file to the module names it got from npjax."""

    def __init__(self, root, verbose=False):
        self.root = os.path.realpath(root)
        self.verbose = verbose
        self.swapped = {}
        self._scope = {}
        self._hook = None
        paths = sysconfig.get_paths()
        dirs = {paths[k] for k in ("stdlib", "platstdlib", "purelib", "platlib") if k in paths}
        dirs.add(_NPJAX_DIR)
        # a root inside one of these (a script kept in site-packages) still has its files
        self._excluded = [os.path.realpath(d) for d in dirs
                          if not _under(self.root, os.path.realpath(d)) or d == _NPJAX_DIR]

    def in_scope(self, filename):
        """Whether imports made by the module file `filename` get npjax."""
        hit = self._scope.get(filename)
        if hit is None:
            path = os.path.realpath(filename)
            hit = (os.path.isabs(filename) and _under(path, self.root)
                   and not any(_under(path, d) for d in self._excluded)
                   and not {"site-packages", "dist-packages"}.intersection(
                       os.path.relpath(path, self.root).split(os.sep)))
            self._scope[filename] = hit
        return hit

    @staticmethod
    def resolve(name, fromlist):
        """The module `__import__(name, fromlist=fromlist)` returns under npjax, or None when
        npjax does not serve it (the real import happens then)."""
        top, _, rest = name.partition(".")
        parts = rest.split(".") if rest else []
        names = [n for n in (fromlist or ()) if n != "*"]
        if any(p.startswith("_") for p in parts + names):
            return None  # NumPy's/SciPy's private modules and names are theirs alone
        import npjax
        if top == "numpy":
            base = npjax
        else:
            from npjax.scipy._common import SUBMODULES
            if parts[:1] and parts[0] not in SUBMODULES:
                return None
            if not parts and fromlist and (len(names) < len(fromlist)
                                           or any(n not in SUBMODULES for n in names)):
                return None
            import npjax.scipy
            base = npjax.scipy
        module = base
        try:
            for part in parts:
                module = getattr(module, part)
        except AttributeError:
            return None
        if not isinstance(module, types.ModuleType):
            return None
        return module if fromlist else base

    def _swap(self, original, name, globals_, locals_, fromlist, level):
        """The import of a `numpy...`/`scipy...` name at level 0 with globals."""
        filename = globals_.get("__file__")
        if not filename or not self.in_scope(filename):
            return original(name, globals_, locals_, fromlist, level)
        frame = sys._getframe(2)   # the frame whose instruction called __import__
        if frame.f_code.co_code[frame.f_lasti] != _IMPORT_NAME:
            return original(name, globals_, locals_, fromlist, level)
        module = self.resolve(name, fromlist)
        if module is None:
            return original(name, globals_, locals_, fromlist, level)
        names = self.swapped.setdefault(filename, set())
        if name not in names:
            names.add(name)
            if self.verbose:
                served = "npjax" + name[5:] if name.startswith("numpy") else "npjax." + name
                print(f"npjax run: {os.path.relpath(filename)}: {name} -> {served}",
                      file=sys.stderr)
        return module

    def install(self):
        if self._hook is not None:
            return self
        original, swap = builtins.__import__, self._swap

        def __import__(name, globals=None, locals=None, fromlist=(), level=0):
            # the common case (any other module name) costs one call and two tests
            if level or not globals or not name.startswith(("numpy", "scipy")) or \
                    not (len(name) == 5 or name[5] == "."):
                return original(name, globals, locals, fromlist, level)
            return swap(original, name, globals, locals, fromlist, level)

        __import__.__wrapped__ = original
        self._hook = builtins.__import__ = __import__
        return self

    def uninstall(self):
        if self._hook is None:
            return
        if builtins.__import__ is self._hook:
            builtins.__import__ = self._hook.__wrapped__
        else:  # wrapped again since: take only our layer out
            layer = builtins.__import__
            while getattr(layer, "__wrapped__", None) is not None:
                if layer.__wrapped__ is self._hook:
                    layer.__wrapped__ = self._hook.__wrapped__
                    break
                layer = layer.__wrapped__
        self._hook = None

    def __enter__(self):
        return self.install()

    def __exit__(self, *exc):
        self.uninstall()


# ------------------------------------------------------------------ command-line parsing

class UsageError(Exception):
    pass


def parse_command(argv, flags, options):
    """Options up to the script (or `-m module`); everything after it is the script's.
    `flags`: names of boolean options; `options`: names taking a value. Returns
    (opts dict, target, is_module, script args)."""
    opts = {name.lstrip("-").replace("-", "_"): None for name in options}
    opts.update({name.lstrip("-").replace("-", "_"): False for name in flags})
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            i += 1
            break
        if arg == "-m":
            if i + 1 >= len(argv):
                raise UsageError("-m needs a module name")
            return opts, argv[i + 1], True, argv[i + 2:]
        if not arg.startswith("-") or arg == "-":
            break
        key, eq, value = arg.partition("=")
        if key in flags and not eq:
            opts[key.lstrip("-").replace("-", "_")] = True
        elif key in options:
            if not eq:
                if i + 1 >= len(argv):
                    raise UsageError(f"{key} needs a value")
                i += 1
                value = argv[i]
            opts[key.lstrip("-").replace("-", "_")] = value
        else:
            raise UsageError(f"unknown option {arg}")
        i += 1
    if i >= len(argv):
        raise UsageError("no script given")
    return opts, argv[i], False, argv[i + 1:]


RUN_USAGE = """\
usage: python -m npjax run [--root DIR] [--profile DIR] [--stats] [-v] [--processes N]
                           script.py [args...]
       python -m npjax run [options] -m module [args...]

Run an unchanged NumPy/SciPy script with npjax serving its NumPy and SciPy imports.

  --root DIR     files under DIR are the user's code (default: the script's directory,
                 the current directory for -m); other files keep real NumPy
  --profile DIR  run inside npjax.profile(DIR) (JAX trace + npjax counters)
  --stats        print npjax.stats() (calls per tier, fallbacks, compiles) to stderr at exit
  -v, --verbose  report each swapped import on stderr
  --processes N  run N processes joined by jax.distributed on this machine (large arrays
                 split over all their devices, sharding "auto"); process 0's output shows
"""


def format_stats(stats):
    """A few lines summarising `npjax.stats()`."""
    tiers = {}
    for per_tier in stats.get("calls", {}).values():
        for tier, n in per_tier.items():
            tiers[tier] = tiers.get(tier, 0) + n
    lazy = stats.get("lazy", {})
    lines = ["calls: " + (", ".join(f"{t} {n}" for t, n in sorted(tiers.items())) or "none")]
    fallbacks, reasons = stats.get("fallbacks", {}), stats.get("fallback_reasons", {})
    lines.append("fallbacks: " + (", ".join(
        f"{k} x{v}" + (f" ({reasons[k]})" if k in reasons else "")
        for k, v in sorted(fallbacks.items())) or "none"))
    lines.append(f"compiles: {lazy.get('compiles', 0)} (XLA {lazy.get('xla_compiles', 0)}, "
                 f"{lazy.get('compile_seconds', 0.0):.2f} s), cache hits: "
                 f"{lazy.get('cache_hits', 0)}, flushes: "
                 + (", ".join(f"{k[6:]} {v}" for k, v in sorted(lazy.items())
                              if k.startswith("flush_")) or "none"))
    return lines


def _processes_option(value):
    if value is None:
        return 1
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise UsageError(f"--processes needs a positive integer, got {value!r}")
    return n


def _child_argv(opts, target, is_module, args):
    """The run's command line for each process of a `--processes` run."""
    argv = []
    for name in ("root", "profile"):
        if opts[name]:
            argv += [f"--{name}", opts[name]]
    if opts["stats"]:
        argv.append("--stats")
    if opts["v"] or opts["verbose"]:
        argv.append("-v")
    return argv + (["-m", target] if is_module else [target]) + list(args)


def main(argv):
    """`python -m npjax run ...`; returns the exit status (SystemExit passes through)."""
    if argv[:1] in (["-h"], ["--help"]):
        print(RUN_USAGE, end="")
        return 0
    try:
        opts, target, is_module, args = parse_command(
            argv, flags=("--stats", "-v", "--verbose"),
            options=("--root", "--profile", "--processes"))
        processes = _processes_option(opts["processes"])
    except UsageError as err:
        print(RUN_USAGE, end="", file=sys.stderr)
        print(f"python -m npjax run: error: {err}", file=sys.stderr)
        return 2
    if processes > 1:
        from . import _processes
        return _processes.launch(processes, _child_argv(opts, target, is_module, args))
    import npjax
    profile = contextlib.nullcontext()
    if opts["profile"]:
        if not hasattr(npjax, "profile"):
            print("python -m npjax run: error: --profile needs npjax.profile, which this "
                  "npjax does not have", file=sys.stderr)
            return 2
        profile = npjax.profile(opts["profile"])
    if not is_module and not os.path.exists(target):
        # as the interpreter says it
        print(f"{sys.executable}: can't open file {os.path.abspath(target)!r}: "
              f"[Errno 2] No such file or directory", file=sys.stderr)
        return 2
    root = opts["root"] or (os.getcwd() if is_module
                            else os.path.dirname(os.path.realpath(target)))
    # stays installed after the script: its atexit handlers import as it did
    ImportSwap(root, verbose=opts["v"] or opts["verbose"]).install()
    try:
        with profile:
            if is_module:
                _launch.run_module(target, args)
            else:
                _launch.run_path(target, args)
    except Exception as exc:  # SystemExit and KeyboardInterrupt pass, as under python
        _launch.print_exception(exc)
        return 1
    finally:
        if opts["stats"]:
            for line in format_stats(npjax.stats()):
                print(f"npjax stats: {line}", file=sys.stderr)
    return 0
