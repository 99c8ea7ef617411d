#!/usr/bin/env python3
"""Crash safety, measured from outside: `quarry index` killed with SIGKILL at random moments.

Each round changes a multi-format folder (PDF papers and resumes, DOCX, arXiv JSON Lines,
a CSV resume dataset, BibTeX, profile pages, text resumes and notes; files added, rewritten,
edited in place at the same size, touched, renamed, moved between folders and deleted), starts
`quarry index` on it, kills it with SIGKILL after a random delay (a run that ends first is undone
and tried again within the time it took; in one round of ten the recovery run, or a `quarry
compact` after it, is killed the same way), runs `quarry index` again to completion, and compares the result with a clean full build of the same files: `quarry dump`
(item ids, terms with wdf and positions, values, stored items, metadata with the display
spellings and reference counts, the spelling table, the catalog's roots, files, records and
sketches, no pending keys) and the whole JSON answer of a set of searches (ranked lists with
ties, scores, facets, snippets) must be equal; `quarry check` and `xapian-check` must pass.

    scripts/crash-test.sh                 # the long mode: 50 kills
    scripts/crash-test.sh --kills 5       # the short mode CI runs
Exit status 0 when every round is equal to its clean build, else 1.
"""
import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from quarry_binary import REPOSITORY, quarry_binary  # noqa: E402

# People whose names come in two spellings, so display spellings change as files come and go.
PEOPLE = [
    ("Éric Granger", "Eric Granger"), ("Balázs Kégl", "Balazs Kegl"), ("Ahan Gupta", "A. Gupta"),
    ("Vima Gupta", "Vima Gupta"), ("Zoë Álvarez", "Zoe Alvarez"), ("Jürgen Müller", "Jurgen Muller"),
    ("Mei Lin", "Mei Lin"), ("Sashank Varma", "S. Varma"), ("Ingrid Solberg", "Ingrid Solberg"),
    ("Tomás Ruiz", "Tomas Ruiz"), ("Priya Natarajan", "Priya Natarajan"), ("Kenji Watanabe", "Kenji Watanabe"),
]
WORDS = (
    "sparse attention mixture experts routing tensor compiler kernel fusion memory bandwidth latency "
    "throughput scheduling graph partition cache locality quantization pruning distillation retrieval "
    "ranking index posting compression bitmap skiplist transformer decoder encoder embedding vector "
    "search herons otters wading birds estuary sediment salinity tides moorland lichen basalt glacier"
).split()
SKILLS = ["Python", "PyTorch", "C++", "Rust", "SQL", "CUDA", "Kubernetes", "Swift", "Go", "Haskell"]
VENUES = ["NeurIPS", "ICML", "SIGMOD", "VLDB", "OSDI", "ASPLOS", "CogSci", "ACL"]
QUERIES = [
    "attention", "sparse attention", "granger", "author:\"Eric Granger\"", "kind:resume python",
    "kind:paper", "herons OR otters", "year:2019..2023", "quantiz*", "\"mixture of experts\"",
    "skill:pytorch", "venue:SIGMOD", "tensor NEAR/3 compiler", "gupta", "estuary -tides",
]


class Folder:
    """The folder under test and the random changes made to it."""

    def __init__(self, root, rng, shared):
        self.root = root
        self.rng = rng
        self.serial = 0
        self.shared_pdfs = []
        if shared:
            for sub in ("papers", "resumes/pdf"):
                folder = os.path.join(shared, "data", sub)
                if os.path.isdir(folder):
                    names = sorted(n for n in os.listdir(folder) if n.endswith(".pdf"))
                    self.shared_pdfs += [os.path.join(folder, n) for n in names[:4]]

    # Text of the fixtures.
    def words(self, count):
        return " ".join(self.rng.choice(WORDS) for _ in range(count))

    def person(self):
        return self.rng.choice(self.rng.choice(PEOPLE))

    def title(self):
        return " ".join(w.capitalize() for w in self.words(self.rng.randint(4, 8)).split())

    def resume_lines(self):
        name = self.person()
        return [
            name, f"{name.split()[-1].lower()}@example.org", "EXPERIENCE",
            f"Research Engineer, {self.rng.choice(['Acme', 'Globex', 'Initech'])} 2019-2023",
            self.words(25), "EDUCATION", "PhD Computer Science, Georgia Institute of Technology 2018",
            "SKILLS", ", ".join(self.rng.sample(SKILLS, 4)), "PUBLICATIONS",
            f'{name}, {self.person()}. "{self.title()}". {self.rng.choice(VENUES)} {self.rng.randint(2015, 2024)}.',
        ]

    def paper_lines(self):
        return [
            self.title(), ", ".join({self.person() for _ in range(3)}), "Abstract", self.words(60),
            "1 Introduction", self.words(80), "References", f"[1] {self.person()}. {self.title()}. 2020.",
        ]

    # Formats.
    @staticmethod
    def pdf(lines):
        def escape(text):
            return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

        stream = "BT\n" + "".join(
            f"/F1 11 Tf 1 0 0 1 72 {740 - 18 * (i + 1)} Tm ({escape(line)}) Tj\n" for i, line in enumerate(lines)
        ) + "ET\n"
        stream = stream.encode("cp1252", "replace")
        objects = [
            b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents 5 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream",
        ]
        out = b"%PDF-1.4\n"
        offsets = []
        for number, body in enumerate(objects, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
        return out

    @staticmethod
    def docx(path, lines):
        def escape(text):
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

        body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in lines)
        with zipfile.ZipFile(path, "w") as package:
            package.writestr(
                "[Content_Types].xml",
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/word/document.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
            package.writestr(
                "word/document.xml",
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document '
                'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                + body + "</w:body></w:document>")

    def arxiv_line(self):
        self.serial += 1
        authors = ", ".join({self.person() for _ in range(3)})
        return (
            '{"id":"2%03d.%05d","authors":"%s","title":"%s","abstract":"%s","categories":"cs.%s",'
            '"versions":[{"version":"v1","created":"Mon, 2 Apr 2023 19:18:42 GMT"}],"update_date":"2023-04-0%d"}'
            % (self.rng.randint(301, 312), self.serial, authors, self.title(), self.words(40),
               self.rng.choice(["LG", "IR", "DB", "CL"]), self.rng.randint(1, 9)))

    def csv_row(self):
        text = " ".join(self.resume_lines()).replace('"', "'")
        return f'{self.rng.choice(["Data Science", "Advocate", "Java Developer"])},"{text}"'

    def bib_entry(self):
        self.serial += 1
        authors = " and ".join({self.person() for _ in range(2)})
        return (
            f"@inproceedings{{key{self.serial},\n  title = {{{self.title()}}},\n  author = {{{authors}}},\n"
            f"  booktitle = {{{self.rng.choice(VENUES)}}},\n  year = {{{self.rng.randint(2015, 2024)}}}\n}}\n")

    def profile(self):
        name = self.person()
        lines = [name, "", "LG", "h-index3", f"{self.rng.randint(1, 5)} Papers", ""]
        for _ in range(self.rng.randint(1, 3)):
            lines += [f"DCFeb {self.rng.randint(1, 28)}", self.title(), "", f"{name}, {self.person()} et al.", ""]
        return "\n".join(lines) + "\n"

    # Writing files.
    def write(self, relative, content):
        path = os.path.join(self.root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if isinstance(content, str):
            content = content.encode()
        with open(path, "wb") as handle:
            handle.write(content)

    def new_file(self):
        self.serial += 1
        folder = self.rng.choice(["papers", "people", "data", "papers/older", "notes"])
        kind = self.rng.choice(["pdf-paper", "pdf-resume", "docx", "jsonl", "csv", "bib", "profile", "resume", "note"])
        name = f"{folder}/f{self.serial:04d}"
        if kind == "pdf-paper":
            self.write(name + ".pdf", self.pdf(self.paper_lines()))
        elif kind == "pdf-resume":
            self.write(name + ".pdf", self.pdf(self.resume_lines()))
        elif kind == "docx":
            path = os.path.join(self.root, name + ".docx")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            self.docx(path, self.resume_lines() if self.rng.random() < 0.5 else self.paper_lines())
        elif kind == "jsonl":
            # One in five is a dump of a few hundred lines: stored in parts, it is often cut by a kill.
            lines = self.rng.randint(2, 12) if self.rng.random() < 0.8 else self.rng.randint(150, 300)
            self.write(name + ".jsonl", "".join(self.arxiv_line() + "\n" for _ in range(lines)))
        elif kind == "csv":
            self.write(name + ".csv", "Category,Resume\n" + "".join(
                self.csv_row() + "\n" for _ in range(self.rng.randint(2, 8))))
        elif kind == "bib":
            self.write(name + ".bib", "".join(self.bib_entry() for _ in range(self.rng.randint(2, 6))))
        elif kind == "profile":
            self.write(name + ".txt", self.profile())
        elif kind == "resume":
            self.write(name + ".txt", "\n".join(self.resume_lines()) + "\n")
        else:
            self.write(name + ".txt", self.words(self.rng.randint(20, 200)) + "\n")

    def populate(self, count):
        for source in sorted(os.listdir(os.path.join(REPOSITORY, "Corpus"))):
            shutil.copy(os.path.join(REPOSITORY, "Corpus", source), os.path.join(self.root, source))
        for source in self.shared_pdfs:
            shutil.copy(source, os.path.join(self.root, os.path.basename(source)))
        self.write("broken/scan.pdf", b"%PDF-1.4\nnot really a pdf\n")
        # One paper listed in a bibliography and a JSON Lines file, with both spellings of a name.
        self.write("data/shared-paper.bib", "@article{granger2021,\n  title = {Tidal Salinity Gradients in "
                   "Estuary Sediment},\n  author = {Éric Granger and Mei Lin},\n  journal = {VLDB},\n"
                   "  year = {2021}\n}\n")
        self.write("data/shared-paper.jsonl", '{"id":"2101.00042","authors":"Eric Granger, Mei Lin","title":'
                   '"Tidal Salinity Gradients in Estuary Sediment","abstract":"sediment tides","categories":"cs.DB",'
                   '"update_date":"2021-01-05"}\n')
        for _ in range(count):
            self.new_file()

    def files(self):
        found = []
        for folder, _, names in os.walk(self.root):
            found += [os.path.join(folder, name) for name in names]
        return sorted(found)

    def change(self, count):
        """Makes `count` random changes; returns their names for the log."""
        done = []
        for _ in range(count):
            files = self.files()
            action = self.rng.choice(
                ["add", "add", "rewrite", "same-size", "touch", "delete", "rename", "append", "move-folder"])
            path = self.rng.choice(files)
            if action == "add" or len(files) < 10:
                self.new_file()
            elif action == "rewrite" and path.endswith((".txt", ".jsonl", ".csv", ".bib")):
                with open(path, "a") as handle:
                    handle.write({".txt": self.words(10) + "\n", ".jsonl": self.arxiv_line() + "\n",
                                  ".csv": self.csv_row() + "\n", ".bib": self.bib_entry()}[os.path.splitext(path)[1]])
            elif action == "same-size" and path.endswith(".txt"):
                with open(path, "rb") as handle:
                    data = handle.read()
                stat = os.stat(path)
                swapped = data.replace(b"a", b"e", 1) if b"a" in data else data.replace(b"e", b"a", 1)
                with open(path, "wb") as handle:
                    handle.write(swapped)
                os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            elif action == "touch":
                os.utime(path)
            elif action == "delete" and "shared-paper" not in path and "broken" not in path:
                os.remove(path)
            elif action == "rename":
                folder = self.rng.choice(["papers", "people", "data", "notes", "moved"])
                target = os.path.join(self.root, folder, "r%04d-" % self.serial + os.path.basename(path))
                self.serial += 1
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.rename(path, target)
            elif action == "append" and path.endswith(".jsonl"):
                with open(path, "a") as handle:
                    handle.write(self.arxiv_line() + "\n")
            elif action == "move-folder":
                folders = sorted({os.path.dirname(f) for f in files} - {self.root})
                if folders:
                    source = self.rng.choice(folders)
                    target = os.path.join(self.root, "m%04d" % self.serial)
                    self.serial += 1
                    if not target.startswith(source + "/"):
                        os.rename(source, target)
            else:
                self.new_file()
            done.append(action)
        return done


def kill_within(arguments, index, rng, estimate, tries):
    """Runs a command on `index` and kills it with SIGKILL at a random moment within `estimate`
    seconds. A run that ends before its kill is undone (the index copied back as it was) and run
    again with a kill within the time it took, up to `tries` runs; the last one is kept.
    Returns (killed, delay, attempt, took): whether a kill landed midway, the delay of the last
    try, its number from 0, and how long a run that ended took."""
    snapshot = index + ".before"
    shutil.rmtree(snapshot, ignore_errors=True)
    if os.path.isdir(index):
        shutil.copytree(index, snapshot, symlinks=True)
    delay = rng.uniform(0.0, estimate)
    try:
        for attempt in range(tries):
            started = time.monotonic()
            process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                process.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGKILL)
                process.wait()
                return True, delay, attempt, None
            took = time.monotonic() - started
            if attempt == tries - 1:
                return False, delay, attempt, took
            shutil.rmtree(index, ignore_errors=True)
            if os.path.isdir(snapshot):
                shutil.copytree(snapshot, index, symlinks=True)
            delay = rng.uniform(0.0, took)
    finally:
        shutil.rmtree(snapshot, ignore_errors=True)


def run(arguments, **kwargs):
    return subprocess.run(arguments, capture_output=True, text=True, **kwargs)


def fingerprint(quarry, index):
    """What must be equal: the dump and every search's whole JSON answer."""
    dump = run([quarry, "dump", "--index", index])
    if dump.returncode != 0:
        raise RuntimeError(f"quarry dump --index {index}: {dump.stderr.strip()}")
    answers = []
    for query in QUERIES:
        answer = run([quarry, "search", query, "--index", index, "--json", "--limit", "50", "--facet", "author",
                      "--facet", "skill", "--facet", "venue", "--facet", "folder", "--facet", "kind"])
        answers.append(f"{query}\n{answer.returncode}\n{answer.stdout}")
    return dump.stdout, answers


def first_difference(left, right):
    left_lines, right_lines = left.splitlines(), right.splitlines()
    for number, (a, b) in enumerate(zip(left_lines, right_lines)):
        if a != b:
            return f"line {number + 1}:\n    recovered: {a[:300]}\n    clean:     {b[:300]}"
    return f"lengths differ: {len(left_lines)} lines recovered, {len(right_lines)} clean"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=50, help="rounds, each with one SIGKILL (default 50)")
    parser.add_argument("--seed", type=int, default=None, help="the random seed (default: from the time)")
    parser.add_argument("--files", type=int, default=60, help="generated files at the start (default 60)")
    parser.add_argument("--changes", type=int, default=12, help="changes between two runs (default 12)")
    parser.add_argument("--quarry", help="the quarry binary (default: the release build's)")
    parser.add_argument("--shared", default=os.path.join(REPOSITORY, "..", "shared"),
                        help="../shared, for a few real PDFs when present")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    options = parser.parse_args()
    quarry = quarry_binary(options.quarry)
    seed = options.seed if options.seed is not None else int(time.time())
    rng = random.Random(seed)
    work = tempfile.mkdtemp(prefix="quarry-crash-")
    docs, recovered, clean = (os.path.join(work, name) for name in ("docs", "Recovered", "Clean"))
    os.makedirs(docs)
    folder = Folder(docs, rng, options.shared if os.path.isdir(options.shared) else None)
    folder.populate(options.files)
    print(f"crash test: seed {seed}, {options.kills} kills, {len(folder.files())} files at the start, "
          f"{options.changes} changes a round; {quarry}", flush=True)
    has_xapian_check = shutil.which("xapian-check") is not None
    if not has_xapian_check:
        print("note: xapian-check is not installed (Debian's xapian-tools): quarry check only", flush=True)

    equal = 0
    killed_midway = 0
    pending_left = 0
    in_part = 0
    extra_kills = {"recovery": 0, "compact": 0}
    estimate = 1.0  # seconds: the kill comes within this of the start (a clean build's time, once measured)
    failures = []
    for round_number in range(1, options.kills + 1):
        changes = folder.change(options.changes) if round_number > 1 else ["first build"]
        batch = str(rng.choice([1, 2, 5, 200]))
        command = [quarry, "index", docs, "--index", recovered, "--quiet", "--batch-files", batch]
        # Small record batches with one thread: JSON Lines files are stored in parts as they are
        # read, so kills land between the parts of one file.
        if rng.random() < 0.4:
            batch += f" --batch-records {rng.choice([1, 3])} --jobs 1"
            command += batch.split()[1:]
        if rng.random() < 0.1 and round_number > 1:
            command.append("--rebuild")
        # A run that ends before its kill is undone and run again with a kill within the time it
        # took, so every round kills a run midway.
        killed, delay, attempt, took = kill_within(command, recovered, rng, estimate, tries=4)
        if killed:
            killed_midway += 1
            moment = f"killed at {delay:.2f} s" + (f" (try {attempt + 1})" if attempt else "")
            pending = run(["sqlite3", os.path.join(recovered, "catalog.sqlite"), "SELECT count(*) FROM pending"])
            if pending.returncode == 0 and pending.stdout.strip() not in ("", "0"):
                pending_left += 1
                moment += f" with {pending.stdout.strip()} keys pending"
            # A file stored in part has the size no stat has (Catalog.incompleteSize).
            partial = run(["sqlite3", os.path.join(recovered, "catalog.sqlite"), "SELECT count(*) FROM files WHERE size = -1"])
            if partial.returncode == 0 and partial.stdout.strip() not in ("", "0"):
                in_part += 1
                moment += f" with {partial.stdout.strip()} files stored in part"
        else:
            moment = f"finished after {took:.2f} s, before the kill at {delay:.2f} s"
        # Sometimes the recovery is killed too, or a compaction is killed after it.
        extra = rng.choice(["", "", "", "", "", "", "", "", "recovery", "compact"]) if round_number > 1 else ""
        if extra == "recovery":
            killed = kill_within([quarry, "index", docs, "--index", recovered, "--quiet"], recovered, rng, estimate, 3)[0]
            moment += "; the recovery " + ("killed too" if killed else "finished before its kill")
            extra_kills["recovery"] += killed
        again = run([quarry, "index", docs, "--index", recovered, "--quiet"])
        if extra == "compact":
            killed = kill_within([quarry, "compact", "--index", recovered], recovered, rng, estimate, 3)[0]
            moment += "; quarry compact " + ("killed" if killed else "finished before its kill")
            extra_kills["compact"] += killed
            again = run([quarry, "index", docs, "--index", recovered, "--quiet"])
        shutil.rmtree(clean, ignore_errors=True)
        started = time.monotonic()
        fresh = run([quarry, "index", docs, "--index", clean, "--quiet"])
        estimate = max(0.3, time.monotonic() - started)
        problems = []
        for name, result in (("recovery run", again), ("clean build", fresh)):
            if result.returncode not in (0, 1):
                problems.append(f"{name} exited {result.returncode}: {result.stderr.strip()[-500:]}")
        if not problems:
            recovered_dump, recovered_answers = fingerprint(quarry, recovered)
            clean_dump, clean_answers = fingerprint(quarry, clean)
            if recovered_dump != clean_dump:
                problems.append("dump differs at " + first_difference(recovered_dump, clean_dump))
            for query, mine, theirs in zip(QUERIES, recovered_answers, clean_answers):
                if mine != theirs:
                    problems.append(f"search {query!r} differs at " + first_difference(mine, theirs))
            if "\npending " in recovered_dump:
                problems.append("keys left pending")
            check = run([quarry, "check", "--index", recovered])
            if check.returncode != 0:
                problems.append(f"quarry check exited {check.returncode}: {check.stdout[-500:]}{check.stderr[-500:]}")
            if has_xapian_check:
                xcheck = run(["xapian-check", os.path.join(recovered, "xapian")])
                if xcheck.returncode != 0:
                    problems.append(f"xapian-check failed: {xcheck.stdout[-500:]}")
        verdict = "equal" if not problems else "DIFFERENT"
        if not problems:
            equal += 1
        else:
            failures.append(round_number)
        print(f"round {round_number:2d}: {', '.join(sorted(set(changes)))}; --batch-files {batch}"
              f"{' --rebuild' if '--rebuild' in command else ''}; {moment}; {len(folder.files())} files: {verdict}",
              flush=True)
        for problem in problems:
            print("    " + problem.replace("\n", "\n    "), flush=True)
    print(f"{equal}/{options.kills} equal to a clean build ({killed_midway} killed mid-run, {pending_left} of them "
          f"with keys pending, {in_part} with a file stored in part; {extra_kills['recovery']} recoveries and {extra_kills['compact']} compactions killed "
          f"too; seed {seed})", flush=True)
    if options.keep or failures:
        print(f"work folder kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
