# eb_openpgp_card.py — an OpenPGP card v2.1, enough for OpenSC's PKCS#11 module
#
# No vsmartcard card type works with OpenSC out of the box; OpenSC's openpgp
# driver does work with this one over the real PC/SC path (pcscd, vpcd),
# which lets the tests load opensc-pkcs11.so against a card in a reader.
# One RSA key (given as a PEM file) serves as signature, decryption and
# authentication key, and the certificate (DER file) is DO 7F21, so
# whichever key OpenSC picks signs for that certificate.
#
# Short APDUs only, and the historical bytes do not announce extended
# lengths: with them OpenSC sends extended APDUs vpcd cannot carry.
# Responses longer than Le come in pieces (61xx, GET RESPONSE).
#
# User PIN 123456, admin PIN 12345678, three tries each.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import hashlib

# OpenPGP application, version 2.1, manufacturer 0xFFFF (test card), serial 1.
AID = bytes.fromhex("D2760001240102 01 FFFF 00000001 0000".replace(" ", ""))
AID_PREFIX = bytes.fromhex("D27600012401")
# 00 | 31 C5 card service data | 73 C0 01 00 capabilities: no extended
# lengths, no chaining | 00 90 00 status.
HISTORICAL = bytes.fromhex("0031C573C00100009000")

USER_PIN = b"123456"
ADMIN_PIN = b"12345678"
MAX_TRIES = 3

SW_OK = b"\x90\x00"
SW_WRONG_LENGTH = b"\x67\x00"
SW_SECURITY = b"\x69\x82"
SW_BLOCKED = b"\x69\x83"
SW_WRONG_DATA = b"\x6a\x80"
SW_NOT_FOUND = b"\x6a\x82"
SW_NO_DATA = b"\x6a\x88"
SW_WRONG_P1P2 = b"\x6b\x00"
SW_NO_INS = b"\x6d\x00"


def make_atr():
    """The ATR of an OpenPGP v2 card (OpenSC's pgp_atrs) without the
    extended-length bit: T=1, TCK recomputed."""
    body = bytes.fromhex("DA18FF81B1FE751F03") + HISTORICAL
    tck = 0
    for b in body:
        tck ^= b
    return b"\x3b" + body + bytes([tck])


def tlv(tag, value):
    t = tag.to_bytes(2 if tag > 0xFF else 1, "big")
    n = len(value)
    if n < 0x80:
        length = bytes([n])
    elif n < 0x100:
        length = b"\x81" + bytes([n])
    else:
        length = b"\x82" + n.to_bytes(2, "big")
    return t + length + value


class OpenPgpOS:
    def __init__(self, atr, key_path, cert_path):
        from Cryptodome.PublicKey import RSA

        with open(key_path, "rb") as f:
            self.key = RSA.import_key(f.read())
        with open(cert_path, "rb") as f:
            self.cert = f.read()
        self.atr = atr if atr else make_atr()
        self.k = (self.key.n.bit_length() + 7) // 8
        self.tries = {0x81: MAX_TRIES, 0x83: MAX_TRIES}
        self.verified = set()
        self.pending = b""
        self.signatures = 0

        modulus = self.key.n.to_bytes(self.k, "big")
        exponent = self.key.e.to_bytes((self.key.e.bit_length() + 7) // 8, "big")
        self.public_key = tlv(0x7F49, tlv(0x81, modulus) + tlv(0x82, exponent))
        fingerprint = hashlib.sha1(b"eb-openpgp" + modulus).digest()
        self.fingerprints = fingerprint * 3
        self.attributes = b"\x01" + self.key.n.bit_length().to_bytes(2, "big") + b"\x00\x20\x00"

    # The card as vicc drives it

    def getATR(self):
        return self.atr

    def powerUp(self):
        self.reset()

    def powerDown(self):
        self.reset()

    def reset(self):
        self.verified = set()
        self.pending = b""

    # Data objects

    def pw_status(self):
        # PW1 stays valid for several signatures; max lengths; tries left of
        # PW1, the resetting code and PW3. OpenSC reads the resetting code's
        # counter for "User PIN (sig)": it follows PW1's here.
        return bytes([0x01, 0x7F, 0x7F, 0x7F,
                      self.tries[0x81], self.tries[0x81], self.tries[0x83]])

    def discretionary(self):
        return (tlv(0xC0, bytes.fromhex("0000" "0000" "0800" "00FF" "0100"))
                + tlv(0xC1, self.attributes)
                + tlv(0xC2, self.attributes)
                + tlv(0xC3, self.attributes)
                + tlv(0xC4, self.pw_status())
                + tlv(0xC5, self.fingerprints)
                + tlv(0xC6, bytes(60))
                + tlv(0xCD, bytes(12)))

    def data_object(self, tag):
        if tag == 0x004F:
            return AID
        if tag == 0x5F52:
            return HISTORICAL
        if tag == 0x006E:
            return tlv(0x4F, AID) + tlv(0x5F52, HISTORICAL) + tlv(0x73, self.discretionary())
        if tag == 0x0073:
            return self.discretionary()
        if tag == 0x00C4:
            return self.pw_status()
        if tag == 0x0065:
            return tlv(0x5B, b"YILMAZ<<AYSE") + tlv(0x5F2D, b"tr") + tlv(0x5F35, b"2")
        if tag == 0x007A:
            return tlv(0x93, self.signatures.to_bytes(3, "big"))
        if tag in (0x005E, 0x5F50):
            return b""
        if tag == 0x7F21:
            return self.cert
        return None

    # Commands

    def respond(self, data, le):
        """Sends what fits in Le; the rest waits for GET RESPONSE."""
        if le is None:
            le = 256
        if len(data) <= le:
            self.pending = b""
            return data + SW_OK
        self.pending = data[le:]
        left = len(self.pending)
        return data[:le] + bytes([0x61, left if left < 256 else 0])

    def sign(self, data):
        # PKCS#1 v1.5 type 1 padding around what the host sent (a DigestInfo).
        if len(data) > self.k - 11:
            return None
        block = b"\x00\x01" + b"\xff" * (self.k - 3 - len(data)) + b"\x00" + data
        signature = pow(int.from_bytes(block, "big"), self.key.d, self.key.n)
        self.signatures += 1
        return signature.to_bytes(self.k, "big")

    def verify(self, p2, pin):
        ref = 0x83 if p2 == 0x83 else 0x81
        if p2 not in (0x81, 0x82, 0x83):
            return SW_WRONG_P1P2
        if pin == b"":
            if p2 in self.verified:
                return SW_OK
            return bytes([0x63, 0xC0 | self.tries[ref]])
        if self.tries[ref] == 0:
            return SW_BLOCKED
        if pin == (ADMIN_PIN if ref == 0x83 else USER_PIN):
            self.tries[ref] = MAX_TRIES
            self.verified.add(p2)
            return SW_OK
        self.tries[ref] -= 1
        self.verified.discard(p2)
        if self.tries[ref] == 0:
            return SW_BLOCKED
        return bytes([0x63, 0xC0 | self.tries[ref]])

    def execute(self, apdu):
        if len(apdu) < 4:
            return SW_WRONG_LENGTH
        cla, ins, p1, p2 = apdu[0], apdu[1], apdu[2], apdu[3]
        data = b""
        le = None
        if len(apdu) == 5:
            le = apdu[4] or 256
        elif len(apdu) > 5:
            lc = apdu[4]
            if lc == 0 or len(apdu) < 5 + lc:
                return SW_WRONG_LENGTH  # extended APDUs are not announced
            data = apdu[5:5 + lc]
            if len(apdu) == 5 + lc + 1:
                le = apdu[5 + lc] or 256
            elif len(apdu) != 5 + lc:
                return SW_WRONG_LENGTH

        if cla & 0xF0 not in (0x00,):
            return b"\x6e\x00"

        if ins == 0xC0:  # GET RESPONSE
            if not self.pending:
                return b"\x69\x85"
            return self.respond(self.pending, le)
        self.pending = b""

        if ins == 0xA4:  # SELECT
            if p1 == 0x04 and data.startswith(AID_PREFIX):
                self.verified = set()
                return SW_OK
            return SW_NOT_FOUND

        if ins == 0xCA:  # GET DATA
            value = self.data_object((p1 << 8) | p2)
            if value is None:
                return SW_NO_DATA
            return self.respond(value, le)

        if ins == 0x20:  # VERIFY
            if p1 == 0xFF:
                self.verified.discard(p2)
                return SW_OK
            return self.verify(p2, data)

        if ins == 0x47 and p1 == 0x81:  # GENERATE ASYMMETRIC KEY PAIR: read
            if data[:1] not in (b"\xb6", b"\xb8", b"\xa4"):
                return SW_WRONG_DATA
            return self.respond(self.public_key, le)

        if ins == 0x2A and p1 == 0x9E and p2 == 0x9A:  # PSO: COMPUTE DIGITAL SIGNATURE
            if 0x81 not in self.verified:
                return SW_SECURITY
            signature = self.sign(data)
            return self.respond(signature, le) if signature else SW_WRONG_DATA

        if ins == 0x88:  # INTERNAL AUTHENTICATE
            if 0x82 not in self.verified:
                return SW_SECURITY
            signature = self.sign(data)
            return self.respond(signature, le) if signature else SW_WRONG_DATA

        return SW_NO_INS
