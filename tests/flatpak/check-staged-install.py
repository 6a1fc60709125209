#!/usr/bin/env python3
# Installs this build into a temporary DESTDIR, as flatpak-builder installs it
# into /app, and checks that everything a Flatpak (or any desktop) needs lands at
# its standard place under the prefix: the binary, the desktop entry, the
# AppStream metadata, the icons, the GSettings schema (compiled here the way
# `flatpak build-finish` and meson's post-install step compile it) and the
# Turkish message catalogue. Nothing may be installed outside the prefix.
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import Tap  # noqa: E402

MO_MAGIC = (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")
NEW_KEYS = ("pkcs11-module", "renewal-reminder", "renewal-reminder-days")


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--meson", required=True)
    p.add_argument("--build-root", required=True)
    p.add_argument("--app-id", required=True)
    p.add_argument("--gettext-package", required=True)
    p.add_argument("--command", required=True)
    p.add_argument("--glib-compile-schemas", required=True)
    return p.parse_args()


def build_options(meson, build_root):
    r = subprocess.run([meson, "introspect", "--buildoptions", build_root],
                       capture_output=True, text=True, check=True)
    return {o["name"]: o["value"] for o in json.loads(r.stdout)}


def under(prefix, value):
    return value if os.path.isabs(value) else os.path.join(prefix, value)


def main():
    args = parse_args()
    t = Tap()
    app_id = args.app_id
    opts = build_options(args.meson, args.build_root)
    prefix = opts["prefix"]
    bindir = under(prefix, opts["bindir"])
    datadir = under(prefix, opts["datadir"])
    localedir = under(prefix, opts["localedir"])
    t.note(f"prefix {prefix} (flatpak-builder configures --prefix=/app)")

    with tempfile.TemporaryDirectory(prefix="eimza-staged-") as destdir:
        r = subprocess.run([args.meson, "install", "-C", args.build_root, "--no-rebuild",
                            "--quiet", "--destdir", destdir],
                           capture_output=True, text=True)
        if not t.check(r.returncode == 0, "meson install --destdir succeeds",
                       r.stdout + r.stderr):
            return t.finish()

        def staged(path):
            return os.path.join(destdir, path.lstrip("/"))

        outside = []
        root_prefix = staged(prefix)
        for dirpath, _dirs, files in os.walk(destdir):
            for f in files:
                full = os.path.join(dirpath, f)
                if os.path.commonpath([full, root_prefix]) != root_prefix:
                    outside.append(os.path.relpath(full, destdir))
        t.check(not outside, f"nothing is installed outside {prefix}", "\n".join(outside[:20]))

        binary = staged(os.path.join(bindir, args.command))
        ok = os.path.isfile(binary) and os.access(binary, os.X_OK)
        if ok:
            with open(binary, "rb") as f:
                ok = f.read(4) == b"\x7fELF"
        t.check(ok, f"bin/{args.command} is an executable", binary)

        expected = {
            "desktop entry": os.path.join(datadir, "applications", app_id + ".desktop"),
            "AppStream metadata": os.path.join(datadir, "metainfo", app_id + ".metainfo.xml"),
            "scalable icon": os.path.join(datadir, "icons/hicolor/scalable/apps",
                                          app_id + ".svg"),
            "symbolic icon": os.path.join(datadir, "icons/hicolor/symbolic/apps",
                                          app_id + "-symbolic.svg"),
            "GSettings schema": os.path.join(datadir, "glib-2.0/schemas",
                                             app_id + ".gschema.xml"),
        }
        for what, path in expected.items():
            t.check(os.path.isfile(staged(path)),
                    f"{what} at {os.path.relpath(path, prefix)}", staged(path))

        desktop = staged(expected["desktop entry"])
        if os.path.isfile(desktop):
            with open(desktop, encoding="utf-8") as f:
                text = f.read()
            t.check("\nName[tr]=" in text and "\nComment[tr]=" in text,
                    "installed desktop entry has the Turkish name and comment")

        mo = staged(os.path.join(localedir, "tr", "LC_MESSAGES", args.gettext_package + ".mo"))
        ok = os.path.isfile(mo)
        if ok:
            with open(mo, "rb") as f:
                ok = f.read(4) in MO_MAGIC
        t.check(ok, f"Turkish catalogue at "
                    f"{os.path.relpath(localedir, prefix)}/tr/LC_MESSAGES/{args.gettext_package}.mo",
                mo)

        # What flatpak build-finish (and meson's post-install step without DESTDIR) does.
        schemadir = staged(os.path.join(datadir, "glib-2.0/schemas"))
        r = subprocess.run([args.glib_compile_schemas, "--strict", schemadir],
                           capture_output=True, text=True)
        compiled = os.path.join(schemadir, "gschemas.compiled")
        t.check(r.returncode == 0 and os.path.isfile(compiled),
                "installed schemas compile (--strict) to gschemas.compiled", r.stderr)

        # gsettings comes with libglib2.0-dev (tools/debian-packages).
        gsettings = shutil.which("gsettings")
        if t.check(gsettings is not None and os.path.isfile(compiled),
                   "gsettings and the compiled schema are there", "gsettings not found"):
            r = subprocess.run([gsettings, "--schemadir", schemadir, "list-keys", app_id],
                               capture_output=True, text=True,
                               env=dict(os.environ, GSETTINGS_BACKEND="memory"))
            keys = set(r.stdout.split())
            missing = [k for k in NEW_KEYS if k not in keys]
            t.check(r.returncode == 0 and not missing,
                    "compiled schema has the settings keys", r.stderr or f"missing {missing}")
            r = subprocess.run([gsettings, "--schemadir", schemadir, "range", app_id,
                                "renewal-reminder-days"],
                               capture_output=True, text=True,
                               env=dict(os.environ, GSETTINGS_BACKEND="memory"))
            t.check(r.stdout.split() == ["range", "u", "7", "365"],
                    "renewal-reminder-days is limited to 7..365 days", r.stdout + r.stderr)

        # Started as the menu starts it: the desktop entry's command, found in
        # the installed bin/, with the installed schema; --diagnose needs no
        # display. Exit 0 (ready) or 2 (no card service here), never an abort.
        exec_line = ""
        if os.path.isfile(desktop):
            with open(desktop, encoding="utf-8") as f:
                exec_line = next((ln[5:].strip() for ln in f if ln.startswith("Exec=")), "")
        command = exec_line.split()[0] if exec_line else ""
        t.check(command == args.command, f"the desktop entry starts {args.command}", exec_line)
        if os.path.isfile(compiled) and os.path.isfile(binary):
            env = {k: v for k, v in os.environ.items()
                   if k not in ("DISPLAY", "WAYLAND_DISPLAY", "EIMZA_LOCALEDIR")}
            env.update(GSETTINGS_SCHEMA_DIR=schemadir, GSETTINGS_BACKEND="memory",
                       PCSCLITE_CSOCK_NAME=os.path.join(destdir, "no-pcscd.comm"),
                       PATH=os.path.dirname(binary) + os.pathsep + env.get("PATH", ""))
            r = subprocess.run([command or args.command, "--diagnose"], env=env,
                               capture_output=True, text=True, timeout=60)
            t.check(r.returncode in (0, 2) and "pcscd" in r.stdout,
                    f"the installed app starts and reports (exit {r.returncode})",
                    r.stdout[-2000:] + r.stderr[-2000:])
        else:
            t.check(False, "the installed app starts and reports", "nothing to start")

    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
