"""The released notebooks' first cell (setup) and last cells (submit), which students read and run.

otter assign's own init cell, `grader = otter.Notebook("backprop.ipynb")`, reads the public tests
from the notebook file under that exact name. It breaks when the file is renamed (`backprop (1).ipynb`),
on Colab (the notebook is not on the kernel's disk), in VS Code opened at another folder, and
wherever otter is not installed. otter's own remedies do not cover these: `runs_on: colab` needs
`tests: files`, i.e. a `tests/` folder that must sit beside the notebook in the kernel's working
directory (a student who opens only the notebook has none), and it installs an unpinned otter.

So the release carries the public tests in the setup cell itself, as one compact literal, and the
setup cell writes them as otter test files into a private temporary folder and starts
`otter.Notebook(tests_dir=that folder)`: no check ever reads the notebook file. It installs the
otter-grader version the release was built and tested with when otter is missing, and says what
went wrong when it cannot. The submit cell writes the zip otter's `grader.export()` writes (the
notebook, otter's log, `__zip_filename__`), which `nngrade grade` grades like the notebook inside;
on Colab, where otter's export refuses to run, it writes that zip itself and downloads it.

Both cells do nothing of this while nngrade grades the notebook (`NNGRADE_GRADING=1`, and
`import otter` is the grader's stand-in): no pip, no files, no zip.
"""

from __future__ import annotations

import base64
import importlib.metadata
import json
import zlib

import nbformat

# otter assign's init cell, which the setup cell replaces (checked, so an otter upgrade that
# changes it fails the release instead of shipping two setups).
OTTER_INIT_CELL = '# Initialize Otter\nimport otter\ngrader = otter.Notebook("{name}.ipynb")'

SETUP = '''\
# Setup: run this cell first. It defines `grader`;
# grader.check("question_id") runs a question's public checks.
# It works in Colab, JupyterHub, JupyterLab, VS Code and classic Jupyter, under any file name: the checks
# are in this cell (the long last line), so nothing here reads the notebook's file. If otter-grader, which
# runs the checks, is missing, this cell installs it with pip.
import base64, importlib, json, os, site, subprocess, sys, tempfile, zlib

OTTER_VERSION = "__OTTER_VERSION__"  # the otter-grader these checks were built and tested with


def load_otter():
    """The otter module, installed with pip first if it is missing; None (saying why) if that fails."""
    try:
        import otter
        return otter
    except ImportError:
        print(f"Installing otter-grader {OTTER_VERSION} with pip (once per environment; about a minute) ...")
    install = ["install", "--quiet", f"otter-grader=={OTTER_VERSION}"]
    pip = subprocess.run([sys.executable, "-m", "pip", *install], capture_output=True, text=True)
    if site.ENABLE_USER_SITE and os.path.isdir(site.getusersitepackages()):
        site.addsitedir(site.getusersitepackages())  # where pip installs when the environment is read-only
    importlib.invalidate_caches()
    try:
        import otter
        print(f"Installed otter-grader {OTTER_VERSION}.")
        return otter
    except Exception as error:
        reason = pip.stderr.strip()[-1500:] if pip.returncode else f"{type(error).__name__}: {error}"
        print(f"otter-grader {OTTER_VERSION} could not be installed, so grader.check(...) cannot run here.\\n"
              f"What went wrong:\\n{reason}\\n\\nYour work is not affected: it is graded from this notebook "
              f"all the same. To get the checks, run `%pip install otter-grader=={OTTER_VERSION}` in a new "
              "cell (or ask whoever runs your Jupyter to install it), restart the kernel and run this cell "
              "again.", file=sys.stderr)
        return None


class ChecksUnavailable:
    """Stands in for otter's grader when otter is missing, so each check says so instead of failing."""

    def check(self, question):
        print(f'grader.check("{question}") did not run: otter-grader is missing (see the first cell).')


def make_grader(public_tests):
    """otter's grader, with the public tests (zlib-compressed JSON, base64) written as otter test files."""
    otter = load_otter()
    if otter is None:
        return ChecksUnavailable()
    if os.environ.get("NNGRADE_GRADING") == "1":
        return otter.Notebook()  # nngrade is grading this notebook: no checks run, no files written
    folder = tempfile.mkdtemp(prefix="__ASSIGNMENT__-checks-")
    for question, test in json.loads(zlib.decompress(base64.b64decode(public_tests))).items():
        with open(os.path.join(folder, question + ".py"), "w", encoding="ascii") as file:
            file.write(f"OK_FORMAT = True\\n\\ntest = {ascii(test)}\\n")
    return otter.Notebook(tests_dir=folder)


grader = make_grader("__PUBLIC_TESTS__")'''

SUBMIT_TEXT = """\
## Submit

1. Run every cell from the top (*Kernel → Restart & Run All*; on Colab
   *Runtime → Restart session and run all*) and check that none raises an error.
2. **Save** the notebook (*File → Save*, or Ctrl+S / ⌘S). Colab needs no saving here.
3. Run the cell below. It writes `<notebook name>_<date and time>.zip` next to the notebook: this
   notebook and otter's log of your checks, the zip otter's `grader.export()` makes. On Colab your
   browser downloads it. Submit that zip, or the `.ipynb` file itself: both are graded the same way."""

SUBMIT = '''\
# Save the notebook first, then run this cell: it writes the zip you submit (see above).
import datetime, glob, json, os, sys, zipfile


def this_notebook():
    """This notebook's file: VS Code and Jupyter tell the kernel; else the only notebook in this folder."""
    for path in (globals().get("__vsc_ipynb_file__"), os.environ.get("JPY_SESSION_NAME")):
        if path and path.endswith(".ipynb") and os.path.isfile(path):
            in_this_folder = os.path.samefile(os.path.dirname(path) or ".", ".")
            return os.path.basename(path) if in_this_folder else path  # otter's zip keeps the path given
    here = glob.glob("*.ipynb")
    return here[0] if len(here) == 1 else None


def zip_name(notebook):
    """<notebook>_<date and time>.zip beside the notebook, as otter names it."""
    return f"{notebook[:-len('.ipynb')]}_{datetime.datetime.now():%Y_%m_%dT%H_%M_%S_%f}.zip"


def write_zip(path, notebook_name, notebook_bytes):
    """The zip otter's grader.export() writes, for where it cannot run (Colab, or no otter)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(notebook_name, notebook_bytes)
        if os.path.isfile(".OTTER_LOG"):
            archive.write(".OTTER_LOG")
        archive.writestr("__zip_filename__", os.path.basename(path))


if os.environ.get("NNGRADE_GRADING") == "1":
    pass  # nngrade is grading this notebook: there is nothing to submit
elif "google.colab" in sys.modules:
    from google.colab import _message, files
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                **_message.blocking_request("get_ipynb", request="", timeout_sec=120)["ipynb"]}
    submission = zip_name("__ASSIGNMENT__.ipynb")
    write_zip(submission, "__ASSIGNMENT__.ipynb", json.dumps(notebook).encode())
    files.download(submission)
    print(f"Your browser downloads {submission}: submit that file. If no download starts, open the Files "
          "panel (the folder icon on the left), right-click the zip and choose Download.")
else:
    notebook = this_notebook()
    if notebook is None:
        print(f"No zip written: this notebook's file is not in the working folder {os.getcwd()}. Save the "
              "notebook and submit its .ipynb file instead (File → Download), which is graded the same way.")
    else:
        submission = zip_name(notebook)
        if hasattr(grader, "export"):
            grader.export(notebook, export_path=submission, pdf=False)
        else:
            with open(notebook, "rb") as file:
                write_zip(submission, os.path.basename(notebook), file.read())
        print(f"Wrote {os.path.abspath(submission)}")
        print(f"Submit that zip (it holds {notebook} as last saved).")'''


def otter_version() -> str:
    """The otter-grader the release runs (`otter assign`, and the tests of the released notebooks):
    pinned in pyproject.toml, the one place its version is written; students get the same."""
    return importlib.metadata.version("otter-grader")


def pack_tests(tests: dict) -> str:
    """The public tests as one short ASCII literal: zlib-compressed JSON in base64, deterministic."""
    data = json.dumps(tests, sort_keys=True, separators=(",", ":")).encode()
    return base64.b64encode(zlib.compress(data, 9)).decode("ascii")


def unpack_tests(packed: str) -> dict:
    return json.loads(zlib.decompress(base64.b64decode(packed)))


def packed_tests_in(setup_source: str) -> str:
    """The literal a setup cell carries (its last line is `grader = make_grader("...")`)."""
    last = setup_source.rstrip().splitlines()[-1]
    prefix, suffix = 'grader = make_grader("', '")'
    if not (last.startswith(prefix) and last.endswith(suffix)):
        raise ValueError("not a setup cell: its last line does not call make_grader")
    return last[len(prefix) : -len(suffix)]


def _locked(cell: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """As otter locks its own cells: students run them but do not edit or delete them."""
    cell.metadata.update({"deletable": False, "editable": False})
    return cell


def setup_cell(assignment: str, public_tests: dict, version: str) -> nbformat.NotebookNode:
    source = (
        SETUP.replace("__OTTER_VERSION__", version)
        .replace("__ASSIGNMENT__", assignment)
        .replace("__PUBLIC_TESTS__", pack_tests(public_tests))
    )
    return _locked(nbformat.v4.new_code_cell(source))


def submit_cells(assignment: str) -> list[nbformat.NotebookNode]:
    return [
        _locked(nbformat.v4.new_markdown_cell(SUBMIT_TEXT)),
        _locked(nbformat.v4.new_code_cell(SUBMIT.replace("__ASSIGNMENT__", assignment))),
    ]


def install(notebook: nbformat.NotebookNode, assignment: str, public_tests: dict, version: str) -> None:
    """Replace otter's init cell by the setup cell and append the submit cells, in place."""
    first = notebook.cells[0] if notebook.cells else None
    if first is None or first.cell_type != "code" or first.source != OTTER_INIT_CELL.format(name=assignment):
        raise ValueError(
            f"{assignment}: the first cell is not otter assign's init cell; is `init_cell: true` set?"
        )
    notebook.cells[0] = setup_cell(assignment, public_tests, version)
    notebook.cells.extend(submit_cells(assignment))
