#!/usr/bin/env python3
# Checks the application icons: the full-colour one on a 128×128 canvas, the
# symbolic one on 16×16 in the one colour GTK recolours, made of filled shapes
# only (GTK forces a fill on symbolic paths, so a stroke would turn into a blob),
# and, where gdk-pixbuf's thumbnailer is installed, that both actually render.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import Tap  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"
COLOUR_ATTRS = ("fill", "stroke", "stop-color", "color")


def colours(root):
    found = set()
    for el in root.iter():
        for a in COLOUR_ATTRS:
            v = el.get(a)
            if v and v not in ("none", "currentColor") and not v.startswith("url("):
                found.add(v.lower())
        style = el.get("style", "")
        for m in re.finditer(r"(fill|stroke|stop-color|color)\s*:\s*([^;]+)", style):
            v = m.group(2).strip()
            if v not in ("none", "currentColor") and not v.startswith("url("):
                found.add(v.lower())
    return found


def main():
    data_dir, app_id = sys.argv[1], sys.argv[2]
    colour = os.path.join(data_dir, "icons/hicolor/scalable/apps", app_id + ".svg")
    symbolic = os.path.join(data_dir, "icons/hicolor/symbolic/apps", app_id + "-symbolic.svg")
    t = Tap()

    for path, box in ((colour, "0 0 128 128"), (symbolic, "0 0 16 16")):
        name = os.path.basename(path)
        try:
            root = ET.parse(path).getroot()
        except (OSError, ET.ParseError) as e:
            t.check(False, f"{name} is well-formed SVG", e)
            continue
        t.check(root.tag == SVG + "svg", f"{name} is well-formed SVG", root.tag)
        t.check(root.get("viewBox") == box, f"{name} has viewBox {box}", root.get("viewBox"))
        refs = [el.get(k) for el in root.iter() for k in el.keys()
                if k.endswith("href") and not (el.get(k) or "").startswith("#")]
        t.check(not refs, f"{name} refers to no outside file", refs)
        t.check(root.find(f".//{SVG}text") is None, f"{name} has no text (fonts differ)")

        if path == symbolic:
            used = colours(root)
            t.check(used == {"#2e3436"}, f"{name} uses only #2e3436", sorted(used))
            strokes = [el.tag for el in root.iter()
                       if el.get("stroke") not in (None, "none") or "stroke:" in el.get("style", "")]
            t.check(not strokes, f"{name} is made of filled shapes only", strokes)

    thumbnailer = shutil.which("gdk-pixbuf-thumbnailer")
    if not thumbnailer:
        t.skip("icons render", "gdk-pixbuf-thumbnailer not installed")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            for path in (colour, symbolic):
                out = os.path.join(tmp, "out.png")
                r = subprocess.run([thumbnailer, "-s", "64", path, out],
                                   capture_output=True, text=True)
                ok = r.returncode == 0 and os.path.getsize(out) > 100 if os.path.exists(out) else False
                t.check(ok, f"{os.path.basename(path)} renders with gdk-pixbuf", r.stderr)

    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
