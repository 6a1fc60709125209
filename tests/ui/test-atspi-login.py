#!/usr/bin/python3
# test-atspi-login.py — the first pages, driven from outside through AT-SPI
#
# Starts `eimza-basvuru --training` (in Turkish) under the session bus and
# the display tools/run-tests provides, finds the controls of the welcome and
# login pages by their accessible names, as a screen reader would, and
# drives them: Başla, typing into the identity fields, the captcha refresh;
# checks that Log In only becomes usable once the page is filled. (Leaving a
# field and its error message are covered in-process by test-ui-wizard.)
# Usage: test-atspi-login.py EIMZA_BASVURU   (TAP output)
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import subprocess
import sys
import tempfile
import time

import gi
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi  # noqa: E402

TIMEOUT = 20
results = []


def ok(passed, what):
    results.append(passed)
    print(('ok' if passed else 'not ok') + f' {len(results)} - {what}', flush=True)
    if not passed:
        raise SystemExit(1)


def walk(node, depth=0):
    if node is None or depth > 60:
        return
    yield node
    try:
        count = node.get_child_count()
    except Exception:
        return
    for i in range(count):
        try:
            child = node.get_child_at_index(i)
        except Exception:
            continue
        yield from walk(child, depth + 1)


# The app under test: an app that ends early fails the wait at once.
app_process = None


def wait_for(what, find):
    deadline = time.time() + TIMEOUT
    while time.time() < deadline:
        found = find()
        if found is not None:
            return found
        if app_process is not None and app_process.poll() is not None:
            ok(False, f'found {what}: the application exited with status {app_process.returncode}')
        time.sleep(0.2)
    ok(False, f'found {what}')


def find_app():
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is not None and app.get_name() == 'eimza-basvuru':
            return app
    return None


def find_named(app, role, name):
    for node in walk(app):
        try:
            if node.get_role_name() == role and (node.get_name() or '').replace('_', '').startswith(name):
                return node
        except Exception:
            continue
    return None


def has_state(node, state):
    return node.get_state_set().contains(state)


def main():
    binary = sys.argv[1]
    # Bring the accessibility bus and registry up before the app starts, or
    # GTK may miss the bus and never show up on it.
    Atspi.get_desktop(0).get_child_count()
    env = dict(os.environ, GTK_A11Y='atspi', GDK_BACKEND='x11', NO_AT_BRIDGE='0')
    with tempfile.TemporaryDirectory() as home:
        env['XDG_DATA_HOME'] = home
        env['XDG_CONFIG_HOME'] = home
        global app_process
        proc = app_process = subprocess.Popen([binary, '--training'], env=env)
        try:
            run(wait_for('the application on the accessibility bus', find_app))
        finally:
            proc.terminate()
            proc.wait(10)
    print(f'1..{len(results)}')


def text_of(node):
    return Atspi.Text.get_text(node, 0, Atspi.Text.get_character_count(node))


def run(app):
    ok(True, 'the application is on the accessibility bus')

    menu = find_named(app, 'push button', 'Ana Menü')
    ok(menu is not None, 'the main menu button has an accessible name')
    card = next((n for n in walk(app) if n.get_role_name() == 'push button'
                 and 'Kart okuyucu' in (n.get_name() or '')), None)
    ok(card is not None, f'the card status has an accessible name: {card and card.get_name()}')

    start = wait_for('the Başla button', lambda: find_named(app, 'push button', 'Başla'))
    ok(has_state(start, Atspi.StateType.SENSITIVE), 'Başla is usable')
    ok(start.do_action(0), 'Başla pressed')

    # The login page: every input found by its label, and typed into.
    fields = {
        'T.C. Kimlik No': '10000000146',
        'Adı': 'Mehmet Ali',
        'Soyadı': 'Yıldız',
        'Doğum Yeri': 'Bulanık',
        'Doğum Tarihi': '24.11.1980',
    }
    for name, value in fields.items():
        entry = wait_for(f'the “{name}” field', lambda name=name: find_named(app, 'text', name))
        ok(Atspi.EditableText.set_text_contents(entry, value), f'typed into “{name}”')
        ok(text_of(entry) == value, f'“{name}” holds what was typed')

    login = find_named(app, 'push button', 'Giriş')
    ok(login is not None and not has_state(login, Atspi.StateType.SENSITIVE),
       'Log In waits for the text in the picture')

    picture = wait_for('the captcha picture',
                       lambda: next((n for n in walk(app) if n.get_role_name() == 'image'
                                     and 'güvenlik resmi' in ((n.get_name() or '') + ' '
                                                              + (n.get_description() or '')).lower()), None))
    ok(picture is not None, 'the captcha picture has an accessible description')
    refresh = find_named(app, 'push button', 'Yeni resim')
    ok(refresh is not None and refresh.do_action(0), 'the captcha refresh button is named and works')

    answer = wait_for('the captcha field', lambda: find_named(app, 'text', 'Resimdeki Yazı'))
    ok(Atspi.EditableText.set_text_contents(answer, 'abcde'), 'typed the text in the picture')
    deadline = time.time() + TIMEOUT
    while time.time() < deadline and not has_state(login, Atspi.StateType.SENSITIVE):
        # The new picture asked for above clears the answer when it arrives,
        # which on a slow machine is after the typing: type it again, as a
        # person would.
        if text_of(answer) == '':
            Atspi.EditableText.set_text_contents(answer, 'abcde')
        time.sleep(0.2)
    ok(has_state(login, Atspi.StateType.SENSITIVE), 'Log In is usable once the page is filled')


if __name__ == '__main__':
    main()
