#!/usr/bin/python3
# eb-vicc.py — virtual smart cards for the private pcscd of the card tests
#
# Inserts and removes emulated cards in the vpcd virtual readers of a pcscd
# started by eb-test-pcsc.c. A card is "inserted" while it holds a TCP
# connection to vpcd (reader N listens on PORT+N) and "removed" when it closes
# it, so one process can play several cards, one after another, without the
# ~0.2 s start-up of Python per insertion.
#
# Commands, one a line on stdin; each is answered with one line on stdout
# ("ok ..." or "error ..."):
#   insert READER PORT ATR_HEX [iso7816 | openpgp KEY.pem CERT.der]
#   remove READER
#   quit
# READER is any number the caller uses to name the reader; PORT is its vpcd
# port (the caller knows them: it wrote the pcscd configuration). ATR_HEX
# "-" means the card's own (openpgp: see eb_openpgp_card.py).
# With --atr the card is inserted at start-up and stays until the process is
# killed (for UI tests that need "a card in the reader" and nothing else).
#
# Debian's vsmartcard-vpicc packaging needs two fixes, both applied here: its
# module dir is not on sys.path, and it imports PyCrypto's "Crypto" package,
# which Debian ships as pycryptodomex's "Cryptodome".
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import importlib
import importlib.abc
import importlib.util
import logging
import os
import socket
import struct
import sys
import threading

VICC_DIRS = [
    "/usr/lib/python3/site-packages/virtualsmartcard",
    "/usr/lib/python3/dist-packages/virtualsmartcard",
]

VPCD_CTRL_OFF = 0
VPCD_CTRL_ON = 1
VPCD_CTRL_RESET = 2
VPCD_CTRL_ATR = 4


class CryptoAlias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves Crypto.* imports with the already installed Cryptodome.* modules."""

    def find_spec(self, fullname, path, target=None):
        if fullname != "Crypto" and not fullname.startswith("Crypto."):
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec):
        real = importlib.import_module("Cryptodome" + spec.name[len("Crypto"):])
        sys.modules[spec.name] = real
        return real

    def exec_module(self, module):
        pass


def setup_imports():
    for d in VICC_DIRS:
        if os.path.isdir(os.path.join(d, "virtualsmartcard")) and d not in sys.path:
            sys.path.insert(0, d)
    sys.meta_path.insert(0, CryptoAlias())


class Card:
    """vsmartcard's ISO 7816 file system card with an ATR of our choice, or
    our OpenPGP card (eb_openpgp_card.py)."""

    def __init__(self, atr, kind, args=()):
        if kind == "openpgp":
            import eb_openpgp_card  # beside this script
            self.os = eb_openpgp_card.OpenPgpOS(atr, *args)
            self.atr = self.os.getATR()
        else:
            self.atr = atr
            from virtualsmartcard.VirtualSmartcard import Iso7816OS
            from virtualsmartcard.CardGenerator import CardGenerator
            mf, sam = CardGenerator("iso7816").getCard()
            self.os = Iso7816OS(mf, sam)
            self.os.atr = atr

    def execute(self, apdu):
        return self.os.execute(apdu)

    def power_up(self):
        self.os.powerUp()

    def power_down(self):
        self.os.powerDown()

    def reset(self):
        self.os.reset()


class Slot:
    """One card in one reader: a connection to vpcd served by a thread."""

    def __init__(self, host, port, card):
        self.card = card
        self.sock = socket.create_connection((host, port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.quickack()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def quickack(self):
        # vpcd writes a length and then the APDU: with the card side delaying
        # its ACK, Nagle holds the APDU back ~40 ms. Linux drops quick-ACK
        # mode by itself, so it is asked for again before every read.
        try:
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        except OSError:
            pass

    def recv_exact(self, n):
        data = b""
        while len(data) < n:
            self.quickack()
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    def send(self, msg):
        self.sock.sendall(struct.pack("!H", len(msg)) + msg)

    def serve(self):
        try:
            while True:
                (size,) = struct.unpack("!H", self.recv_exact(2))
                msg = self.recv_exact(size) if size else b""
                if size == 1:
                    if msg[0] == VPCD_CTRL_ATR:
                        self.send(self.card.atr)
                    elif msg[0] == VPCD_CTRL_ON:
                        self.card.power_up()
                    elif msg[0] == VPCD_CTRL_OFF:
                        self.card.power_down()
                    elif msg[0] == VPCD_CTRL_RESET:
                        self.card.reset()
                elif size:
                    self.send(self.card.execute(msg))
        except (EOFError, OSError):
            pass

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        self.thread.join(2)


def main():
    parser = argparse.ArgumentParser(description="virtual cards for vpcd")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=35963,
                        help="vpcd port for --atr")
    parser.add_argument("--atr", help="insert this card in reader 0 at start")
    parser.add_argument("--card", default="iso7816", choices=["iso7816", "openpgp"])
    parser.add_argument("card_args", nargs="*", help="openpgp: KEY.pem CERT.der")
    args = parser.parse_args()

    # vsmartcard warns about its default SAM PIN on every card.
    logging.basicConfig(level=logging.ERROR)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    setup_imports()

    slots = {}
    if args.atr:
        atr = b"" if args.atr == "-" else bytes.fromhex(args.atr)
        slots[0] = Slot(args.host, args.port, Card(atr, args.card, args.card_args))

    print("ready", flush=True)
    quit_requested = False
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        try:
            if words[0] == "insert":
                reader = int(words[1])
                port = int(words[2])
                kind = words[4] if len(words) > 4 else "iso7816"
                if reader in slots:
                    raise ValueError("reader %d already has a card" % reader)
                atr = b"" if words[3] == "-" else bytes.fromhex(words[3])
                card = Card(atr, kind, words[5:])
                slots[reader] = Slot(args.host, port, card)
                print("ok inserted %d" % reader, flush=True)
            elif words[0] == "remove":
                reader = int(words[1])
                slot = slots.pop(reader, None)
                if slot is None:
                    raise ValueError("reader %d has no card" % reader)
                slot.close()
                print("ok removed %d" % reader, flush=True)
            elif words[0] == "quit":
                quit_requested = True
                break
            else:
                raise ValueError("unknown command " + words[0])
        except Exception as e:  # the test reads the reason
            print("error %s" % e, flush=True)

    # A fixed card (--atr) started with no commands on stdin stays until the
    # process is killed.
    if args.atr and not quit_requested:
        threading.Event().wait()
    for slot in slots.values():
        slot.close()


if __name__ == "__main__":
    main()
