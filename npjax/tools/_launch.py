"""Runs a script or module the way `python script.py` / `python -m module` does, and is the
child process of `python -m npjax compare`.

Standard library only (NumPy is imported only to store results): compare executes this file
by path for its plain-NumPy run, which must not import npjax; the npjax run imports npjax
here explicitly.

Child usage (internal):
    python _launch.py --mode numpy|npjax --out FILE [--root DIR] [--npjax-path DIR]
                      -- (SCRIPT | -m MODULE) [ARGS...]
The script runs with its output untouched; at exit its module-level variables and
`npjax.testing` checkpoints are described (numeric ones with host copies of their values)
and pickled to FILE with the run time and, for the npjax run, `npjax.stats()`.
"""
import builtins
import importlib.machinery
import os
import pickle
import runpy
import sys
import time
import types

# frames of these files are the launcher's, not the user's: left out of printed tracebacks
_OWN_FILES = {os.path.realpath(__file__), "<frozen runpy>", os.path.realpath(runpy.__file__)}


def add_own_file(path):
    _OWN_FILES.add(os.path.realpath(path))


def _is_own(filename, _cache={}):
    own = _cache.get(filename)
    if own is None:
        own = _cache[filename] = (filename in _OWN_FILES
                                  or os.path.realpath(filename) in _OWN_FILES)
    return own


def run_path(path, args):
    """Execute the file (or directory / zip with __main__.py) at `path` as `__main__` with
    `sys.argv = [path, *args]` and `sys.path[0]` its directory; returns its globals.

    The new `__main__` module stays in `sys.modules` (as under `python script.py`), so
    exceptions leave its globals readable through `sys.modules["__main__"]`."""
    sys.argv = [path, *args]
    if os.path.isdir(path) or (os.path.isfile(path) and _is_zip(path)):
        sys.path[0] = path
        return runpy.run_path(path, run_name="__main__")
    full = os.path.abspath(path)
    with open(full, "rb") as f:
        source = f.read()
    sys.path[0] = os.path.dirname(os.path.realpath(full))
    main = types.ModuleType("__main__")
    main.__dict__.update(__file__=full, __cached__=None, __package__=None, __spec__=None,
                         __loader__=importlib.machinery.SourceFileLoader("__main__", full),
                         __builtins__=builtins)
    sys.modules["__main__"] = main
    exec(compile(source, full, "exec", dont_inherit=True), main.__dict__)
    return main.__dict__


def _is_zip(path):
    import zipfile
    return zipfile.is_zipfile(path)


def run_module(name, args):
    """Execute module `name` as `python -m name` does (sys.argv[0] becomes its file)."""
    sys.argv = [name, *args]
    sys.modules["__main__"] = types.ModuleType("__main__")
    # runpy's own entry point for `python -m`: it runs the code in the globals of
    # sys.modules["__main__"] (the fresh module above) and reports a missing module as
    # python -m does
    return runpy._run_module_as_main(name, alter_argv=True)


def user_traceback(tb):
    """`tb` without the launcher's frames (leading ones and the import hook's)."""
    kept = []
    while tb is not None:
        if not _is_own(tb.tb_frame.f_code.co_filename):
            kept.append(tb)
        tb = tb.tb_next
    out = None
    for t in reversed(kept):
        out = types.TracebackType(out, t.tb_frame, t.tb_lasti, t.tb_lineno)
    return out


def print_exception(exc):
    """Print an uncaught exception as the interpreter would (through sys.excepthook)."""
    tb = user_traceback(exc.__traceback__)
    sys.excepthook(type(exc), exc.with_traceback(tb), tb)


def exit_status(exc):
    """The process status the interpreter gives an uncaught SystemExit."""
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF if code >= 0 else code % 256
    return 1


# ---------------------------------------------------------------- compare's child process

def _type_name(value):
    """The type's public name; NumPy's and npjax's counterparts get the same one
    (numpy.ndarray and npjax's ndarray are "ndarray", numpy.random._generator.Generator and
    npjax.random.Generator are "random.Generator")."""
    t = type(value)
    parts = t.__module__.split(".")
    if parts[0] == "builtins":
        return t.__qualname__
    if parts[0] in ("numpy", "npjax"):
        parts = [p for p in parts[1:] if not p.startswith("_")]
    return ".".join(parts + [t.__qualname__])


_SCALARS = (bool, int, float, complex)


def describe(value):
    """What compare needs of one variable: its kind and type name, and for numbers a host
    NumPy copy of the value ("value"); None for modules, functions and classes."""
    if isinstance(value, (types.ModuleType, types.FunctionType, types.BuiltinFunctionType,
                          type, types.MethodType)):
        return None
    np = sys.modules.get("numpy")
    name = _type_name(value)
    if isinstance(value, _SCALARS):
        if type(value) is int and not -2**63 <= value < 2**63:
            return {"kind": "scalar", "type": name, "exact": value}
        return {"kind": "scalar", "type": name, "value": _np().asarray(value)}
    if isinstance(value, (str, bytes)):
        return {"kind": "text", "type": name, "exact": value}
    if np is not None and isinstance(value, np.generic):
        return {"kind": "scalar", "type": name, "value": np.asarray(value)}
    if name == "ndarray" or (hasattr(value, "__array__") and hasattr(value, "dtype")
                             and hasattr(value, "shape")):
        return {"kind": "array", "type": name, "value": _np().array(value, copy=True)}
    if isinstance(value, (list, tuple)):
        leaves = set()
        if _numeric_leaves(value, leaves):
            try:
                arr = _np().asarray(value)
            except (ValueError, TypeError):
                arr = None
            if arr is not None and arr.dtype.kind in "biufc":
                return {"kind": "sequence", "type": name, "value": arr,
                        "leaf_types": sorted(leaves)}
    return {"kind": "other", "type": name}


def _numeric_leaves(seq, leaves, depth=0):
    np = sys.modules.get("numpy")
    for v in seq:
        if isinstance(v, (list, tuple)) and depth < 32:
            if not _numeric_leaves(v, leaves, depth + 1):
                return False
        elif isinstance(v, _SCALARS) or (np is not None and isinstance(v, np.generic)) \
                or _type_name(v) == "ndarray":
            leaves.add(_type_name(v))
        else:
            return False
    return True


def _np():
    import numpy
    return numpy


def collect(namespace):
    """Describe the numeric (and other non-callable) module-level variables."""
    out = {}
    for key, value in list(namespace.items()):
        if key.startswith("__") and key.endswith("__"):
            continue
        try:
            desc = describe(value)
        except Exception as err:  # a value that cannot be read is itself a result
            desc = {"kind": "other", "type": _type_name(value),
                    "error": f"{type(err).__name__}: {err}"}
        if desc is not None:
            out[key] = desc
    return out


def _parse_child_args(argv):
    opts = {"mode": None, "out": None, "root": None, "npjax_path": None, "preimport": None}
    i = 0
    while i < len(argv) and argv[i] != "--":
        key = argv[i].lstrip("-").replace("-", "_")
        if key not in opts:
            raise SystemExit(f"_launch: unknown option {argv[i]}")
        opts[key] = argv[i + 1]
        i += 2
    rest = argv[i + 1:]
    if rest[:1] == ["-m"]:
        return opts, rest[1], True, rest[2:]
    return opts, rest[0], False, rest[1:]


def _user_globals():
    # runpy.run_path (directories, zips) puts this file's module back as __main__
    namespace = sys.modules["__main__"].__dict__
    return {} if namespace is globals() else namespace


def child_main(argv):
    opts, target, is_module, args = _parse_child_args(argv)
    # this file's directory is no part of the script's path, even while npjax is imported
    sys.path[0] = os.getcwd() if is_module else os.path.dirname(os.path.realpath(target))
    record = {"mode": opts["mode"], "import_seconds": 0.0}
    start = time.perf_counter()
    try:
        import numpy  # noqa: F401  start-up in both runs (npjax imports it anyway)
    except ImportError:
        pass
    numpy_seconds = time.perf_counter() - start
    if opts["mode"] == "npjax":
        start = time.perf_counter()
        try:
            import npjax  # noqa: F401
        except ImportError:
            if not opts["npjax_path"]:
                raise
            sys.path.append(opts["npjax_path"])
        from npjax.tools.run import ImportSwap
        try:
            # JAX's import (~1-2 s) is start-up, like the interpreter's: not script time
            import npjax._backends.device  # noqa: F401
        except ImportError:
            pass
        root = opts["root"] or (os.getcwd() if is_module
                                else os.path.dirname(os.path.realpath(target)))
        swap = ImportSwap(root).install()
        record["import_seconds"] = time.perf_counter() - start
    else:
        if opts["npjax_path"]:
            # a script that imports npjax.testing for checkpoints finds it; appended last
            # so nothing the script imports is shadowed
            sys.path.append(opts["npjax_path"])
        if opts["preimport"]:
            # the script imports npjax itself (checkpoints): that import is start-up time
            # in both runs, not script time
            start = time.perf_counter()
            import npjax.testing  # noqa: F401
            record["import_seconds"] = time.perf_counter() - start
    record["import_seconds"] += numpy_seconds
    status, failure, leaving = 0, None, None
    start = time.perf_counter()
    try:
        namespace = run_module(target, args) if is_module else run_path(target, args)
    except SystemExit as exc:
        leaving, status = exc, exit_status(exc)
        namespace = _user_globals()
    except Exception as exc:
        failure, status = exc, 1
        namespace = _user_globals()
    if failure is not None:
        print_exception(failure)
    try:
        if opts["mode"] == "npjax":
            import npjax
            npjax.sync()   # pending lazy work is part of the script's time
        values = collect(namespace)
        testing = sys.modules.get("npjax.testing")
        checkpoints = collect(dict(getattr(testing, "checkpoints", {})))
    except Exception as err:
        values, checkpoints = {}, {}
        record["collect_error"] = f"{type(err).__name__}: {err}"
    record["seconds"] = time.perf_counter() - start
    record.update(values=values, checkpoints=checkpoints, exit_status=status)
    if opts["mode"] == "npjax":
        import npjax
        stats = npjax.stats()
        stats["swapped"] = {os.path.relpath(f, swap.root): sorted(names)
                            for f, names in swap.swapped.items()}
        record["stats"] = stats
    with open(opts["out"], "wb") as f:
        pickle.dump(record, f, protocol=pickle.HIGHEST_PROTOCOL)
    if leaving is not None:
        raise leaving
    return status


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
