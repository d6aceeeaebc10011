# Hand-written stubs for the compiled core. Keep in step with python/src/register_*.cpp.
__version__: str

def _raise_for_test(kind: str) -> None: ...
