#!/usr/bin/env python3
# Checks the Flatpak manifest, and that the application id is spelled the same
# way everywhere it appears: meson.build, the manifest, the desktop entry, the
# AppStream metadata, the GSettings schema, the GResource paths and the icons.
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import configparser
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import Tap  # noqa: E402

REQUIRED_FINISH_ARGS = {
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
    "--share=network",
    "--socket=pcsc",
}
# Everything the sandbox may have. The p11-kit directory carries the socket of a
# host-side `p11-kit server` that exposes the Kamu SM AKİS module (see flatpak/README.md).
ALLOWED_FINISH_ARGS = REQUIRED_FINISH_ARGS | {"--filesystem=xdg-run/p11-kit"}
FORBIDDEN_PATTERNS = [
    r"^--filesystem=(host|host-os|host-etc|home|~|/)",
    r"^--device=all$",
    r"^--socket=(x11|session-bus|system-bus|ssh-auth)$",
    r"^--talk-name=org\.freedesktop\.Flatpak$",
    r"^--allow=devel$",
]
SHA256 = re.compile(r"^[0-9a-f]{64}$")

# pkg-config modules the GNOME runtime (org.gnome.Platform//48, on
# freedesktop-sdk 24.08) provides, as listed in gnome-build-meta's and
# freedesktop-sdk's platform stacks. Anything else a meson.build asks for must
# be built by a module of the manifest: BUILT_BY names which one.
RUNTIME_PKGS = {
    "glib-2.0", "gobject-2.0", "gio-2.0", "gio-unix-2.0", "gtk4", "gtk4-unix-print",
    "libadwaita-1", "libsoup-3.0", "json-glib-1.0", "sqlite3", "openssl", "libcrypto",
    "libssl", "cairo", "pango", "pangocairo", "p11-kit-1",
}
BUILT_BY = {
    "libpcsclite": "pcsc-lite",
    "libp11": "libp11",
    "libqrencode": "qrencode",
    "poppler-glib": "poppler",
}
# Where the practice card (src/card/eb-practice-card.c) looks for SoftHSM in a Flatpak.
SOFTHSM_MODULE_PATH = "/app/lib/softhsm/libsofthsm2.so"


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--manifest", required=True)
    p.add_argument("--source-root", required=True)
    p.add_argument("--build-root", required=True)
    p.add_argument("--app-id", required=True)
    p.add_argument("--gettext-package", required=True)
    p.add_argument("--desktop", required=True, help="the built .desktop file")
    p.add_argument("--metainfo", required=True, help="the built .metainfo.xml file")
    p.add_argument("--flatpak-builder", default="")
    p.add_argument("--meson", default="")
    return p.parse_args()


def check_parses(t, args, manifest):
    """flatpak-builder's own parser when it is installed; json.load in any case."""
    if not args.flatpak_builder:
        t.skip("flatpak-builder --show-manifest reads the manifest",
               "flatpak-builder not installed; checked with json.load only")
        return
    r = subprocess.run([args.flatpak_builder, "--show-manifest", args.manifest],
                       capture_output=True, text=True)
    if not t.check(r.returncode == 0, "flatpak-builder --show-manifest reads the manifest",
                   r.stderr):
        return
    unknown = [l for l in r.stderr.splitlines() if "Unknown property" in l]
    t.check(not unknown, "flatpak-builder knows every property in the manifest",
            "\n".join(unknown))
    try:
        shown = json.loads(r.stdout)
    except json.JSONDecodeError as e:
        t.check(False, "flatpak-builder's view of the manifest is JSON", e)
        return
    t.check(shown == manifest, "flatpak-builder's view of the manifest equals the file",
            "flatpak-builder dropped or changed something")


def check_top_level(t, args, manifest):
    t.check(manifest.get("id") == args.app_id, "manifest id is the application id",
            f"{manifest.get('id')!r} != {args.app_id!r}")
    t.check(manifest.get("runtime") == "org.gnome.Platform"
            and manifest.get("sdk") == "org.gnome.Sdk",
            "runtime is org.gnome.Platform with org.gnome.Sdk")
    t.check(isinstance(manifest.get("runtime-version"), str)
            and re.fullmatch(r"\d+", manifest.get("runtime-version", "")) is not None,
            "runtime-version is a GNOME release number", manifest.get("runtime-version"))
    t.check(manifest.get("command") == "eimza-basvuru", "command is eimza-basvuru",
            manifest.get("command"))

    finish = manifest.get("finish-args", [])
    missing = sorted(REQUIRED_FINISH_ARGS - set(finish))
    t.check(not missing, "finish-args has every permission the app needs (incl. --socket=pcsc)",
            f"missing: {missing}")
    extra = sorted(set(finish) - ALLOWED_FINISH_ARGS)
    t.check(not extra, "finish-args asks for nothing beyond the reviewed list",
            f"not reviewed: {extra}")
    broad = [a for a in finish for p in FORBIDDEN_PATTERNS if re.search(p, a)]
    t.check(not broad, "finish-args has no host/home filesystem, all devices or bus access",
            f"too broad: {broad}")
    t.check(len(finish) == len(set(finish)), "finish-args has no duplicates")


def check_modules(t, args, manifest):
    manifest_dir = os.path.dirname(os.path.abspath(args.manifest))
    modules = manifest.get("modules", [])
    if not t.check(modules and all(isinstance(m, dict) for m in modules),
                   "modules are listed inline"):
        return None
    names = [m.get("name") for m in modules]
    t.check(len(names) == len(set(names)) and all(names), "every module has a unique name",
            names)

    local_dirs = []
    for m in modules:
        sources = m.get("sources", [])
        t.check(bool(sources), f"module {m.get('name')} has sources")
        for i, s in enumerate(sources):
            what = f"module {m.get('name')} source {i + 1} ({s.get('type')})"
            kind = s.get("type")
            if kind in ("archive", "file") and "url" in s:
                ok = (s["url"].startswith("https://")
                      and SHA256.match(s.get("sha256", "")) is not None
                      and all(u.startswith("https://") for u in s.get("mirror-urls", [])))
                t.check(ok, f"{what} is pinned by https url and sha256", json.dumps(s))
            elif kind == "git":
                ok = (s.get("url", "").startswith("https://")
                      and re.fullmatch(r"[0-9a-f]{40}", s.get("commit", "")) is not None)
                t.check(ok, f"{what} is pinned by https url and commit", json.dumps(s))
            elif kind == "dir":
                path = os.path.realpath(os.path.join(manifest_dir, s.get("path", "")))
                local_dirs.append((m, path))
                t.check(path == os.path.realpath(args.source_root),
                        f"{what} is this source tree", path)
            elif kind in ("patch", "file") and "path" in s:
                t.check(os.path.isfile(os.path.join(manifest_dir, s["path"])),
                        f"{what} is a file beside the manifest", s["path"])
            else:
                t.check(False, f"{what} is an archive, git, dir or local file",
                        json.dumps(s))

    t.check(len(local_dirs) == 1 and local_dirs[0][0] is modules[-1],
            "only the last module (the app) builds from this source tree")
    app = modules[-1]
    t.check(app.get("buildsystem") == "meson", "the app module builds with meson")
    t.check(app.get("run-tests") is True, "the app module runs its tests")
    by_name = {m.get("name"): m for m in modules}

    pcsc = by_name.get("pcsc-lite")
    if t.check(pcsc is not None, "pcsc-lite is built (the client library)"):
        opts = set(pcsc.get("config-opts", []))
        want = {"--disable-libsystemd", "--disable-polkit", "--disable-libudev",
                "--with-systemdsystemunitdir=no", "--enable-ipcdir=/run/pcscd"}
        t.check(want <= opts, "pcsc-lite: no systemd, polkit or udev; socket at /run/pcscd",
                f"missing: {sorted(want - opts)}")
        t.check("/sbin" in pcsc.get("cleanup", []),
                "pcsc-lite: the daemon is not shipped (the host's pcscd is used)")
    for name in ("libp11", "opensc"):
        t.check(name in by_name, f"{name} is built")

    for m in modules:
        if m.get("buildsystem") in ("cmake", "cmake-ninja"):
            t.check("-DCMAKE_INSTALL_LIBDIR=lib" in m.get("config-opts", []),
                    f"module {m.get('name')} installs its libraries to /app/lib, not lib64")

    poppler = by_name.get("poppler")
    if poppler is not None:
        opts = set(poppler.get("config-opts", []))
        want = {"-DENABLE_QT5=OFF", "-DENABLE_QT6=OFF", "-DENABLE_BOOST=OFF"}
        t.check(want <= opts and "-DENABLE_GLIB=OFF" not in opts,
                "poppler: the glib wrapper, without Qt or Boost (not in the runtime)",
                f"missing: {sorted(want - opts)}")

    softhsm = by_name.get("softhsm2")
    if softhsm is None:
        t.skip("softhsm2 lands where the practice card looks for it",
               "no softhsm2 module: practice mode needs a SoftHSM module of its own")
    else:
        opts = softhsm.get("config-opts", [])
        with open(os.path.join(args.source_root, "src/card/eb-practice-card.c"),
                  encoding="utf-8") as f:
            searched = SOFTHSM_MODULE_PATH in f.read()
        t.check(searched and not any(o.startswith("--libdir") for o in opts)
                and "/lib" not in softhsm.get("cleanup", []),
                f"softhsm2 lands at {SOFTHSM_MODULE_PATH}, where the practice card looks",
                "eb-practice-card.c does not search it" if not searched else json.dumps(softhsm))
        t.check("--disable-p11-kit" in opts,
                "softhsm2 does not register with the runtime's read-only p11-kit")
    return app


def meson_dependencies(source_root):
    """Every dependency('name') of the tree's meson.build files, build dirs left out."""
    found = {}
    for d, dirs, files in os.walk(source_root):
        dirs[:] = sorted(x for x in dirs if not x.startswith(".") and x != "subprojects"
                         and not os.path.isdir(os.path.join(d, x, "meson-private")))
        if "meson.build" in files:
            with open(os.path.join(d, "meson.build"), encoding="utf-8") as f:
                for name in re.findall(r"\bdependency\(\s*'([^']+)'", f.read()):
                    found.setdefault(name, os.path.relpath(os.path.join(d, "meson.build"),
                                                           source_root))
    return found


def check_dependencies(t, args, manifest):
    names = {m.get("name") for m in manifest.get("modules", []) if isinstance(m, dict)}
    deps = meson_dependencies(args.source_root)
    t.check(bool(deps), "meson.build files name their dependencies")
    unknown = [f"{d} ({where})" for d, where in sorted(deps.items())
               if d not in RUNTIME_PKGS and d not in BUILT_BY]
    t.check(not unknown, "every meson dependency is in the GNOME runtime or built by a module",
            "neither in RUNTIME_PKGS nor BUILT_BY of check-manifest.py: " + ", ".join(unknown))
    missing = [f"{d} needs module {BUILT_BY[d]}" for d in sorted(deps)
               if d in BUILT_BY and BUILT_BY[d] not in names]
    t.check(not missing, "every dependency the runtime lacks is built by the manifest",
            "; ".join(missing))


def check_hash_sources(t, args, manifest):
    """Each pinned tarball is listed in flatpak/README.md, which says where its hash came from."""
    readme_path = os.path.join(os.path.dirname(os.path.abspath(args.manifest)), "README.md")
    try:
        with open(readme_path, encoding="utf-8") as f:
            readme = f.read()
    except OSError as e:
        t.check(False, "flatpak/README.md documents where the hashes come from", e)
        return
    undocumented = []
    for m in manifest.get("modules", []):
        for s in m.get("sources", []) if isinstance(m, dict) else []:
            if s.get("type") in ("archive", "file") and "url" in s:
                name = s["url"].rstrip("/").rsplit("/", 1)[-1]
                if name not in readme or s.get("sha256", "")[:8] not in readme:
                    undocumented.append(f"{m.get('name')}: {name} {s.get('sha256', '')[:8]}…")
    t.check(not undocumented,
            "every tarball and its hash are in flatpak/README.md's table of hash sources",
            "\n".join(undocumented))


def check_test_rule(t, args, app):
    rule = app.get("test-rule")
    if not t.check(isinstance(rule, str) and rule, "the app module names its test rule"):
        return
    if not args.meson:
        t.skip(f"test rule {rule} is a target of this build", "meson not given")
        return
    r = subprocess.run([args.meson, "introspect", "--targets", args.build_root],
                       capture_output=True, text=True)
    names = []
    if r.returncode == 0:
        names = [x.get("name") for x in json.loads(r.stdout)]
    t.check(rule in names, f"test rule {rule} is a target of this build", r.stderr)


def check_ids(t, args, manifest):
    app_id = args.app_id
    src = args.source_root
    command = manifest.get("command")

    # Desktop entry
    t.check(os.path.basename(args.desktop) == app_id + ".desktop",
            "desktop file is named after the application id", args.desktop)
    desktop = configparser.RawConfigParser(interpolation=None, strict=False)
    desktop.optionxform = str
    desktop.read(args.desktop, encoding="utf-8")
    entry = desktop["Desktop Entry"] if desktop.has_section("Desktop Entry") else {}
    t.check(entry.get("Icon") == app_id, "desktop file Icon= is the application id",
            entry.get("Icon"))
    t.check((entry.get("Exec") or "").split()[:1] == [command],
            "desktop file Exec= runs the manifest's command", entry.get("Exec"))
    t.check(any(k.startswith("Name[tr]") for k in entry.keys()),
            "desktop file carries the Turkish name from po/tr.po")

    # AppStream metadata
    root = ET.parse(args.metainfo).getroot()
    t.check(os.path.basename(args.metainfo) == app_id + ".metainfo.xml",
            "metainfo file is named after the application id", args.metainfo)
    t.check(root.findtext("id") == app_id, "metainfo <id> is the application id",
            root.findtext("id"))
    launchable = root.find("launchable[@type='desktop-id']")
    t.check(launchable is not None and launchable.text == app_id + ".desktop",
            "metainfo launchable is the desktop file")
    t.check(root.findtext("provides/binary") == command,
            "metainfo provides the manifest's command as a binary")
    t.check(root.findtext("translation[@type='gettext']") == args.gettext_package,
            "metainfo names the gettext domain", root.findtext("translation"))
    dev = root.find("developer")
    t.check(dev is not None and app_id.startswith(dev.get("id", "-") + "."),
            "metainfo developer id is the application id's prefix")

    shots = [i.text for i in root.findall("screenshots/screenshot/image")]
    prefix = "https://raw.githubusercontent.com/eimzabasvuru/eimza-basvuru/main/"
    for url in shots:
        ok = url.startswith(prefix)
        path = os.path.join(src, url[len(prefix):]) if ok else ""
        ok = ok and os.path.isfile(path)
        if ok:
            with open(path, "rb") as f:
                ok = f.read(8) == b"\x89PNG\r\n\x1a\n"
        t.check(ok, f"screenshot {os.path.basename(url)} is a PNG in this tree", url)
    t.check(len(shots) >= 1, "metainfo has screenshots")

    # GSettings schema
    schema_path = os.path.join(src, "data", app_id + ".gschema.xml")
    schema = ET.parse(schema_path).getroot().find("schema")
    resource_path = "/" + app_id.replace(".", "/")
    t.check(schema is not None and schema.get("id") == app_id,
            "GSettings schema id is the application id")
    t.check(schema is not None and schema.get("path") == resource_path + "/",
            f"GSettings schema path is {resource_path}/")
    t.check(ET.parse(schema_path).getroot().get("gettext-domain") == args.gettext_package,
            "GSettings schema names the gettext domain")

    # GResource bundles
    data_dir = os.path.join(src, "data")
    bundles = sorted(f for f in os.listdir(data_dir) if f.endswith(".gresource.xml"))
    t.check(bool(bundles), "there are GResource bundles")
    for b in bundles:
        prefixes = [g.get("prefix", "")
                    for g in ET.parse(os.path.join(data_dir, b)).getroot().findall("gresource")]
        ok = prefixes and all(p == resource_path or p.startswith(resource_path + "/")
                              for p in prefixes)
        t.check(ok, f"{b} lives under {resource_path}", prefixes)

    # Icons
    for rel in (f"icons/hicolor/scalable/apps/{app_id}.svg",
                f"icons/hicolor/symbolic/apps/{app_id}-symbolic.svg"):
        t.check(os.path.isfile(os.path.join(data_dir, rel)), f"data/{rel} exists")


def main():
    args = parse_args()
    t = Tap()
    try:
        with open(args.manifest, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        t.check(False, "manifest is valid JSON", e)
        return t.finish()
    t.check(isinstance(manifest, dict), "manifest is valid JSON")
    check_parses(t, args, manifest)
    check_top_level(t, args, manifest)
    app = check_modules(t, args, manifest)
    if app is not None:
        check_test_rule(t, args, app)
    check_dependencies(t, args, manifest)
    check_hash_sources(t, args, manifest)
    check_ids(t, args, manifest)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
