"""examples/drilldown.ipynb runs top to bottom in this environment, so it never goes stale."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import ROOT

NOTEBOOK = ROOT / "examples" / "drilldown.ipynb"


@pytest.fixture()
def this_python_kernel(tmp_path, monkeypatch) -> str:
    """A 'python3' kernel spec that runs this interpreter, found before any other installed one."""
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (stance tests)", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    return "python3"


@pytest.mark.slow
def test_drilldown_notebook_runs_top_to_bottom(this_python_kernel):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, kernel_name=this_python_kernel, timeout=300,
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError naming the cell on any error
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    printed = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert any("stance analysis" in h and "Gate (id)" in h for h in html)  # Analysis._repr_html_
    assert len(images) >= 3  # heatmap, Musk across sources, agreement
    assert "Gate (id) is hostile to Elon Musk" in printed
    assert "keep their label in translation" in printed


def test_notebook_is_saved_without_outputs():
    notebook = json.loads(Path(NOTEBOOK).read_text(encoding="utf-8"))
    assert all(not cell.get("outputs") for cell in notebook["cells"] if cell["cell_type"] == "code")
