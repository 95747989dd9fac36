"""The layers, read from the code: portal at the bottom, news on it, projects on news, no arrow back.

Every module's imports are read with ast, including imports inside functions and `import_module`/`import_string`
calls with a literal name, so that a lazy import cannot hide an arrow. (portal's URLconf includes the apps' URL
modules by dotted path, `include("news.urls")`: that is how Django plugs apps in, and it is not an import here.)
"""

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What each layer must never import.
FORBIDDEN = {"portal": {"news", "projects"}, "news": {"projects"}}


DYNAMIC_IMPORTS = {"import_module", "import_string", "__import__"}


def imported_modules(source):
    """(line, dotted name) of every module `source` imports, wherever the import statement stands."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in DYNAMIC_IMPORTS and isinstance(node.args[0].value, str):
                found.append((node.lineno, node.args[0].value))
    return found


def layer_violations():
    """{module path: ["line: imported name", ...]} for every module importing what its layer must not."""
    violations = {}
    for layer, forbidden in FORBIDDEN.items():
        for path in sorted((ROOT / layer).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            for line, name in imported_modules(path.read_text(encoding="utf-8")):
                if name.split(".")[0] in forbidden:
                    violations.setdefault(relative, []).append(f"{line}: {name}")
    return violations


def test_imported_modules_finds_imports_inside_functions():
    source = (
        "import os\n"
        "from news.models import Article\n"
        "def view():\n"
        "    from projects import models\n"
        "    import projects.feeds\n"
        "    return import_module('projects.sitemaps'), importlib.import_module('news.urls')\n"
        "from . import registry\n"
    )
    assert imported_modules(source) == [
        (1, "os"),
        (2, "news.models"),
        (4, "projects"),
        (5, "projects.feeds"),
        (6, "projects.sitemaps"),
        (6, "news.urls"),
    ]


def test_portal_imports_no_app_and_news_never_imports_projects():
    assert layer_violations() == {}


def test_serving_imports_no_demo_or_benchmark_code():
    # A fresh process, as a server starts: the apps are ready and the URLconf with every view is loaded.
    script = (
        "import sys, django; django.setup(); import portal.urls; from django.urls import get_resolver; "
        "get_resolver().url_patterns; "
        "print('\\n'.join(m for m in sys.modules if m.split('.')[-1] in {'demo', 'bench', 'bench_paths', "
        "'generate_content', 'load_demo'} or '.demo.' in m))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == []
